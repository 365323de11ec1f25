/**
 * The route table: templates compiled once (literal segments before parameters), 405 with
 * the path's own methods, one configuration error class for every mistake, errors mapped by
 * class, the per-key rate limit on an injected clock, and an OpenAPI document generated for
 * a route with path, query and body.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IxcValidationError, isIxcCampsoftError } from '../../src/index.js';
import {
  createCampsoftRouter,
  defineRoute,
  isRouterConfigurationError,
} from '../../src/router/index.js';
import {
  ADMIN_JSON,
  AUTH,
  call,
  ECHO_ROUTES,
  engineClient,
  json,
  KEY,
  TEST_KEYS,
} from './helpers.js';

const plain = (operationId: string, path: string, extra: object = {}) =>
  defineRoute({
    operationId,
    method: 'GET',
    path,
    scope: 'read',
    ixc: false,
    tenant: false,
    summary: operationId,
    responses: { 200: { description: 'ok' } },
    handler: ({ params }) => ({ data: { operationId, params } }),
    ...extra,
  });

function routerWith(
  routes: Parameters<typeof defineRoute>[0][] | ReturnType<typeof defineRoute>[],
  extra = {},
) {
  const { client } = engineClient();
  return createCampsoftRouter({ client, apiKeys: TEST_KEYS, routes, ...extra });
}

function configError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(isRouterConfigurationError(error), String(error)).toBe(true);
    expect(isIxcCampsoftError(error)).toBe(true);
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('matching', () => {
  it('prefers literal segments to parameters, wherever they are declared', async () => {
    const router = routerWith([
      plain('byParam', '/t/{a}/x', { params: z.object({ a: z.string() }) }),
      plain('literal', '/t/fixed/x'),
    ]);
    expect((await json(await call(router, '/api/v1/t/fixed/x'))).data.operationId).toBe('literal');
    const other = await json(await call(router, '/api/v1/t/other%20one/x'));
    expect(other.data).toEqual({ operationId: 'byParam', params: { a: 'other one' } });
    expect(await router.handle({ method: 'GET', url: '/api/v1/t//x', headers: AUTH })).toBeNull();
    expect(
      await router.handle({ method: 'GET', url: '/api/v1/t/a/x/y', headers: AUTH }),
    ).toBeNull();
  });

  it('answers 405 with the Allow of the path, in a fixed order', async () => {
    const router = routerWith(ECHO_ROUTES);
    const res = await call(router, '/api/v1/echo/1', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST, PATCH, DELETE');
    expect((await json(res)).detail).toBe('Use POST, PATCH, DELETE on this path.');
  });

  it('refuses inconsistent tables at creation', () => {
    const p = z.object({ id: z.string() });
    expect(configError(() => routerWith([plain('a', '/x'), plain('a', '/y')])).message).toMatch(
      /Two routes are named a/,
    );
    expect(configError(() => routerWith([plain('a', '/x'), plain('b', '/x')])).message).toMatch(
      /Two routes answer GET \/x/,
    );
    expect(configError(() => routerWith([plain('a', '/x/{id}')])).message).toMatch(
      /params must declare exactly id/,
    );
    expect(
      configError(() =>
        routerWith([
          plain('a', '/x/{id}', { params: p }),
          plain('b', '/x/{cid}', { method: 'POST', params: z.object({ cid: z.string() }) }),
        ]),
      ).message,
    ).toMatch(/name their parameters differently/);
    expect(configError(() => routerWith([plain('a', 'x')])).message).toMatch(/must start with/);
    expect(configError(() => routerWith([plain('a', '/planos')])).message).toMatch(
      /Two routes answer/,
    );
  });

  it('throws the same error class for every option mistake', () => {
    const { client } = engineClient();
    const keys = [{ key: KEY, tenants: '*' as const }];
    for (const options of [
      { client },
      { client, apiKeys: [{ key: 'short', tenants: '*' as const }] },
      { client, apiKeys: keys, defaultPageSize: 0 },
      { client, apiKeys: keys, bodyLimit: -1 },
      { client, apiKeys: keys, rateLimit: { requestsPerMinute: 0 } },
      { client, apiKeys: keys, basePath: '/a?b' },
      { apiKeys: keys },
    ]) {
      configError(() => createCampsoftRouter(options as never));
    }
  });
});

describe('errors by class', () => {
  const failing = (source: 'input' | 'ixc') =>
    plain(`fail-${source}`, `/fail/${source}`, {
      handler: () => {
        throw new IxcValidationError(
          'bad',
          [{ path: 'produtoId', message: 'is unknown' }],
          {},
          source,
        );
      },
    });

  it("the caller's bad input is a 400 with its issues; IXC's bad data is a 502", async () => {
    const router = routerWith([failing('input'), failing('ixc')]);
    const input = await call(router, '/api/v1/fail/input');
    expect(input.status).toBe(400);
    expect((await json(input)).errors).toEqual([{ path: 'produtoId', message: 'is unknown' }]);
    const data = await call(router, '/api/v1/fail/ixc');
    expect(data.status).toBe(502);
    expect((await json(data)).detail).toMatch(/does not fit the expected schema/);
  });
});

describe('rate limit', () => {
  it('gives each key its own bucket per minute, refilled on the injected clock, with Retry-After', async () => {
    let now = 1_000_000;
    const router = routerWith([], { rateLimit: { requestsPerMinute: 3 }, now: () => now });
    const other = { headers: ADMIN_JSON };
    for (let i = 0; i < 3; i++) expect((await call(router, '/api/v1/me')).status).toBe(200);
    const limited = await call(router, '/api/v1/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect((await json(limited)).type).toBe('urn:ixc-campsoft:problem:too-many-requests');
    // Another key is not affected.
    expect((await call(router, '/api/v1/me', other)).status).toBe(200);
    now += 19_000;
    expect((await call(router, '/api/v1/me')).headers.get('retry-after')).toBe('1');
    now += 1_000;
    expect((await call(router, '/api/v1/me')).status).toBe(200);
    expect((await call(router, '/api/v1/me')).status).toBe(429);
    // A long pause refills at most a minute's worth.
    now += 3_600_000;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(router, '/api/v1/me')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('does not count requests without a valid key, and is documented as 429', async () => {
    const router = routerWith([], { rateLimit: { requestsPerMinute: 1 }, now: () => 0 });
    for (let i = 0; i < 3; i++) {
      expect((await call(router, '/api/v1/me', { headers: {} })).status).toBe(401);
    }
    expect((await call(router, '/api/v1/me')).status).toBe(200);
    const doc = router.openapi() as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
    expect(Object.keys(doc.paths['/api/v1/me']!.get!.responses)).toContain('429');
  });
});

describe('OpenAPI from the table', () => {
  type Op = {
    operationId: string;
    parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
    requestBody?: {
      required: boolean;
      content: Record<string, { schema: Record<string, unknown> }>;
    };
    responses: Record<string, unknown>;
    security: Record<string, string[]>[];
  };

  it('documents a route with path, query and body, and the document is valid OpenAPI 3.1', async () => {
    const router = routerWith(ECHO_ROUTES, { rateLimit: { requestsPerMinute: 60 } });
    const doc = router.openapi() as { paths: Record<string, Record<string, Op>> };
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    const echo = doc.paths['/api/v1/echo/{id}']!;
    expect(Object.keys(echo)).toEqual(['post', 'patch', 'delete']);
    const create = echo.post!;
    expect(create.operationId).toBe('createEcho');
    expect(create.parameters).toEqual([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'Echo id.',
        schema: expect.objectContaining({ type: 'integer', minimum: 1 }),
      },
      {
        name: 'dryRun',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['0', '1'] },
      },
    ]);
    expect(create.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: expect.objectContaining({
            type: 'object',
            required: ['nome'],
            additionalProperties: false,
          }),
        },
      },
    });
    expect(Object.keys(create.responses).sort()).toEqual(
      ['201', '400', '401', '403', '413', '415', '429'].sort(),
    );
    expect(create.security).toEqual([
      { bearerAuth: ['svas:write'] },
      { apiKeyHeader: ['svas:write'] },
    ]);
    expect(echo.delete!.requestBody).toBeUndefined();
  });

  it('leaves /openapi.json out of its own document and ignores its query', async () => {
    const router = routerWith([]);
    const doc = router.openapi() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/openapi.json');
    expect((await call(router, '/api/v1/openapi.json?v=2', { headers: {} })).status).toBe(200);
  });
});
