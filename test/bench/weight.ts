/**
 * Figure 6, package weight: the size of each built entry (minified and gzipped, as a
 * bundler would ship it) and the cold `import` time of the client entry relative to
 * `import('ky')` alone, ky being the one runtime dependency the client cannot do without.
 *
 * Why it is fair: sizes come from one esbuild configuration for every entry (`bundle`,
 * `minify`, `platform: 'node'`, `format: 'esm'`), gzip level 9 from `node:zlib`, once with the
 * dependencies left external (what the package itself adds) and once with them bundled
 * (what an app bundle pays in all). Import times are fresh `node -e "import(…)"` processes,
 * interleaved (entry, ky, bare node, entry, ky, …) so machine noise hits each alike; the
 * figure is the ratio of medians, also net of bare Node start-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FigureOptions, Section, Target } from './report.js';
import { bytes, fmt, median, ratio } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { import?: { default?: string } } | string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** The ESM entries the package exports, subpath → file. */
function entries(): [subpath: string, file: string][] {
  return Object.entries(PKG.exports)
    .map(([sub, v]) => [sub, typeof v === 'string' ? v : v.import?.default] as const)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].endsWith('.js'))
    .map(([sub, file]) => [sub, join(ROOT, file)]);
}

async function sizes(file: string, external: string[]): Promise<[min: number, gzip: number]> {
  const out = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    external,
  });
  const code = out.outputFiles[0]!.contents;
  return [code.length, gzipSync(code, { level: 9 }).length];
}

function timeImport(code: string): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node -e ${code} exited with ${r.status}`);
  return performance.now() - start;
}

/** Runs the figure. */
export async function weight(options: FigureOptions): Promise<Section> {
  const notes: string[] = [];
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
    console.log('  weight: dist/ missing, running npm run build');
    spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  const builtAt = statSync(join(ROOT, 'dist', 'index.js')).mtime;
  notes.push(`Measured on \`dist/\` as built at ${builtAt.toISOString()}.`);

  const deps = [...Object.keys(PKG.dependencies ?? {}), ...Object.keys(PKG.peerDependencies ?? {})];
  const depsExternal = [...deps, ...deps.map((d) => `${d}/*`)];
  // undici is imported lazily, only when TLS options are given: a bundler splits it out.
  const runtimeExternal = [...Object.keys(PKG.peerDependencies ?? {}), 'undici'].flatMap((d) => [
    d,
    `${d}/*`,
  ]);
  const sizeRows: string[][] = [];
  for (const [sub, file] of entries()) {
    const [ownMin, ownGz] = await sizes(file, depsExternal);
    const [, allGz] = await sizes(file, runtimeExternal);
    const name = sub === '.' ? PKG.name : PKG.name + sub.slice(1);
    sizeRows.push([`\`${name}\``, bytes(ownMin), bytes(ownGz), bytes(allGz)]);
  }

  const runs = options.quick ? 3 : 15;
  const variants = {
    client: `import(${JSON.stringify(PKG.name)})`,
    router: `import(${JSON.stringify(`${PKG.name}/router`)})`,
    ky: "import('ky')",
    zod: "import('zod')",
    bare: '0',
  };
  const times: Record<keyof typeof variants, number[]> = {
    client: [],
    router: [],
    ky: [],
    zod: [],
    bare: [],
  };
  const names = Object.keys(variants) as (keyof typeof variants)[];
  for (const name of names) timeImport(variants[name]); // warm the file cache
  for (let i = 0; i < runs; i++) {
    // Rotate the order each round.
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      times[name].push(timeImport(variants[name]));
    }
  }
  const m = Object.fromEntries(names.map((n) => [n, median(times[n])])) as Record<
    keyof typeof variants,
    number
  >;
  const rel = m.client / m.ky;
  const net = (m.client - m.bare) / (m.ky - m.bare);
  const targets: Target[] = [];
  return {
    id: 'weight',
    title: '6. Package weight',
    method: [
      'Sizes: each ESM entry of `package.json` `exports`, bundled by esbuild with `bundle`, ' +
        "`minify`, `platform: 'node'`, `format: 'esm'`, then gzip -9. \"Own code\" leaves the " +
        `dependencies and peer dependencies external (${deps.join(', ')}) and Node built-ins; ` +
        '"with dependencies" bundles the runtime dependencies in (ky, zod) and leaves external ' +
        'the optional peers (frameworks, msw), Node built-ins and undici, which the client ' +
        'imports lazily only when TLS options are given (a bundler splits it into its own chunk).',
      `Cold import: \`node -e "import('…')"\` spawned ${runs} times per variant from the ` +
        'package root (the package imports itself by name), variants rotated every round ' +
        'after one warm-up spawn each; medians of wall time from spawn to exit. "Net" ' +
        'subtracts the median of a bare `node -e 0`.',
    ],
    tables: [
      {
        head: ['Entry', 'Own code, min', 'Own code, min+gzip', 'With dependencies, min+gzip'],
        rows: sizeRows,
      },
      {
        head: ['Cold import', 'Median ms', 'Net of Node start-up, ms', 'Relative to ky'],
        rows: names.map((n) => [
          n === 'bare' ? 'bare `node -e 0`' : `\`${variants[n]}\``,
          fmt(m[n], 1),
          n === 'bare' ? '—' : fmt(m[n] - m.bare, 1),
          n === 'bare'
            ? '—'
            : `${ratio(m[n] / m.ky)} (net ${ratio((m[n] - m.bare) / (m.ky - m.bare))})`,
        ]),
      },
    ],
    targets,
    headline: [
      `Client entry: ${sizeRows[0]?.[2]} min+gzip of its own code (${sizeRows[0]?.[3]} with ky and zod); ` +
        `cold import ${ratio(rel)} the time of \`import('ky')\` alone (${ratio(net)} net of Node start-up).`,
    ],
    notes,
  };
}
