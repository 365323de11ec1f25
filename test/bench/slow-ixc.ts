/**
 * Figure 3, latency under a slow IXC: the simulator, on a real socket, adds 50 ms to every
 * IXC request; the router runs on node:http and each endpoint is called one request at a
 * time. With IXC that slow, an endpoint's latency is set by how many *sequential* IXC rounds
 * it needs, so p50 should sit just above rounds × 50 ms.
 *
 * Why it is fair: requests are sequential (no queueing, no coalescing between them); the
 * endpoints are interleaved round-robin so a noisy moment hits all of them; the simulator
 * runs in a process of its own, as IXC is another machine; the router and client run in a
 * fresh process (`slow-ixc-task.ts`), measured cold and again warm (after a burst of
 * concurrent traffic), because a server in production is warm and a benchmark process is not.
 * The simulator's own log gives, per call, IXC requests, rounds and the time it was busy
 * answering, so the time spent in our code and the network is shown apart.
 */
import type { FigureOptions, Section, Target } from './report.js';
import { forkTask } from './servers.js';
import { type Call, ENDPOINTS, type Name, type SlowResult } from './slow-ixc-task.js';
import { fmt, median, percentile } from './stats.js';

const LATENCY = 50;

/** The goal on p50, as a multiple of the IXC latency, per endpoint that has one. */
const GOALS: Partial<Record<Name, number>> = { getCliente: 1.5, getProdutos: 3.5 };

/** Runs the figure. */
export async function slowIxc(options: FigureOptions): Promise<Section> {
  const samples = options.quick ? 5 : 30;
  const warmup = options.quick ? 1 : 3;
  const burst = options.quick ? 50 : 400;
  const result = await forkTask<SlowResult>('./slow-ixc-task.ts', [
    String(LATENCY),
    String(samples),
    String(warmup),
    String(burst),
  ]);
  const ms = (calls: Call[], q: number) =>
    percentile(
      calls.map((c) => c.ms),
      q,
    );
  const outside = (calls: Call[]) => median(calls.map((c) => c.ms - c.ixcMs));

  const targets: Target[] = Object.entries(GOALS).map(([name, factor]) => {
    const warm = result.warm[name as Name];
    const cold = result.cold[name as Name];
    const p50 = ms(warm, 50);
    const ok = p50 <= factor * LATENCY;
    return {
      name: `\`${name}\` p50 with IXC at +${LATENCY} ms (warm process)`,
      target: `≤ ${factor} × ${LATENCY} ms = ${factor * LATENCY} ms`,
      measured: `${fmt(p50, 1)} ms (${fmt(p50 / LATENCY, 2)}×; ${warm[0]!.rounds} IXC rounds)`,
      ok,
      note:
        `cold process: ${fmt(ms(cold, 50), 1)} ms` +
        (ms(cold, 50) > factor * LATENCY ? ' (over the goal)' : '') +
        (ok ? '' : `; ${fmt(outside(warm), 1)} ms of each call is spent outside IXC`),
    };
  });
  const row = (phase: 'cold' | 'warm', e: (typeof ENDPOINTS)[number]) => {
    const calls = result[phase][e.name];
    return [
      `\`${e.name}\` \`GET ${e.path}\``,
      phase,
      String(calls[0]!.requests),
      String(calls[0]!.rounds),
      fmt(ms(calls, 50), 1),
      fmt(ms(calls, 99), 1),
      fmt(median(calls.map((c) => c.ixcMs)), 1),
      fmt(outside(calls), 1),
      `${fmt(ms(calls, 50) / LATENCY, 2)}×`,
    ];
  };
  const warm = (name: Name) => ms(result.warm[name], 50);

  return {
    id: 'slow-ixc',
    title: '3. Latency under a slow IXC',
    method: [
      `\`startIxcSimulator({ latencyMs: ${LATENCY} })\` (demo dataset) on a real socket, in a ` +
        'child process of its own. The router (API-key auth) and a client with default options ' +
        '(coalescing on, no cache) reaching the simulator over HTTP run in another, fresh child ' +
        'process; each endpoint is called with `fetch`, one request at a time, endpoints ' +
        `interleaved round-robin. **Cold**: ${warmup} warm-up calls per endpoint, then ` +
        `${samples} measured calls each. **Warm**: after ${burst} more calls from 25 concurrent ` +
        'callers over every endpoint and customers 1–15, another ' +
        `${samples} measured calls each. Customer 7 of the demo dataset has 4 contracts. ` +
        '"IXC busy" is the time the simulator spent answering during a call (union of its ' +
        'requests\' lifetimes, 50 ms of sleep included); "outside IXC" is the rest: our code, ' +
        'the HTTP client and the loopback network, on both sides.',
    ],
    tables: [
      {
        head: [
          'Endpoint',
          'Process',
          'IXC requests',
          'IXC rounds',
          'p50 ms',
          'p99 ms',
          'IXC busy ms (median)',
          'Outside IXC ms (median)',
          'p50 / 50 ms',
        ],
        rows: ENDPOINTS.flatMap((e) => [row('cold', e), row('warm', e)]),
      },
    ],
    targets,
    headline: [
      `With every IXC request taking ${LATENCY} ms: \`getCliente\` p50 ${fmt(warm('getCliente'))} ms, ` +
        `\`getProdutos\` p50 ${fmt(warm('getProdutos'))} ms ` +
        `(${result.warm.getProdutos[0]!.rounds} sequential IXC rounds).`,
    ],
    notes: [
      `p99 over ${samples} samples is close to the maximum; read it as "worst seen".`,
      'The cold rows are the first calls of a fresh process: V8 has not yet optimised the ' +
        "client's path (ky, undici, zod), which costs a few milliseconds per IXC round.",
    ],
  };
}
