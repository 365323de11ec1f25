/**
 * Koa 3. The middleware answers the Campsoft paths and calls `next()` for every other
 * path, so it can sit anywhere in the middleware stack.
 */
import type { Server } from 'node:http';
import { campsoftKoaMiddleware, createCampsoftRouter } from 'ixc-campsoft/router';
import Koa from 'koa';
import { type ExampleOptions, isMain, type RunningExample, runExample, running } from './run.js';

/** Starts a Koa 3 app with the Campsoft API under /api/v1 and its own GET /health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const router = createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys });
  const app = new Koa();
  app.use(campsoftKoaMiddleware(router));
  app.use(async (ctx) => {
    if (ctx.path === '/health') ctx.body = { ok: true };
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
  });
  return running(server);
}

if (isMain(import.meta.url)) await runExample('Koa', start);
