import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCampsoftRouter, type RouterLogger } from '../../src/router/index.js';
import { call, engineClient, json, KEY } from './helpers.js';

const keys = [{ key: KEY, tenants: '*' as const }];

describe('API keys', () => {
  it('accepts the key as a Bearer token or as x-api-key', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${KEY}` },
      { authorization: `bearer   ${KEY}` },
      { 'x-api-key': KEY },
    ]) {
      expect((await call(router, '/api/v1/planos', { headers })).status).toBe(200);
    }
  });

  it('refuses a missing, wrong, truncated or extended key, or another scheme', async () => {
    const { client, engine } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    engine.clearRequests();
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer wrong-key-0123456789abcdef' },
      { authorization: `Bearer ${KEY.slice(0, -1)}` },
      { authorization: `Bearer ${KEY}x` },
      { authorization: `Basic ${btoa(`user:${KEY}`)}` },
      { 'x-api-key': '' },
    ]) {
      const res = await call(router, '/api/v1/clientes/7', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
    }
    expect(engine.requests).toHaveLength(0);
  });

  it('checks keys before validating input, so anonymous callers learn nothing', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    expect((await call(router, '/api/v1/clientes/abc', { headers: {} })).status).toBe(401);
  });

  it('serves /openapi.json without a key by default, and behind auth when asked', async () => {
    const { client } = engineClient();
    const open = createCampsoftRouter({ client, apiKeys: keys });
    expect((await call(open, '/api/v1/openapi.json', { headers: {} })).status).toBe(200);
    const closed = createCampsoftRouter({ client, apiKeys: keys, openapi: 'authenticated' });
    expect((await call(closed, '/api/v1/openapi.json', { headers: {} })).status).toBe(401);
    expect((await call(closed, '/api/v1/openapi.json')).status).toBe(200);
  });

  it('refuses unsafe configurations at creation', () => {
    const { client } = engineClient();
    expect(() => createCampsoftRouter({ client })).toThrow(/apiKeys or an authenticate hook/);
    expect(() =>
      createCampsoftRouter({ client, apiKeys: [{ key: 'short', tenants: '*' }] }),
    ).toThrow(/at least 16 characters/);
    expect(() => createCampsoftRouter({ client, apiKeys: [...keys, ...keys] })).toThrow(/repeats/);
    expect(() => createCampsoftRouter({ apiKeys: keys })).toThrow(/client/);
    expect(() => createCampsoftRouter({ client, tenants: { a: client }, apiKeys: keys })).toThrow(
      /not both/,
    );
    expect(() => createCampsoftRouter({ client, apiKeys: keys, defaultPageSize: 1000 })).toThrow(
      /defaultPageSize/,
    );
  });
});

describe('authenticate hook', () => {
  it('is used when no API key matched, and sees the request', async () => {
    const { client } = engineClient();
    const authenticate = vi.fn(async (req: { headers: Record<string, unknown> }) =>
      req.headers['x-forwarded-client-cert'] === 'CN=campsoft'
        ? { tenants: '*' as const, name: 'mtls' }
        : null,
    );
    const router = createCampsoftRouter({ client, apiKeys: keys, authenticate });
    const ok = await call(router, '/api/v1/planos', {
      headers: { 'x-forwarded-client-cert': 'CN=campsoft' },
    });
    expect(ok.status).toBe(200);
    expect(
      (await call(router, '/api/v1/planos', { headers: { 'x-forwarded-client-cert': 'CN=x' } }))
        .status,
    ).toBe(401);
    expect(authenticate).toHaveBeenCalledTimes(2);
    expect((await call(router, '/api/v1/planos')).status).toBe(200);
    expect(authenticate).toHaveBeenCalledTimes(2);
  });

  it('answers 500 (not 200) when the hook throws', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({
      client,
      authenticate: () => {
        throw new Error('jwks down');
      },
    });
    const res = await call(router, '/api/v1/planos', { headers: {} });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toMatch(/jwks/);
  });
});

describe('allowUnauthenticated', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('serves without a key and warns once, through the logger', async () => {
    const { client } = engineClient();
    const warn = vi.fn();
    const logger: RouterLogger = { info: vi.fn(), warn, error: vi.fn() };
    const router = createCampsoftRouter({ client, allowUnauthenticated: true, logger });
    expect((await call(router, '/api/v1/planos', { headers: {} })).status).toBe(200);
    expect((await call(router, '/api/v1/clientes/7', { headers: {} })).status).toBe(200);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toMatch(/authentication is OFF/);
  });

  it('warns on the console when there is no logger', () => {
    const { client } = engineClient();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createCampsoftRouter({ client, allowUnauthenticated: true });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/authentication is OFF/));
  });
});

describe('logging', () => {
  it('logs request id, operation, key name, tenant, route template, status and duration, and no personal data', async () => {
    const { client } = engineClient();
    const lines: unknown[] = [];
    const push = (obj: object) => lines.push(obj);
    const router = createCampsoftRouter({
      client,
      apiKeys: keys,
      logger: { info: push, warn: push, error: push },
    });
    const res = await call(router, '/api/v1/clientes/7', {
      headers: { authorization: `Bearer ${KEY}`, 'x-request-id': 'req-1' },
    });
    const body = await json(res);
    expect(lines).toEqual([
      {
        requestId: 'req-1',
        operation: 'getCliente',
        keyName: 'apiKeys[0]',
        tenant: 'default',
        method: 'GET',
        route: '/api/v1/clientes/{id}',
        status: 200,
        durationMs: expect.any(Number),
      },
    ]);
    const logged = JSON.stringify(lines);
    for (const value of [body.data.nome, body.data.cnpjCpf, body.data.email, KEY]) {
      expect(logged).not.toContain(value);
    }
  });
});
