/**
 * `ixc-campsoft serve`: the router on a bare node:http server, in front of a real IXC or of
 * the built-in simulator. The simulator is imported only in demo mode, so serving a real
 * IXC never loads it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IxcCampsoftClient } from '../client/client.js';
import { createCampsoftRouter } from '../router/core.js';
import { toNodeHandler } from '../router/node.js';
import type { RouterLogger } from '../router/types.js';
import type { ServeConfig } from './config.js';

/** A running service. */
export interface RunningService {
  /** Where the API lives, base path included: `http://127.0.0.1:3000/api/v1`. */
  apiUrl: string;
  /** The simulator's URL in demo mode. */
  simulatorUrl: string | null;
  close(): Promise<void>;
}

/** One line per request on stderr: route template, status, time; never personal data. */
function stderrLogger(quiet: boolean): RouterLogger {
  const write = (level: string, obj: object, msg?: string) => {
    const o = obj as Record<string, unknown>;
    if (o.route) {
      const err = o.err as { name?: string } | undefined;
      const tail = err?.name ? ` ${err.name}` : '';
      process.stderr.write(
        `${level} ${o.method} ${o.route} ${o.status} ${o.durationMs}ms tenant=${o.tenant ?? '-'} id=${o.requestId}${tail}\n`,
      );
    } else {
      process.stderr.write(`${level} ${msg ?? ''}\n`);
    }
  };
  return {
    info: (obj, msg) => {
      if (!quiet) write('info', obj, msg);
    },
    warn: (obj, msg) => write('warn', obj, msg),
    error: (obj, msg) => write('error', obj, msg),
  };
}

/** Starts the service described by `config`. */
export async function startService(config: ServeConfig): Promise<RunningService> {
  let simulator: { url: string; token: string; close(): Promise<void> } | null = null;
  let ixc = config.ixc;
  if (!ixc) {
    const { startIxcSimulator } = await import('../testing/index.js');
    simulator = await startIxcSimulator({ host: '127.0.0.1', port: 0 });
    ixc = { url: simulator.url, token: simulator.token, insecureTls: false };
  }
  const client = new IxcCampsoftClient({
    baseUrl: ixc.url,
    token: ixc.token,
    ...(ixc.insecureTls ? { tls: { rejectUnauthorized: false } } : {}),
  });
  const router = createCampsoftRouter({
    client,
    basePath: config.basePath,
    apiKeys: config.apiKeys.map((key, i) => ({ key, tenants: '*', name: `key-${i + 1}` })),
    allowUnauthenticated: config.noAuth,
    maskDocuments: config.maskDocuments,
    logger: stderrLogger(config.quiet),
  });
  const handler = toNodeHandler(router);
  const server: Server = createServer((req, res) => {
    // A probe for containers and load balancers, outside the API and its auth.
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    handler(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await simulator?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    apiUrl: `http://${host}:${port}${router.basePath}`,
    simulatorUrl: simulator?.url ?? null,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await simulator?.close();
      })();
      return closing;
    },
  };
}
