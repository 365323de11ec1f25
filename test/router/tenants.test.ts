/**
 * Campsoft serves several ISPs, each with its own IXC. A key is bound to its tenants and
 * can never read another tenant's data, whatever it sends.
 */
import { describe, expect, it } from 'vitest';
import { createCampsoftRouter } from '../../src/router/index.js';
import { createIxcEngine, generateDataset } from '../../src/testing/index.js';
import { call, engineClient, json } from './helpers.js';

const KEY_A = 'key-for-isp-a-0123456789';
const KEY_B = 'key-for-isp-b-0123456789';
const KEY_AB = 'key-for-isp-a-and-b-0123';
const KEY_ALL = 'key-for-every-isp-012345';

function setup() {
  const a = engineClient();
  const b = engineClient({
    engine: createIxcEngine({ dataset: generateDataset({ clientes: 5, seed: 9 }) }),
  });
  const router = createCampsoftRouter({
    tenants: { 'isp-a': a.client, 'isp-b': b.client },
    apiKeys: [
      { key: KEY_A, tenants: ['isp-a'] },
      { key: KEY_B, tenants: ['isp-b'] },
      { key: KEY_AB, tenants: ['isp-a', 'isp-b'] },
      { key: KEY_ALL, tenants: '*' },
    ],
  });
  const as = (key: string, tenant?: string) => ({
    headers: { authorization: `Bearer ${key}`, ...(tenant ? { 'x-campsoft-tenant': tenant } : {}) },
  });
  return { a, b, router, as };
}

describe('multi-tenant routers', () => {
  it("a key bound to one tenant reads that tenant's IXC without naming it", async () => {
    const { a, b, router, as } = setup();
    const fromA = await json(await call(router, '/api/v1/clientes/3', as(KEY_A)));
    const fromB = await json(await call(router, '/api/v1/clientes/3', as(KEY_B)));
    expect(fromA.data.nome).toBe(a.engine.tables.get('cliente', 3)?.razao);
    expect(fromB.data.nome).toBe(b.engine.tables.get('cliente', 3)?.razao);
    expect(fromA.data.nome).not.toBe(fromB.data.nome);
  });

  it("a key can never read another tenant's data", async () => {
    const { a, b, router, as } = setup();
    a.engine.clearRequests();
    b.engine.clearRequests();
    for (const path of [
      '/api/v1/planos',
      '/api/v1/clientes/planos',
      '/api/v1/clientes/3',
      '/api/v1/clientes/3/produtos',
    ]) {
      const res = await call(router, path, as(KEY_A, 'isp-b'));
      expect(res.status, path).toBe(403);
      expect((await json(res)).type).toBe('urn:ixc-campsoft:problem:forbidden');
    }
    expect(b.engine.requests).toHaveLength(0);
    expect(a.engine.requests).toHaveLength(0);
  });

  it('answers 403 alike for a tenant that exists and one that does not, so ids cannot be probed', async () => {
    const { router, as } = setup();
    const existing = await call(router, '/api/v1/planos', as(KEY_A, 'isp-b'));
    const missing = await call(router, '/api/v1/planos', as(KEY_A, 'isp-zz'));
    expect(existing.status).toBe(403);
    expect(missing.status).toBe(403);
    expect((await json(existing)).detail).toBe((await json(missing)).detail);
  });

  it('a key bound to several tenants must name one, and may read only those', async () => {
    const { router, as } = setup();
    const unnamed = await call(router, '/api/v1/planos', as(KEY_AB));
    expect(unnamed.status).toBe(400);
    expect((await json(unnamed)).detail).toMatch(/x-campsoft-tenant/);
    expect((await call(router, '/api/v1/planos', as(KEY_AB, 'isp-b'))).status).toBe(200);
  });

  it('a key for every tenant reads any of them, and gets 404 for a tenant that is not configured', async () => {
    const { router, as } = setup();
    expect((await call(router, '/api/v1/clientes/3', as(KEY_ALL, 'isp-a'))).status).toBe(200);
    expect((await call(router, '/api/v1/clientes/3', as(KEY_ALL, 'isp-b'))).status).toBe(200);
    const unknown = await call(router, '/api/v1/clientes/3', as(KEY_ALL, 'isp-zz'));
    expect(unknown.status).toBe(404);
  });

  it('the authenticate hook binds callers to tenants the same way', async () => {
    const a = engineClient();
    const b = engineClient();
    const router = createCampsoftRouter({
      tenants: { 'isp-a': a.client, 'isp-b': b.client },
      authenticate: (req) => (req.headers['x-user'] === 'ana' ? { tenants: ['isp-a'] } : null),
    });
    const headers = (tenant: string) => ({
      headers: { 'x-user': 'ana', 'x-campsoft-tenant': tenant },
    });
    expect((await call(router, '/api/v1/planos', headers('isp-a'))).status).toBe(200);
    expect((await call(router, '/api/v1/planos', headers('isp-b'))).status).toBe(403);
  });

  it('describes the tenant header in its OpenAPI document', () => {
    const { router } = setup();
    const doc = router.openapi() as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const names = doc.paths['/api/v1/planos']?.get.parameters.map((p) => p.name);
    expect(names).toContain('x-campsoft-tenant');
  });

  it('refuses tenant ids that are not short tokens', () => {
    const { client } = engineClient();
    expect(() =>
      createCampsoftRouter({
        tenants: { 'isp a/../b': client },
        apiKeys: [{ key: KEY_ALL, tenants: '*' }],
      }),
    ).toThrow(/Tenant id/);
  });
});
