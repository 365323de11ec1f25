/**
 * The framework-neutral core: request in, `{ status, headers, body }` out, `null` for a path
 * that belongs to the host. Everything route-specific comes from the route table
 * (`route-list.ts`); this file only matches, answers 405, times and logs.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConsoleHandler } from '../console/serve.js';
import { header } from './auth.js';
import { dispatch, type ReadyRoute, RequestState } from './dispatch.js';
import { fromRequest, toResponse } from './fetch.js';
import { logRequest } from './log.js';
import { compileRoutes, type PathEntry } from './match.js';
import { buildOpenApi } from './openapi.js';
import { type ResolvedRouter, resolveRouterOptions } from './options.js';
import { problem } from './problem.js';
import { fastIdParams } from './query.js';
import { ROUTES } from './route-list.js';
import { type AnyRouteDef, defineRoute, type RouteOptions } from './table.js';
import type {
  CampsoftRouter,
  CampsoftRouterOptions,
  RouterRequest,
  RouterResponse,
} from './types.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const NOTHING: Promise<null> = Promise.resolve(null);

/** A request-line target without its origin, if absolute-form (`http://host/path?query`). */
function originless(url: string): string {
  if (url.charCodeAt(0) === 47) return url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start === -1 ? '/' : url.slice(start);
}

/** The path of a request-line target: no origin, no query. */
function pathOf(url: string): string {
  const target = originless(url);
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/** What follows an answer: HEAD loses its body, and the request is logged. */
function finish(
  s: ResolvedRouter,
  response: RouterResponse,
  method: string,
  ctx: RequestState,
  def: AnyRouteDef | undefined,
  entry: PathEntry,
  started: number,
): RouterResponse {
  // RFC 9110: no body on HEAD, problems included; the headers stay those of the GET.
  if (method === 'HEAD' && response.body !== '') response.body = '';
  if (s.logger) {
    logRequest(
      s.logger,
      {
        requestId: ctx.requestId,
        operation: def?.operationId,
        keyName: ctx.principal?.name,
        tenant: ctx.tenant,
        method,
        route: s.basePath + entry.template,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      ctx.error,
    );
  }
  return response;
}

/**
 * The console's answer as a router answer: the router speaks text, so the page is asked
 * for its identity encoding (the build is UTF-8 text: HTML, JS, CSS, SVG).
 */
function consoleAnswer(
  ui: ConsoleHandler,
  request: RouterRequest,
  path: string,
  search: string,
): RouterResponse | null {
  const { 'accept-encoding': _ignored, ...headers } = request.headers;
  const url = search === '' ? path : `${path}?${search}`;
  const answer = ui.handle({ method: request.method, url, headers });
  if (!answer) return null;
  return { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8') };
}

/**
 * Creates the Campsoft router: the routes of the table (`route-list.ts`: the four reads and
 * `/me`), any `routes` given in the options, and `/openapi.json`, under `basePath`. Mount it
 * with an adapter (`toNodeHandler`, `campsoftFastifyPlugin`, `campsoftKoaMiddleware`) or hand
 * `router.fetch` to a fetch-style host.
 *
 * @throws {RouterConfigurationError} when the options are inconsistent: no client, no way
 *   to authenticate, a short API key, an unknown scope or customer field, two routes on one
 *   method and path…
 * @example
 * ```ts
 * import { IxcCampsoftClient } from 'ixc-campsoft';
 * import { createCampsoftRouter, toNodeHandler } from 'ixc-campsoft/router';
 *
 * const router = createCampsoftRouter({
 *   client: new IxcCampsoftClient({ baseUrl: process.env.IXC_URL!, token: process.env.IXC_TOKEN! }),
 *   apiKeys: [{ key: process.env.CAMPSOFT_API_KEY!, tenants: '*', name: 'sva-portal' }],
 * });
 * app.use(toNodeHandler(router)); // Express: GET /api/v1/planos, /api/v1/clientes/7, …
 * ```
 */
export function createCampsoftRouter(options: CampsoftRouterOptions): CampsoftRouter {
  const s = resolveRouterOptions(options);
  const routes: AnyRouteDef[] = [...ROUTES, ...s.extraRoutes];
  let openapiDoc: Record<string, unknown> | undefined;
  const openapi = () =>
    (openapiDoc ??= buildOpenApi(routes, {
      basePath: s.basePath,
      clienteFields: s.clienteFields,
      maskDocuments: s.maskDocuments,
      tenantHeader: s.tenants.multi ? s.tenantHeader : undefined,
      defaultPageSize: s.defaultPageSize,
      rateLimited: s.rateLimiter !== undefined,
    }));
  const served = [...routes];
  if (s.openapi !== false) {
    served.push(
      defineRoute({
        operationId: 'getOpenApi',
        method: 'GET',
        path: '/openapi.json',
        scope: s.openapi === 'public' ? 'public' : 'authenticated',
        tenant: false,
        ixc: false,
        hidden: true,
        // The document ignores its query, as caches and tools add their own parameters.
        query: z.looseObject({}),
        cache: 'openapi',
        summary: 'This OpenAPI document',
        responses: { 200: { description: 'OpenAPI 3.1' } },
        handler: () => ({ payload: openapi() }),
      }),
    );
  }
  const routeOptions: RouteOptions = { defaultPageSize: s.defaultPageSize };
  const ready = served.map((def): ReadyRoute => {
    const cache = def.cache ?? (def.method === 'GET' ? 'clientes' : 'no-store');
    return {
      def,
      fastParams: fastIdParams(
        def.params,
        [...def.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
      ),
      query: typeof def.query === 'function' ? def.query(routeOptions) : def.query,
      cacheControl: cache === 'no-store' ? undefined : s.cache[cache],
    };
  });
  const match = compileRoutes(ready, s.basePath);

  function handle(request: RouterRequest): Promise<RouterResponse | null> {
    try {
      return route(request);
    } catch (error) {
      // Nothing before dispatch should throw; if it does, it is a rejection, as it always was.
      return Promise.reject(error);
    }
  }

  // Not async: the common answer is dispatch's own promise, with no extra promise and
  // microtask per request for a step that does nothing (no logger, not HEAD).
  function route(request: RouterRequest): Promise<RouterResponse | null> {
    // Path and query taken apart in place: no tuple per request.
    const target = originless(request.url);
    const q = target.indexOf('?');
    const path = q === -1 ? target : target.slice(0, q);
    const search = q === -1 ? '' : target.slice(q + 1);
    if (s.console && path.startsWith(s.console.basePath)) {
      const page = consoleAnswer(s.console, request, path, search);
      if (page) return Promise.resolve(page);
    }
    const found = match(path);
    if (!found) return NOTHING;

    const started = s.logger ? performance.now() : 0;
    const given = header(request.headers, 'x-request-id');
    // One object is both the problem context and the log line's facts.
    const ctx = new RequestState(path, given && REQUEST_ID.test(given) ? given : randomUUID());
    const { entry } = found;
    const method = request.method;
    const ready =
      entry.methods.get(method) ?? (method === 'HEAD' ? entry.methods.get('GET') : undefined);
    if (!ready) {
      const refused = problem('method-not-allowed', `Use ${entry.allow} on this path.`, ctx, {
        headers: { allow: entry.allow },
      });
      return Promise.resolve(finish(s, refused, method, ctx, undefined, entry, started));
    }
    const answer = dispatch(s, ready, request, entry.names, found.raw, search, ctx);
    if (!s.logger && method !== 'HEAD') return answer;
    const { def } = ready;
    return answer.then((response) => finish(s, response, method, ctx, def, entry, started));
  }

  const fetchOrNull = async (request: Request): Promise<Response | null> => {
    const result = await handle(fromRequest(request));
    return result && toResponse(result);
  };
  return {
    basePath: s.basePath,
    handle,
    fetchOrNull,
    fetch: async (request) => {
      const result = await fetchOrNull(request);
      if (result) return result;
      const ctx = { path: pathOf(fromRequest(request).url), requestId: randomUUID() };
      return toResponse(problem('not-found', 'No such endpoint.', ctx));
    },
    openapi: () => structuredClone(openapi()),
  };
}
