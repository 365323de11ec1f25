/**
 * One matched request through its route: auth (401) → rate limit (429) → scope (403) →
 * tenant (400/403/404) → path and query (400) → body (415/413/400) → handler → answer.
 * Input is checked after auth so that an anonymous caller learns nothing but "401", and a
 * body is read only for a caller allowed to send it.
 */
import { z } from 'zod';
import type { IxcCampsoftClient } from '../client/client.js';
import { header, holds } from './auth.js';
import { type BodyResult, readJsonBody } from './body.js';
import { ANYONE, HandlerContext } from './context.js';
import { RouterConfigurationError } from './errors.js';
import { jsonResponse, plainJsonResponse } from './etag.js';
import type { ResolvedRouter } from './options.js';
import { type FieldError, fromError, type ProblemContext, problem } from './problem.js';
import { check, parseQuery } from './query.js';
import type { AnyRouteDef, RouteAnswer, RoutePrincipal } from './table.js';
import type { RouterRequest, RouterResponse } from './types.js';

/** A route with its per-router parts resolved (query schema built, cache policy chosen). */
export interface ReadyRoute {
  def: AnyRouteDef;
  /** Path parameters checked without zod (`null`: let zod word the error), when possible. */
  fastParams: ((raw: readonly string[]) => Record<string, number> | null) | undefined;
  query: z.ZodType | undefined;
  /** The `Cache-Control` of a 200 with an ETag; `undefined` for a `no-store` route. */
  cacheControl: string | undefined;
}

/** What the log line needs to know of a request, filled in as it goes. */
export interface RequestFacts {
  principal: RoutePrincipal | undefined;
  tenant: string | undefined;
  error: unknown;
}

/** A request's problem context and its log facts, in one object per request. */
export class RequestState implements ProblemContext, RequestFacts {
  principal: RoutePrincipal | undefined = undefined;
  tenant: string | undefined = undefined;
  error: unknown = undefined;
  constructor(
    readonly path: string,
    readonly requestId: string,
  ) {}
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

/** Maps a failure to its answer, keeping an unexpected error for the log line. */
function failed(
  error: unknown,
  ctx: RequestState,
  signal: AbortSignal | undefined,
): RouterResponse {
  // Only a signal the handler asked for can have been aborted by this caller.
  const mapped = fromError(error, ctx, signal);
  if (mapped.unexpected) ctx.error = error;
  return mapped.response;
}

/**
 * Runs a request through its route; never rejects. Not async: each step runs at once and
 * only what is really asynchronous (an `authenticate` hook, a body, the handler) is waited
 * for, so a request with nothing to wait for before its handler costs no async frame.
 */
export function dispatch(
  s: ResolvedRouter,
  route: ReadyRoute,
  request: RouterRequest,
  names: readonly string[],
  raw: readonly string[],
  search: string,
  ctx: RequestState,
): Promise<RouterResponse> {
  if (route.def.scope === 'public') {
    return authorized(s, route, request, names, raw, search, ctx, null);
  }
  let found: ReturnType<ResolvedRouter['authenticate']>;
  try {
    found = s.authenticate(request);
  } catch (error) {
    return Promise.resolve(failed(error, ctx, undefined));
  }
  // API keys answer synchronously: only a hook's promise is waited for.
  if (found instanceof Promise) {
    return found.then(
      (principal) => authorized(s, route, request, names, raw, search, ctx, principal),
      (error: unknown) => failed(error, ctx, undefined),
    );
  }
  return authorized(s, route, request, names, raw, search, ctx, found);
}

/** The steps after authentication, up to the handler; `principal` is `null` on a public route. */
function authorized(
  s: ResolvedRouter,
  route: ReadyRoute,
  request: RouterRequest,
  names: readonly string[],
  raw: readonly string[],
  search: string,
  ctx: RequestState,
  principal: RoutePrincipal | null,
): Promise<RouterResponse> {
  const { def } = route;
  try {
    if (def.scope !== 'public') {
      if (!principal) {
        return Promise.resolve(
          problem(
            'unauthorized',
            'Send a valid API key as Authorization: Bearer <key> or x-api-key.',
            ctx,
            { headers: { 'www-authenticate': 'Bearer realm="campsoft"' } },
          ),
        );
      }
      ctx.principal = principal;
      if (s.rateLimiter) {
        const wait = s.rateLimiter(principal.name);
        if (wait > 0) {
          return Promise.resolve(
            problem(
              'too-many-requests',
              `Too many requests for this key; retry in ${wait} s.`,
              ctx,
              {
                headers: { 'retry-after': String(wait) },
              },
            ),
          );
        }
      }
      if (def.scope !== 'authenticated' && !holds(principal, def.scope)) {
        return Promise.resolve(
          problem('forbidden', `This API key lacks the ${def.scope} scope.`, ctx),
        );
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
        return Promise.resolve(problem(kind, choice.detail, ctx));
      }
      client = choice.client;
      tenant = choice.id;
      ctx.tenant = tenant;
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
      return Promise.resolve(
        problem('invalid-request', `${errors[0]!.path}: ${errors[0]!.message}`, ctx, { errors }),
      );
    }

    const view =
      s.maskDocuments && principal && holds(principal, 'documentos:read')
        ? s.documentsView
        : s.view;
    const context = new HandlerContext(
      client,
      tenant,
      principal ?? ANYONE,
      params,
      query,
      request,
      view,
      ctx,
      s,
    );
    if (!def.body) return run(route, request, ctx, context);
    return readJsonBody(request, s.bodyLimit).then(
      (read) => withBody(route, request, ctx, context, read),
      (error: unknown) => failed(error, ctx, undefined),
    );
  } catch (error) {
    return Promise.resolve(failed(error, ctx, undefined));
  }
}

/** Checks a read body against the route's schema, then runs the handler. */
function withBody(
  route: ReadyRoute,
  request: RouterRequest,
  ctx: RequestState,
  context: HandlerContext,
  read: BodyResult,
): RouterResponse | Promise<RouterResponse> {
  try {
    if (!read.ok) {
      return problem(read.kind, read.detail, ctx, read.errors ? { errors: read.errors } : {});
    }
    const b = check(route.def.body!, read.value, 'body');
    if (!b.ok) {
      return problem('invalid-request', `${b.errors[0]!.path}: ${b.errors[0]!.message}`, ctx, {
        errors: b.errors,
      });
    }
    context.body = b.value;
    return run(route, request, ctx, context);
  } catch (error) {
    return failed(error, ctx, undefined);
  }
}

/** Calls the handler and turns its answer into the response. */
function run(
  route: ReadyRoute,
  request: RouterRequest,
  ctx: RequestState,
  context: HandlerContext,
): Promise<RouterResponse> {
  try {
    const answer = route.def.handler(context);
    if (typeof (answer as Partial<PromiseLike<RouteAnswer>>)?.then !== 'function') {
      return Promise.resolve(respond(route, answer as RouteAnswer, request, ctx.requestId));
    }
    return Promise.resolve(answer).then(
      (settled) => answered(route, settled, request, ctx, context),
      (error: unknown) => failed(error, ctx, context.askedSignal),
    );
  } catch (error) {
    return Promise.resolve(failed(error, ctx, context.askedSignal));
  }
}

/** The response of a handler's settled answer; a payload that cannot be sent is a failure. */
function answered(
  route: ReadyRoute,
  answer: RouteAnswer,
  request: RouterRequest,
  ctx: RequestState,
  context: HandlerContext,
): RouterResponse {
  try {
    return respond(route, answer, request, ctx.requestId);
  } catch (error) {
    return failed(error, ctx, context.askedSignal);
  }
}

function respond(
  route: ReadyRoute,
  answer: RouteAnswer,
  request: RouterRequest,
  requestId: string,
): RouterResponse {
  const payload = 'payload' in answer ? answer.payload : { data: answer.data };
  const status = answer.status ?? 200;
  const { cacheControl } = route;
  const response =
    cacheControl !== undefined && status === 200
      ? jsonResponse(
          payload,
          request.method,
          header(request.headers, 'if-none-match'),
          cacheControl,
          requestId,
        )
      : plainJsonResponse(status, payload, request.method, requestId);
  if (answer.headers) Object.assign(response.headers, answer.headers);
  return response;
}
