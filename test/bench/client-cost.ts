/**
 * `npm run bench -- client`: what the client costs in CPU over the HTTP library it uses, with
 * IXC replaced by a `fetch` that answers at once (so only client-side work is measured).
 *
 * (a) `getCliente(7)` against ky configured as the client uses it (one instance, prefix URL,
 *     auth and IXC headers, a JSON body, the text read and parsed): goal ≤ 1.05×.
 * (b) a `query('cliente')` walk of 20 pages × 100 rows of 150 columns (a `senha` among them)
 *     against a hand-written loop of fetch + JSON.parse over the same pages: goal ≤ 1.2×.
 *
 * The sides run in rounds, the order rotated and reversed, and the figure is the median of
 * the per-round ratios, so a noisy neighbour on a shared machine hits both alike. With
 * `BENCH_CLIENT_BEFORE=<dir>` (a checkout of an earlier commit, `node_modules` linked) that
 * tree's client runs as a third side in the same rounds: before and after in one run.
 */
import ky from 'ky';
import { IxcCampsoftClient } from '../../src/index.js';
import type { Figure, Section } from './report.js';

const COLUMNS = 150;
const ROWS = 100;
const PAGES = 20;

function row(id: number): Record<string, string> {
  const out: Record<string, string> = { id: String(id), razao: `Cliente ${id}` };
  for (let i = 2; i < COLUMNS; i++) out[i === 40 ? 'senha' : `coluna_${i}`] = `valor ${id} ${i}`;
  return out;
}

const ONE = JSON.stringify({ page: '1', total: '1', registros: [row(7)] });
const PAGE_TEXT = Array.from({ length: PAGES }, (_, p) =>
  JSON.stringify({
    page: '1',
    total: String((PAGES - p) * ROWS),
    registros: Array.from({ length: ROWS }, (_, i) => row(p * ROWS + i + 1)),
  }),
);

/** A fetch answering a listing at once: `cliente` by id, or the page after `afterId`. */
async function stub(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const req = input instanceof Request ? input : new Request(input, init);
  const body = (await req.json()) as { rp: string; oper: string; query: string };
  if (body.rp === '1') return new Response(ONE);
  // With no other filter, `id > afterId` is the main filter.
  const after = body.oper === '>' ? Number(body.query) : 0;
  return new Response(PAGE_TEXT[Math.floor(after / ROWS)] ?? PAGE_TEXT[0]);
}

const TOKEN = '12:6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee1234';
const BASE = 'https://ixc.bench';

export function newClient() {
  return new IxcCampsoftClient({ baseUrl: BASE, token: TOKEN, fetch: stub, coalesce: false });
}

const kyClient = ky.create({
  prefixUrl: `${BASE}/webservice/v1/`,
  headers: {
    accept: 'application/json, text/x-json, */*',
    'content-type': 'application/json',
    ixcsoft: 'listar',
    authorization: `Basic ${Buffer.from(TOKEN).toString('base64')}`,
  },
  fetch: stub,
  retry: 0,
  timeout: false,
  throwHttpErrors: false,
});
const ONE_BODY = JSON.stringify({
  qtype: 'cliente.id',
  query: '7',
  oper: '=',
  page: '1',
  rp: '1',
  sortname: 'cliente.id',
  sortorder: 'asc',
  grid_param: '[]',
});

export async function viaKy(): Promise<void> {
  const controller = new AbortController();
  const response = await kyClient.post('cliente', { body: ONE_BODY, signal: controller.signal });
  JSON.parse(await response.text());
}

export async function handLoop(): Promise<number> {
  let afterId = 0;
  let rows = 0;
  for (;;) {
    const response = await stub(`${BASE}/webservice/v1/cliente`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ixcsoft: 'listar' },
      body: JSON.stringify({
        qtype: 'cliente.id',
        query: String(afterId || 1),
        oper: afterId ? '>' : '>=',
        page: '1',
        rp: '100',
        sortname: 'cliente.id',
        sortorder: 'asc',
        grid_param: '[]',
      }),
    });
    const page = JSON.parse(await response.text()) as {
      total: string;
      registros: Array<{ id: string }>;
    };
    rows += page.registros.length;
    if (page.registros.length >= Number(page.total)) return rows;
    afterId = Number(page.registros.at(-1)!.id);
  }
}

export async function walk(client: IxcCampsoftClient): Promise<number> {
  let rows = 0;
  for await (const _ of client.query('cliente', [], { pageSize: ROWS })) rows++;
  return rows;
}

async function cpuOf(fn: () => Promise<unknown>, times: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / times;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A side's median µs per call and median per-round ratio to the baseline. */
export interface Side {
  us: number;
  ratio: number;
}

/**
 * Runs every task `times` times per round, the order rotated and reversed across rounds;
 * each task's figure is its median µs and the median of its per-round ratio to `baseline`.
 */
export async function compareAll(
  tasks: Record<string, () => Promise<unknown>>,
  baseline: string,
  times: number,
  rounds: number,
): Promise<Record<string, Side>> {
  const names = Object.keys(tasks);
  for (const name of names) await cpuOf(tasks[name]!, times);
  const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const k = r % names.length;
    const order = [...names.slice(k), ...names.slice(0, k)];
    if (Math.floor(r / names.length) % 2 === 1) order.reverse();
    const round: Record<string, number> = {};
    for (const name of order) round[name] = await cpuOf(tasks[name]!, times);
    for (const name of names) {
      us[name]!.push(round[name]!);
      ratios[name]!.push(round[name]! / round[baseline]!);
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { us: median(us[n]!), ratio: median(ratios[n]!) }]),
  );
}

/** Median per-round ratio of `a` over `b`, and their median µs per call. */
export async function compare(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  times: number,
  rounds: number,
): Promise<{ ratio: number; a: number; b: number }> {
  const r = await compareAll({ a, b }, 'b', times, rounds);
  return { ratio: r.a!.ratio, a: r.a!.us, b: r.b!.us };
}

/** The client of an earlier tree (`BENCH_CLIENT_BEFORE=<dir>`), built as {@link newClient}. */
async function beforeClient(): Promise<IxcCampsoftClient | undefined> {
  const dir = process.env.BENCH_CLIENT_BEFORE;
  if (!dir) return undefined;
  const mod = (await import(`${dir}/src/index.ts`)) as {
    IxcCampsoftClient: typeof IxcCampsoftClient;
  };
  return new mod.IxcCampsoftClient({ baseUrl: BASE, token: TOKEN, fetch: stub, coalesce: false });
}

/** Both comparisons; with `BENCH_CLIENT_BEFORE`, the earlier client runs in the same rounds. */
export async function measureClientCost(quick: boolean) {
  const client = newClient();
  const earlier = await beforeClient();
  const one: Record<string, () => Promise<unknown>> = {
    ours: () => client.getCliente(7),
    ky: viaKy,
  };
  if (earlier) one.before = () => earlier.getCliente(7);
  const s = await compareAll(one, 'ky', quick ? 300 : 2000, quick ? 6 : 16);
  const walkClient = newClient();
  const rows = await walk(walkClient);
  if (rows !== PAGES * ROWS || (await handLoop()) !== rows) throw new Error('walks disagree');
  const many: Record<string, () => Promise<unknown>> = {
    ours: () => walk(walkClient),
    hand: handLoop,
  };
  const earlierWalk = await beforeClient();
  if (earlierWalk) many.before = () => walk(earlierWalk);
  const w = await compareAll(many, 'hand', quick ? 3 : 10, quick ? 6 : 12);
  return {
    single: { ratio: s.ours!.ratio, a: s.ours!.us, b: s.ky!.us, before: s.before },
    walks: { ratio: w.ours!.ratio, a: w.ours!.us, b: w.hand!.us, before: w.before },
  };
}

const fmt = (n: number) => n.toFixed(2);

export const clientCost: Figure = async ({ quick }): Promise<Section> => {
  const { single, walks } = await measureClientCost(quick);
  return {
    id: 'client',
    title: 'Client CPU over ky and over a hand-written fetch loop',
    method: [
      'IXC replaced by a fetch that answers at once; CPU time (`process.cpuUsage`) per call, ' +
        'A/B alternating, median of per-round ratios. (a) `getCliente(7)` vs ky configured ' +
        'as the client uses it; (b) a `query()` walk of 20 pages × 100 rows × 150 columns vs ' +
        'fetch + JSON.parse of the same pages.',
    ],
    tables: [
      {
        head: ['Path', 'Client µs', 'Baseline µs', 'Ratio'],
        rows: [
          ['getCliente vs ky', fmt(single.a), fmt(single.b), `${fmt(single.ratio)}×`],
          ['query() walk vs fetch loop', fmt(walks.a), fmt(walks.b), `${fmt(walks.ratio)}×`],
          // An earlier tree's client, measured in the same rounds (BENCH_CLIENT_BEFORE).
          ...(single.before && walks.before
            ? [
                [
                  'before: getCliente vs ky',
                  fmt(single.before.us),
                  fmt(single.b),
                  `${fmt(single.before.ratio)}×`,
                ],
                [
                  'before: query() walk',
                  fmt(walks.before.us),
                  fmt(walks.b),
                  `${fmt(walks.before.ratio)}×`,
                ],
              ]
            : []),
        ],
      },
    ],
    targets: [
      {
        name: 'getCliente over ky',
        measured: `${fmt(single.ratio)}×`,
        target: '≤ 1.05×',
        ok: single.ratio <= 1.05,
      },
      {
        name: 'query() walk over a fetch loop',
        measured: `${fmt(walks.ratio)}×`,
        target: '≤ 1.2×',
        ok: walks.ratio <= 1.2,
      },
    ],
    headline: [
      `Client over ky: ${fmt(single.ratio)}×; query() walk over a fetch loop: ${fmt(walks.ratio)}×.`,
    ],
  };
};
