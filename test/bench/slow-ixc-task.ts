/**
 * Child-process entry of the slow-IXC figure. A fresh process, so "cold" means cold whatever
 * ran before in the parent. It forks the simulator (`ixc-server.ts`, +50 ms per request) as a
 * process of its own, serves the router on node:http here, and calls each endpoint one
 * request at a time: first cold (a few warm-up calls, then the samples), then again after a
 * burst of concurrent calls across endpoints and customers has let V8 optimise the code, as
 * in a server that has been taking traffic. After each call the simulator reports how long it
 * was busy answering, so the time spent outside IXC is known per call.
 */
import { createServer } from 'node:http';
import { IxcCampsoftClient } from '../../src/index.js';
import { createCampsoftRouter, toNodeHandler } from '../../src/router/index.js';
import { DEMO_TOKEN } from '../../src/testing/index.js';
import { AUTH_HEADER, KEY } from './ixc.js';
import { forkServer, listen } from './servers.js';

export const ENDPOINTS = [
  { name: 'listPlanos', path: '/api/v1/planos' },
  { name: 'listClientesPorPlano', path: '/api/v1/clientes/planos' },
  { name: 'getCliente', path: '/api/v1/clientes/7' },
  { name: 'getProdutos', path: '/api/v1/clientes/7/produtos' },
] as const;
export type Name = (typeof ENDPOINTS)[number]['name'];

/** One measured call. */
export interface Call {
  ms: number;
  /** Time the simulator spent answering (union of request lifetimes). */
  ixcMs: number;
  requests: number;
  rounds: number;
}

/** What the task sends back: calls per phase and endpoint. */
export type SlowResult = Record<'cold' | 'warm', Record<Name, Call[]>>;

async function main(): Promise<void> {
  const [latency, samples, warmup, burst] = process.argv.slice(2).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const ixc = await forkServer('./ixc-server.ts', [String(latency)]);
  const client = new IxcCampsoftClient({ baseUrl: ixc.url, token: DEMO_TOKEN });
  const router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }] });
  const server = await listen(createServer(toNodeHandler(router)));
  const get = async (path: string) => {
    const res = await fetch(server.url + path, { headers: { authorization: AUTH_HEADER } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  };
  const call = async (path: string): Promise<Call> => {
    await ixc.ask('clear');
    const start = performance.now();
    await get(path);
    const ms = performance.now() - start;
    const s = await ixc.ask<{ requests: number; rounds: number; busyMs: number }>('stats');
    return { ms, ixcMs: s.busyMs, requests: s.requests, rounds: s.rounds };
  };
  const phase = async (): Promise<Record<Name, Call[]>> => {
    const out = Object.fromEntries(ENDPOINTS.map((e) => [e.name, [] as Call[]])) as Record<
      Name,
      Call[]
    >;
    for (let i = 0; i < samples; i++) {
      // Rotate the order each pass so no endpoint always follows the same one.
      for (let k = 0; k < ENDPOINTS.length; k++) {
        const e = ENDPOINTS[(i + k) % ENDPOINTS.length]!;
        out[e.name].push(await call(e.path));
      }
    }
    return out;
  };
  try {
    for (const e of ENDPOINTS) for (let i = 0; i < warmup; i++) await get(e.path);
    const cold = await phase();
    // 25 callers, every endpoint, customers 1–15 (distinct reads, so few are coalesced).
    await Promise.all(
      Array.from({ length: 25 }, async (_, w) => {
        for (let j = 0; j < burst / 25; j++) {
          const id = 1 + ((w + j) % 15);
          const paths = ['/api/v1/planos', '/api/v1/clientes/planos', `/api/v1/clientes/${id}`];
          await get(j % 2 ? `/api/v1/clientes/${id}/produtos` : paths[j % 3]!);
        }
      }),
    );
    const warm = await phase();
    process.send?.({ cold, warm } satisfies SlowResult);
  } finally {
    await server.close();
    await ixc.close();
  }
}

await main();
