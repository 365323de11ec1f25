/**
 * The router's own cost per request, without sockets (tinybench): `router.handle()` — what
 * every adapter calls — against the hand-written handler body of the HTTP figure
 * (`handAnswer` in `router-hosts.ts`), both producing the same status, headers and body
 * from the same client. Three set-ups: the client reading the in-memory engine on every call
 * (as in the HTTP figure), the client answering from its own cache (`cache` on the `cliente`
 * table), and a stub client whose `getCliente` resolves a fixed customer at once, which
 * leaves nothing but the layer under test.
 *
 * Before/after: with `BENCH_ROUTER_BEFORE=<dir>` (a checkout of an earlier commit, its
 * `node_modules` linked), that tree's router runs as a third task on the same client, so an
 * optimisation is measured side by side in one run rather than across two runs.
 *
 * Why it is fair: every task runs in the same process on the same client; each round is a
 * fresh tinybench run of all tasks, the order rotated and reversed across rounds, and the
 * figure is the ratio of the medians of each task's median latency over the rounds.
 */
import { Bench } from 'tinybench';
import type { IxcCampsoftClient } from '../../src/index.js';
import { type CampsoftRouter, createCampsoftRouter } from '../../src/router/index.js';
import { AUTH_HEADER, KEY, memoryIxc } from './ixc.js';
import type { Table } from './report.js';
import { handAnswer } from './router-hosts.js';
import { fmt, median, ratio } from './stats.js';

/** Per-request latency of each side, in microseconds. */
export interface CoreResult {
  setup: string;
  oursUs: number;
  handUs: number;
  /** hand / ours latency = ours / hand throughput. */
  ratio: number;
  /** The earlier router's latency and ratio, when `BENCH_ROUTER_BEFORE` is set. */
  beforeUs?: number;
  beforeRatio?: number;
}

type Variant = 'ours' | 'hand' | 'before';

/** The router factory of the earlier tree named by `BENCH_ROUTER_BEFORE`, if any. */
export async function beforeFactory(): Promise<typeof createCampsoftRouter | undefined> {
  const dir = process.env.BENCH_ROUTER_BEFORE;
  if (!dir) return undefined;
  const mod = (await import(`${dir}/src/router/index.ts`)) as {
    createCampsoftRouter: typeof createCampsoftRouter;
  };
  return mod.createCampsoftRouter;
}

/** A client whose `getCliente` answers a fixed customer at once: no IXC, no client work. */
async function stubClient(): Promise<IxcCampsoftClient> {
  const { client } = memoryIxc({ logRequests: false });
  const cliente = await client.getCliente(7);
  return { getCliente: async () => cliente } as unknown as IxcCampsoftClient;
}

/** Rotates and, every other round, reverses the order of the variants. */
function order(i: number, variants: Variant[]): Variant[] {
  const k = i % variants.length;
  const rotated = [...variants.slice(k), ...variants.slice(0, k)];
  return Math.floor(i / variants.length) % 2 === 1 ? rotated.reverse() : rotated;
}

const PATH = '/api/v1/clientes/7';

async function measure(
  setup: string,
  client: IxcCampsoftClient,
  rounds: number,
  ms: number,
): Promise<CoreResult> {
  const keys = [{ key: KEY, tenants: '*' as const, name: 'bench' }];
  const router = createCampsoftRouter({ client, apiKeys: keys });
  const makeBefore = await beforeFactory();
  const earlier: CampsoftRouter | undefined = makeBefore?.({ client, apiKeys: keys });
  const headers = { authorization: AUTH_HEADER };
  const viaRouter = (r: CampsoftRouter) => async () => {
    // As the Node adapters do for a read: a signal per request, tied to the caller.
    const res = await r.handle({
      method: 'GET',
      url: PATH,
      headers,
      signal: new AbortController().signal,
    });
    if (res?.status !== 200) throw new Error(`router answered ${res?.status}`);
  };
  const tasks: Partial<Record<Variant, () => Promise<void>>> = {
    ours: viaRouter(router),
    hand: async () => {
      const r = await handAnswer(client, AUTH_HEADER, '7');
      if (r.status !== 200) throw new Error(`hand answered ${r.status}`);
    },
  };
  if (earlier) tasks.before = viaRouter(earlier);
  const variants = Object.keys(tasks) as Variant[];
  const samples: Record<Variant, number[]> = { ours: [], hand: [], before: [] };
  for (let i = 0; i < rounds; i++) {
    const bench = new Bench({ time: ms, warmupTime: Math.min(100, ms) });
    for (const name of order(i, variants)) bench.add(name, tasks[name]!);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!result || !('latency' in result)) throw new Error(`${task.name}: no result`);
      samples[task.name as Variant].push(result.latency.p50 * 1000);
    }
  }
  const oursUs = median(samples.ours);
  const handUs = median(samples.hand);
  const out: CoreResult = { setup, oursUs, handUs, ratio: handUs / oursUs };
  if (earlier) {
    out.beforeUs = median(samples.before);
    out.beforeRatio = handUs / out.beforeUs;
  }
  return out;
}

/** Runs the three set-ups. */
export async function routerCore(quick: boolean): Promise<CoreResult[]> {
  const rounds = quick ? 3 : 9;
  const ms = quick ? 200 : 600;
  const engine = memoryIxc({ logRequests: false }).client;
  const cached = memoryIxc(
    { logRequests: false },
    { cache: { ttl: 3_600_000, tables: ['cliente'] } },
  ).client;
  return [
    await measure('client reads the in-memory engine', engine, rounds, ms),
    await measure('client answers from its cache', cached, rounds, ms),
    await measure(
      "stub client answers at once (router's own cost)",
      await stubClient(),
      rounds,
      ms,
    ),
  ];
}

/** The results as a table of the router figure. */
export function coreTable(core: CoreResult[]): Table {
  return {
    caption:
      '**Without sockets** (tinybench, same process): `router.handle()` against the ' +
      'hand-written handler body, per request.',
    head: [
      'Set-up',
      'Ours µs (median p50)',
      'Hand-written µs',
      'Difference µs',
      'Hand / ours',
      ...(core[0]?.beforeUs === undefined ? [] : ['Before µs', 'Hand / before']),
    ],
    rows: core.map((c) => [
      c.setup,
      fmt(c.oursUs, 1),
      fmt(c.handUs, 1),
      fmt(c.oursUs - c.handUs, 1),
      ratio(c.ratio),
      ...(c.beforeUs === undefined ? [] : [fmt(c.beforeUs, 1), ratio(c.beforeRatio!)]),
    ]),
  };
}
