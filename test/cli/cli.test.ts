/**
 * `ixc-campsoft serve` as a user runs it: the demo mode with its printed keys and curl
 * lines, one ISP from the environment, --help/--version, and the one-line refusals.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/cli/options.js';
import { startIxcSimulator } from '../../src/testing/index.js';
import { banner, start, urls } from './helpers.js';

/** Runs a printed curl line with fetch. */
function curl(line: string): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [, name, value] of line.matchAll(/-H '([^:]+): ([^']+)'/g)) headers[name!] = value!;
  const method = /-X (\w+)/.exec(line)?.[1] ?? 'GET';
  const body = /-d '([^']+)'/.exec(line)?.[1];
  const url = /(http:\/\/\S+)\s*$/.exec(line)![1]!;
  return fetch(url, { method, headers, ...(body ? { body } : {}) });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('demo mode (no IXC configured)', () => {
  it('prints a URL, two demo keys and curl lines that work; the read-only key cannot write', async () => {
    const run = await start(['serve', '--port', '0']);
    const text = await banner(run);
    expect(text).toMatch(/built-in simulator with the demo dataset/);
    const full = /API key \(demo, every scope\): (\S+)/.exec(text)![1]!;
    const readOnly = /API key \(demo, read only\): +(\S+)/.exec(text)![1]!;
    expect(full).not.toBe(readOnly);
    const lines = text.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(lines).toHaveLength(4);
    const bodies = [];
    for (const line of lines.slice(0, 3)) {
      const res = await curl(line);
      expect(res.status, line).toBe(200);
      bodies.push(await res.json());
    }
    expect(bodies[0].data.length).toBeGreaterThan(0);
    expect(bodies[1].data).toMatchObject({ id: 7, nome: 'Ricardo Almeida Ferreira' });
    expect(bodies[2].data.length).toBeGreaterThan(0);
    // The SVA activation line: POST /clientes/7/svas with a product id, by the full key.
    const activation = lines[3]!;
    expect(activation).toMatch(
      /-X POST .*\{"produtoId":\d+,"contratoId":\d+\}.*\/clientes\/7\/svas$/,
    );
    expect(activation).toContain(full);
    // The read-only key may not write; the printed line, run as printed, activates the SVA.
    const refused = await curl(activation.replace(full, readOnly));
    expect(refused.status).toBe(403);
    const activated = await curl(activation);
    expect(activated.status).toBe(201);
    expect((await activated.json()).data).toMatchObject({ outcome: 'created' });

    const { api, origin } = urls(text);
    expect((await fetch(`${api}/planos`)).status).toBe(401);
    const me = await fetch(`${api}/planos`, { headers: { authorization: `Bearer ${readOnly}` } });
    expect(me.status).toBe(200);
    expect((await fetch(`${api}/openapi.json`)).status).toBe(200);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const line = run.logs().find((l) => l.route === '/api/v1/clientes/{id}');
    expect(line).toMatchObject({ status: 200, keyName: 'demo', tenant: 'default' });
    expect(line?.ixcRequests).toBeGreaterThan(0);
    expect(run.stdout()).not.toMatch(/Ricardo|678\.912/);
  });

  it('documents /healthz and /readyz in the OpenAPI document', async () => {
    const run = await start(['serve', '--port', '0']);
    const { api } = urls(await banner(run));
    const doc = await (await fetch(`${api}/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/planos']),
    );
    expect(doc.paths['/readyz'].get.responses['503']).toBeDefined();
  });
});

describe('one ISP from the environment (IXC_URL and IXC_TOKEN)', () => {
  it('serves that IXC behind CAMPSOFT_API_KEYS, with the scopes of CAMPSOFT_API_KEY_SCOPES', async () => {
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    ixc.engine.tables.update('cliente', 7, { razao: 'Cliente Do IXC Externo' });
    const run = await start(['serve', '--port', '0', '--host', '127.0.0.1'], {
      IXC_URL: ixc.url,
      IXC_TOKEN: ixc.token,
      CAMPSOFT_API_KEYS: 'first-key-0123456789abcdef, second-key-0123456789abcdef',
      CAMPSOFT_API_KEY_SCOPES: 'read,documentos:read',
    });
    const text = await banner(run);
    expect(text).toContain(`IXC: ${ixc.url}`);
    expect(text).not.toMatch(/simulator|demo/);
    expect(text).not.toContain(ixc.token);
    expect(text).toContain('API keys: key-1, key-2');
    const { api } = urls(text);
    const res = await fetch(`${api}/clientes/7`, {
      headers: { authorization: 'Bearer second-key-0123456789abcdef' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.nome).toBe('Cliente Do IXC Externo');
    const demo = await fetch(`${api}/clientes/7`, {
      headers: { authorization: 'Bearer campsoft-demo-key-0123456789abcdef' },
    });
    expect(demo.status).toBe(401);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });

  it('serves without keys only with --no-auth, and says so', async () => {
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    const run = await start(['serve', '--port', '0', '--no-auth'], {
      IXC_URL: ixc.url,
      IXC_TOKEN: ixc.token,
    });
    const text = await banner(run);
    expect(text).toMatch(/Authentication: OFF/);
    expect(run.stdout()).toMatch(/authentication is OFF/);
    expect((await fetch(`${urls(text).api}/planos`)).status).toBe(200);
  });
});

describe('--help and --version', () => {
  it('lists every flag and environment variable, with defaults', async () => {
    const run = await start(['serve', '--help']);
    expect(await run.exit).toBe(0);
    const help = run.stdout();
    for (const spec of Object.values(OPTIONS) as {
      flag?: string;
      env?: string;
      default?: string;
    }[]) {
      if (spec.flag) expect(help).toContain(`--${spec.flag}`);
      if (spec.env) expect(help).toContain(spec.env);
      if (spec.default) expect(help).toContain(`(default: ${spec.default})`);
    }
  });

  it('prints the version of package.json', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    for (const args of [['--version'], ['serve', '--version'], ['-v']]) {
      const run = await start(args);
      expect(await run.exit).toBe(0);
      expect(run.stdout().trim()).toBe(version);
    }
  });
});

describe('refusals: exit code 2 and one line naming the flag or variable', () => {
  it.each([
    [
      'IXC_URL without IXC_TOKEN',
      [],
      { IXC_URL: 'https://ixc.example.com.br' },
      /both IXC_URL and IXC_TOKEN/,
    ],
    [
      'a real IXC without API keys',
      [],
      { IXC_URL: 'https://ixc.example.com.br', IXC_TOKEN: '1:abc' },
      /Set CAMPSOFT_API_KEYS/,
    ],
    [
      'a bad port flag',
      ['--port', 'http'],
      {},
      /--port must be a whole number from 0 to 65535, got "http"/,
    ],
    ['a bad PORT', [], { PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    ['an unknown flag', ['--prot', '1'], {}, /Unknown option '--prot'/],
    [
      'a boolean variable set to a word',
      [],
      { IXC_INSECURE_TLS: 'sim' },
      /IXC_INSECURE_TLS="sim" is not a boolean: use 1\/true\/yes or 0\/false\/no/,
    ],
    ['a bad grace period', ['--grace', 'soon'], {}, /--grace must be a whole number/],
    [
      'a short API key',
      [],
      { CAMPSOFT_API_KEYS: 'short' },
      /CAMPSOFT_API_KEYS \(key 1\): an API key must be 16/,
    ],
    [
      'an unknown scope',
      [],
      { CAMPSOFT_API_KEY_SCOPES: 'read,write' },
      /CAMPSOFT_API_KEY_SCOPES: unknown scope "write"/,
    ],
    ['a bad log format', ['--log-format', 'xml'], {}, /--log-format must be json or pretty/],
  ])('%s', async (_name, args, env, message) => {
    const run = await start(['serve', ...args], env as Record<string, string>);
    expect(await run.exit).toBe(2);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('accepts 1/true/yes and 0/false/no in boolean variables', async () => {
    for (const value of ['1', 'true', 'YES', '0', 'false', 'no']) {
      const run = await start(['serve', '--check-config'], { CAMPSOFT_STRICT: value });
      expect(await run.exit, value).toBe(0);
    }
  });

  it('an unknown command', async () => {
    const run = await start(['start']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/Unknown command "start"/);
  });

  it('a port in use: exit code 1 and how to choose another', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => blocker.close(() => r())));
    const port = String((blocker.address() as { port: number }).port);
    const run = await start(['serve', '--port', port]);
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toMatch(
      new RegExp(`port ${port} is already in use: choose another with --port <n> or PORT=<n>`),
    );
  });
});
