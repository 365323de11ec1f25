/**
 * The built package as a user loads it: `require` and `import` by name (through the
 * package's own `exports`), on this Node, and errors recognised across the two copies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

// dist is built by test/global-setup.ts before any file runs.

describe('built package', () => {
  it('sends the package version in its User-Agent, injected at build time', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const out = node([
      '--input-type=module',
      '-e',
      `const seen = [];
       const m = await import('ixc-campsoft');
       const c = new m.IxcCampsoftClient({ baseUrl: 'https://ixc.example.com.br', token: '1:abc',
         maxRetries: 0, fetch: async (req) => { seen.push(req.headers.get('user-agent'));
           return new Response('{"page":"1","total":"0"}'); } });
       await c.listPlanos();
       console.log(seen[0]);`,
    ]);
    expect(out).toBe(`ixc-campsoft/${version} (node ${process.versions.node})`);
  });

  it('recognises every error class of the CJS copy with the ESM guards', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       const cjs = createRequire(process.cwd() + '/')('ixc-campsoft');
       const esm = await import('ixc-campsoft');
       const api = { status: 500, ixcMessage: 'x', format: 'text' };
       const issues = [{ path: 'id', message: 'x' }];
       const args = { IxcNotFoundError: ['cliente', 7], IxcTimeoutError: [50],
         IxcQueueTimeoutError: [50, 2], IxcAbortError: [], IxcConnectionError: ['x'],
         IxcCampsoftError: ['x'] };
       const names = Object.keys(cjs).filter((n) => /^Ixc[A-Za-z]*Error$/.test(n));
       const bad = names.filter((n) => {
         const a = args[n] ?? (/Validation|Input|Data|Configuration/.test(n) ? ['x', issues] : [api]);
         const err = new cjs[n](...a);
         return err instanceof esm[n] || !esm['is' + n](err) || !esm.isIxcCampsoftError(err);
       });
       console.log(names.length, bad.join(',') || 'none');`,
    ]);
    const [count, bad] = out.split(' ');
    expect(Number(count)).toBeGreaterThanOrEqual(16);
    expect(bad).toBe('none');
  });

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
