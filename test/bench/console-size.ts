/**
 * The console's download size: every built JavaScript and CSS file, raw and gzip (level 9,
 * as served). `npx tsx test/bench/console-size.ts [dir]` prints it; the JS budget is 60 kB
 * gzip (test/console/size.test.ts fails over it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Figure, Section } from './report.js';
import { bytes } from './stats.js';

/** The JS budget, gzip bytes (60 kB). */
export const CONSOLE_JS_BUDGET = 60_000;

/** Sizes of one build. */
export interface ConsoleSize {
  files: { name: string; raw: number; gzip: number }[];
  jsGzip: number;
  cssGzip: number;
  totalGzip: number;
}

/** Measures the build in `dir` (default dist/console). */
export function measureConsole(dir: string): ConsoleSize {
  const files: ConsoleSize['files'] = [];
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const name = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else {
        const body = readFileSync(join(dir, name));
        files.push({ name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
      }
    }
  };
  walk('');
  const sum = (ext: string) =>
    files.filter((f) => f.name.endsWith(ext)).reduce((s, f) => s + f.gzip, 0);
  return {
    files,
    jsGzip: sum('.js'),
    cssGzip: sum('.css'),
    totalGzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}

const DIST = fileURLToPath(new URL('../../dist/console/', import.meta.url));

/** The console's weight as a `npm run bench` figure (measures the last `npm run build`). */
export const consoleWeight: Figure = async (): Promise<Section> => {
  const size = measureConsole(DIST);
  const ok = size.jsGzip <= CONSOLE_JS_BUDGET;
  return {
    id: 'console',
    title: 'Console weight',
    method: [
      'Every file of `dist/console` as built by `npm run build:console`, raw and gzip level 9 ' +
        '(`node:zlib`), the way the console handler serves it to a browser that accepts gzip.',
    ],
    tables: [
      {
        head: ['File', 'Raw', 'Gzip'],
        rows: size.files.map((f) => [
          f.name.replace(/-[\w-]{8}\./, '-[hash].'),
          bytes(f.raw),
          bytes(f.gzip),
        ]),
      },
    ],
    targets: [
      {
        name: 'Console JavaScript, gzip',
        target: `≤ ${bytes(CONSOLE_JS_BUDGET)}`,
        measured: bytes(size.jsGzip),
        ok,
      },
    ],
    headline: [
      `Console: ${bytes(size.jsGzip)} of JavaScript (gzip), ${bytes(size.totalGzip)} in all`,
    ],
  };
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? DIST;
  const size = measureConsole(dir);
  for (const f of size.files) console.log(`${f.name}\t${f.raw} B\t${f.gzip} B gzip`);
  console.log(
    `console JS ${size.jsGzip} B gzip of a ${CONSOLE_JS_BUDGET} B budget (${((100 * size.jsGzip) / CONSOLE_JS_BUDGET).toFixed(0)}%); CSS ${size.cssGzip} B; everything ${size.totalGzip} B gzip`,
  );
}
