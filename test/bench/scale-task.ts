/**
 * Child-process entry of the scale figure: `scale-task.ts <clientes> <walk>`, run with
 * `--expose-gc`. Sets up the dataset and a client, collects garbage, takes the heap as the
 * baseline, then streams every customer through the client's page iterator, sampling
 * `heapUsed` after every page. Sends back rows, seconds, peak growth over the baseline, the
 * growth still live after a GC while the iterator is still referenced (what the walk holds on
 * to), and after it is dropped.
 */
import { IxcCampsoftClient } from '../../src/index.js';
import { DEMO_TOKEN, generateDataset } from '../../src/testing/index.js';
import { memoryIxc } from './ixc.js';
import { type ChildServer, forkServer } from './servers.js';

/**
 * - `for-await`: `for await (const c of client.query('cliente', [], { pageSize }))`
 *   with the dataset in an in-memory engine in this process (the engine's data lives in the
 *   same heap; growth is measured from after it is loaded).
 * - `remote`: the same walk, the dataset in a simulator process of its own reached over HTTP,
 *   so this heap holds the client alone — as in a service whose IXC is another machine.
 * - `next-page`: in-memory, `page = await page.getNextPage()` keeping no earlier page.
 */
export type Walk = 'for-await' | 'remote' | 'next-page';

/** What the task reports. */
export interface ScaleResult {
  clientes: number;
  pageSize: number;
  walk: Walk;
  rows: number;
  seconds: number;
  baselineMB: number;
  peakGrowthMB: number;
  /** Live growth after the walk, iterator still referenced. */
  heldMB: number;
  /** Live growth after the iterator is dropped. */
  afterMB: number;
  samples: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const MB = 2 ** 20;
// Rows per page: the client's default (100) unless the parent asks for another size.
const PAGE = Number(process.argv[4] ?? 100);

/**
 * Walks every row; `sample` gets `heapUsed` after each page. At the end, with the iterator
 * still referenced, two GCs measure what the walk holds on to.
 */
async function walkAll(
  client: IxcCampsoftClient,
  walk: Walk,
  sample: (heapUsed: number) => void,
): Promise<{ rows: number; seconds: number; held: number }> {
  const base = process.memoryUsage().heapUsed;
  const used = () => sample(process.memoryUsage().heapUsed);
  let rows = 0;
  const start = performance.now();
  let iterator: AsyncIterable<unknown> | undefined;
  if (walk !== 'next-page') {
    iterator = client.query('cliente', [], { pageSize: PAGE });
    for await (const _row of iterator) if (++rows % PAGE === 0) used();
  } else {
    // No reference to the list or to any earlier page is kept.
    let page = await client.query('cliente', [], { pageSize: PAGE });
    rows += page.data.length;
    used();
    while (page.hasNextPage()) {
      page = await page.getNextPage();
      rows += page.data.length;
      used();
    }
  }
  const seconds = (performance.now() - start) / 1000;
  used();
  gc!();
  gc!();
  const held = process.memoryUsage().heapUsed - base;
  // Keeps the iterator reachable up to here, as a caller still holding it would.
  if (rows < 0) console.log(iterator);
  return { rows, seconds, held };
}

async function main(): Promise<void> {
  const clientes = Number(process.argv[2]);
  const walk = (process.argv[3] ?? 'for-await') as Walk;
  let remote: ChildServer | undefined;
  let client: IxcCampsoftClient;
  if (walk === 'remote') {
    remote = await forkServer('./ixc-server.ts', ['0', String(clientes)]);
    client = new IxcCampsoftClient({ baseUrl: remote.url, token: DEMO_TOKEN, pageSize: PAGE });
  } else {
    const dataset = generateDataset({ seed: 1, clientes });
    client = memoryIxc({ dataset, logRequests: false }, { pageSize: PAGE }).client;
  }
  try {
    // A first page warms the code paths so the baseline is not taken before lazy compilation.
    await client.query('cliente', [], { pageSize: 1 });
    gc!();
    gc!();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let samples = 0;
    const walked = await walkAll(client, walk, (used) => {
      if (used > peak) peak = used;
      samples++;
    });
    gc!();
    gc!();
    // The walk's frame is gone: what is still live now is held by the client or the engine.
    const after = process.memoryUsage().heapUsed - baseline;
    const result: ScaleResult = {
      clientes,
      pageSize: PAGE,
      walk,
      rows: walked.rows,
      seconds: walked.seconds,
      baselineMB: baseline / MB,
      peakGrowthMB: (peak - baseline) / MB,
      heldMB: walked.held / MB,
      afterMB: after / MB,
      samples,
    };
    process.send?.(result);
  } finally {
    await remote?.close();
  }
}

await main();
