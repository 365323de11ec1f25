// `npm start`: build the console (dist/console) only when it is missing or older than its
// sources, so a second `npm start` serves at once instead of waiting for Vite.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const built = statSync('dist/console/index.html', { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sources = Math.max(newest('src/console/app'), newest('vite.console.config.ts'));
if (built < sources) {
  process.stderr.write('ixc-campsoft: building the console (dist/console)…\n');
  execFileSync('npm', ['run', 'build:console', '--silent'], { stdio: 'inherit' });
}
