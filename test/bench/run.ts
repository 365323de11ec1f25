/**
 * `npm run bench [-- <figure>…] [--quick] [--write]`: runs the benchmarks and writes
 * `docs/benchmarks.md`. Figures: router, client, round-trips, slow-ixc, scale, sharing, weight,
 * console, svas, webhooks (all when none is named). A full run (every figure, not quick) writes the document; a partial
 * or quick run only prints, unless `--write` is given, so smoke numbers never replace the
 * committed ones by accident. None of this runs under `npm test` (vitest excludes
 * `test/bench/**` and no file here is named `*.test.ts`).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { clientCost } from './client-cost.js';
import { consoleWeight } from './console-size.js';
import {
  document,
  type Figure,
  type FigureOptions,
  machine,
  type Section,
  section,
} from './report.js';
import { roundTrips } from './round-trips.js';
import { routerOverhead } from './router-overhead.js';
import { scale } from './scale.js';
import { sharing } from './sharing.js';
import { slowIxc } from './slow-ixc.js';
import { svas } from './svas.js';
import { webhooks } from './webhooks.js';
import { weight } from './weight.js';

const FIGURES: Record<string, Figure> = {
  router: routerOverhead,
  client: clientCost,
  'round-trips': roundTrips,
  'slow-ixc': slowIxc,
  scale,
  sharing,
  weight,
  console: consoleWeight,
  svas,
  webhooks,
};
const ALIASES: Record<string, string> = { rounds: 'round-trips', slow: 'slow-ixc', size: 'weight' };
const OUTPUT = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const forceWrite = args.includes('--write');
  const named = args.filter((a) => !a.startsWith('--')).map((a) => ALIASES[a] ?? a);
  const unknown = named.filter((n) => !(n in FIGURES));
  if (unknown.length > 0) {
    console.error(
      `Unknown figure(s): ${unknown.join(', ')}. Known: ${Object.keys(FIGURES).join(', ')}`,
    );
    process.exit(2);
  }
  const chosen =
    named.length > 0 ? Object.keys(FIGURES).filter((n) => named.includes(n)) : Object.keys(FIGURES);
  const options: FigureOptions = { quick };
  const info = machine();
  const started = performance.now();
  const sections: Section[] = [];
  let failed = false;
  for (const name of chosen) {
    console.log(`▶ ${name}${quick ? ' (quick)' : ''}`);
    const t = performance.now();
    try {
      const s = await FIGURES[name]!(options);
      s.seconds = (performance.now() - t) / 1000;
      sections.push(s);
      for (const target of s.targets) {
        console.log(
          `  ${target.ok ? 'pass' : 'MISS'}  ${target.name}: ${target.measured} (goal ${target.target})`,
        );
      }
    } catch (error) {
      failed = true;
      console.error(`  ${name} failed:`, error);
      sections.push({
        id: name,
        title: name,
        method: ['**This figure failed to run:** ' + String((error as Error)?.message ?? error)],
        tables: [],
        targets: [],
        headline: [],
      });
    }
    console.log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const totalSeconds = (performance.now() - started) / 1000;
  info.rows.push([
    'Load average at end (1, 5, 15 min)',
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
  ]);
  const complete = chosen.length === Object.keys(FIGURES).length;
  if ((complete && !quick && !failed) || forceWrite) {
    const command = [
      'npm run bench',
      args.length ? `-- ${args.filter((a) => a !== '--write').join(' ')}` : '',
    ]
      .join(' ')
      .trim();
    writeFileSync(OUTPUT, document({ sections, machine: info, command, quick, totalSeconds }));
    console.log(`Wrote ${OUTPUT} (${totalSeconds.toFixed(0)} s)`);
  } else {
    for (const s of sections) console.log(`\n${section(s)}`);
    console.log(
      `(${totalSeconds.toFixed(0)} s; docs/benchmarks.md not written: partial, quick or failed run; add --write to force)`,
    );
  }
  // Child processes and sockets are closed by each figure; exit even if a library keeps a timer.
  process.exit(failed ? 1 : 0);
}

await main();
