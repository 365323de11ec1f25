/**
 * SIGTERM and SIGINT while requests are in flight at a slow IXC: the requests finish, new
 * connections are refused, and the process exits 0; a second signal exits at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { banner, start, until, urls } from './helpers.js';

const KEY = 'shutdown-key-0123456789abcdef';
let ixc: IxcSimulator | undefined;
afterEach(async () => {
  await ixc?.close();
  ixc = undefined;
});

async function serving(args: string[] = []) {
  ixc = await startIxcSimulator();
  const run = await start(['serve', '--port', '0', ...args], {
    IXC_URL: ixc.url,
    IXC_TOKEN: ixc.token,
    CAMPSOFT_API_KEYS: KEY,
  });
  return { run, ...urls(await banner(run)), engine: ixc.engine };
}

const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${KEY}` } });

describe.each(['SIGTERM', 'SIGINT'] as const)('%s', (signal) => {
  it('lets requests in flight at a slow IXC finish, refuses new ones, exits 0', async () => {
    const { run, api, engine } = await serving(['--grace', '20']);
    engine.faults.add({ table: 'cliente', latencyMs: 1500 });
    engine.clearRequests();
    // Different ids: identical reads in flight would share one IXC request.
    const answers = [1, 2, 3, 4, 5].map((id) => get(`${api}/clientes/${id}`));
    await until(() => engine.requests.filter((r) => r.table === 'cliente').length === 5);
    run.child.kill(signal);
    await until(() => run.stderr().includes(`${signal}, finishing`));
    expect(run.stderr()).toContain('finishing 5 request(s) in flight');
    await expect(fetch(`${api}/planos`)).rejects.toThrow();
    const statuses = await Promise.all(answers.map(async (a) => (await a).status));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await run.exit).toBe(0);
    expect(run.logs().filter((l) => l.route === '/api/v1/clientes/{id}')).toHaveLength(5);
  });
});

describe('a second signal', () => {
  it('exits at once, without waiting for the grace period', async () => {
    const { run, api, engine } = await serving(['--grace', '60']);
    engine.faults.add({ table: 'cliente', hang: true });
    engine.clearRequests();
    const answer = get(`${api}/clientes/7`).catch((e: unknown) => e);
    await until(() => engine.requests.some((r) => r.table === 'cliente'));
    run.child.kill('SIGTERM');
    await until(() => run.stderr().includes('SIGTERM, finishing'));
    const second = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
    // Far below the 60 s grace period.
    expect(performance.now() - second).toBeLessThan(10_000);
    expect(run.stderr()).toMatch(/SIGTERM again, exiting now/);
    expect(await answer).toBeInstanceOf(Error);
  });

  it('with nothing in flight, the first signal exits 0 at once', async () => {
    const { run } = await serving(['--grace', '60']);
    const sent = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(performance.now() - sent).toBeLessThan(10_000);
  });
});
