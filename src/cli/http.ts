/**
 * The HTTP server of `serve`: /healthz, /readyz and /metrics in front of the router, each
 * request in its own context (what it cost at IXC, which key sent it), and a drain for
 * shutdown that stops accepting, lets requests in flight finish and closes connections as
 * they go idle.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { toNodeHandler } from '../router/node.js';
import type { CampsoftRouter } from '../router/types.js';
import type { ServeHandler } from './hooks.js';
import type { ServeMetrics } from './metrics.js';
import { withRequestFacts } from './observe.js';
import type { Readiness } from './readiness.js';

/** What the server is made of. */
export interface FrontOptions {
  router: CampsoftRouter;
  readiness: Readiness;
  metrics: ServeMetrics | undefined;
  log: Logger;
  handlers: readonly ServeHandler[];
}

/** A server that can be drained. */
export interface FrontServer {
  server: Server;
  /** Requests being answered. */
  inFlight(): number;
  /**
   * Stops accepting connections and resolves when every request in flight has finished
   * (`true`) or `graceMs` has passed (`false`); then closes every connection left.
   */
  drain(graceMs: number): Promise<boolean>;
}

const HEALTH_PATHS = {
  '/healthz': {
    get: {
      operationId: 'healthz',
      summary: 'The process is up',
      security: [],
      responses: { '200': { description: '`{"status":"ok"}`' } },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readyz',
      summary: "Each tenant's IXC answered a cheap authenticated query in the last seconds",
      security: [],
      responses: {
        '200': { description: '`{"status":"ready","tenants":[{"tenant","ok"}]}`' },
        '503': {
          description: 'Problem naming the tenants whose IXC did not answer, and why.',
          content: {
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          },
        },
      },
    },
  },
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

async function readyz(res: ServerResponse, readiness: Readiness, draining: boolean) {
  const statuses = await readiness.check();
  const failing = statuses.filter((s) => !s.ok);
  const tenants = statuses.map((s) => ({
    tenant: s.tenant,
    ok: s.ok,
    ...(s.reason ? { reason: s.reason } : {}),
  }));
  if (failing.length === 0 && !draining) {
    send(res, 200, 'application/json', JSON.stringify({ status: 'ready', tenants }));
    return;
  }
  const detail = draining
    ? 'Shutting down.'
    : `IXC did not answer for ${failing.map((s) => `${s.tenant} (${s.reason})`).join(', ')}.`;
  send(
    res,
    503,
    'application/problem+json',
    JSON.stringify({
      type: 'urn:ixc-campsoft:problem:not-ready',
      title: 'Not ready',
      status: 503,
      detail,
      instance: '/readyz',
      failing: failing.map((s) => s.tenant),
      tenants,
    }),
  );
}

/** Adds /healthz and /readyz to the router's OpenAPI document. */
function withHealthPaths(body: string): string {
  const doc = JSON.parse(body) as { paths?: Record<string, unknown> };
  doc.paths = { ...doc.paths, ...HEALTH_PATHS };
  return JSON.stringify(doc);
}

/**
 * Builds the server (not yet listening).
 *
 * @example
 * ```ts
 * const front = createFrontServer({ router, readiness, metrics, log, handlers: [] });
 * front.server.listen(3000);
 * await front.drain(10_000);
 * ```
 */
export function createFrontServer(options: FrontOptions): FrontServer {
  const { router, readiness, metrics, log } = options;
  const api = toNodeHandler(router);
  const openapiPath = `${router.basePath}/openapi.json`;
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  const own = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: string,
    fn: () => unknown,
  ): Promise<void> => {
    const started = performance.now();
    res.once('finish', () => {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const line = { method: req.method, route, status: res.statusCode, durationMs };
      metrics?.httpRequests.inc({
        route,
        method: String(req.method),
        status: String(res.statusCode),
      });
      metrics?.httpDuration.observe({ route, method: String(req.method) }, durationMs / 1000);
      if (route === 'unmatched') log.info({ ...line, requestId: randomUUID() }, 'request');
      else log.debug(line, 'request');
    });
    await fn();
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (get && path === '/healthz') {
      return own(req, res, path, () => send(res, 200, 'application/json', '{"status":"ok"}'));
    }
    if (get && path === '/readyz') {
      return own(req, res, path, () => readyz(res, readiness, draining));
    }
    if (get && path === '/metrics' && metrics) {
      return own(req, res, path, async () => {
        send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
      });
    }
    if (get && path === openapiPath) {
      const answer = await router.handle({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
      });
      if (answer && answer.status === 200) {
        // The body changes: the router's length and validator no longer apply.
        const { etag: _etag, 'content-length': _length, ...headers } = answer.headers;
        res.writeHead(200, headers).end(req.method === 'HEAD' ? '' : withHealthPaths(answer.body));
        return;
      }
    }
    for (const handler of options.handlers) {
      if (await handler(req, res)) return;
    }
    api(req, res, () =>
      own(req, res, 'unmatched', () =>
        send(
          res,
          404,
          'application/problem+json',
          JSON.stringify({
            type: 'urn:ixc-campsoft:problem:not-found',
            title: 'Not found',
            status: 404,
            detail: 'No such endpoint.',
            instance: path,
          }),
        ),
      ),
    );
  }

  const server = createServer((req, res) => {
    inFlight++;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      if (draining) {
        server.closeIdleConnections();
        if (inFlight === 0) drained?.();
      }
    });
    withRequestFacts(() =>
      dispatch(req, res).catch((error: unknown) => {
        log.error(
          { err: { name: (error as Error)?.name, message: (error as Error)?.message } },
          'request failed',
        );
        if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      }),
    );
  });
  // Slow-loris guard; generous for IXC reads that take long.
  server.headersTimeout = 20_000;

  return {
    server,
    inFlight: () => inFlight,
    drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const finished = new Promise<boolean>((resolve) => {
        if (inFlight === 0) resolve(true);
        drained = () => resolve(true);
        setTimeout(() => resolve(false), graceMs).unref();
      });
      return finished.then(async (clean) => {
        server.closeAllConnections();
        await closed;
        return clean;
      });
    },
  };
}
