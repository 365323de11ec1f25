/**
 * The extension points other parts of the package use inside `serve`: background work
 * stopped at shutdown, paths served outside the API, figures added to /metrics.
 */
import { Writable } from 'node:stream';
import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/cli/config.js';
import { SERVE_EXTENSIONS } from '../../src/cli/hooks.js';
import { createLogger } from '../../src/cli/log.js';
import { CliOptions } from '../../src/cli/options.js';
import { startService } from '../../src/cli/serve.js';

const quiet = createLogger({
  format: 'json',
  level: 'error',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

afterEach(() => {
  SERVE_EXTENSIONS.length = 0;
});

describe('SERVE_EXTENSIONS', () => {
  it('get the tenants, serve their own paths, add metrics, and are stopped on shutdown', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    SERVE_EXTENSIONS.push((ctx) => {
      events.push(`start ${[...ctx.clients.keys()].join(',')} demo=${ctx.simulator !== null}`);
      const detected = new Counter({
        name: 'campsoft_webhook_events_detected_total',
        help: 'test figure',
        registers: [ctx.metrics.registry],
      });
      detected.inc(3);
      ctx.use((req, res) => {
        if (req.url !== '/console/') return false;
        res.writeHead(200, { 'content-type': 'text/html' }).end('<p>console</p>');
        return true;
      });
      ctx.onStop(
        () =>
          new Promise<void>((resolve) => {
            events.push('stop asked');
            release = () => {
              events.push('stopped');
              resolve();
            };
          }),
      );
    });
    // The package's own webhooks and console stay off: this extension plays them.
    const off = { CAMPSOFT_WEBHOOKS: '0', CAMPSOFT_CONSOLE: '0' };
    const config = resolveServeConfig(CliOptions.parse(['--port', '0'], off));
    const service = await startService(config, quiet);
    expect(events).toEqual(['start default demo=true']);
    expect(await (await fetch(`${service.url}/console/`)).text()).toBe('<p>console</p>');
    expect(await (await fetch(`${service.url}/metrics`)).text()).toMatch(
      /^campsoft_webhook_events_detected_total 3$/m,
    );
    // Paths the extension does not take still reach the API.
    expect((await fetch(`${service.url}/api/v1/planos`)).status).toBe(401);

    let done = false;
    const shutdown = service.shutdown(10_000).then((clean) => {
      done = true;
      return clean;
    });
    await new Promise((r) => setImmediate(r));
    expect(events).toContain('stop asked');
    expect(done).toBe(false);
    release();
    expect(await shutdown).toBe(true);
    expect(events.at(-1)).toBe('stopped');
  });

  it('a stop that never ends is given up after the grace period', async () => {
    SERVE_EXTENSIONS.push((ctx) => ctx.onStop(() => new Promise<void>(() => {})));
    const service = await startService(
      resolveServeConfig(CliOptions.parse(['--port', '0'], {})),
      quiet,
    );
    const started = performance.now();
    await service.shutdown(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
