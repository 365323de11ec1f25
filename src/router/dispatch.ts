/**
 * One matched request through its route: auth (401) → rate limit (429) → scope (403) →
 * tenant (400/403/404) → path and query (400) → body (415/413/400) → handler → answer.
 * Input is checked after auth so that an anonymous caller learns nothing but "401", and a
 * body is read only for a caller allowed to send it.
 */
import { z } from 'zod';
import type { IxcCampsoftClient } from '../client/client.js';
import type { CallOptions } from '../ixc/call-options.js';
import { header, holds } from './auth.js';
import { readJsonBody } from './body.js';
import { RouterConfigurationError } from './errors.js';
import { jsonResponse, plainJsonResponse } from './etag.js';
import type { ClienteView } from './mask.js';
import type { ResolvedRouter } from './options.js';
import { type FieldError, fromError, type ProblemContext, problem } from './problem.js';
import { check, parseQuery } from './query.js';
import type {
  AnyRouteDef,
  CachePolicy,
  RouteAnswer,
  RouteContext,
  RoutePrincipal,
  RouterServices,
} from './table.js';
import type { RouterLogger, RouterRequest, RouterResponse } from './types.js';

/** A route with its per-router parts resolved (query schema built, cache policy chosen). */
export interface ReadyRoute {
  def: AnyRouteDef;
  /** Path parameters checked without zod (`null`: let zod word the error), when possible. */
  fastParams: ((raw: readonly string[]) => Record<string, number> | null) | undefined;
  query: z.ZodType | undefined;
  cache: CachePolicy;
}

/** What the log line needs to know of a request, filled in as it goes. */
export interface RequestFacts {
  principal: RoutePrincipal | undefined;
  tenant: string | undefined;
  error: unknown;
}

// A route without a query schema takes none: any parameter is a 400 naming it.
const NO_QUERY = z.strictObject({});

// Routes declared `tenant: false` have no client; touching it is a bug in the route.
const NO_CLIENT = new Proxy(
  {},
  {
    get() {
      throw new RouterConfigurationError('This route is declared tenant: false and has no client');
    },
  },
) as IxcCampsoftClient;

const EMPTY = Object.freeze({});

/** Percent-decodes path parameters by name, or lists those that are not valid encoding. */
function decodeParams(
  names: readonly string[],
  raw: readonly string[],
): Record<string, string> | FieldError[] {
  const out: Record<string, string> = {};
  let errors: FieldError[] | undefined;
  for (let i = 0; i < names.length; i++) {
    const value = raw[i]!;
    try {
      // Most ids carry no escape: skip the decoder for them.
      out[names[i]!] = value.includes('%') ? decodeURIComponent(value) : value;
    } catch {
      errors = errors ?? [];
      errors.push({ path: `path.${names[i]}`, message: 'is not valid percent-encoding' });
    }
  }
  return errors ?? out;
}

/** Runs a request through its route; never throws. */
export async function dispatch(
  s: ResolvedRouter,
  route: ReadyRoute,
  request: RouterRequest,
  names: readonly string[],
  raw: readonly string[],
  search: string,
  ctx: ProblemContext,
  facts: RequestFacts,
): Promise<RouterResponse> {
  const { def } = route;
  let handlerContext: Context | undefined;
  try {
    let principal: RoutePrincipal | null = null;
    if (def.scope !== 'public') {
      // API keys answer synchronously: awaiting only a hook's promise saves a microtask.
      const found = s.authenticate(request);
      principal = found instanceof Promise ? await found : found;
      if (!principal) {
        return problem(
          'unauthorized',
          'Send a valid API key as Authorization: Bearer <key> or x-api-key.',
          ctx,
          { headers: { 'www-authenticate': 'Bearer realm="campsoft"' } },
        );
      }
      facts.principal = principal;
      if (s.rateLimiter) {
        const wait = s.rateLimiter(principal.name);
        if (wait > 0) {
          return problem(
            'too-many-requests',
            `Too many requests for this key; retry in ${wait} s.`,
            ctx,
            {
              headers: { 'retry-after': String(wait) },
            },
          );
        }
      }
      if (def.scope !== 'authenticated' && !holds(principal, def.scope)) {
        return problem('forbidden', `This API key lacks the ${def.scope} scope.`, ctx);
      }
    }

    let client = NO_CLIENT;
    let tenant: string | undefined;
    if (def.tenant !== false) {
      const choice = s.tenants.choose(principal ?? ANYONE, request.headers);
      if (!choice.ok) {
        const kind =
          choice.status === 400
            ? 'invalid-request'
            : choice.status === 403
              ? 'forbidden'
              : 'not-found';
        return problem(kind, choice.detail, ctx);
      }
      client = choice.client;
      tenant = choice.id;
      facts.tenant = tenant;
    }

    // Allocated only for a request that has something wrong with it.
    let errors: FieldError[] | undefined;
    let params: unknown = EMPTY;
    const fast = def.params && route.fastParams?.(raw);
    if (fast) params = fast;
    else if (def.params) {
      const decoded = decodeParams(names, raw);
      if (Array.isArray(decoded)) errors = decoded;
      else {
        const p = check(def.params, decoded, 'path');
        if (p.ok) params = p.value;
        else errors = p.errors;
      }
    }
    let query: unknown = EMPTY;
    if (route.query || search !== '') {
      const q = parseQuery((route.query ?? NO_QUERY) as z.ZodObject, search);
      if (q.ok) query = q.value;
      else errors = errors ? [...errors, ...q.errors] : q.errors;
    }
    if (errors) {
      return problem('invalid-request', `${errors[0]!.path}: ${errors[0]!.message}`, ctx, {
        errors,
      });
    }

    let body: unknown;
    if (def.body) {
      const read = await readJsonBody(request, s.bodyLimit);
      if (!read.ok) {
        return problem(read.kind, read.detail, ctx, read.errors ? { errors: read.errors } : {});
      }
      const b = check(def.body, read.value, 'body');
      if (!b.ok) {
        return problem('invalid-request', `${b.errors[0]!.path}: ${b.errors[0]!.message}`, ctx, {
          errors: b.errors,
        });
      }
      body = b.value;
    }

    const view =
      s.maskDocuments && principal && holds(principal, 'documentos:read')
        ? s.documentsView
        : s.view;
    const context = new Context(
      client,
      tenant,
      principal ?? ANYONE,
      params,
      query,
      body,
      request,
      view,
      ctx,
      s,
    );
    handlerContext = context;
    const answer = await def.handler(context);
    return respond(s, route, answer, request, ctx.requestId);
  } catch (error) {
    // Only a signal the handler asked for can have been aborted by this caller.
    const mapped = fromError(error, ctx, handlerContext?.askedSignal);
    if (mapped.unexpected) facts.error = error;
    return mapped.response;
  }
}

/**
 * Per-call options for client methods whose `signal` is the request's, read only when the
 * client sends IXC a request: an answer from the client's cache, or a route that never
 * reaches IXC, then costs no `AbortController`.
 */
class DeferredCall implements CallOptions {
  readonly #context: Context;
  constructor(context: Context) {
    this.#context = context;
  }
  get signal(): AbortSignal | undefined {
    return this.#context.signal;
  }
}

/**
 * What a handler receives. A class, so that a request allocates one object with its
 * accessors on the prototype rather than a literal with a fresh getter closure.
 */
class Context implements RouteContext {
  readonly headers: RouterRequest['headers'];
  readonly requestId: string;
  readonly path: string;
  readonly logger: RouterLogger | undefined;
  readonly services: RouterServices;
  readonly #request: RouterRequest;
  #signal: AbortSignal | undefined;
  #asked = false;
  #call: DeferredCall | undefined;

  constructor(
    readonly client: IxcCampsoftClient,
    readonly tenant: string | undefined,
    readonly principal: RoutePrincipal,
    readonly params: unknown,
    readonly query: unknown,
    readonly body: unknown,
    request: RouterRequest,
    readonly view: ClienteView,
    ctx: ProblemContext,
    s: ResolvedRouter,
  ) {
    this.headers = request.headers;
    this.requestId = ctx.requestId;
    this.path = ctx.path;
    this.logger = s.logger;
    this.services = s.services;
    this.#request = request;
  }

  // Read on demand: a Node request makes its AbortController only when asked, so a
  // handler that never passes the signal on (`/me`, `/openapi.json`) costs none.
  get signal(): AbortSignal | undefined {
    if (!this.#asked) {
      this.#asked = true;
      this.#signal = this.#request.signal;
    }
    return this.#signal;
  }

  get call(): CallOptions {
    this.#call ??= new DeferredCall(this);
    return this.#call;
  }

  /** The signal if a handler asked for it, without making one. */
  get askedSignal(): AbortSignal | undefined {
    return this.#signal;
  }
}

/** The caller of a public route: no key, no scopes. */
const ANYONE: RoutePrincipal = Object.freeze({ name: 'public', scopes: [], tenants: [] });

function respond(
  s: ResolvedRouter,
  route: ReadyRoute,
  answer: RouteAnswer,
  request: RouterRequest,
  requestId: string,
): RouterResponse {
  const payload = 'payload' in answer ? answer.payload : { data: answer.data };
  const status = answer.status ?? 200;
  const response =
    route.cache !== 'no-store' && status === 200
      ? jsonResponse(payload, {
          method: request.method,
          ifNoneMatch: header(request.headers, 'if-none-match'),
          cacheControl: s.cache[route.cache],
          requestId,
        })
      : plainJsonResponse(status, payload, request.method, requestId);
  if (answer.headers) Object.assign(response.headers, answer.headers);
  return response;
}
