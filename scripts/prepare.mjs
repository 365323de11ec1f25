// `prepare`: npm runs it on `npm pack`/`npm publish`, when it installs this package from git
// (in the clone, before packing it), and on a plain `npm install`/`npm ci` in a checkout.
// The first two need dist/ (a git install would otherwise be empty); the last does not:
// `npm start` runs the sources through tsx and the tests build what they test, so a
// contributor's `npm ci` does not wait for a full build with type declarations. A dist/
// newer than every source is not rebuilt (`npm run check` builds, then attw packs).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const env = process.env;
// Set by npm (pacote) while it prepares a git dependency: `_PACOTE_NO_PREPARE_` in the
// `npm install` it runs inside the clone, `npm_package_resolved` when it runs `prepare`.
const asGitDependency = Boolean(env._PACOTE_NO_PREPARE_ || env.npm_package_resolved);
const localInstall =
  (env.npm_command === 'ci' || env.npm_command === 'install') && !asGitDependency;

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function oldestOutput() {
  const outputs = ['dist/index.js', 'dist/index.d.ts', 'dist/index.cjs', 'dist/cli.js'];
  const times = outputs.map((f) => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  return Math.min(...times);
}

if (localInstall) {
  console.log(
    'prepare: no build on a local install (npm run build builds dist/; npm start needs none)',
  );
} else if (
  oldestOutput() > Math.max(newest('src'), newest('tsup.config.ts'), newest('package.json'))
) {
  console.log('prepare: dist/ is newer than the sources, not rebuilt');
} else {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
