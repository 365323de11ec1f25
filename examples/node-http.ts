/**
 * node:http. The Campsoft handler goes first; what it does not own falls through to the
 * app's own routing via the third (`next`) argument. Without `next`, the handler answers a
 * 404 problem itself: `createServer(toNodeHandler(router))` serves the API alone.
 */
import { createServer } from 'node:http';
import { createCampsoftRouter, toNodeHandler } from 'ixc-campsoft/router';
import { type ExampleOptions, isMain, type RunningExample, runExample, running } from './run.js';

/** Starts a node:http server with the Campsoft API under /api/v1 and its own GET /health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const campsoft = toNodeHandler(
    createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys }),
  );
  const server = createServer((req, res) =>
    campsoft(req, res, () => {
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('host: not found');
      }
    }),
  );
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  return running(server);
}

if (isMain(import.meta.url)) await runExample('node:http', start);
