/**
 * The framework-neutral core: request in, `{ status, headers, body }` out, `null` for a path
 * that belongs to the host. Order of checks: route → method (405) → auth (401) → tenant
 * (400/403/404) → input (400) → IXC. Input is checked after auth so that an anonymous caller
 * learns nothing but "401".
 */
import { randomUUID } from 'node:crypto';
import { header } from './auth.js';
import { jsonResponse } from './etag.js';
import { fromRequest, toResponse } from './fetch.js';
import { logRequest } from './log.js';
import { buildOpenApi } from './openapi.js';
import { fromError, type ProblemContext, problem } from './problem.js';
import { matchRoute, type RouteName, runRoute, TEMPLATES } from './routes.js';
import { resolveRouterOptions } from './settings.js';
import type {
  CampsoftRouter,
  CampsoftRouterOptions,
  RouterRequest,
  RouterResponse,
} from './types.js';

const ALLOW = 'GET, HEAD';
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Splits a request-line target into path and query; absolute-form targets lose their origin. */
function splitTarget(url: string): [path: string, search: string] {
  let target = url;
  if (!target.startsWith('/')) {
    const start = target.indexOf('/', target.indexOf('//') + 2);
    target = start === -1 ? '/' : target.slice(start);
  }
  const q = target.indexOf('?');
  return q === -1 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}

/**
 * Creates the Campsoft router: the four documented reads and `/openapi.json`, under
 * `basePath`. Mount it with an adapter (`toNodeHandler`, `campsoftFastifyPlugin`,
 * `campsoftKoaMiddleware`) or hand `router.fetch` to a fetch-style host.
 *
 * @throws {TypeError} when the options are inconsistent: no client, no way to authenticate,
 *   a short API key, an unknown customer field…
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
  let openapiDoc: Record<string, unknown> | undefined;
  const openapi = () =>
    (openapiDoc ??= buildOpenApi({
      basePath: s.basePath,
      clienteFields: s.clienteFields,
      maskDocuments: s.maskDocuments,
      tenantHeader: s.tenants.multi ? s.tenantHeader : undefined,
      defaultPageSize: s.defaultPageSize,
    }));

  async function handle(request: RouterRequest): Promise<RouterResponse | null> {
    const [path, search] = splitTarget(request.url);
    if (!path.startsWith(s.basePath) || path.charCodeAt(s.basePath.length) !== 47) return null;
    const match = matchRoute(path.slice(s.basePath.length));
    if (!match || (match.name === 'openapi' && s.openapi === false)) return null;

    const started = performance.now();
    const given = header(request.headers, 'x-request-id');
    const ctx: ProblemContext = {
      path,
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
    };
    const facts = { tenant: undefined as string | undefined, error: undefined as unknown };
    let response = await answer(request, match.name, match.rawId, search, ctx, facts);
    // RFC 9110: no body on HEAD, problems included; the headers stay those of the GET.
    if (request.method === 'HEAD' && response.body !== '') response = { ...response, body: '' };
    if (s.logger) {
      logRequest(
        s.logger,
        {
          requestId: ctx.requestId,
          tenant: facts.tenant,
          method: request.method,
          route: s.basePath + TEMPLATES[match.name],
          status: response.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        facts.error,
      );
    }
    return response;
  }

  async function answer(
    request: RouterRequest,
    name: RouteName,
    rawId: string | undefined,
    search: string,
    ctx: ProblemContext,
    facts: { tenant: string | undefined; error: unknown },
  ): Promise<RouterResponse> {
    const { method, signal } = request;
    if (method !== 'GET' && method !== 'HEAD') {
      return problem('method-not-allowed', `Use ${ALLOW} on this path.`, ctx, {
        headers: { allow: ALLOW },
      });
    }
    const reply = (payload: unknown, cacheControl: string) =>
      jsonResponse(payload, {
        method,
        ifNoneMatch: header(request.headers, 'if-none-match'),
        cacheControl,
        requestId: ctx.requestId,
      });
    try {
      if (name === 'openapi' && s.openapi === 'public') return reply(openapi(), s.cache.openapi);
      const principal = await s.authenticate(request);
      if (!principal) {
        return problem(
          'unauthorized',
          'Send a valid API key as Authorization: Bearer <key> or x-api-key.',
          ctx,
          {
            headers: { 'www-authenticate': 'Bearer realm="campsoft"' },
          },
        );
      }
      if (name === 'openapi') return reply(openapi(), s.cache.openapi);
      const tenant = s.tenants.choose(principal, request.headers);
      if (!tenant.ok) {
        const kind =
          tenant.status === 400
            ? 'invalid-request'
            : tenant.status === 403
              ? 'forbidden'
              : 'not-found';
        return problem(kind, tenant.detail, ctx);
      }
      facts.tenant = tenant.id;
      const result = await runRoute(name, {
        client: tenant.client,
        view: s.view,
        defaultPageSize: s.defaultPageSize,
        rawId,
        search,
        signal,
      });
      if (!result.ok) {
        const first = result.errors[0]!;
        return problem('invalid-request', `${first.path}: ${first.message}`, ctx, {
          errors: result.errors,
        });
      }
      return reply(result.payload, name === 'listPlanos' ? s.cache.planos : s.cache.clientes);
    } catch (error) {
      const mapped = fromError(error, ctx, signal);
      if (mapped.unexpected) facts.error = error;
      return mapped.response;
    }
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
      const ctx = { path: splitTarget(fromRequest(request).url)[0], requestId: randomUUID() };
      return toResponse(problem('not-found', 'No such endpoint.', ctx));
    },
    openapi: () => structuredClone(openapi()),
  };
}
