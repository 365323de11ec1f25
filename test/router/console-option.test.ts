/**
 * The router's `console` option: the built page next to the API, on the host's own server,
 * with the console's headers, and the API base path written into the page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONSOLE_CSP,
  createCampsoftRouter,
  isRouterConfigurationError,
} from '../../src/router/index.js';
import { engineClient, TEST_KEYS } from './helpers.js';

let dir: string;
beforeAll(() => {
  // A stand-in build: the real one is tested in test/console.
  dir = mkdtempSync(join(tmpdir(), 'campsoft-console-option-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta name="campsoft-api" content="/api/v1"><script src="assets/app-1.js"></script>',
  );
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log("olá");');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const routerWith = (console: unknown, basePath = '/api/v1') =>
  createCampsoftRouter({
    client: engineClient().client,
    apiKeys: TEST_KEYS,
    basePath,
    console: console as never,
  });

describe('console option', () => {
  it('serves the page at /console/ with the API base path and the console headers', async () => {
    const router = routerWith({ dir }, '/campsoft/v1');
    const page = await router.fetch(new Request('http://x/console/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(await page.text()).toContain('content="/campsoft/v1"');
    const asset = await router.fetch(
      new Request('http://x/console/assets/app-1.js', { headers: { 'accept-encoding': 'gzip' } }),
    );
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("olá");');
    expect((await router.fetch(new Request('http://x/console'))).status).toBe(308);
    // Paths that are not the console's still go to the host or the API.
    expect(await router.fetchOrNull(new Request('http://x/console/nothing.js'))).toBeNull();
    expect((await router.fetch(new Request('http://x/campsoft/v1/planos'))).status).toBe(401);
  });

  it('takes another path, and stays off by default', async () => {
    const router = routerWith({ dir, path: '/ops/' });
    expect((await router.fetch(new Request('http://x/ops/'))).status).toBe(200);
    expect(await routerWith(undefined).fetchOrNull(new Request('http://x/console/'))).toBeNull();
  });

  it('refuses a path inside the API or a value that is not an option', () => {
    for (const bad of [{ path: '/api/v1/console' }, { path: '/' }, 'yes']) {
      let error: unknown;
      try {
        routerWith(bad);
      } catch (e) {
        error = e;
      }
      expect(isRouterConfigurationError(error), JSON.stringify(bad)).toBe(true);
    }
  });
});
