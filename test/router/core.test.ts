import { describe, expect, it } from 'vitest';
import { createCampsoftRouter } from '../../src/router/index.js';
import { AUTH, call, engineClient, json, KEY } from './helpers.js';

const keys = [{ key: KEY, tenants: '*' as const }];

function setup(options: Parameters<typeof createCampsoftRouter>[0] | object = {}) {
  const { engine, client } = engineClient();
  const router = createCampsoftRouter({ client, apiKeys: keys, ...options });
  return { engine, router };
}

describe('routes', () => {
  it('GET /planos returns plans and paging', async () => {
    const { router } = setup();
    const res = await call(router, '/api/v1/planos?pageSize=5&page=2');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.data).toHaveLength(5);
    expect(body.data[0].id).toBe(6);
    expect(body.paging).toEqual({
      page: 2,
      pageSize: 5,
      total: 12,
      totalPages: 3,
      hasNextPage: true,
    });
  });

  // IXC omits `registros` on a page past the end: `{"page":"9","total":"12"}`.
  it('a page past the end is an empty page, not an error', async () => {
    const { router } = setup();
    for (const path of ['/api/v1/planos?page=9', '/api/v1/clientes/planos?page=9']) {
      const res = await call(router, path);
      expect(res.status, path).toBe(200);
      const body = await json(res);
      expect(body.data).toEqual([]);
      expect(body.paging).toMatchObject({ page: 9, hasNextPage: false });
    }
  });

  it('GET /planos?ativo=false keeps only retired plans', async () => {
    const { router } = setup();
    const body = await json(await call(router, '/api/v1/planos?ativo=false'));
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((p: { ativo: boolean }) => p.ativo === false)).toBe(true);
  });

  it('GET /clientes/planos groups contracts by plan and filters by plan and status', async () => {
    const { router } = setup();
    const body = await json(await call(router, '/api/v1/clientes/planos?planoId=1,3&status=A'));
    const planIds = body.data.map((g: { planoId: number }) => g.planoId);
    expect(new Set(planIds)).toEqual(new Set([1, 3]));
    for (const group of body.data) {
      expect(group.plano.id).toBe(group.planoId);
      for (const item of group.clientes) {
        expect(item.contrato.status).toBe('ativo');
        expect(item.contrato.planoId).toBe(group.planoId);
        expect(item.cliente.id).toBe(item.contrato.clienteId);
      }
    }
    expect(body.paging.total).toBe(
      body.data.reduce((n: number, g: { clientes: unknown[] }) => n + g.clientes.length, 0),
    );
  });

  it('accepts repeated planoId parameters and status names', async () => {
    const { router } = setup();
    const a = await json(
      await call(router, '/api/v1/clientes/planos?planoId=1&planoId=3&status=ativo'),
    );
    const b = await json(await call(router, '/api/v1/clientes/planos?planoId=1,3&status=A'));
    expect(a.data).toEqual(b.data);
  });

  it('GET /clientes/{id} and /clientes/{id}/produtos return the customer and its products', async () => {
    const { router } = setup();
    const cliente = await json(await call(router, '/api/v1/clientes/7'));
    expect(cliente.data).toMatchObject({
      id: 7,
      nome: 'Ricardo Almeida Ferreira',
      cnpjCpf: expect.any(String),
    });
    const produtos = await json(await call(router, '/api/v1/clientes/7/produtos'));
    const contratos = new Set(produtos.data.map((p: { contratoId: number }) => p.contratoId));
    expect(contratos.size).toBeGreaterThan(1);
  });

  it('serves under another base path, and only there', async () => {
    const { router } = setup({ basePath: '/campsoft/' });
    expect(router.basePath).toBe('/campsoft');
    expect((await call(router, '/campsoft/planos')).status).toBe(200);
    expect(
      await router.fetchOrNull(new Request('http://h/api/v1/planos', { headers: AUTH })),
    ).toBeNull();
  });

  it('reads the path from the request line, ignoring the Host', async () => {
    const { router } = setup();
    const res = await router.handle({
      method: 'GET',
      url: 'http://evil.example/api/v1/clientes/7',
      headers: { ...AUTH, host: 'evil.example' },
    });
    expect(res?.status).toBe(200);
  });
});

describe('paths the router does not own', () => {
  const unowned = [
    '/',
    '/api',
    '/api/v1',
    '/api/v1/',
    '/api/v10/planos',
    '/api/v1/planos/',
    '/api/v1/clientes/',
    '/api/v1/clientes/7/faturas',
    '/api/v1/clientes/7/produtos/1',
  ];
  it.each(unowned)('%s → handle() null, fetchOrNull() null, fetch() 404 problem', async (path) => {
    const { router } = setup();
    expect(await router.handle({ method: 'GET', url: path, headers: AUTH })).toBeNull();
    expect(await router.fetchOrNull(new Request(`http://h${path}`))).toBeNull();
    const res = await call(router, path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('does not serve /openapi.json when disabled', async () => {
    const { router } = setup({ openapi: false });
    expect(
      await router.handle({ method: 'GET', url: '/api/v1/openapi.json', headers: {} }),
    ).toBeNull();
  });
});

describe('methods', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    '%s on a known path → 405 with Allow',
    async (method) => {
      const { router, engine } = setup();
      engine.clearRequests();
      const res = await call(router, '/api/v1/clientes/7', { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect((await json(res)).type).toBe('urn:ixc-campsoft:problem:method-not-allowed');
      expect(engine.requests).toHaveLength(0);
    },
  );

  it('HEAD gets problem answers without a body too', async () => {
    const { router } = setup();
    for (const [path, status] of [
      ['/api/v1/clientes/abc', 400],
      ['/api/v1/clientes/999999', 404],
    ] as const) {
      const res = await router.handle({ method: 'HEAD', url: path, headers: AUTH });
      expect(res?.status).toBe(status);
      expect(res?.headers['content-type']).toMatch(/problem\+json/);
      expect(res?.body).toBe('');
    }
  });

  it('HEAD answers the GET headers without a body', async () => {
    const { router } = setup();
    const get = await call(router, '/api/v1/planos');
    const head = await call(router, '/api/v1/planos', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String((await get.arrayBuffer()).byteLength));
    expect(await head.text()).toBe('');
  });
});

describe('caching', () => {
  it('sends a weak ETag and answers 304 to If-None-Match', async () => {
    const { router } = setup();
    const first = await call(router, '/api/v1/clientes/7');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    for (const inm of [etag, etag.slice(2), `"x", ${etag}`, '*']) {
      const res = await call(router, '/api/v1/clientes/7', {
        headers: { ...AUTH, 'if-none-match': inm },
      });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
    }
    const stale = await call(router, '/api/v1/clientes/7', {
      headers: { ...AUTH, 'if-none-match': 'W/"old"' },
    });
    expect(stale.status).toBe(200);
  });

  it('changes the ETag when the data changes', async () => {
    const { router, engine } = setup();
    const before = (await call(router, '/api/v1/clientes/7')).headers.get('etag');
    engine.tables.update('cliente', 7, { email: 'novo@exemplo.com.br' });
    const after = await call(router, '/api/v1/clientes/7', {
      headers: { ...AUTH, 'if-none-match': before! },
    });
    expect(after.status).toBe(200);
    expect((await json(after)).data.email).toBe('novo@exemplo.com.br');
  });

  it('uses short private caching for plans and revalidation for personal data', async () => {
    const { router } = setup();
    expect((await call(router, '/api/v1/planos')).headers.get('cache-control')).toBe(
      'private, max-age=30',
    );
    expect((await call(router, '/api/v1/clientes/7')).headers.get('cache-control')).toBe(
      'private, no-cache',
    );
    expect((await call(router, '/api/v1/clientes/9999')).headers.get('cache-control')).toBe(
      'no-store',
    );
  });

  it('takes Cache-Control values from the options', async () => {
    const { router } = setup({
      cacheControl: { planos: 'public, max-age=600', clientes: 'no-store' },
    });
    expect((await call(router, '/api/v1/planos')).headers.get('cache-control')).toBe(
      'public, max-age=600',
    );
    expect((await call(router, '/api/v1/clientes/7/produtos')).headers.get('cache-control')).toBe(
      'no-store',
    );
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and makes one up otherwise', async () => {
    const { router } = setup();
    const given = await call(router, '/api/v1/planos', {
      headers: { ...AUTH, 'x-request-id': 'abc-123' },
    });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const bad = await call(router, '/api/v1/clientes/x', {
      headers: { ...AUTH, 'x-request-id': '<script>' },
    });
    const id = bad.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(bad)).requestId).toBe(id);
  });
});
