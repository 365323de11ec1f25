/**
 * Every error is RFC 9457 problem+json with the right status, and none carries a stack, a
 * token, a password or IXC's HTML.
 */
import { describe, expect, it } from 'vitest';
import { IxcCampsoftClient } from '../../src/index.js';
import { createCampsoftRouter, type RouterLogger } from '../../src/router/index.js';
import { AUTH, call, engineClient, KEY } from './helpers.js';

const keys = [{ key: KEY, tenants: '*' as const }];

async function expectProblem(res: Response, status: number, kind: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const text = await res.text();
  const body = JSON.parse(text);
  expect(body).toMatchObject({
    type: `urn:ixc-campsoft:problem:${kind}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.stringMatching(/^\/api\/v1\//),
    requestId: res.headers.get('x-request-id'),
  });
  expect(text).not.toMatch(/\bat .+:\d+:\d+|<div|<br|<html|senha|password/i);
  return { body, text };
}

describe('400: malformed ids and queries, before any IXC request', () => {
  const cases: [string, RegExp][] = [
    ['/api/v1/clientes/abc', /path\.id: must be a positive integer/],
    ['/api/v1/clientes/0', /path\.id: must be a positive integer/],
    ['/api/v1/clientes/-7', /path\.id/],
    ['/api/v1/clientes/1234567890123456', /path\.id/],
    ['/api/v1/clientes/7%2F1/produtos', /path\.id/],
    ['/api/v1/clientes/%E0%A4%A/produtos', /percent-encoding/],
    ['/api/v1/clientes/7?expand=all', /unknown parameter expand \(this route takes none\)/],
    ['/api/v1/planos?pageSize=501', /query\.pageSize: must be at most 500/],
    ['/api/v1/planos?pageSize=0', /query\.pageSize: must be at least 1/],
    ['/api/v1/planos?page=x', /query\.page: must be a positive integer/],
    ['/api/v1/planos?page=1&page=2', /query\.page: give this parameter once/],
    ['/api/v1/planos?ativo=sim', /query\.ativo: must be true or false/],
    ['/api/v1/planos?plano=3', /unknown parameter plano \(accepted: page, pageSize, ativo\)/],
    ['/api/v1/clientes/planos?planoId=tres', /query\.planoId: must be a positive integer/],
    ['/api/v1/clientes/planos?planoId=', /query\.planoId/],
    ['/api/v1/clientes/planos?status=cancelado', /unknown status "cancelado"/],
  ];
  it.each(cases)('%s', async (path, detail) => {
    const { client, engine } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    engine.clearRequests();
    const { body } = await expectProblem(await call(router, path), 400, 'invalid-request');
    expect(body.detail).toMatch(detail);
    expect(body.errors[0]).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(engine.requests).toHaveLength(0);
  });
});

describe('upstream failures', () => {
  it('404 for an unknown customer, on both customer routes', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    for (const path of ['/api/v1/clientes/424242', '/api/v1/clientes/424242/produtos']) {
      const { body } = await expectProblem(await call(router, path), 404, 'not-found');
      expect(body.detail).toBe('IXC has no customer with id 424242.');
    }
  });

  it('502 when IXC answers its HTML error page, without echoing the HTML', async () => {
    const { client, engine } = engineClient();
    engine.faults.add({ table: 'cliente', html: { message: 'Erro <b>interno</b> no banco' } });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { text } = await expectProblem(
      await call(router, '/api/v1/clientes/7'),
      502,
      'bad-gateway',
    );
    expect(text).not.toMatch(/interno|banco/);
  });

  it('502 when IXC answers {"type":"error"} on HTTP 200', async () => {
    const { client, engine } = engineClient();
    engine.faults.add({ ixcError: 'Usuário sem permissão<br />para a tabela' });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { text } = await expectProblem(await call(router, '/api/v1/planos'), 502, 'bad-gateway');
    expect(text).not.toMatch(/sem permiss|tabela/);
  });

  it('502 with Retry-After when IXC is rate limiting', async () => {
    const { client, engine } = engineClient();
    engine.faults.add({ status: 429, retryAfter: 7 });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const res = await call(router, '/api/v1/planos');
    await expectProblem(res, 502, 'bad-gateway');
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('502 when IXC cannot be reached, without naming the host or the token', async () => {
    const client = new IxcCampsoftClient({
      baseUrl: 'http://127.0.0.1:9',
      token: '12:secret-token-value',
      maxRetries: 0,
    });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { text } = await expectProblem(await call(router, '/api/v1/planos'), 502, 'bad-gateway');
    expect(text).not.toMatch(/secret-token-value|127\.0\.0\.1|ECONNREFUSED/);
  });

  it('502 when an IXC row does not fit its schema (not a 400: the caller did nothing wrong)', async () => {
    const { client, engine } = engineClient();
    engine.faults.add({
      table: 'cliente',
      status: 200,
      body: '{"page":"1","total":"1","registros":[{"id":"abc","razao":"X"}]}',
    });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { body } = await expectProblem(
      await call(router, '/api/v1/clientes/7'),
      502,
      'bad-gateway',
    );
    expect(body.detail).toMatch(/does not fit the expected schema/);
  });

  it('504 when IXC does not answer in time', async () => {
    const { client, engine } = engineClient({ timeout: 100 });
    engine.faults.add({ table: 'vd_contratos', hang: true });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { body } = await expectProblem(
      await call(router, '/api/v1/planos'),
      504,
      'gateway-timeout',
    );
    expect(body.detail).toMatch(/100 ms/);
  });

  it('503 with Retry-After when the client request queue stays full, and IXC is not asked', async () => {
    const { client, engine } = engineClient({ maxConcurrency: 1, queueTimeout: 50 });
    // The one slot is held by a read that never ends: the next read waits, then gives up.
    engine.faults.add({ table: 'vd_contratos', hang: true });
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const holder = new AbortController();
    const held = client.listPlanos({ signal: holder.signal }).catch(() => null);
    engine.clearRequests();
    const res = await call(router, '/api/v1/clientes/7');
    const { body } = await expectProblem(res, 503, 'service-unavailable');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(body.detail).toMatch(/maxConcurrency 1/);
    expect(engine.requests.filter((r) => r.table === 'cliente')).toHaveLength(0);
    holder.abort();
    await held;
  });

  it('500 with a generic detail for a bug, and the stack only in the error log', async () => {
    const { client } = engineClient();
    client.getCliente = () => {
      throw new TypeError('cannot read x of undefined (cpf 123.456.789-09)');
    };
    const lines: { level: string; obj: Record<string, unknown> }[] = [];
    const logger: RouterLogger = {
      info: (obj) => lines.push({ level: 'info', obj: obj as Record<string, unknown> }),
      warn: (obj) => lines.push({ level: 'warn', obj: obj as Record<string, unknown> }),
      error: (obj) => lines.push({ level: 'error', obj: obj as Record<string, unknown> }),
    };
    const router = createCampsoftRouter({ client, apiKeys: keys, logger });
    const { body, text } = await expectProblem(
      await call(router, '/api/v1/clientes/7'),
      500,
      'internal',
    );
    expect(body.detail).toBe('The server could not answer this request.');
    expect(text).not.toMatch(/TypeError|cpf/);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('error');
    expect(lines[0]?.obj.err).toMatchObject({ name: 'TypeError', stack: expect.any(String) });
  });
});

describe('auth and method problems', () => {
  it('401 with WWW-Authenticate', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const res = await call(router, '/api/v1/planos', { headers: {} });
    await expectProblem(res, 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="campsoft"');
  });

  it('405 for a write on a read-only path, even with a body', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const res = await call(router, '/api/v1/clientes/7/produtos', {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: '{"nome":"x"}',
    });
    await expectProblem(res, 405, 'method-not-allowed');
  });
});
