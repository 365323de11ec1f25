/** The console's static handler: cache headers, CSP, conditional requests, paths it does not own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleNotBuiltError } from '../../src/console/files.js';
import { CONSOLE_CSP, consoleHandler } from '../../src/console/serve.js';
import { buildConsole } from './build.js';

let dir: string;
let asset: string;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

beforeAll(async () => {
  dir = await buildConsole();
  const html = consoleHandler({ dir }).handle({ method: 'GET', url: '/', headers: {} })!;
  asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html.body.toString())![1]!;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (h: ReturnType<typeof consoleHandler>, url: string, headers = {}, method = 'GET') =>
  h.handle({ method, url, headers });

describe('consoleHandler', () => {
  it('serves index.html revalidated on every visit, under the strict CSP', () => {
    const res = get(consoleHandler({ dir }), '/')!;
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(CONSOLE_CSP).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.toString()).toContain('<div id="app">');
  });

  it('caches hashed assets for a year as immutable', () => {
    const res = get(consoleHandler({ dir }), `/${asset}`)!;
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 304 to a matching ETag and gzip to a client that accepts it', () => {
    const h = consoleHandler({ dir });
    const first = get(h, `/${asset}`)!;
    const again = get(h, `/${asset}`, { 'if-none-match': first.headers.etag })!;
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const zipped = get(h, `/${asset}`, { 'accept-encoding': 'gzip, br' })!;
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(first.body)).toBe(true);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
  });

  it('writes the API base path into the page, escaped', () => {
    const h = consoleHandler({ dir, apiBasePath: '/isp/api/v1' });
    expect(get(h, '/')!.body.toString()).toContain(
      '<meta name="campsoft-api" content="/isp/api/v1"',
    );
    const odd = consoleHandler({ dir, apiBasePath: '/a"><script>' });
    expect(get(odd, '/')!.body.toString()).not.toContain('"><script>');
  });

  it('under a base path: redirects the bare path to its slash and leaves other paths to the host', () => {
    const h = consoleHandler({ dir, basePath: '/console/' });
    expect(h.basePath).toBe('/console');
    const bare = get(h, '/console?x=1')!;
    expect(bare.status).toBe(308);
    expect(bare.headers.location).toBe('/console/?x=1');
    expect(get(h, '/console/')!.status).toBe(200);
    expect(get(h, `/console/${asset}`)!.status).toBe(200);
    expect(get(h, '/')).toBeNull();
    expect(get(h, '/api/v1/planos')).toBeNull();
    expect(get(h, '/console/nao-existe.js')).toBeNull();
    expect(get(h, '/console/../package.json')).toBeNull();
    expect(get(h, '/console/%2e%2e/package.json')).toBeNull();
  });

  it('answers HEAD without a body and refuses writes with 405', () => {
    const h = consoleHandler({ dir });
    const head = get(h, '/', {}, 'HEAD')!;
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const post = get(h, '/', {}, 'POST')!;
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('says what is missing when the console was not built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'campsoft-empty-'));
    try {
      const res = get(consoleHandler({ dir: empty }), '/')!;
      expect(res.status).toBe(500);
      expect(res.body.toString()).toContain('build:console');
      expect(new ConsoleNotBuiltError(empty).name).toBe('ConsoleNotBuiltError');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('works as a node:http handler, passing paths it does not own to next()', async () => {
    const h = consoleHandler({ dir, basePath: '/console' });
    const server: Server = createServer((req, res) =>
      h.node(req, res, () => res.writeHead(418).end('host')),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/console/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect((await fetch(`${base}/other`)).status).toBe(418);
    } finally {
      server.close();
    }
  });

  it('refuses a base path that is not a path', () => {
    expect(() => consoleHandler({ dir, basePath: 'console' })).toThrow(TypeError);
  });
});
