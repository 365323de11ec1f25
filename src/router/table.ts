/**
 * The route table's vocabulary. Every endpoint of the router is one {@link RouteDef}: its
 * method and path template, the zod schemas of its path parameters, query and JSON body, the
 * scope a key needs, how its answer may be cached, its documentation, and its handler.
 * Matching, 405 with `Allow`, input validation into 400 field errors, the log line's names
 * and the OpenAPI document are all derived from these entries, so adding an endpoint is one
 * entry and a handler (see `route-list.ts`).
 */
import type { z } from 'zod';
import type { IxcCampsoftClient } from '../client/client.js';
import type { CallOptions } from '../ixc/call-options.js';
import type { ClienteView } from './mask.js';
import type { RouterHeaders, RouterLogger } from './types.js';

/**
 * Scopes an API key can hold. `read` covers the reads; `documentos:read` lifts document
 * masking for its holder when `maskDocuments` is on; `'*'` (on a key) holds every scope.
 */
export const SCOPES = [
  'read',
  'svas:write',
  'webhooks:admin',
  'audit:read',
  'documentos:read',
] as const;

/** One scope name. */
export type Scope = (typeof SCOPES)[number];

/**
 * Who may call a route: a key holding a {@link Scope}, any valid key (`'authenticated'`), or
 * anyone (`'public'`, no key read at all).
 */
export type RouteAccess = Scope | 'authenticated' | 'public';

/** HTTP methods a route can answer. `HEAD` is served by the `GET` route of a path. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How an answer may be cached. `'planos'`, `'clientes'` and `'openapi'` take
 * `Cache-Control` from the router's `cacheControl` option of that name and carry a weak
 * ETag (a matching `If-None-Match` gets 304); `'no-store'` sends `Cache-Control: no-store`
 * and no ETag. Defaults: `'clientes'` for `GET`, `'no-store'` for the others.
 */
export type CachePolicy = 'planos' | 'clientes' | 'openapi' | 'no-store';

/** The caller of a request, as a handler sees it. */
export interface RoutePrincipal {
  /** The key's name (or the `authenticate` hook's), for logs and `/me`. Never the key. */
  readonly name: string;
  /** Scopes held; `['*']` means every scope. */
  readonly scopes: readonly string[];
  /** Tenants this caller may use; `'*'` for every tenant. */
  readonly tenants: readonly string[] | '*';
}

/**
 * Shared objects handed to every handler (a store, a webhook dispatcher…), given as the
 * router's `services` option. Modules that need one declare it by merging this interface:
 *
 * ```ts
 * declare module './table.js' { interface RouterServices { store?: CampsoftStore } }
 * ```
 */
export interface RouterServices {
  [name: string]: unknown;
}

/**
 * The router options a route's schemas may depend on (a `query` given as a function of
 * them is built once per router).
 */
export interface RouteOptions {
  /** Page size when the caller gives none. */
  readonly defaultPageSize: number;
}

/**
 * @deprecated Renamed {@link RouteOptions}: the router and the client both say "options".
 */
export type RouteSettings = RouteOptions;

/** What a handler receives. */
export interface RouteContext<P = unknown, Q = unknown, B = unknown> {
  /** The IXC client of the request's tenant. Throws on a route declared `tenant: false`. */
  readonly client: IxcCampsoftClient;
  /** The tenant id (`'default'` on a single-tenant router); `undefined` with `tenant: false`. */
  readonly tenant: string | undefined;
  readonly principal: RoutePrincipal;
  /** Path parameters after their schema (decoded, typed). */
  readonly params: P;
  /** Query after its schema. */
  readonly query: Q;
  /** JSON body after its schema; `undefined` for routes without a body schema. */
  readonly body: B;
  /** Request headers, lower-case names. */
  readonly headers: RouterHeaders;
  /** Aborted when the caller goes away; pass it to every client call. */
  readonly signal: AbortSignal | undefined;
  /**
   * Per-call options for client methods carrying {@link RouteContext.signal}, which is then
   * made only if the client sends IXC a request (not for an answer from its cache):
   * `client.getCliente(id, call)`. Spreading it (`{ ...call }`) reads the signal at once.
   */
  readonly call: CallOptions;
  /** Applies the router's masking and field allow-list (and the caller's `documentos:read`). */
  readonly view: ClienteView;
  readonly requestId: string;
  /** The request's path (with the base path, without the query), for problem `instance`. */
  readonly path: string;
  /** The router's `logger`, for handlers that log a line of their own (audit). */
  readonly logger: RouterLogger | undefined;
  readonly services: RouterServices;
}

/**
 * What a handler returns: `data` is sent as `{ "data": … }`, `payload` as is (for answers
 * with more than `data`, such as `{ data, paging }`). `status` defaults to 200.
 */
export type RouteAnswer = {
  status?: number;
  headers?: Record<string, string>;
} & ({ data: unknown; payload?: never } | { payload: unknown; data?: never });

/** One documented answer: a component id of the shared schemas, or a zod schema. */
export interface ResponseDoc {
  description: string;
  /** `'ClienteResponse'` (a component) or a zod schema of the whole JSON body. */
  schema?: string | z.ZodType;
}

/** A schema, or a function of the router's options that builds it (built once per router). */
export type SchemaSource<S extends z.ZodType> = S | ((options: RouteOptions) => S);

/**
 * One route. `P`, `Q` and `B` are the zod schemas of path parameters, query and body; the
 * handler receives their parsed output.
 */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  /** Unique name: the OpenAPI `operationId` and the `operation` of log lines. */
  operationId: string;
  method: RouteMethod;
  /** Template under the base path: `/clientes/{id}/svas/{contaId}`. Segments are exact. */
  path: string;
  /** An object schema with one string field per `{name}` of the template. */
  params?: P;
  /**
   * An object schema over the query, each field receiving its values as a `string[]` (a
   * parameter may be repeated). Use a strict object: unknown parameters then answer 400.
   * Without one, the route takes no query.
   */
  query?: SchemaSource<Q>;
  /** The JSON body's schema. Only routes with one read a body (`application/json` only). */
  body?: B;
  /** Scope the caller's key needs. */
  scope: RouteAccess;
  /** @defaultValue `'clientes'` for GET, `'no-store'` otherwise */
  cache?: CachePolicy;
  /** Whether the route reads a tenant's IXC (no tenant is chosen otherwise). @defaultValue true */
  tenant?: boolean;
  /** Whether the handler calls IXC (adds 502/504 to the document). @defaultValue true */
  ixc?: boolean;
  /** Leave the route out of the OpenAPI document. @defaultValue false */
  hidden?: boolean;
  summary: string;
  description?: string;
  tags?: readonly string[];
  /** Answers by status. Problem answers (400, 401, 403, 413, 415, 429, 502, 504) are added. */
  responses: Readonly<Record<number, ResponseDoc>>;
  handler(
    ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>,
  ): RouteAnswer | Promise<RouteAnswer>;
}

/** A route of any schemas, as route lists hold them. */
// biome-ignore lint/suspicious/noExplicitAny: lists hold routes of every schema; defineRoute keeps each one typed.
export type AnyRouteDef = RouteDef<any, any, any>;

/**
 * Declares a route, checking the handler against the schemas (the handler's `ctx.params`,
 * `ctx.query` and `ctx.body` are their parsed types).
 *
 * @example
 * ```ts
 * export const alterarSva = defineRoute({
 *   operationId: 'alterarSva',
 *   method: 'PATCH',
 *   path: '/clientes/{id}/svas/{contaId}',
 *   params: z.object({ id: IdSchema, contaId: IdSchema }),
 *   body: z.strictObject({ status: z.enum(['bloqueado', 'ativo']) }),
 *   scope: 'svas:write',
 *   summary: 'Block or unblock an SVA',
 *   tags: ['svas'],
 *   responses: { 200: { description: 'The SVA after the change.', schema: SvaResultResponse } },
 *   handler: async ({ client, params, body, signal }) => ({
 *     data:
 *       body.status === 'bloqueado'
 *         ? await client.bloquearSva(params.id, params.contaId, { signal })
 *         : await client.desbloquearSva(params.id, params.contaId, { signal }),
 *   }),
 * });
 * ```
 */
export function defineRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(route: RouteDef<P, Q, B>): AnyRouteDef {
  return route as AnyRouteDef;
}
