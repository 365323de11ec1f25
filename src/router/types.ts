/**
 * The shapes the router core speaks. Adapters turn a host's request into a
 * {@link RouterRequest} and write the {@link RouterResponse} back, so the core never sees a
 * framework object.
 */
import type { IxcCampsoftClient } from '../client/client.js';
import type { Cliente } from '../schemas/domain/cliente.js';
import type { AnyRouteDef, RouterServices } from './table.js';

/** Request headers as Node exposes them: lower-case names, a string or a list per name. */
export type RouterHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What the core needs from a request. */
export interface RouterRequest {
  /** HTTP verb, upper-case. */
  method: string;
  /**
   * Path and query exactly as on the request line (`/api/v1/clientes/7?x=1`). With Express
   * this is `req.originalUrl`: the full path, mount path included.
   */
  url: string;
  /** Lower-case header names. */
  headers: RouterHeaders;
  /** Aborted when the caller goes away; the IXC request in flight is then cancelled. */
  signal?: AbortSignal | undefined;
  /**
   * The request body, for routes that take one. Adapters set it; the core reads it only for
   * a route with a body schema, after authentication.
   */
  body?: RouterBody | undefined;
}

/**
 * Where the core finds a request body: a value the host's body parser already produced
 * (Express `express.json()`, Nest, Koa body parsers: `parsed`), or a reader of the raw
 * bytes that stops at `limit` (resolving `null` when the body is longer).
 */
export type RouterBody =
  | { readonly parsed: unknown }
  | {
      read(limit: number): Promise<Uint8Array | null>;
      /**
       * True when the host knows a body was sent even without `Content-Length` or
       * `Transfer-Encoding` headers (a fetch `Request` whose `body` is not null).
       */
      readonly present?: boolean;
    };

/** What the core answers. Adapters write it as is. */
export interface RouterResponse {
  status: number;
  /** Lower-case header names, one value each. */
  headers: Record<string, string>;
  /** JSON text, or `''` for 304, HEAD and a caller that went away (499). */
  body: string;
}

/** Who a request is from, as found by an API key or the `authenticate` hook. */
export interface Principal {
  /** The tenants this caller may use; `'*'` for every tenant. */
  tenants: readonly string[] | '*';
  /**
   * A label for logs and `GET /me` (never the key itself). Defaults to `apiKeys[<index>]` for
   * a key and `'authenticated'` for the hook.
   */
  name?: string;
  /**
   * Scopes held (`read`, `svas:write`, `webhooks:admin`, `audit:read`, `documentos:read`), or
   * `['*']` for all. @defaultValue `['read']`
   */
  scopes?: readonly string[];
}

/** One API key and what it may do. */
export interface ApiKey extends Principal {
  /** The secret the caller sends as `Authorization: Bearer <key>` or `x-api-key: <key>`. */
  key: string;
}

/** Options of the per-key rate limit. */
export interface RateLimitOptions {
  /**
   * Requests each key (by name) may make per minute, refilled continuously; a key may spend
   * a whole minute's worth at once. Counted per router instance (per process), not shared.
   */
  requestsPerMinute: number;
}

/** A pino-compatible logger: the router only calls these three methods. */
export interface RouterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Field names of {@link Cliente}, for the `clienteFields` allow-list. */
export type ClienteField = keyof Cliente;

/** `Cache-Control` values per kind of answer. */
export interface CacheControlOptions {
  /** For `/planos` (no personal data). @defaultValue `'private, max-age=30'` */
  planos?: string;
  /** For customer data: `/clientes/…`. @defaultValue `'private, no-cache'` */
  clientes?: string;
  /** For `/openapi.json`. @defaultValue `'public, max-age=300'` */
  openapi?: string;
}

/**
 * Options of {@link createCampsoftRouter}. Give `client` for one IXC, or `tenants` for
 * several; and `apiKeys`, `authenticate`, or an explicit `allowUnauthenticated: true`.
 */
export interface CampsoftRouterOptions {
  /** The IXC client of a single-tenant router. */
  client?: IxcCampsoftClient;
  /** One IXC client per tenant (ISP), keyed by tenant id. */
  tenants?: Readonly<Record<string, IxcCampsoftClient>>;
  /** Full public path the endpoints live under. @defaultValue `'/api/v1'` */
  basePath?: string;
  /** Accepted API keys, each bound to its tenants. */
  apiKeys?: readonly ApiKey[];
  /**
   * Another way to authenticate (JWT, mTLS header set by a proxy…). Called when no API key
   * matched; return `null` for 401.
   */
  authenticate?: (request: RouterRequest) => Principal | null | Promise<Principal | null>;
  /** Serve without authentication. Logs a warning once. @defaultValue false */
  allowUnauthenticated?: boolean;
  /** Header that names the tenant of a multi-tenant request. @defaultValue `'x-campsoft-tenant'` */
  tenantHeader?: string;
  /**
   * Mask CPF/CNPJ (and a person's RG) in every customer the router returns.
   * @defaultValue false
   */
  maskDocuments?: boolean;
  /** Only these fields of each customer are returned (`id` always is). */
  clienteFields?: readonly ClienteField[];
  /** Page size when the caller gives none, 1–500. @defaultValue 100 */
  defaultPageSize?: number;
  /** `Cache-Control` per kind of answer. */
  cacheControl?: CacheControlOptions;
  /** Serve `/openapi.json`: `'public'`, behind auth, or not at all. @defaultValue `'public'` */
  openapi?: 'public' | 'authenticated' | false;
  /** Receives one line per request (request id, key name, tenant, route, status, duration). */
  logger?: RouterLogger;
  /** Largest JSON body accepted, in bytes; longer ones get 413. @defaultValue 1048576 (1 MiB) */
  bodyLimit?: number;
  /** A per-key token bucket; over it, 429 with `Retry-After`. Off by default. */
  rateLimit?: RateLimitOptions;
  /** Clock of the rate limit, in milliseconds. @defaultValue `Date.now` */
  now?: () => number;
  /** Shared objects handed to every route handler as `ctx.services` (a store, webhooks…). */
  services?: RouterServices;
  /** Routes served in addition to the built-in table (made with `defineRoute`). */
  routes?: readonly AnyRouteDef[];
  /**
   * Serve the web console too: `true` at `/console/` (a path from the host's root, not
   * under `basePath`), or `{ path, dir }`. Answers are not compressed here; `serve` and
   * `consoleHandler` used directly gzip them. @defaultValue false
   */
  console?: boolean | { path?: string; dir?: string };
}

/**
 * A framework-neutral router for the Campsoft endpoints, made by `createCampsoftRouter`.
 *
 * @example
 * ```ts
 * const res = await router.fetch(new Request('http://x/api/v1/clientes/7', {
 *   headers: { authorization: `Bearer ${key}` },
 * }));
 * const answer = await router.handle({ method: 'GET', url: '/api/v1/planos', headers: {} });
 * // answer: { status: 401, headers: {...}, body: '{"type":"urn:ixc-campsoft:problem:unauthorized",...}' }
 * ```
 */
export interface CampsoftRouter {
  /** The full path the endpoints live under, without a trailing slash (`''` for the root). */
  readonly basePath: string;
  /**
   * Answers a request, or returns `null` when the path is not the router's, so the host can
   * pass it on. Never throws.
   */
  handle(request: RouterRequest): Promise<RouterResponse | null>;
  /**
   * `fetch`-style entry for Hono, Bun, Deno, Workers and Next route handlers. A path the
   * router does not own gets a 404 problem. Bound: pass it around as a plain function.
   */
  fetch: (request: Request) => Promise<Response>;
  /** Like {@link CampsoftRouter.fetch}, but `null` for a path the router does not own. */
  fetchOrNull: (request: Request) => Promise<Response | null>;
  /** The OpenAPI 3.1 document of this router (base path, fields and auth included). */
  openapi(): Record<string, unknown>;
}
