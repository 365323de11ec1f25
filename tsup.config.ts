import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The version in the User-Agent sent to IXC (src/ixc/user-agent.ts).
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const define = { __IXC_CAMPSOFT_VERSION__: JSON.stringify(version) };

/**
 * Library entries: built as ESM and CJS, each with type declarations. A new subpath export
 * is one line here, one in package.json `exports` and one in `typesVersions`.
 */
const library = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/msw': 'src/testing/msw.ts',
  'router/index': 'src/router/index.ts',
  'webhooks/index': 'src/webhooks/index.ts',
};

const common = {
  target: 'node20',
  // Error classes derive their `name` from the class; keep it through bundling.
  keepNames: true,
  // The code is not minified, so stack traces already point at readable lines; maps would
  // double the size of the package for no gain.
  sourcemap: false,
  define,
} as const;

export default defineConfig([
  {
    ...common,
    // The CLI is ESM only (the `bin` runs it with node; nothing requires it) and needs no
    // declarations. It shares chunks with the library's ESM build instead of a second copy.
    entry: { ...library, cli: 'src/cli.ts' },
    format: ['esm'],
    dts: { entry: library },
    clean: true,
    splitting: true,
  },
  {
    ...common,
    entry: library,
    format: ['cjs'],
    dts: true,
    // ky ships ESM only; bundling it into the CJS build keeps `require('ixc-campsoft')`
    // working on every Node 20 minor, not only where require(esm) is enabled.
    noExternal: ['ky'],
  },
]);
