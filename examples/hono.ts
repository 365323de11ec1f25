/**
 * Hono 4 on Node through @hono/node-server. The router's fetch side is a middleware on
 * `/api/v1/*`: `fetchOrNull` answers the Campsoft paths and returns `null` for the others,
 * which go on to Hono's routes. On Bun, Deno or Workers, hand `router.fetch` (or this Hono
 * app's `fetch`) to the runtime instead of `serve()`.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createCampsoftRouter } from 'ixc-campsoft/router';
import { type ExampleOptions, isMain, type RunningExample, runExample, running } from './run.js';

/** Starts a Hono 4 app with the Campsoft API under /api/v1 and its own GET /health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const router = createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys });
  const app = new Hono();
  app.get('/health', (c) => c.json({ ok: true }));
  app.use('/api/v1/*', async (c, next) => {
    const response = await router.fetchOrNull(c.req.raw);
    if (response) return response;
    await next();
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' },
      () => resolve(s as Server),
    );
  });
  return running(server);
}

if (isMain(import.meta.url)) await runExample('Hono', start);
