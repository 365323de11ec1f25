/**
 * Figure 4, scale: streaming every customer of a generated dataset through the page
 * iterator, `for await (const c of client.query('cliente'))` (the client's default page size,
 * 100 rows), at
 * 10 000 and 100 000 customers: rows per second and peak heap growth. The heap must stay flat
 * (≤ 64 MB growth) whatever the dataset size.
 *
 * Why it is fair: each walk runs in a fresh child process (`--expose-gc`), so one walk's heap
 * never colours the next. The dataset lives in the same heap, so growth is measured from a
 * baseline taken after the dataset is loaded, one warm-up page is read and two full GCs ran;
 * `heapUsed` is sampled after every page (garbage included: it is what the process pays).
 * After the walk a GC tells live memory from garbage: what is still live while the iterator
 * is referenced is what the walk holds on to. A third walk, at the large size, has the
 * dataset in a simulator process of its own, reached over HTTP, so the heap measured holds
 * the client alone: it tells the walk's own garbage from what V8 lets pile up because a big
 * dataset shares its heap. A fourth walk uses the largest page (500 rows), to show what a
 * bigger page costs in peak heap.
 */
import type { FigureOptions, Section, Target } from './report.js';
import type { ScaleResult, Walk } from './scale-task.js';
import { forkTask } from './servers.js';
import { fmt } from './stats.js';

const LIMIT_MB = 64;

/** Runs the figure. */
export async function scale(options: FigureOptions): Promise<Section> {
  const [small, large] = options.quick ? [1_000, 5_000] : [10_000, 100_000];
  const runs: [number, Walk, number][] = [
    [small, 'for-await', 100],
    [large, 'for-await', 100],
    [large, 'remote', 100],
    [large, 'for-await', 500],
  ];
  const results: ScaleResult[] = [];
  for (const [clientes, walk, pageSize] of runs) {
    const r = await forkTask<ScaleResult>(
      './scale-task.ts',
      [String(clientes), walk, String(pageSize)],
      ['--expose-gc'],
    );
    console.log(
      `  scale ${clientes} ${walk} rp ${pageSize}: ${fmt(r.rows / r.seconds)} rows/s, peak +${fmt(r.peakGrowthMB)} MB`,
    );
    results.push(r);
  }
  const main = results.filter((r) => r.walk === 'for-await' && r.pageSize === 100);
  const big = results.find((r) => r.pageSize === 500)!;
  const targets: Target[] = main.map((r) => ({
    name: `Peak heap growth streaming ${fmt(r.clientes)} customers (default page size)`,
    target: `≤ ${LIMIT_MB} MB`,
    measured: `${fmt(r.peakGrowthMB)} MB (live after walk: ${fmt(r.heldMB)} MB)`,
    ok: r.peakGrowthMB <= LIMIT_MB,
  }));
  const [a, b] = main as [ScaleResult, ScaleResult];
  const remote = results.find((r) => r.walk === 'remote')!;
  const notes: string[] = [];
  if (b.heldMB > LIMIT_MB) {
    notes.push(
      `**The walk keeps what it reads.** At the end of the ${fmt(b.clientes)}-customer walk, ` +
        `${fmt(b.heldMB)} MB are still live while the list is referenced ` +
        `(${fmt(a.heldMB)} MB at ${fmt(a.clientes)}) and ${fmt(b.afterMB)} MB once it is ` +
        'dropped: memory held by the iterator grows with the rows walked, so pages already ' +
        'yielded stay reachable until the loop ends (see `Page`/`PagePromise` in ' +
        'src/client/page.ts).',
    );
  }
  if (b.peakGrowthMB > LIMIT_MB && b.heldMB <= LIMIT_MB) {
    notes.push(
      `**Why the peak misses while live memory is flat.** The walk holds ${fmt(b.heldMB)} MB at ` +
        'the end: it keeps nothing. The peak is garbage waiting for a major GC.',
    );
  }
  notes.push(
    `**Page size and peak heap.** With pages of 500 rows the same walk peaks at ` +
      `${fmt(big.peakGrowthMB)} MB (live after the walk: ${fmt(big.heldMB)} MB) at ` +
      `${fmt(big.rows / big.seconds)} rows/s, against ${fmt(b.peakGrowthMB)} MB and ` +
      `${fmt(b.rows / b.seconds)} rows/s with the default 100. A 500-row \`cliente\` page is ` +
      'about 1.7 MB of JSON that is decoded, parsed and checked; its rows stay alive while ' +
      'they are yielded, outlive the young generation and pile up in the old one until a ' +
      'major GC, whose budget V8 sizes from the live heap (the in-memory dataset sits in it ' +
      'here). Smaller pages die young. Nothing is retained either way. With IXC in another ' +
      `process (the "remote" row) the default walk peaks at ${fmt(remote.peakGrowthMB)} MB.`,
  );
  const label = (w: Walk) =>
    w === 'for-await'
      ? '`for await` over `query()`, in-memory engine'
      : w === 'remote'
        ? 'same, IXC in another process over HTTP (diagnostic)'
        : 'manual `getNextPage()` loop (diagnostic)';
  const walkLabel = (r: ScaleResult) =>
    r.pageSize === 100 ? label(r.walk) : `${label(r.walk)}, pages of ${r.pageSize} (diagnostic)`;
  return {
    id: 'scale',
    title: '4. Scale',
    method: [
      `\`generateDataset({ seed: 1, clientes })\` for ${fmt(small)} and ${fmt(large)} customers ` +
        'in an in-memory engine (request log off); a client with `fetch` bound to ' +
        "`engine.fetch`; pages of 100 rows, the client's default. Each walk runs in its own " +
        'child process started ' +
        'with `--expose-gc`. Baseline: `heapUsed` after the dataset is loaded, one warm-up page ' +
        'and two `gc()` calls. Peak: the largest `heapUsed` sampled after each page (no forced ' +
        'GC during the walk). "Live, iterator held": `heapUsed` after two `gc()` calls at the ' +
        'end of the walk, the iterator still referenced; "live, dropped": after the reference ' +
        'is dropped. Rows/s counts only the walk, not the dataset load. The engine answering ' +
        "the pages runs in the same process, so rows/s includes the simulator's query and " +
        "encoding work as well as the client's.",
      'The last two rows are diagnostics, not targets: the same walk with the dataset in a ' +
        'simulator process of its own reached over HTTP (the heap measured is then the ' +
        "client's alone), and the same walk with the largest page size, 500 rows.",
    ],
    tables: [
      {
        head: [
          'Customers',
          'Walk',
          'Page size',
          'Rows',
          'Seconds',
          'Rows/s',
          'Dataset heap MB',
          'Peak growth MB',
          'Live, iterator held MB',
          'Live, dropped MB',
        ],
        rows: results.map((r) => [
          fmt(r.clientes),
          walkLabel(r),
          fmt(r.pageSize),
          fmt(r.rows),
          fmt(r.seconds, 1),
          fmt(r.rows / r.seconds),
          fmt(r.baselineMB),
          fmt(r.peakGrowthMB),
          fmt(r.heldMB),
          fmt(r.afterMB),
        ]),
      },
    ],
    targets,
    notes,
    headline: [
      `Streaming ${fmt(b.clientes)} customers: ${fmt(b.rows / b.seconds)} rows/s, peak heap ` +
        `growth ${fmt(b.peakGrowthMB)} MB (${fmt(a.peakGrowthMB)} MB at ${fmt(a.clientes)}); ` +
        `${fmt(big.peakGrowthMB)} MB with pages of 500.`,
    ],
  };
}
