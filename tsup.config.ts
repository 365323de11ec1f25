import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// The version in the User-Agent sent to IXC (src/ixc/user-agent.ts).
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const define = { __IXC_CAMPSOFT_VERSION__: JSON.stringify(version) };

const entry = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/msw': 'src/testing/msw.ts',
  'router/index': 'src/router/index.ts',
  cli: 'src/cli.ts',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    define,
    // Error classes derive their `name` from the class; keep it through bundling.
    keepNames: true,
    splitting: true,
  },
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    define,
    // Error classes derive their `name` from the class; keep it through bundling.
    keepNames: true,
    // ky ships ESM only; bundling it into the CJS build keeps `require('ixc-campsoft')`
    // working on every Node 20 minor, not only where require(esm) is enabled.
    noExternal: ['ky'],
  },
]);
