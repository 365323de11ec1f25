import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  'testing/msw': 'src/testing/msw.ts',
  'router/index': 'src/router/index.ts',
  'webhooks/index': 'src/webhooks/index.ts',
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
    // Error classes derive their `name` from the class; keep it through bundling.
    keepNames: true,
    // ky ships ESM only; bundling it into the CJS build keeps `require('ixc-campsoft')`
    // working on every Node 20 minor, not only where require(esm) is enabled.
    noExternal: ['ky'],
  },
]);
