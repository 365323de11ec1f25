/**
 * Vitest global setup: builds the package once per run, before any file, so the tests of
 * the built package (test/package, test/cli) always test this tree, never a stale `dist`.
 * A run whose file filters leave those tests out (`vitest run test/client`) skips the build;
 * `IXC_CAMPSOFT_SKIP_BUILD=1` skips it too (right after `npm run build` in CI).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BUILT_TESTS = ['test/package/smoke.test.ts', 'test/cli/cli.test.ts'];

/** The positional arguments of `vitest [run] …`: vitest's file filters. */
function fileFilters(): string[] {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const [first, ...rest] = args;
  return first && ['run', 'watch', 'dev', 'related'].includes(first) ? rest : args;
}

export default function setup(): void {
  if (process.env.IXC_CAMPSOFT_SKIP_BUILD === '1') return;
  const filters = fileFilters().map((f) => f.replace(/^\.\//, '').replace(`${ROOT}/`, ''));
  const wanted =
    filters.length === 0 || filters.some((f) => BUILT_TESTS.some((path) => path.includes(f)));
  if (wanted) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}
