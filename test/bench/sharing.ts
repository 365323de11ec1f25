/**
 * Figure 5, coalescing and cache: 100 concurrent identical `getCliente` calls, and 100
 * `listPlanos` calls within the cache TTL. The figure is the number of IXC requests made
 * (target: 1 each), counted by the simulator engine's own log, next to the same calls with
 * the feature switched off.
 *
 * Why it is fair: every case gets a fresh engine and client, the engine adds 5 ms to each
 * request so that "concurrent" calls really are in flight together, and counts are
 * independent of machine speed (wall times are shown for scale only).
 */
import type { IxcCampsoftClientOptions } from '../../src/index.js';
import { memoryIxc } from './ixc.js';
import type { FigureOptions, Section, Target } from './report.js';
import { fmt } from './stats.js';

const N = 100;

interface Case {
  name: string;
  options: Partial<IxcCampsoftClientOptions>;
  run: (c: ReturnType<typeof memoryIxc>['client']) => Promise<unknown>;
  target?: number;
}

const concurrent = (f: () => Promise<unknown>) => Promise.all(Array.from({ length: N }, f));
const sequential = async (f: () => Promise<unknown>) => {
  for (let i = 0; i < N; i++) await f();
};

const CASES: Case[] = [
  {
    name: `${N} concurrent \`getCliente(7)\`, \`coalesce\` on (default)`,
    options: {},
    run: (c) => concurrent(() => c.getCliente(7)),
    target: 1,
  },
  {
    name: `${N} concurrent \`getCliente(7)\`, \`coalesce: false\``,
    options: { coalesce: false },
    run: (c) => concurrent(() => c.getCliente(7)),
  },
  {
    name: `${N} sequential \`listPlanos()\`, \`cache: { ttl: 60000 }\``,
    options: { cache: { ttl: 60_000 } },
    run: (c) => sequential(() => c.listPlanos()),
    target: 1,
  },
  {
    name: `${N} concurrent \`listPlanos()\`, \`cache: { ttl: 60000 }\``,
    options: { cache: { ttl: 60_000 } },
    run: (c) => concurrent(() => c.listPlanos()),
    target: 1,
  },
  {
    name: `${N} sequential \`listPlanos()\`, no cache (default)`,
    options: {},
    run: (c) => sequential(() => c.listPlanos()),
  },
];

/** Runs the figure. */
export async function sharing(_options: FigureOptions): Promise<Section> {
  const rows: string[][] = [];
  const targets: Target[] = [];
  const counts: number[] = [];
  for (const k of CASES) {
    const { engine, client } = memoryIxc({ latencyMs: 5 }, k.options);
    const start = performance.now();
    await k.run(client);
    const ms = performance.now() - start;
    const requests = engine.requests.length;
    counts.push(requests);
    rows.push([k.name, String(requests), fmt(ms)]);
    if (k.target !== undefined) {
      targets.push({
        name: k.name,
        target: `${k.target} IXC request`,
        measured: `${requests}`,
        ok: requests <= k.target,
      });
    }
  }
  return {
    id: 'sharing',
    title: '5. Coalescing and cache',
    method: [
      'A fresh in-memory engine (demo dataset, +5 ms per request) and client per case. ' +
        '"Concurrent" is `Promise.all` of 100 calls started in the same tick; "sequential" ' +
        'awaits each call before the next, all within the TTL. IXC requests are counted by ' +
        '`engine.requests`. The cache covers `vd_contratos` (plans) by default.',
    ],
    tables: [{ head: ['Case', 'IXC requests', 'Wall ms'], rows }],
    targets,
    headline: [
      `${N} concurrent \`getCliente(7)\`: ${counts[0]} IXC request (${counts[1]} without coalescing); ` +
        `${N} \`listPlanos\` within the cache TTL: ${counts[2]} (${counts[4]} without cache).`,
    ],
  };
}
