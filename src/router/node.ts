/**
 * The Node adapter, for node:http, Express 4/5, Connect and NestJS on Express. It builds no
 * `Request`/`Response` objects (they cost about a third of a hello-world's throughput on
 * Node): it hands the core the method, `originalUrl ?? url` and the header record Node
 * already parsed, and writes the answer with one `writeHead` + `end`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problem } from './problem.js';
import type { CampsoftRouter } from './types.js';

/** A Node request, as Express and Connect extend it (`originalUrl` keeps the mount path). */
export type NodeRequest = IncomingMessage & { originalUrl?: string };

/** Connect-style `next`. */
export type NodeNext = (error?: unknown) => void;

/** A handler for `http.createServer`, `app.use()` in Express/Connect, or Nest's `app.use()`. */
export type NodeHandler = (req: NodeRequest, res: ServerResponse, next?: NodeNext) => void;

/**
 * Turns the router into a Node handler. A path the router does not own goes to `next()`;
 * without `next` (bare node:http) it gets a 404 problem. When the caller disconnects, the
 * IXC request in flight is aborted.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const handler = toNodeHandler(router);
 * createServer(handler).listen(3000);  // node:http
 * app.use(handler);                    // Express, Connect, Nest (app.use in main.ts)
 * ```
 */
export function toNodeHandler(router: CampsoftRouter): NodeHandler {
  return (req, res, next) => {
    const controller = new AbortController();
    // `close` before `finish` means the caller left; after `finish` it is the normal end.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    router
      .handle({
        method: req.method ?? 'GET',
        url: req.originalUrl ?? req.url ?? '/',
        headers: req.headers,
        signal: controller.signal,
      })
      .then(
        (result) => {
          if (result === null) {
            if (next) return next();
            const path = (req.url ?? '/').split('?')[0]!;
            result = problem('not-found', 'No such endpoint.', { path, requestId: randomUUID() });
          }
          if (result.status === 499 || res.headersSent || res.writableEnded || res.destroyed) {
            return;
          }
          res.writeHead(result.status, result.headers);
          res.end(result.body);
        },
        // handle() never rejects; this only guards against a broken router object.
        (error: unknown) => {
          if (next) next(error);
          else if (!res.headersSent) res.writeHead(500).end();
        },
      );
  };
}
