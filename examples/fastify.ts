/**
 * Fastify 5. The plugin is registered under the prefix `/api`; the router's `basePath` is
 * the full public path (`/api/v1`), so the plugin serves `/v1/*` inside the prefix. Paths
 * it does not own go to Fastify's own not-found handler.
 */
import Fastify from 'fastify';
import { campsoftFastifyPlugin, createCampsoftRouter } from 'ixc-campsoft/router';
import { type ExampleOptions, isMain, type RunningExample, runExample } from './run.js';

/** Starts a Fastify 5 app with the Campsoft API under /api/v1 and its own GET /health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const router = createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys });
  const app = Fastify();
  app.get('/health', async () => ({ ok: true }));
  await app.register(campsoftFastifyPlugin, { router, prefix: '/api' });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

if (isMain(import.meta.url)) await runExample('Fastify', start);
