/**
 * Figure 3, latency under a slow IXC: the simulator, on a real socket, adds 50 ms to every
 * IXC request; the router runs on node:http and each endpoint is called one request at a
 * time. With IXC that slow, an endpoint's latency is set by how many *sequential* IXC rounds
 * it needs, so p50 should sit just above rounds × 50 ms.
 *
 * Why it is fair: requests are sequential (no queueing, no coalescing between them), the
 * endpoints are interleaved round-robin so a noisy moment hits all of them, a few warm-up
 * calls per endpoint are discarded, and the per-endpoint IXC request count and rounds are
 * read from the simulator's own log on one extra call.
 */
import { createServer } from 'node:http';
import { IxcCampsoftClient } from '../../src/index.js';
import { createCampsoftRouter, toNodeHandler } from '../../src/router/index.js';
import { DEMO_TOKEN } from '../../src/testing/index.js';
import { AUTH_HEADER, KEY } from './ixc.js';
import type { FigureOptions, Section, Target } from './report.js';
import { forkServer, listen } from './servers.js';
import { fmt, percentile } from './stats.js';

const LATENCY = 50;
const ENDPOINTS = [
  { name: 'listPlanos', path: '/api/v1/planos' },
  { name: 'listClientesPorPlano', path: '/api/v1/clientes/planos' },
  { name: 'getCliente', path: '/api/v1/clientes/7' },
  { name: 'getProdutos', path: '/api/v1/clientes/7/produtos' },
] as const;
type Name = (typeof ENDPOINTS)[number]['name'];

/** The goal on p50, as a multiple of the IXC latency, per endpoint that has one. */
const GOALS: Partial<Record<Name, number>> = { getCliente: 1.5, getProdutos: 3.5 };

/** Runs the figure. */
export async function slowIxc(options: FigureOptions): Promise<Section> {
  const samples = options.quick ? 5 : 30;
  const warmup = options.quick ? 1 : 3;
  const ixc = await forkServer('./ixc-server.ts', [String(LATENCY)]);
  const client = new IxcCampsoftClient({ baseUrl: ixc.url, token: DEMO_TOKEN });
  const router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }] });
  const server = await listen(createServer(toNodeHandler(router)));
  const times = new Map<Name, number[]>(ENDPOINTS.map((e) => [e.name, []]));
  const ixcCost = new Map<Name, [requests: number, rounds: number]>();

  const call = async (path: string) => {
    const start = performance.now();
    const res = await fetch(server.url + path, { headers: { authorization: AUTH_HEADER } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return performance.now() - start;
  };

  try {
    for (const e of ENDPOINTS) for (let i = 0; i < warmup; i++) await call(e.path);
    for (const e of ENDPOINTS) {
      await ixc.ask('clear');
      await call(e.path);
      const { requests, rounds } = await ixc.ask<{ requests: number; rounds: number }>('stats');
      ixcCost.set(e.name, [requests, rounds]);
    }
    for (let i = 0; i < samples; i++) {
      // Rotate the order each pass so no endpoint always follows the same one.
      for (let k = 0; k < ENDPOINTS.length; k++) {
        const e = ENDPOINTS[(i + k) % ENDPOINTS.length]!;
        times.get(e.name)!.push(await call(e.path));
      }
    }
  } finally {
    await server.close();
    await ixc.close();
  }

  const p = (name: Name, q: number) => percentile(times.get(name)!, q);
  const targets: Target[] = Object.entries(GOALS).map(([name, factor]) => {
    const p50 = p(name as Name, 50);
    const [, rounds] = ixcCost.get(name as Name)!;
    return {
      name: `\`${name}\` p50 with IXC at +${LATENCY} ms`,
      target: `≤ ${factor} × ${LATENCY} ms = ${factor * LATENCY} ms`,
      measured: `${fmt(p50, 1)} ms (${fmt(p50 / LATENCY, 2)} × ${LATENCY} ms; ${rounds} IXC rounds)`,
      ok: p50 <= factor * LATENCY,
    };
  });

  return {
    id: 'slow-ixc',
    title: '3. Latency under a slow IXC',
    method: [
      `\`startIxcSimulator({ latencyMs: ${LATENCY} })\` (demo dataset) on a real socket, in a ` +
        'child process of its own (IXC is another machine: its work must not queue behind the ' +
        "client's on one event loop); a client " +
        'with default options (coalescing on, no cache) reaches it over HTTP; the router runs ' +
        'on node:http with API-key auth. Each endpoint is called with `fetch`, one request at a ' +
        `time: ${warmup} warm-up calls each, then ${samples} measured calls each, endpoints ` +
        'interleaved round-robin. Customer 7 of the demo dataset has 4 contracts. IXC requests ' +
        'and rounds per call are read from the simulator log on one extra call.',
    ],
    tables: [
      {
        head: ['Endpoint', 'IXC requests', 'IXC rounds', 'p50 ms', 'p99 ms', 'p50 / 50 ms'],
        rows: ENDPOINTS.map((e) => {
          const [requests, rounds] = ixcCost.get(e.name)!;
          return [
            `\`${e.name}\` \`GET ${e.path}\``,
            String(requests),
            String(rounds),
            fmt(p(e.name, 50), 1),
            fmt(p(e.name, 99), 1),
            `${fmt(p(e.name, 50) / LATENCY, 2)}×`,
          ];
        }),
      },
    ],
    targets,
    headline: [
      `With every IXC request taking ${LATENCY} ms: \`getCliente\` p50 ${fmt(p('getCliente', 50))} ms, ` +
        `\`getProdutos\` p50 ${fmt(p('getProdutos', 50))} ms ` +
        `(${ixcCost.get('getProdutos')![1]} sequential IXC rounds).`,
    ],
    notes: [`p99 over ${samples} samples is close to the maximum; read it as "worst seen".`],
  };
}
