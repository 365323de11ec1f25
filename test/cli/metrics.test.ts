/**
 * IXC figures in /metrics as an operator reads them: a retried request counts one retry and
 * two attempts with their outcomes; the API request's log line says what it cost at IXC.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/cli/config.js';
import { createLogger } from '../../src/cli/log.js';
import { CliOptions } from '../../src/cli/options.js';
import { startService } from '../../src/cli/serve.js';
import { startIxcSimulator } from '../../src/testing/index.js';

const KEY = 'metrics-key-0123456789abcdef';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('IXC retries', () => {
  it('count one retry and both attempts by outcome', async () => {
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      format: 'json',
      level: 'info',
      destination: new Writable({
        write(chunk, _e, done) {
          for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
          done();
        },
      }),
    });
    const env = { IXC_URL: ixc.url, IXC_TOKEN: ixc.token, CAMPSOFT_API_KEYS: KEY };
    const service = await startService(
      resolveServeConfig(CliOptions.parse(['--port', '0'], env)),
      log,
    );
    closers.push(() => service.shutdown(1000));
    ixc.engine.faults.add({ table: 'cliente', status: 503, retryAfter: 0, times: 1 });
    const res = await fetch(`${service.apiUrl}/clientes/7`, {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(res.status).toBe(200);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/^campsoft_ixc_retries_total\{tenant="default",table="cliente"\} 1$/m);
    expect(text).toMatch(
      /^campsoft_ixc_requests_total\{tenant="default",table="cliente",outcome="http_5xx"\} 1$/m,
    );
    expect(text).toMatch(
      /^campsoft_ixc_requests_total\{tenant="default",table="cliente",outcome="ok"\} 1$/m,
    );
    const line = lines.find((l) => l.route === '/api/v1/clientes/{id}');
    expect(line).toMatchObject({ status: 200, keyName: 'key-1', ixcRequests: 2 });
  });

  it('report the requests waiting for a slot under IXC_MAX_CONCURRENCY', async () => {
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    const env = {
      IXC_URL: ixc.url,
      IXC_TOKEN: ixc.token,
      CAMPSOFT_API_KEYS: KEY,
      IXC_MAX_CONCURRENCY: '1',
    };
    const service = await startService(
      resolveServeConfig(CliOptions.parse(['--port', '0'], env)),
      createLogger({
        format: 'json',
        level: 'error',
        destination: new Writable({ write: (_c, _e, d) => d() }),
      }),
    );
    closers.push(() => service.shutdown(5000));
    ixc.engine.faults.add({ table: 'cliente', latencyMs: 400 });
    const depth = async () => {
      const text = await (await fetch(`${service.url}/metrics`)).text();
      return Number(/^campsoft_ixc_queue_depth\{tenant="default"\} (\d+)$/m.exec(text)?.[1]);
    };
    expect(await depth()).toBe(0);
    const answers = [1, 2, 3].map((id) =>
      fetch(`${service.apiUrl}/clientes/${id}`, { headers: { authorization: `Bearer ${KEY}` } }),
    );
    let seen = 0;
    while (seen < 2) seen = Math.max(seen, await depth());
    expect(seen).toBe(2);
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await depth()).toBe(0);
  });
});

describe('CAMPSOFT_RATE_LIMIT', () => {
  it('reaches the router: a key over its requests per minute gets 429 with Retry-After', async () => {
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    const env = {
      IXC_URL: ixc.url,
      IXC_TOKEN: ixc.token,
      CAMPSOFT_API_KEYS: KEY,
      CAMPSOFT_RATE_LIMIT: '2',
    };
    const service = await startService(
      resolveServeConfig(CliOptions.parse(['--port', '0'], env)),
      createLogger({
        format: 'json',
        level: 'error',
        destination: new Writable({ write: (_c, _e, d) => d() }),
      }),
    );
    closers.push(() => service.shutdown(1000));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await fetch(`${service.apiUrl}/planos`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
