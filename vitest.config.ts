import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  // What tsup's `define` injects at build time, so the source under test sends the same
  // User-Agent as the build.
  define: { __IXC_CAMPSOFT_VERSION__: JSON.stringify(version) },
  // Examples import the package by name, as a user's copy would; tests resolve it to the
  // sources (the same paths as tsconfig.json), while test/cli/package.test.ts checks the
  // packed build.
  resolve: {
    alias: [
      { find: /^ixc-campsoft$/, replacement: new URL('./src/index.ts', import.meta.url).pathname },
      {
        find: /^ixc-campsoft\/router$/,
        replacement: new URL('./src/router/index.ts', import.meta.url).pathname,
      },
      {
        find: /^ixc-campsoft\/testing$/,
        replacement: new URL('./src/testing/index.ts', import.meta.url).pathname,
      },
      {
        find: /^ixc-campsoft\/testing\/msw$/,
        replacement: new URL('./src/testing/msw.ts', import.meta.url).pathname,
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'test/load/**', 'node_modules/**'],
    // Builds dist once, before any file runs, so smoke and CLI tests always test this tree.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
