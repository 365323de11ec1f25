/**
 * Runs `ixc-campsoft` as a user does, from a fresh bundle of the current sources: esbuild
 * builds src/cli.ts in about a second (no type declarations), so every run tests the code
 * as it is now, not a dist/ left from an earlier build. The packed package itself is tested
 * in test/cli/package.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach } from 'vitest';

export const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, 'node_modules', '.cache', 'ixc-campsoft-cli-test');
let built: Promise<string> | undefined;

/** Bundles the CLI once per test file; resolves to the script's path. */
export function cliScript(): Promise<string> {
  built ??= (async () => {
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `cli-${process.pid}.mjs`);
    await build({
      entryPoints: [join(root, 'src', 'cli.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      define: {
        __IXC_CAMPSOFT_VERSION__: JSON.stringify(
          (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
            .version,
        ),
      },
      logLevel: 'error',
    });
    // The CLI finds its version in the nearest package.json named ixc-campsoft.
    writeFileSync(join(outDir, 'package.json'), '{"name":"not-ixc-campsoft"}\n');
    return outfile;
  })();
  return built;
}

/** A spawned CLI. */
export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** stdout parsed as JSON lines (the logs). */
  logs: () => Record<string, unknown>[];
  exit: Promise<number | null>;
}

const running: Run[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await run.exit;
  }
});

/** Environment without any IXC or Campsoft settings of the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(IXC_|CAMPSOFT_|PORT$|HOST$|LOG_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Starts `ixc-campsoft <args>`; stdout is a pipe, so logs are JSON lines. The process is
 * killed after the test, unless `keep` (one started in `beforeAll` for a whole file).
 */
export async function start(
  args: string[],
  env: Record<string, string> = {},
  { cwd = root, keep = false }: { cwd?: string; keep?: boolean } = {},
): Promise<Run> {
  const child = spawn(process.execPath, [await cliScript(), ...args], {
    cwd,
    env: cleanEnv(env),
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const logs = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const run = { child, stdout: () => out, stderr: () => err, logs, exit };
  if (!keep) running.push(run);
  return run;
}

/** Waits for the banner's "Try:" block (or the end of the process). */
export async function banner(run: Run, timeoutMs = 30_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const text = run.stderr();
    if (/^Try:\n(\s+curl .*\n){3}/m.test(text)) return text;
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no banner; stdout: ${run.stdout()}\nstderr: ${run.stderr()}`);
}

/** The API URL and origin printed in the banner. */
export function urls(text: string): { api: string; origin: string } {
  const api = /serving the Campsoft API at (http:\/\/\S+)/.exec(text)![1]!;
  return { api, origin: new URL(api).origin };
}

/** Waits until `check()` holds (polling, for facts another process makes true). */
export async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
