/**
 * The Koa middleware. It sets `ctx.status`, headers and `ctx.body` and lets Koa write the
 * response (Koa does not support writing `ctx.res` directly). The context type lists only
 * the members used, so the package needs no Koa types.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequest } from './node-request.js';
import type { CampsoftRouter } from './types.js';

/** The members of a Koa context the middleware uses. */
export interface KoaContextLike {
  method: string;
  originalUrl: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Where body parsers (`@koa/bodyparser`, `koa-body`) leave the parsed body. */
  request?: { body?: unknown };
  status: number;
  body: unknown;
  respond?: boolean;
  set(field: Record<string, string>): void;
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

/**
 * Turns the router into a Koa middleware. Paths the router does not own go to `next()`.
 * Uses `ctx.originalUrl`, so it also works under `koa-mount`; the router's `basePath` is the
 * full public path. JSON bodies are read from the request stream, or taken from
 * `ctx.request.body` when a body parser mounted before it already read them.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * const app = new Koa();
 * app.use(campsoftKoaMiddleware(router));
 * ```
 */
export function campsoftKoaMiddleware(router: CampsoftRouter): KoaMiddleware {
  return async (ctx, next) => {
    const result = await router.handle(
      nodeRequest(ctx.req, ctx.res, ctx.originalUrl, ctx.request?.body),
    );
    if (result === null) {
      await next();
      return;
    }
    if (result.status === 499) {
      // The caller is gone: nothing to write, and Koa must not try.
      ctx.respond = false;
      return;
    }
    ctx.status = result.status;
    // A refused body may still be arriving: close rather than read it to the end.
    if (result.status === 413) result.headers.connection = 'close';
    ctx.set(result.headers);
    // Koa computes the length of a string body itself; an empty body (304, HEAD) keeps ours.
    if (result.body !== '') ctx.body = result.body;
  };
}
