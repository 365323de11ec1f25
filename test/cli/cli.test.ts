/**
 * `ixc-campsoft serve`, spawned as a user runs it (`node dist/cli.js`): the demo mode with
 * its printed key and curl lines, the real-IXC mode, and its refusals.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startIxcSimulator } from '../../src/testing/index.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

// dist is built by test/global-setup.ts before any file runs.

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const running: Run[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await run.exit;
  }
});

/** Environment without any IXC or Campsoft settings of the machine running the tests. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(IXC_|CAMPSOFT_|PORT$|HOST$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: cleanEnv(env) });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, stdout: () => out, stderr: () => err, exit };
  running.push(run);
  return run;
}

/** Waits for the banner (the third curl line) or the end of the process. */
async function banner(run: Run): Promise<string> {
  const end = Date.now() + 20_000;
  while (Date.now() < end) {
    if ((run.stdout().match(/^\s+curl /gm) ?? []).length >= 3) return run.stdout();
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no banner; stdout: ${run.stdout()}\nstderr: ${run.stderr()}`);
}

/** Runs a printed curl line with fetch. */
function curl(line: string): Promise<Response> {
  const match = /curl (?:-H '([^:]+): ([^']+)' )?(\S+)/.exec(line);
  if (!match) throw new Error(`not a curl line: ${line}`);
  const [, name, value, url] = match;
  return fetch(url!, { headers: name ? { [name]: value! } : {} });
}

describe('demo mode (no IXC configured)', () => {
  it('starts the simulator and prints a URL, a demo key and three curl lines that work', async () => {
    const run = start(['serve', '--port', '0']);
    const text = await banner(run);
    expect(text).toMatch(/serving the Campsoft API at http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
    expect(text).toMatch(/built-in simulator with the demo dataset/);
    expect(text).toMatch(/API key \(demo\): \S+/);
    const lines = text.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(lines).toHaveLength(3);
    const bodies = [];
    for (const line of lines) {
      const res = await curl(line);
      expect(res.status, line).toBe(200);
      bodies.push(await res.json());
    }
    expect(bodies[0].data.length).toBeGreaterThan(0);
    expect(bodies[1].data).toMatchObject({ id: 7, nome: 'Ricardo Almeida Ferreira' });
    expect(bodies[2].data.length).toBeGreaterThan(0);

    const apiUrl = /at (http:\/\/\S+\/api\/v1)/.exec(text)![1]!;
    expect((await fetch(`${apiUrl}/planos`)).status).toBe(401);
    expect((await fetch(`${apiUrl}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${apiUrl.replace('/api/v1', '')}/healthz`)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/GET \/api\/v1\/clientes\/\{id\} 200/);
    expect(run.stderr()).not.toMatch(/Ricardo|678\.912/);
  });
});

describe('real IXC mode (IXC_URL and IXC_TOKEN set)', () => {
  it('serves that IXC, behind the keys from CAMPSOFT_API_KEYS', async () => {
    const ixc = await startIxcSimulator();
    ixc.engine.tables.update('cliente', 7, { razao: 'Cliente Do IXC Externo' });
    try {
      const run = start(['serve', '--port', '0', '--host', '127.0.0.1'], {
        IXC_URL: ixc.url,
        IXC_TOKEN: ixc.token,
        CAMPSOFT_API_KEYS: 'first-key-0123456789abcdef, second-key-0123456789abcdef',
      });
      const text = await banner(run);
      expect(text).toContain(`IXC: ${ixc.url}`);
      expect(text).not.toMatch(/simulator|demo/);
      expect(text).not.toContain(ixc.token);
      const apiUrl = /at (http:\/\/\S+\/api\/v1)/.exec(text)![1]!;
      const res = await fetch(`${apiUrl}/clientes/7`, {
        headers: { authorization: 'Bearer second-key-0123456789abcdef' },
      });
      expect(res.status).toBe(200);
      expect((await res.json()).data.nome).toBe('Cliente Do IXC Externo');
      const demoKey =
        /API key \(demo\): (\S+)/.exec(text)?.[1] ?? 'campsoft-demo-key-0123456789abcdef';
      expect(
        (await fetch(`${apiUrl}/clientes/7`, { headers: { authorization: `Bearer ${demoKey}` } }))
          .status,
      ).toBe(401);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
    } finally {
      await ixc.close();
    }
  });

  it('serves without keys only with --no-auth, and says so', async () => {
    const ixc = await startIxcSimulator();
    try {
      const run = start(['serve', '--port', '0', '--no-auth'], {
        IXC_URL: ixc.url,
        IXC_TOKEN: ixc.token,
      });
      const text = await banner(run);
      expect(text).toMatch(/Authentication: OFF/);
      expect(run.stderr()).toMatch(/authentication is OFF/);
      const apiUrl = /at (http:\/\/\S+\/api\/v1)/.exec(text)![1]!;
      expect((await fetch(`${apiUrl}/planos`)).status).toBe(200);
    } finally {
      await ixc.close();
    }
  });
});

describe('refusals', () => {
  it.each([
    [
      'IXC_URL without IXC_TOKEN',
      ['serve'],
      { IXC_URL: 'https://ixc.example.com.br' },
      /both IXC_URL and IXC_TOKEN/,
    ],
    [
      'a real IXC without API keys',
      ['serve'],
      { IXC_URL: 'https://ixc.example.com.br', IXC_TOKEN: '1:abc' },
      /Set CAMPSOFT_API_KEYS/,
    ],
    ['a bad port', ['serve', '--port', 'http'], {}, /Invalid port "http"/],
    ['an unknown flag', ['serve', '--prot', '1'], {}, /Unknown option '--prot'/],
    ['an unknown command', ['start'], {}, /Unknown command "start"/],
  ])('%s: exit code 2 and a message', async (_name, args, env, message) => {
    const run = start(args, env);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).toMatch(/Usage: ixc-campsoft serve/);
  });

  it('a port in use: exit code 1 and the reason', async () => {
    const first = start(['serve', '--port', '0']);
    const port = /127\.0\.0\.1:(\d+)\/api\/v1/.exec(await banner(first))![1]!;
    const second = start(['serve', '--port', port]);
    expect(await second.exit).toBe(1);
    expect(second.stderr()).toMatch(/EADDRINUSE/);
  });

  it('prints help with --help', async () => {
    const run = start(['serve', '--help']);
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toMatch(/IXC_URL, IXC_TOKEN/);
  });
});
