/**
 * Child-process entry of the scale figure: `scale-task.ts <clientes> <for-await|next-page>`, run
 * with `--expose-gc`. Builds a generated dataset in an in-memory engine, collects garbage,
 * takes the heap as the baseline (the dataset lives in this heap too), then streams every
 * row through the client's page iterator, sampling `heapUsed` after every page. Sends back
 * rows, seconds, peak growth over the baseline, the growth still live after a GC while the
 * iterator is still referenced (what the walk holds on to), and after it is dropped.
 */
import type { IxcCampsoftClient } from '../../src/index.js';
import { generateDataset } from '../../src/testing/index.js';
import { memoryIxc } from './ixc.js';

/** What the task reports. */
export interface ScaleResult {
  clientes: number;
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
  loadSeconds: number;
}

/**
 * `for-await`: `for await (const row of client.query('cliente', [], { pageSize: 500 }))`, the
 * documented way to stream. `next-page`: the same rows through `page = await
 * page.getNextPage()`, keeping no reference to earlier pages (a diagnostic).
 */
export type Walk = 'for-await' | 'next-page';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const MB = 2 ** 20;
const PAGE = 500;

/**
 * Walks every row; `sample` gets `heapUsed` after each page. At the end, with the iterator
 * still referenced, two GCs measure what the walk holds on to (`held`, from `base`).
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
  if (walk === 'for-await') {
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
  const walk: Walk = process.argv[3] === 'next-page' ? 'next-page' : 'for-await';
  const loadStart = performance.now();
  const { client } = memoryIxc(
    { dataset: generateDataset({ seed: 1, clientes }), logRequests: false },
    { pageSize: PAGE },
  );
  const loadSeconds = (performance.now() - loadStart) / 1000;
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
    walk,
    rows: walked.rows,
    seconds: walked.seconds,
    baselineMB: baseline / MB,
    peakGrowthMB: (peak - baseline) / MB,
    heldMB: walked.held / MB,
    afterMB: after / MB,
    samples,
    loadSeconds,
  };
  process.send?.(result);
}

await main();
