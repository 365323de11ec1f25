/**
 * The config file: what a mistake in it reads like (file, path inside it, what is wrong),
 * the variables it names, hashed keys, and `--check-config`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyDigest, resolveServeConfig } from '../../src/cli/config.js';
import { CliConfigError } from '../../src/cli/config-file.js';
import { CliOptions, CliUsageError } from '../../src/cli/options.js';
import { start } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'campsoft-config-'));
let n = 0;
function file(content: unknown): string {
  const path = join(dir, `config-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const tenant = (id: string) => ({
  id,
  url: `https://${id}.example.com.br`,
  tokenEnv: `${id.toUpperCase()}_TOKEN`,
});
const env = {
  ISP1_TOKEN: '12:abcdef',
  ISP2_TOKEN: '13:fedcba',
  PORTAL_KEY: 'portal-key-0123456789abcdef',
};

function resolve(path: string, extra: Record<string, string> = {}, args: string[] = []) {
  return resolveServeConfig(CliOptions.parse(['--config', path, ...args], { ...env, ...extra }));
}

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliConfigError) return error.problems;
    throw error;
  }
  throw new Error('no error');
}

describe('a valid file', () => {
  it('gives tenants with their tokens, keys as digests with scopes, webhooks and store', () => {
    const path = file({
      tenants: [
        {
          ...tenant('isp1'),
          pageSize: 200,
          timeoutMs: 5000,
          maxConcurrency: 4,
          tls: { rejectUnauthorized: false },
        },
        tenant('isp2'),
      ],
      apiKeys: [
        { name: 'portal', keyEnv: 'PORTAL_KEY', tenants: ['isp1'], scopes: ['read', 'svas:write'] },
        {
          name: 'ops',
          sha256: keyDigest('ops-key-0123456789abcdef').toString('hex'),
          tenants: '*',
        },
      ],
      rateLimit: { requestsPerMinute: 120 },
      webhooks: { endpoints: [{ url: 'https://hooks.example.com/ixc', secretEnv: 'PORTAL_KEY' }] },
      store: { path: 'state.db' },
    });
    const config = resolve(path);
    expect(config.source).toEqual({ kind: 'file', path });
    expect(config.multiTenant).toBe(true);
    expect(config.tenants[0]).toMatchObject({
      id: 'isp1',
      token: '12:abcdef',
      pageSize: 200,
      timeoutMs: 5000,
      maxConcurrency: 4,
      tls: { rejectUnauthorized: false },
    });
    expect(config.apiKeys.map((k) => [k.name, k.scopes, k.tenants])).toEqual([
      ['portal', ['read', 'svas:write'], ['isp1']],
      ['ops', ['read'], '*'],
    ]);
    expect(config.apiKeys[0]!.digest.equals(keyDigest(env.PORTAL_KEY))).toBe(true);
    expect(config.rateLimit).toEqual({ requestsPerMinute: 120 });
    expect(config.webhooks).toEqual({
      endpoints: [
        {
          url: 'https://hooks.example.com/ixc',
          secret: env.PORTAL_KEY,
          eventTypes: undefined,
          includeCliente: false,
        },
      ],
      pollIntervalSeconds: 30,
      allowInsecure: false,
    });
    expect(config.store).toBe(join(dir, 'state.db'));
  });

  it('is read from CAMPSOFT_CONFIG too', () => {
    const path = file({
      tenants: [tenant('isp1')],
      apiKeys: [{ name: 'p', keyEnv: 'PORTAL_KEY', tenants: '*' }],
    });
    const config = resolveServeConfig(CliOptions.parse([], { ...env, CAMPSOFT_CONFIG: path }));
    expect(config.tenants.map((t) => t.id)).toEqual(['isp1']);
  });
});

describe('mistakes name the file, the path inside it and what is wrong', () => {
  it.each([
    [
      'a tenant without a token variable',
      { tenants: [{ id: 'isp1', url: 'https://x.com.br' }] },
      /config-\d+\.json: tenants\[0\]\.tokenEnv: /,
    ],
    [
      'a token given as a value, not a name',
      { tenants: [{ ...tenant('isp1'), tokenEnv: '12:abc' }] },
      /tenants\[0\]\.tokenEnv: must be the NAME of an environment variable/,
    ],
    [
      'a URL that is not http(s)',
      { tenants: [{ ...tenant('isp1'), url: 'ftp://x' }] },
      /tenants\[0\]\.url: must be the http\(s\) URL/,
    ],
    [
      'a page size over 500',
      { tenants: [{ ...tenant('isp1'), pageSize: 1000 }] },
      /tenants\[0\]\.pageSize: /,
    ],
    [
      'an unknown field',
      { tenants: [{ ...tenant('isp1'), tokn: 'x' }] },
      /tenants\[0\]: Unrecognized key: "tokn"/,
    ],
    [
      'a repeated tenant id',
      { tenants: [tenant('isp1'), tenant('isp1')] },
      /tenants\[1\]\.id: repeats "isp1"/,
    ],
    [
      'a key bound to an unknown tenant',
      {
        tenants: [tenant('isp1')],
        apiKeys: [{ name: 'p', keyEnv: 'PORTAL_KEY', tenants: ['isp9'] }],
      },
      /apiKeys\[0\]\.tenants\[0\]: no tenant has the id "isp9"/,
    ],
    [
      'a key with both keyEnv and sha256',
      {
        tenants: [tenant('isp1')],
        apiKeys: [{ name: 'p', keyEnv: 'PORTAL_KEY', sha256: 'a'.repeat(64), tenants: '*' }],
      },
      /apiKeys\[0\]: give exactly one of keyEnv and sha256/,
    ],
    [
      'an unknown scope',
      {
        tenants: [tenant('isp1')],
        apiKeys: [{ name: 'p', keyEnv: 'PORTAL_KEY', tenants: '*', scopes: ['write'] }],
      },
      /apiKeys\[0\]\.scopes\[0\]: /,
    ],
    ['no tenants', { tenants: [] }, /tenants: list at least one tenant/],
  ])('%s', (_name, content, message) => {
    const found = problems(() => resolve(file(content)));
    expect(found.join('\n')).toMatch(message);
    for (const line of found) expect(line.startsWith(dir)).toBe(true);
  });

  it('a variable that is not set, each one reported', () => {
    const path = file({
      tenants: [tenant('isp1'), tenant('isp3')],
      apiKeys: [{ name: 'p', keyEnv: 'NOPE_KEY', tenants: '*' }],
    });
    expect(problems(() => resolve(path))).toEqual([
      `${path}: tenants[1].tokenEnv: environment variable ISP3_TOKEN is not set`,
      `${path}: apiKeys[0].keyEnv: environment variable NOPE_KEY is not set`,
    ]);
  });

  it('a token variable without "<userId>:"', () => {
    const path = file({
      tenants: [tenant('isp1')],
      apiKeys: [{ name: 'p', keyEnv: 'PORTAL_KEY', tenants: '*' }],
    });
    expect(problems(() => resolve(path, { ISP1_TOKEN: 'abcdef' }))).toEqual([
      `${path}: tenants[0].tokenEnv: ISP1_TOKEN must hold "<userId>:<token>" as IXC shows it`,
    ]);
  });

  it('broken JSON: line and column', () => {
    const path = file('{\n  "tenants": [\n    { "id": "isp1", }\n  ]\n}\n');
    expect(problems(() => resolve(path))[0]).toMatch(new RegExp(`^${path}:3:\\d+: not valid JSON`));
  });

  it('a missing file', () => {
    expect(problems(() => resolve(join(dir, 'nope.json')))[0]).toMatch(
      /nope\.json: cannot read the config file \(no such file\)/,
    );
  });

  it('a file and IXC_URL both', () => {
    const path = file({ tenants: [tenant('isp1')] });
    expect(() => resolve(path, { IXC_URL: 'https://x.com.br' })).toThrow(CliUsageError);
  });

  it('no keys and no --no-auth', () => {
    const path = file({ tenants: [tenant('isp1')] });
    expect(problems(() => resolve(path))[0]).toMatch(
      /apiKeys: list at least one API key, or pass --no-auth/,
    );
    expect(resolve(path, {}, ['--no-auth']).noAuth).toBe(true);
  });
});

describe('--check-config', () => {
  it('validates, prints a summary and exits 0; a bad file exits 2 naming it', async () => {
    const good = file({
      tenants: [tenant('isp1'), tenant('isp2')],
      apiKeys: [{ name: 'portal', keyEnv: 'PORTAL_KEY', tenants: ['isp1'] }],
    });
    const ok = await start(['serve', '--check-config', '--config', good], env);
    expect(await ok.exit).toBe(0);
    expect(ok.stderr()).toMatch(/configuration OK/);
    expect(ok.stderr()).toMatch(/tenants: isp1, isp2/);
    expect(ok.stderr()).not.toContain(env.PORTAL_KEY);
    expect(ok.stderr()).not.toContain(env.ISP1_TOKEN);

    const bad = file({ tenants: [{ ...tenant('isp1'), timeoutMs: 'soon' }] });
    const failed = await start(['serve', '--check-config'], { ...env, CAMPSOFT_CONFIG: bad });
    expect(await failed.exit).toBe(2);
    expect(failed.stderr()).toMatch(new RegExp(`${bad}: tenants\\[0\\]\\.timeoutMs: `));
  });
});
