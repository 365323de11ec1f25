/**
 * Express 5. Mounted under a path with `app.use('/api/v1', …)`: Express strips the mount
 * path from `req.url`, and the handler reads `req.originalUrl`, so the router's `basePath`
 * stays the full public path (`/api/v1`, the default). `app.use(handler)` works as well.
 */
import type { Server } from 'node:http';
import express from 'express';
import { createCampsoftRouter, toNodeHandler } from 'ixc-campsoft/router';
import { type ExampleOptions, isMain, type RunningExample, runExample, running } from './run.js';

/** Starts an Express 5 app with the Campsoft API under /api/v1 and its own GET /health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const router = createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys });
  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api/v1', toNodeHandler(router));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
  });
  return running(server);
}

if (isMain(import.meta.url)) await runExample('Express', start);
