/**
 * Router tests run without sockets: the IXC client talks to the simulator engine's fetch
 * face, and requests reach the router through `router.fetch(new Request(...))`.
 */
import { z } from 'zod';
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../src/index.js';
import { type CampsoftRouter, defineRoute } from '../../src/router/index.js';
import { IdSchema, single } from '../../src/router/query.js';
import { createIxcEngine, type IxcEngine, type IxcEngineOptions } from '../../src/testing/index.js';

/** A key bound to every tenant. */
export const KEY = 'router-test-key-0123456789';
/** Authorization header for {@link KEY}. */
export const AUTH = { authorization: `Bearer ${KEY}` };

/** Upstream calls seen by a client, with their signals, to check abort propagation. */
export interface UpstreamLog {
  signals: AbortSignal[];
}

/** An engine and a client wired to its fetch face. */
export function engineClient(
  options: {
    engine?: IxcEngine;
    engineOptions?: IxcEngineOptions;
  } & Partial<IxcCampsoftClientOptions> = {},
): { engine: IxcEngine; client: IxcCampsoftClient; upstream: UpstreamLog } {
  const { engine: given, engineOptions, ...clientOptions } = options;
  const engine = given ?? createIxcEngine(engineOptions);
  const upstream: UpstreamLog = { signals: [] };
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    maxRetries: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      upstream.signals.push(request.signal);
      return engine.fetch(request);
    },
    ...clientOptions,
  });
  return { engine, client, upstream };
}

/** Calls the router like a fetch host would. */
export function call(
  router: CampsoftRouter,
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  return router.fetch(new Request(`http://host.test${path}`, { headers: AUTH, ...init }));
}

/** Reads a JSON body; tests index into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types.
export async function json<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A key holding every scope, for routes that need more than `read`. */
export const ADMIN_KEY = 'router-test-admin-key-0123456789';

/** Keys of the test routers: {@link KEY} (no scopes given: `read`) and {@link ADMIN_KEY} (`*`). */
export const TEST_KEYS = [
  { key: KEY, tenants: '*' as const, name: 'reader' },
  { key: ADMIN_KEY, tenants: '*' as const, name: 'admin', scopes: ['*'] },
];

const EchoBody = z.strictObject({
  nome: z.string().min(1, 'must not be empty'),
  valor: z.number().positive().optional(),
});
const EchoParams = z.object({ id: IdSchema.describe('Echo id.') });

/**
 * Test-only routes with bodies, registered through the router's `routes` option: they echo
 * what the core parsed, so a test sees exactly what a handler would get.
 */
export const ECHO_ROUTES = [
  defineRoute({
    operationId: 'createEcho',
    method: 'POST',
    path: '/echo/{id}',
    params: EchoParams,
    query: z.strictObject({ dryRun: single(z.enum(['0', '1'])).optional() }),
    body: EchoBody,
    scope: 'svas:write',
    ixc: false,
    summary: 'Echo a body',
    tags: ['test'],
    responses: {
      201: {
        description: 'What the handler received.',
        schema: z.object({ data: z.object({ id: z.number(), nome: z.string() }).loose() }),
      },
    },
    handler: ({ params, query, body, principal, tenant }) => ({
      status: 201,
      headers: { location: `/echo/${params.id}` },
      data: { id: params.id, ...body, dryRun: query.dryRun === '1', key: principal.name, tenant },
    }),
  }),
  defineRoute({
    operationId: 'updateEcho',
    method: 'PATCH',
    path: '/echo/{id}',
    params: EchoParams,
    body: EchoBody.partial(),
    scope: 'svas:write',
    ixc: false,
    summary: 'Patch an echo',
    responses: { 200: { description: 'What the handler received.' } },
    handler: ({ params, body }) => ({ data: { id: params.id, patch: body } }),
  }),
  defineRoute({
    operationId: 'deleteEcho',
    method: 'DELETE',
    path: '/echo/{id}',
    params: EchoParams,
    scope: 'svas:write',
    ixc: false,
    summary: 'Delete an echo',
    responses: { 200: { description: 'Deleted.' } },
    handler: ({ params }) => ({ data: { id: params.id, deleted: true } }),
  }),
];

/** Headers of a JSON write by {@link ADMIN_KEY}. */
export const ADMIN_JSON = {
  authorization: `Bearer ${ADMIN_KEY}`,
  'content-type': 'application/json',
};
