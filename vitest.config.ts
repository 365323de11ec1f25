import { defineConfig } from 'vitest/config';

export default defineConfig({
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
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
