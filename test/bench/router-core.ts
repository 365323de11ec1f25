/**
 * The router's own cost per request, without sockets (tinybench): `router.handle()` — what
 * every adapter calls — against the hand-written handler body of the HTTP figure
 * (`handAnswer` in `router-hosts.ts`), both producing the same status, headers and body
 * from the same client. Four set-ups: the client reading the in-memory engine on every call
 * (as in the HTTP figure), the client answering from its own cache (`cache` on the `cliente`
 * table), a stub client whose `getCliente` resolves a fixed customer at once, which leaves
 * nothing but the layer under test, and that stub again through the node:http faces
 * (`toNodeHandler(router)` against the hand-written node:http listener) with an in-memory
 * request and response, so the adapter's work (its request object, the lazy signal tied to
 * the response, `writeHead` + `end`) is counted as well. The router's requests carry their
 * signal as the Node adapters do: made only when asked for.
 *
 * Before/after: with `BENCH_ROUTER_BEFORE=<dir>` (a checkout of an earlier commit, its
 * `node_modules` linked), that tree's router runs as a third task on the same client, so an
 * optimisation is measured side by side in one run rather than across two runs.
 *
 * Why it is fair: every task runs in the same process on the same client; each round is a
 * fresh tinybench run of all tasks, the order rotated and reversed across rounds, and the
 * figure is the ratio of the medians of each task's median latency over the rounds.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Bench } from 'tinybench';
import type { IxcCampsoftClient } from '../../src/index.js';
import {
  type CampsoftRouter,
  createCampsoftRouter,
  type RouterRequest,
  toNodeHandler,
} from '../../src/router/index.js';
import { AUTH_HEADER, KEY, memoryIxc } from './ixc.js';
import type { Table } from './report.js';
import { handAnswer, handNode } from './router-hosts.js';
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

/** The earlier tree's `toNodeHandler`, when `BENCH_ROUTER_BEFORE` is set. */
async function beforeNodeHandler(): Promise<typeof toNodeHandler> {
  const dir = process.env.BENCH_ROUTER_BEFORE!;
  const mod = (await import(`${dir}/src/router/index.ts`)) as {
    toNodeHandler: typeof toNodeHandler;
  };
  return mod.toNodeHandler;
}

/** A client whose `getCliente` answers a fixed customer at once: no IXC, no client work. */
export async function stubClient(): Promise<IxcCampsoftClient> {
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
const HEADERS = { authorization: AUTH_HEADER, host: 'bench' };

/**
 * A router request as the Node adapters make it: the signal (an `AbortController`) exists
 * only once something asks for it.
 */
class BenchRequest implements RouterRequest {
  readonly method = 'GET';
  readonly url = PATH;
  readonly headers = HEADERS;
  #controller: AbortController | undefined;
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }
}

/**
 * Just enough of a `ServerResponse` for a node:http handler: `writeHead`, `end`, the state
 * flags the adapter reads, and `close`, which fires after `end` as Node's does.
 */
class BenchResponse extends EventEmitter {
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  statusCode = 0;
  readonly done: Promise<void>;
  #resolve!: () => void;
  constructor() {
    super();
    this.done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }
  writeHead(status: number, _headers?: Record<string, string>): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  end(_body?: string): this {
    this.writableEnded = true;
    this.writableFinished = true;
    this.#resolve();
    this.emit('close');
    return this;
  }
}

/** One request through a node:http request listener, in memory. */
export async function throughNode(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<void> {
  const req = { method: 'GET', url: PATH, headers: HEADERS } as IncomingMessage;
  const res = new BenchResponse();
  handler(req, res as unknown as ServerResponse);
  await res.done;
  if (res.statusCode !== 200) throw new Error(`answered ${res.statusCode}`);
}

/** How a set-up calls each side: the core (`router.handle`) or a node:http listener. */
type Face = 'core' | 'node';

async function measure(
  setup: string,
  client: IxcCampsoftClient,
  rounds: number,
  ms: number,
  face: Face = 'core',
): Promise<CoreResult> {
  const keys = [{ key: KEY, tenants: '*' as const, name: 'bench' }];
  const router = createCampsoftRouter({ client, apiKeys: keys });
  const makeBefore = await beforeFactory();
  const earlier: CampsoftRouter | undefined = makeBefore?.({ client, apiKeys: keys });
  const viaRouter = (r: CampsoftRouter) => async () => {
    const res = await r.handle(new BenchRequest());
    if (res?.status !== 200) throw new Error(`router answered ${res?.status}`);
  };
  const beforeNode = earlier && (await beforeNodeHandler());
  const tasks: Partial<Record<Variant, () => Promise<void>>> =
    face === 'core'
      ? {
          ours: viaRouter(router),
          hand: async () => {
            const r = await handAnswer(client, AUTH_HEADER, '7');
            if (r.status !== 200) throw new Error(`hand answered ${r.status}`);
          },
        }
      : {
          ours: (
            (h) => () =>
              throughNode(h)
          )(toNodeHandler(router)),
          hand: (
            (h) => () =>
              throughNode(h)
          )(handNode(client)),
        };
  if (earlier) {
    tasks.before =
      face === 'core'
        ? viaRouter(earlier)
        : (
            (h) => () =>
              throughNode(h)
          )(beforeNode!(earlier) as never);
  }
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

/** The set-up whose ratio is the router's own cost: the stub client, through node:http. */
export const STUB_NODE = "stub client, through `toNodeHandler` (router's own cost)";

/** Runs the four set-ups. */
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
    await measure('stub client answers at once', await stubClient(), rounds, ms),
    await measure(STUB_NODE, await stubClient(), rounds, ms, 'node'),
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
