/**
 * The Koa middleware. It sets `ctx.status`, headers and `ctx.body` and lets Koa write the
 * response (Koa does not support writing `ctx.res` directly). The context type lists only
 * the members used, so the package needs no Koa types.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CampsoftRouter } from './types.js';

/** The members of a Koa context the middleware uses. */
export interface KoaContextLike {
  method: string;
  originalUrl: string;
  req: IncomingMessage;
  res: ServerResponse;
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
 * full public path.
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
    const controller = new AbortController();
    const res = ctx.res;
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.once('close', onClose);
    const result = await router.handle({
      method: ctx.method,
      url: ctx.originalUrl,
      headers: ctx.req.headers,
      signal: controller.signal,
    });
    if (result === null) {
      res.off('close', onClose);
      await next();
      return;
    }
    if (result.status === 499) {
      // The caller is gone: nothing to write, and Koa must not try.
      ctx.respond = false;
      return;
    }
    ctx.status = result.status;
    ctx.set(result.headers);
    // Koa computes the length of a string body itself; an empty body (304, HEAD) keeps ours.
    if (result.body !== '') ctx.body = result.body;
  };
}
