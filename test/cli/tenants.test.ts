/**
 * One process serving 15 ISPs from a config file: keys confined to their tenants (one key
 * given by its SHA-256 digest only), log lines that hold no key, token, CPF or e-mail, and
 * /metrics in the Prometheus text format.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { banner, type Run, start, urls } from './helpers.js';

const COUNT = 15;
const ids = Array.from({ length: COUNT }, (_, i) => `isp${i + 1}`);
const keyOf = (id: string) => `key-of-${id}-0123456789abcdef`;
const OPS_KEY = 'ops-key-known-only-by-digest-0123';
const sims: IxcSimulator[] = [];
let run: Run;
let api: string;
let origin: string;
let env: Record<string, string>;

beforeAll(async () => {
  for (const [i, id] of ids.entries()) {
    const ixc = await startIxcSimulator({ token: `${i + 10}:token-of-${id}-secret` });
    ixc.engine.tables.update('cliente', 7, { razao: `Cliente Sete Do ${id}` });
    sims.push(ixc);
  }
  env = {};
  for (const [i, id] of ids.entries()) {
    env[`${id.toUpperCase()}_TOKEN`] = sims[i]!.token;
    env[`${id.toUpperCase()}_KEY`] = keyOf(id);
  }
  const dir = mkdtempSync(join(tmpdir(), 'campsoft-15-'));
  const path = join(dir, 'ixc-campsoft.config.json');
  writeFileSync(
    path,
    JSON.stringify({
      tenants: ids.map((id, i) => ({
        id,
        url: sims[i]!.url,
        tokenEnv: `${id.toUpperCase()}_TOKEN`,
      })),
      apiKeys: [
        ...ids.map((id) => ({
          name: `portal-${id}`,
          keyEnv: `${id.toUpperCase()}_KEY`,
          tenants: [id],
        })),
        {
          name: 'ops',
          sha256: createHash('sha256').update(OPS_KEY).digest('hex'),
          tenants: '*',
          scopes: ['read', 'documentos:read'],
        },
      ],
    }),
  );
  run = await start(['serve', '--port', '0'], { ...env, CAMPSOFT_CONFIG: path }, { keep: true });
  ({ api, origin } = urls(await banner(run)));
}, 60_000);

afterAll(async () => {
  run?.child.kill('SIGTERM');
  await run?.exit;
  await Promise.all(sims.map((s) => s.close()));
});

const get = (path: string, key: string, tenant?: string) =>
  fetch(`${api}${path}`, {
    headers: { authorization: `Bearer ${key}`, ...(tenant ? { 'x-campsoft-tenant': tenant } : {}) },
  });

describe('15 tenants in one process', () => {
  it('each key reads its own ISP, without naming it', async () => {
    const names = await Promise.all(
      ids.map(async (id) => (await (await get('/clientes/7', keyOf(id))).json()).data.nome),
    );
    expect(names).toEqual(ids.map((id) => `Cliente Sete Do ${id}`));
  });

  it("a key cannot read another tenant's data", async () => {
    const res = await get('/clientes/7', keyOf('isp1'), 'isp2');
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await get('/clientes/7', keyOf('isp1'), 'isp99')).status).toBe(403);
  });

  it('a key given by its digest reads any tenant named in the header', async () => {
    const res = await get('/clientes/7', OPS_KEY, 'isp15');
    expect(res.status).toBe(200);
    expect((await res.json()).data.nome).toBe('Cliente Sete Do isp15');
    expect((await get('/clientes/7', OPS_KEY)).status).toBe(400);
    expect((await get('/clientes/7', `${OPS_KEY}x`, 'isp15')).status).toBe(401);
  });

  it('/readyz lists the 15 tenants as ready', async () => {
    const body = await (await fetch(`${origin}/readyz`)).json();
    expect(body.status).toBe('ready');
    expect(body.tenants.map((t: { tenant: string }) => t.tenant)).toEqual(ids);
  });
});

/** Prometheus text → samples. */
function parseMetrics(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types.set(name!, type!);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return { samples, types };
}

describe('/metrics', () => {
  it('counts requests by route and status, IXC requests by tenant/table/outcome, latency', async () => {
    await get('/clientes/7', keyOf('isp3'));
    await get('/clientes/999999', keyOf('isp3'));
    const res = await fetch(`${origin}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseMetrics(await res.text());
    const find = (name: string, labels: Record<string, string>) =>
      samples.find(
        (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      );
    expect(types.get('campsoft_http_requests_total')).toBe('counter');
    expect(types.get('campsoft_http_request_duration_seconds')).toBe('histogram');
    expect(types.get('campsoft_ixc_queue_depth')).toBe('gauge');
    expect(types.get('campsoft_ixc_retries_total')).toBe('counter');
    const ok = find('campsoft_http_requests_total', {
      route: '/api/v1/clientes/{id}',
      status: '200',
    });
    expect(ok?.value).toBeGreaterThanOrEqual(COUNT + 2);
    expect(
      find('campsoft_http_requests_total', { route: '/api/v1/clientes/{id}', status: '404' })
        ?.value,
    ).toBe(1);
    expect(
      find('campsoft_http_requests_total', { route: '/api/v1/clientes/{id}', status: '403' })
        ?.value,
    ).toBe(2);
    expect(
      find('campsoft_http_request_duration_seconds_count', { route: '/api/v1/clientes/{id}' })
        ?.value,
    ).toBeGreaterThan(COUNT);
    expect(
      find('campsoft_ixc_requests_total', { tenant: 'isp3', table: 'cliente', outcome: 'ok' })
        ?.value,
    ).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(find('campsoft_tenant_ready', { tenant: id })?.value).toBe(1);
    // Route labels are templates: no customer id in any label.
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('999999')))).toBe(
      false,
    );
  });
});

describe('log lines', () => {
  it('carry key name, tenant, route, status, duration and IXC cost, and no secret or personal data', async () => {
    await get('/clientes/7', keyOf('isp5'));
    await get('/clientes/7/produtos', OPS_KEY, 'isp6');
    await get('/clientes/7', 'wrong-key-0123456789abcdef');
    await get('/clientes/7?cpf=678.912.345-82&email=ricardo@example.com', keyOf('isp5'));
    await fetch(`${api}/clientes/7`, { headers: { 'x-api-key': keyOf('isp7') } });
    await fetch(`${origin}/nope?token=${sims[0]!.token}`);
    const lines = run.logs();
    const line = lines.find((l) => l.keyName === 'portal-isp5');
    expect(line).toMatchObject({
      tenant: 'isp5',
      route: '/api/v1/clientes/{id}',
      status: 200,
      ixcRequests: 1,
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.ixcMs).toBe('number');
    expect(typeof line?.requestId).toBe('string');

    const cliente = sims[0]!.engine.tables.get('cliente', 7)!;
    const forbidden = [
      ...Object.values(env),
      OPS_KEY,
      ...sims.map((s) => Buffer.from(s.token).toString('base64')),
      ...sims.map((s) => s.token.split(':')[1]!),
      String(cliente.cnpj_cpf),
      String(cliente.cnpj_cpf).replace(/\D/g, ''),
      String(cliente.email),
      'ricardo@example.com',
    ];
    const text = run.stdout() + run.stderr();
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of forbidden) expect(text, secret).not.toContain(secret);
  });
});
