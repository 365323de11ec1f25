/**
 * /readyz and the token check at start: a wrong token, an IXC that cannot be reached, one
 * that comes back; results cached for a few seconds (on an injected clock); `--strict`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../src/cli/config.js';
import { createLogger } from '../../src/cli/log.js';
import { CliOptions } from '../../src/cli/options.js';
import { type RunningService, startService } from '../../src/cli/serve.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { start } from './helpers.js';

const KEY = 'readyz-key-0123456789abcdef';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A port nothing listens on (taken, then freed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function simulator(port = 0): Promise<IxcSimulator> {
  const ixc = await startIxcSimulator({ port });
  closers.push(() => ixc.close());
  return ixc;
}

function configFile(tenants: { id: string; url: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'campsoft-readyz-'));
  const path = join(dir, 'config.json');
  writeFileSync(
    path,
    JSON.stringify({
      tenants: tenants.map((t) => ({
        ...t,
        tokenEnv: `${t.id.toUpperCase()}_TOKEN`,
        timeoutMs: 2000,
      })),
      apiKeys: [{ name: 'ops', keyEnv: 'OPS_KEY', tenants: '*' }],
    }),
  );
  return path;
}

function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, log: createLogger({ format: 'json', level: 'info', destination }) };
}

describe('/readyz', () => {
  it('names a wrong token and an unreachable IXC, then sees it come back', async () => {
    const good = await simulator();
    const wrong = await simulator();
    const downPort = await freePort();
    const path = configFile([
      { id: 'good', url: good.url },
      { id: 'wrong', url: wrong.url },
      { id: 'down', url: `http://127.0.0.1:${downPort}` },
    ]);
    const env = {
      GOOD_TOKEN: good.token,
      WRONG_TOKEN: '99:not-the-token',
      DOWN_TOKEN: good.token,
      OPS_KEY: KEY,
    };
    const config = resolveServeConfig(CliOptions.parse(['--config', path, '--port', '0'], env));
    let clock = 1_000_000;
    const { lines, log } = memoryLog();
    const service: RunningService = await startService(config, log, { now: () => clock });
    closers.push(() => service.shutdown(1000));

    // At start: one line per failing tenant, saying why.
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toEqual([
      expect.stringMatching(/^tenant wrong: IXC refused the token \(401\)/),
      expect.stringMatching(/^tenant down: Could not reach IXC: ECONNREFUSED/),
    ]);

    const first = await fetch(`${service.url}/readyz`);
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('application/problem+json');
    const problem = await first.json();
    expect(problem).toMatchObject({ status: 503, failing: ['wrong', 'down'] });
    expect(problem.detail).toMatch(/wrong \(IXC refused the token/);
    expect(JSON.stringify(problem)).not.toContain('not-the-token');

    // The down IXC comes up; the cached answer stands until it is a few seconds old.
    const back = await simulator(downPort);
    void back;
    good.engine.clearRequests();
    expect((await (await fetch(`${service.url}/readyz`)).json()).failing).toEqual([
      'wrong',
      'down',
    ]);
    expect(good.engine.requests).toHaveLength(0);
    clock += 6000;
    const after = await (await fetch(`${service.url}/readyz`)).json();
    expect(after.failing).toEqual(['wrong']);
    expect(good.engine.requests).toHaveLength(1);

    // Fixing the token is a restart; without the wrong tenant the service is ready.
    const healthz = await fetch(`${service.url}/healthz`);
    expect(healthz.status).toBe(200);
  });

  it('answers 200 with every tenant when all answer', async () => {
    const a = await simulator();
    const path = configFile([{ id: 'a', url: a.url }]);
    const config = resolveServeConfig(
      CliOptions.parse(['--config', path, '--port', '0'], { A_TOKEN: a.token, OPS_KEY: KEY }),
    );
    const service = await startService(config, memoryLog().log);
    closers.push(() => service.shutdown(1000));
    const res = await fetch(`${service.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', tenants: [{ tenant: 'a', ok: true }] });
  });
});

describe('--strict', () => {
  it('refuses to start when a tenant fails the token check, naming it', async () => {
    const ixc = await simulator();
    const path = configFile([
      { id: 'isp1', url: ixc.url },
      { id: 'isp2', url: ixc.url },
    ]);
    const env = { ISP1_TOKEN: ixc.token, ISP2_TOKEN: '5:wrong', OPS_KEY: KEY };
    const run = await start(['serve', '--port', '0', '--config', path, '--strict'], env);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(/token check failed for isp2 \(IXC refused the token \(401\)/);
    expect(run.stderr()).not.toContain('5:wrong');
  });
});
