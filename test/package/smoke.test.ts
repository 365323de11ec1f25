/**
 * The built package as a user loads it: `require` and `import` by name (through the
 * package's own `exports`), on this Node, and errors recognised across the two copies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

beforeAll(() => {
  if (
    !existsSync(join(root, 'dist', 'index.cjs')) ||
    !existsSync(join(root, 'dist', 'testing', 'index.js'))
  ) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }
}, 120_000);

describe('built package', () => {
  it('can be required from CommonJS', () => {
    const out = node([
      '-e',
      `const m = require('ixc-campsoft');
       const c = new m.IxcCampsoftClient({ baseUrl: 'https://ixc.example.com.br', token: '1:abc' });
       console.log(typeof m.IxcCampsoftClient, c.apiUrl, typeof require('ixc-campsoft/testing').startIxcSimulator);`,
    ]);
    expect(out).toBe('function https://ixc.example.com.br/webservice/v1/ function');
  });

  it('can be imported as ESM', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `const m = await import('ixc-campsoft');
       const t = await import('ixc-campsoft/testing');
       console.log(typeof m.IxcCampsoftClient, typeof m.PlanoSchema.parse, typeof t.startIxcSimulator);`,
    ]);
    expect(out).toBe('function function function');
  });

  it('recognises an error from the CJS copy with the ESM guards', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const cjs = createRequire(process.cwd() + '/')('ixc-campsoft');
       const esm = await import('ixc-campsoft');
       const err = new cjs.IxcTimeoutError(100, { table: 'cliente' });
       console.log(err instanceof esm.IxcTimeoutError, esm.isIxcTimeoutError(err), esm.isIxcConnectionError(err), esm.isIxcApiError(err), err.name);`,
    ]);
    expect(out).toBe('false true true false IxcTimeoutError');
  });
});
