/**
 * The router's own cost per request, without sockets (tinybench): `router.handle()` — what
 * every adapter calls — against the hand-written handler body of the HTTP figure
 * (`handAnswer` in `router-hosts.ts`), both producing the same status, headers and body
 * from the same client. Two set-ups: the client reading the in-memory engine on every call
 * (as in the HTTP figure), and the client answering from its own cache (`cache` on the
 * `cliente` table), which leaves almost nothing but the layer under test.
 *
 * Why it is fair: both tasks run in the same process on the same client; each round is a
 * fresh tinybench run of both tasks, in ABBA order across rounds, and the figure is the ratio
 * of the medians of each task's median latency over the rounds.
 */
import { Bench } from 'tinybench';
import { createCampsoftRouter } from '../../src/router/index.js';
import { AUTH_HEADER, KEY, memoryIxc } from './ixc.js';
import type { Table } from './report.js';
import { handAnswer } from './router-hosts.js';
import { abba, fmt, median, ratio } from './stats.js';

/** Per-request latency of each side, in microseconds. */
export interface CoreResult {
  setup: string;
  oursUs: number;
  handUs: number;
  /** hand / ours latency = ours / hand throughput. */
  ratio: number;
}

const PATH = '/api/v1/clientes/7';

async function measure(
  setup: string,
  cached: boolean,
  rounds: number,
  ms: number,
): Promise<CoreResult> {
  const { client } = memoryIxc(
    { logRequests: false },
    cached ? { cache: { ttl: 3_600_000, tables: ['cliente'] } } : {},
  );
  const router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }] });
  const headers = { authorization: AUTH_HEADER };
  const tasks = {
    ours: async () => {
      // As the Node adapter does: a signal per request, tied to the caller.
      const r = await router.handle({
        method: 'GET',
        url: PATH,
        headers,
        signal: new AbortController().signal,
      });
      if (r?.status !== 200) throw new Error(`router answered ${r?.status}`);
    },
    hand: async () => {
      const r = await handAnswer(client, AUTH_HEADER, '7');
      if (r.status !== 200) throw new Error(`hand answered ${r.status}`);
    },
  };
  const samples: Record<'ours' | 'hand', number[]> = { ours: [], hand: [] };
  for (let i = 0; i < rounds; i++) {
    const bench = new Bench({ time: ms, warmupTime: Math.min(100, ms) });
    for (const name of abba(i, 'ours' as const, 'hand' as const)) bench.add(name, tasks[name]);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!result || !('latency' in result)) throw new Error(`${task.name}: no result`);
      samples[task.name as 'ours' | 'hand'].push(result.latency.p50 * 1000);
    }
  }
  const oursUs = median(samples.ours);
  const handUs = median(samples.hand);
  return { setup, oursUs, handUs, ratio: handUs / oursUs };
}

/** Runs both set-ups. */
export async function routerCore(quick: boolean): Promise<CoreResult[]> {
  const rounds = quick ? 2 : 8;
  const ms = quick ? 200 : 600;
  return [
    await measure('client reads the in-memory engine', false, rounds, ms),
    await measure("client answers from its cache (router's own cost)", true, rounds, ms),
  ];
}

/** The results as a table of the router figure. */
export function coreTable(core: CoreResult[]): Table {
  return {
    caption:
      '**Without sockets** (tinybench, same process): `router.handle()` against the ' +
      'hand-written handler body, per request.',
    head: ['Set-up', 'Ours µs (median p50)', 'Hand-written µs', 'Difference µs', 'Hand / ours'],
    rows: core.map((c) => [
      c.setup,
      fmt(c.oursUs, 1),
      fmt(c.handUs, 1),
      fmt(c.oursUs - c.handUs, 1),
      ratio(c.ratio),
    ]),
  };
}
