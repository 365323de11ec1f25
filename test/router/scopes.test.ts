/**
 * API keys carry a name and scopes: a key without scopes reads (`read`), `['*']` does
 * everything, a route names the scope it needs and a key without it gets 403. `/me` tells a
 * key who it is. The key's name, never the key, is in every log line.
 */
import { describe, expect, it } from 'vitest';
import { isIxcCampsoftError } from '../../src/index.js';
import {
  createCampsoftRouter,
  isRouterConfigurationError,
  type RouterLogger,
} from '../../src/router/index.js';
import {
  ADMIN_JSON,
  ADMIN_KEY,
  AUTH,
  call,
  ECHO_ROUTES,
  engineClient,
  json,
  KEY,
  TEST_KEYS,
} from './helpers.js';

const WRITER = 'router-test-writer-key-0123456789';
const post = (headers: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: '{"nome":"Ana"}',
});

function setup(extra: Parameters<typeof createCampsoftRouter>[0] = {}) {
  const { client, engine } = engineClient();
  const lines: { level: string; obj: Record<string, unknown> }[] = [];
  const logger: RouterLogger = {
    info: (obj) => lines.push({ level: 'info', obj: obj as Record<string, unknown> }),
    warn: (obj) => lines.push({ level: 'warn', obj: obj as Record<string, unknown> }),
    error: (obj) => lines.push({ level: 'error', obj: obj as Record<string, unknown> }),
  };
  const router = createCampsoftRouter({
    client,
    apiKeys: [
      ...TEST_KEYS,
      { key: WRITER, tenants: '*', name: 'sva-portal', scopes: ['read', 'svas:write'] },
    ],
    routes: ECHO_ROUTES,
    logger,
    ...extra,
  });
  return { router, lines, engine };
}

describe('scopes', () => {
  it('a key without scopes reads, and gets 403 problem+json on a write route', async () => {
    const { router } = setup();
    expect((await call(router, '/api/v1/planos')).status).toBe(200);
    const res = await call(router, '/api/v1/echo/7', post(AUTH));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await json(res);
    expect(body.type).toBe('urn:ixc-campsoft:problem:forbidden');
    expect(body.detail).toBe('This API key lacks the svas:write scope.');
  });

  it('a key holding the scope, or *, passes', async () => {
    const { router } = setup();
    const writer = await call(
      router,
      '/api/v1/echo/7',
      post({ authorization: `Bearer ${WRITER}` }),
    );
    expect(writer.status).toBe(201);
    expect((await json(writer)).data.key).toBe('sva-portal');
    expect((await call(router, '/api/v1/echo/7', post(ADMIN_JSON))).status).toBe(201);
  });

  it('a key whose scopes lack read cannot read', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({
      client,
      apiKeys: [{ key: WRITER, tenants: '*', scopes: ['svas:write'] }],
    });
    const res = await call(router, '/api/v1/clientes/7', { headers: { 'x-api-key': WRITER } });
    expect(res.status).toBe(403);
  });

  it('refuses before reading the body: a 403 never becomes a 400 or 413', async () => {
    const { router } = setup();
    const res = await call(router, '/api/v1/echo/7', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"nome":',
    });
    expect(res.status).toBe(403);
  });

  it('the authenticate hook grants read unless it names scopes', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({
      client,
      routes: ECHO_ROUTES,
      authenticate: (req) =>
        req.headers['x-user'] === 'ops'
          ? { tenants: '*', name: 'ops', scopes: ['svas:write'] }
          : req.headers['x-user'] === 'ana'
            ? { tenants: '*' }
            : null,
    });
    expect((await call(router, '/api/v1/echo/7', post({ 'x-user': 'ana' }))).status).toBe(403);
    expect((await call(router, '/api/v1/echo/7', post({ 'x-user': 'ops' }))).status).toBe(201);
  });

  it('documentos:read unmasks documents for its holder when maskDocuments is on', async () => {
    const { router } = setup({ maskDocuments: true });
    const masked = await json(await call(router, '/api/v1/clientes/7'));
    expect(masked.data.cnpjCpf).toBe('***.912.345-**');
    const admin = await json(
      await call(router, '/api/v1/clientes/7', {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      }),
    );
    expect(admin.data.cnpjCpf).toBe('678.912.345-82');
  });

  it('refuses an unknown scope at creation, with a package error naming it', () => {
    const { client } = engineClient();
    let error: unknown;
    try {
      createCampsoftRouter({
        client,
        apiKeys: [{ key: WRITER, tenants: '*', scopes: ['svas:wirte'] }],
      });
    } catch (e) {
      error = e;
    }
    expect(isRouterConfigurationError(error)).toBe(true);
    expect(isIxcCampsoftError(error)).toBe(true);
    expect((error as Error).message).toMatch(/unknown scope "svas:wirte"/);
    expect((error as Error).message).not.toContain(WRITER);
  });
});

describe('GET /me', () => {
  it('answers the name, scopes and tenants of the key, never the key', async () => {
    const { router } = setup();
    const reader = await call(router, '/api/v1/me');
    expect(reader.status).toBe(200);
    const text = await reader.text();
    expect(JSON.parse(text)).toEqual({ data: { name: 'reader', scopes: ['read'], tenants: '*' } });
    expect(text).not.toContain(KEY);
    const admin = await json(
      await call(router, '/api/v1/me', { headers: { 'x-api-key': ADMIN_KEY } }),
    );
    expect(admin.data).toEqual({ name: 'admin', scopes: ['*'], tenants: '*' });
    expect((await call(router, '/api/v1/me', { headers: {} })).status).toBe(401);
  });

  it('needs no tenant: a key bound to several tenants calls it without the header', async () => {
    const a = engineClient();
    const b = engineClient();
    const router = createCampsoftRouter({
      tenants: { 'isp-a': a.client, 'isp-b': b.client },
      apiKeys: [{ key: KEY, tenants: ['isp-a', 'isp-b'], name: 'ops' }],
    });
    const res = await call(router, '/api/v1/me');
    expect(res.status).toBe(200);
    expect((await json(res)).data).toEqual({
      name: 'ops',
      scopes: ['read'],
      tenants: ['isp-a', 'isp-b'],
    });
    expect((await call(router, '/api/v1/planos')).status).toBe(400);
  });

  it('names an unnamed key by its place in apiKeys', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }] });
    expect((await json(await call(router, '/api/v1/me'))).data.name).toBe('apiKeys[0]');
  });
});

describe('log lines', () => {
  it('carry the key name and the operation on every line, and never a key', async () => {
    const { router, lines } = setup();
    await call(router, '/api/v1/planos');
    await call(router, '/api/v1/clientes/abc');
    await call(router, '/api/v1/echo/7', post(AUTH));
    await call(router, '/api/v1/echo/7', post({ authorization: `Bearer ${WRITER}` }));
    await call(router, '/api/v1/echo/7', { ...post(ADMIN_JSON), method: 'PUT' });
    await call(router, '/api/v1/me', { headers: { authorization: 'Bearer not-a-key-0123456789' } });
    expect(lines.map((l) => [l.obj.operation, l.obj.keyName, l.obj.status])).toEqual([
      ['listPlanos', 'reader', 200],
      ['getCliente', 'reader', 400],
      ['createEcho', 'reader', 403],
      ['createEcho', 'sva-portal', 201],
      [undefined, undefined, 405],
      ['getMe', undefined, 401],
    ]);
    const logged = JSON.stringify(lines);
    for (const key of [KEY, ADMIN_KEY, WRITER, 'not-a-key-0123456789']) {
      expect(logged).not.toContain(key);
    }
  });
});
