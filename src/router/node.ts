/**
 * The Node adapter, for node:http, Express 4/5, Connect and NestJS on Express. It builds no
 * `Request`/`Response` objects (they cost about a third of a hello-world's throughput on
 * Node): it hands the core the method, `originalUrl ?? url` and the header record Node
 * already parsed, and writes the answer with one `writeHead` + `end`. A body a parser
 * mounted before it already read (`express.json()`, Nest's) is taken from `req.body`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequest } from './node-request.js';
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
 * IXC request in flight is aborted. JSON bodies are read by the router itself, or taken from
 * `req.body` when a body parser (`express.json()`, Nest's default) got there first.
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
    router
      .handle(
        nodeRequest(req, res, req.originalUrl ?? req.url ?? '/', (req as { body?: unknown }).body),
      )
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
          // A refused body may still be arriving: close rather than read it to the end.
          if (result.status === 413) result.headers.connection = 'close';
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
