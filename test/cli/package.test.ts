/**
 * The package as a user installs it, in fresh projects outside this repository: the packed
 * tarball (what npm publishes) and a git install (what `npm install github:…` does before
 * the package is on the registry). Both are used by ESM and CJS code, by the `bin`, and
 * type-checked with TypeScript's node10 (NestJS's `"module": "commonjs"`), node16 and
 * bundler resolution. Slow by nature (npm installs from the registry, a full build): all of
 * it is in this one file, with generous timeouts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const MINUTES = 60_000;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const work = mkdtempSync(join(tmpdir(), 'campsoft-package-'));

function run(cmd: string, args: string[], cwd: string, timeout = 10 * MINUTES): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A fresh project with TypeScript and the Node types of this repository's versions. */
function project(name: string, spec: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, private: true, version: '1.0.0' }),
  );
  run(
    'npm',
    [
      'install',
      '--no-package-lock',
      spec,
      `typescript@${pkg.devDependencies.typescript}`,
      `@types/node@${pkg.devDependencies['@types/node']}`,
    ],
    dir,
  );
  return dir;
}

const TS_SOURCE = `import { IxcCampsoftClient, isIxcApiError } from 'ixc-campsoft';
import { createCampsoftRouter, toNodeHandler } from 'ixc-campsoft/router';
import { startIxcSimulator } from 'ixc-campsoft/testing';
import type { IxcSimulator } from 'ixc-campsoft/testing';

const client = new IxcCampsoftClient({ baseUrl: 'https://ixc.example.com.br', token: '1:abc' });
const url: string = client.apiUrl;
// @ts-expect-error the types are real: apiUrl is a string, not a number
const wrong: number = client.apiUrl;
const router = createCampsoftRouter({ client, apiKeys: [{ key: 'k'.repeat(20), tenants: '*' }] });
const handler = toNodeHandler(router);
const start: (o?: { port?: number }) => Promise<IxcSimulator> = startIxcSimulator;
export { url, wrong, handler, start, isIxcApiError };
`;

const TSCONFIGS = {
  node10: { module: 'commonjs', moduleResolution: 'node10' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};

/** Uses an installed package the ways a user would. */
function useInstalled(dir: string): void {
  const esm = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { IxcCampsoftClient } from 'ixc-campsoft';
       import { createCampsoftRouter } from 'ixc-campsoft/router';
       import { startIxcSimulator } from 'ixc-campsoft/testing';
       const ixc = await startIxcSimulator();
       const client = new IxcCampsoftClient({ baseUrl: ixc.url, token: ixc.token });
       const cliente = await client.getCliente(7);
       console.log(typeof createCampsoftRouter, cliente.id);
       await ixc.close();`,
    ],
    dir,
  );
  expect(esm.trim()).toBe('function 7');
  const cjs = run(
    process.execPath,
    [
      '-e',
      `const m = require('ixc-campsoft');
       const r = require('ixc-campsoft/router');
       const t = require('ixc-campsoft/testing');
       console.log(typeof m.IxcCampsoftClient, typeof r.createCampsoftRouter, typeof t.startIxcSimulator);`,
    ],
    dir,
  );
  expect(cjs.trim()).toBe('function function function');
  expect(run('npx', ['--no-install', 'ixc-campsoft', '--version'], dir).trim()).toBe(pkg.version);
  const check = execFileSync('npx', ['--no-install', 'ixc-campsoft', 'serve', '--check-config'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  expect(check).toBe('');

  writeFileSync(join(dir, 'index.ts'), TS_SOURCE);
  for (const [mode, options] of Object.entries(TSCONFIGS)) {
    const file = `tsconfig.${mode}.json`;
    writeFileSync(
      join(dir, file),
      JSON.stringify({
        compilerOptions: {
          ...options,
          target: 'es2022',
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          // NestJS's default; msw's types (an optional peer) are not installed here.
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['index.ts'],
      }),
    );
    try {
      run('npx', ['--no-install', 'tsc', '-p', file], dir);
    } catch (error) {
      throw new Error(`tsc (${mode}) failed:\n${(error as { stdout?: string }).stdout}`);
    }
  }
}

let tarball: string;
beforeAll(() => {
  const out = run('npm', ['pack', '--json', '--pack-destination', work], root, 15 * MINUTES);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as [{ filename: string }];
  tarball = join(work, info.filename);
}, 20 * MINUTES);

describe('the packed tarball', () => {
  it('holds dist, README, LICENSE and CHANGELOG, and nothing unused', () => {
    const files = run('tar', ['-tzf', tarball], work)
      .trim()
      .split('\n')
      .map((f) => f.replace(/^package\//, ''));
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js']) {
      expect(files).toContain(f);
    }
    expect(
      files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^dist\/cli\.(cjs|d\.ts|d\.cts)$/.test(f))).toEqual([]);
  });

  it(
    'installs in a fresh project and works from ESM, CJS, the bin and TypeScript (node10, node16, bundler)',
    () => {
      useInstalled(project('from-tarball', tarball));
    },
    15 * MINUTES,
  );
});

describe('a git install', () => {
  it(
    'builds on install (prepare) and works the same',
    () => {
      const commit = run('git', ['rev-parse', 'HEAD'], root).trim();
      const dir = project('from-git', `git+file://${root}#${commit}`);
      expect(existsSync(join(dir, 'node_modules', 'ixc-campsoft', 'dist', 'index.d.ts'))).toBe(
        true,
      );
      useInstalled(dir);
    },
    25 * MINUTES,
  );
});
