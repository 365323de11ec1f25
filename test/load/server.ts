/**
 * The processes under load, one role each (run with `node --expose-gc --import tsx`), so that
 * on a 2-core machine the simulator's own work does not eat into the router's core:
 *
 * - `ixc`: the IXC simulator with realistic latency (5–20 ms) and a generated IXC of
 *   {@link CLIENTES} customers. IPC: `fault` (that share of IXC requests answer 503), `clear`
 *   (removes it, answers how many requests it hit), `stats` (requests served), `close`.
 * - `router`: the client (production retry defaults, 10 s timeout) and the router on
 *   node:http, reading IXC at `IXC_URL` with `IXC_TOKEN`. IPC: `heap` (forced GC, then
 *   `process.memoryUsage()`), `stats` (open router connections), `close`.
 *
 * Each role announces itself with a first message: `{ ready, url, token }` or `{ ready, port }`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IxcCampsoftClient } from '../../src/index.js';
import { createCampsoftRouter, toNodeHandler } from '../../src/router/index.js';
import { type FaultHandle, generateDataset, startIxcSimulator } from '../../src/testing/index.js';
import { CLIENTES, LOAD_KEY } from './config.js';

type Command =
  | { cmd: 'heap' }
  | { cmd: 'fault'; probability: number }
  | { cmd: 'clear' }
  | { cmd: 'stats' }
  | { cmd: 'close' };

const reply = (message: object) => process.send?.(message);

async function heap(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 4; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  reply({ heap: process.memoryUsage(), gc: gc !== undefined });
}

async function ixc(): Promise<void> {
  const sim = await startIxcSimulator({
    dataset: generateDataset({ clientes: CLIENTES, seed: 1 }),
    latencyMs: [5, 20],
    logRequests: false,
    seed: 7,
  });
  let served = 0;
  sim.engine.faults.add({
    tap: () => {
      served++;
    },
  });
  let fault: FaultHandle | undefined;
  process.on('message', async (message: Command) => {
    if (message.cmd === 'fault') {
      fault = sim.engine.faults.add({ status: 503, probability: message.probability });
      reply({ ok: true });
    } else if (message.cmd === 'clear') {
      const hits = fault?.hits ?? 0;
      fault?.remove();
      fault = undefined;
      reply({ hits });
    } else if (message.cmd === 'stats') {
      reply({ served });
    } else if (message.cmd === 'heap') {
      await heap();
    } else if (message.cmd === 'close') {
      await sim.close();
      process.send?.({ closed: true }, () => process.exit(0));
    }
  });
  reply({ ready: true, url: sim.url, token: sim.token });
}

async function router(): Promise<void> {
  const client = new IxcCampsoftClient({
    baseUrl: process.env.IXC_URL ?? '',
    token: process.env.IXC_TOKEN ?? '',
    timeout: 10_000,
  });
  const campsoft = createCampsoftRouter({
    client,
    apiKeys: [{ key: LOAD_KEY, tenants: '*', name: 'load' }],
  });
  const server = createServer(toNodeHandler(campsoft));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', async (message: Command) => {
    if (message.cmd === 'heap') {
      await heap();
    } else if (message.cmd === 'stats') {
      server.getConnections((_, connections) => reply({ connections }));
    } else if (message.cmd === 'close') {
      server.closeAllConnections();
      server.close();
      process.send?.({ closed: true }, () => process.exit(0));
    }
  });
  reply({ ready: true, port: (server.address() as AddressInfo).port });
}

(process.argv[2] === 'ixc' ? ixc() : router()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
