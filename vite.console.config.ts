/**
 * Build of the web console: src/console/app → dist/console. Vite is already the test
 * toolchain's bundler, so the console needs no other build tool; Preact's JSX is compiled by
 * Vite's own transform, without a plugin.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/console/app/', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: the console works under whatever path a host mounts it at.
  base: './',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/console/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows no inline script, style or data: fonts: every asset is a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
