/**
 * Shared by the examples when run directly (`npx tsx examples/express.ts`): serves the IXC
 * named by IXC_URL/IXC_TOKEN, or starts the built-in simulator with the demo dataset, and
 * prints curl lines that work.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { IxcCampsoftClient } from 'ixc-campsoft';
import type { ApiKey } from 'ixc-campsoft/router';

/** What every example's `start()` takes. */
export interface ExampleOptions {
  client: IxcCampsoftClient;
  apiKeys: ApiKey[];
  port?: number;
  host?: string;
}

/** What every example's `start()` returns. */
export interface RunningExample {
  /** The server's origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  close(): Promise<void>;
}

/** The `{ url, close }` of a listening server; `close` also ends kept-alive connections. */
export function running(server: Server): RunningExample {
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** True when `moduleUrl` is the file node (or tsx) was asked to run. */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(entry).href === moduleUrl;
}

/** Runs an example as a program until Ctrl-C. */
export async function runExample(
  name: string,
  start: (options: ExampleOptions) => Promise<RunningExample>,
  healthPath = '/health',
): Promise<void> {
  let stopSimulator = async () => {};
  let baseUrl = process.env.IXC_URL;
  let token = process.env.IXC_TOKEN;
  if (!baseUrl || !token) {
    const { startIxcSimulator } = await import('ixc-campsoft/testing');
    const simulator = await startIxcSimulator();
    baseUrl = simulator.url;
    token = simulator.token;
    stopSimulator = () => simulator.close();
  }
  const key = process.env.CAMPSOFT_API_KEY ?? 'example-key-0123456789abcdef';
  const server = await start({
    client: new IxcCampsoftClient({ baseUrl, token }),
    apiKeys: [{ key, tenants: '*', name: 'example' }],
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? '127.0.0.1',
  });
  console.log(`${name} example on ${server.url} (IXC: ${baseUrl})`);
  console.log(`  curl ${server.url}${healthPath}`);
  for (const path of ['/planos', '/clientes/7', '/clientes/7/produtos']) {
    console.log(`  curl -H 'Authorization: Bearer ${key}' ${server.url}/api/v1${path}`);
  }
  process.once('SIGINT', () => {
    server
      .close()
      .then(stopSimulator)
      .then(() => process.exit(0));
  });
}
