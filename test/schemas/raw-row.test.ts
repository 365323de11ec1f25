import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECRET_COLUMN, toIxcRows } from '../../src/schemas/raw/raw-row.js';
import { rowCopier } from '../../src/schemas/raw/row-copier.js';

/** What `toIxcRows` must give for one row, written the obvious way. */
function expected(row: Record<string, unknown>, keepSecrets: boolean): Record<string, string> {
  const out: Record<string, string> = { id: String(row.id).trim() };
  for (const [key, v] of Object.entries(row)) {
    if (key === 'id' || (!keepSecrets && SECRET_COLUMN.test(key))) continue;
    out[key] = v === null || v === undefined ? '' : String(v);
  }
  return out;
}

/** Column names as IXC could never send them, and a few as it does. */
const column = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.constantFrom('senha', 'acesso_token', 'razao', '"]; throw 1; //', '\\', '\u2028', '0', '17'),
);
const cell = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

describe('toIxcRows', () => {
  it('copies every row as the obvious code would, whatever the column names', () => {
    const columns = fc
      .uniqueArray(column, { minLength: 1, maxLength: 40 })
      .map((names) => [...names.filter((n) => n !== 'id' && n !== '__proto__'), 'senha']);
    fc.assert(
      fc.property(
        columns,
        fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 4 }),
        cell,
        fc.boolean(),
        (names, ids, value, keepSecrets) => {
          const rows = ids.map((id, i) => ({
            id: String(id),
            ...Object.fromEntries(names.map((n, j) => [n, j === i ? value : `v${i}.${j}`])),
          }));
          const got = toIxcRows('cliente', rows, keepSecrets);
          for (let i = 0; i < rows.length; i++) {
            const want = expected(rows[i]!, keepSecrets);
            expect(got[i]).toEqual(want);
            expect(Object.keys(got[i]!)).toEqual(Object.keys(want));
            expect(Object.getPrototypeOf(got[i])).toBe(Object.prototype);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plans afresh a later row that lacks a column of the first', () => {
    const rows: Record<string, string>[] = [
      { id: '1', razao: 'A', fone: '1', senha: 'p' },
      { id: '2', razao: 'B', senha: 'q' },
      { id: '3', outra: 'C', token: 't' },
      { id: '4', toString: 'x', senha: 'r' },
      { id: '5', senha: 's' },
    ];
    const want: Record<string, string>[] = [
      { id: '1', razao: 'A', fone: '1' },
      { id: '2', razao: 'B' },
      { id: '3', outra: 'C' },
      { id: '4', toString: 'x' },
      { id: '5' },
    ];
    expect(toIxcRows('cliente', rows, false)).toEqual(want);
    // The last row has no `toString` column: none is copied from Object.prototype.
    expect(Object.hasOwn(toIxcRows('cliente', rows, false)[4]!, 'toString')).toBe(false);
  });

  it('never lets a credential through, whatever a later row adds', () => {
    const rows = [
      { id: '1', razao: 'A', senha: 'p' },
      { id: '2', razao: 'B', senha: 'q', token_api: 't', password: 'w' },
    ];
    const got = toIxcRows('cliente', rows, false);
    for (const row of got)
      for (const key of Object.keys(row)) expect(key).not.toMatch(SECRET_COLUMN);
    // The same when the first row has no credential column at all.
    const plain = toIxcRows(
      'cliente',
      [
        { id: '1', razao: 'A' },
        { id: '2', razao: 'B', senha: 'q' },
      ],
      false,
    );
    expect(plain).toEqual([
      { id: '1', razao: 'A' },
      { id: '2', razao: 'B' },
    ]);
  });

  it('keeps every column of every row when credentials are kept', () => {
    const rows = [
      { id: '1', razao: 'A', senha: 'p' },
      { id: '2', razao: 'B', senha: 'q', extra: 'e' },
      { id: '3', senha: null },
    ];
    expect(toIxcRows('cliente', rows, true)).toEqual([
      { id: '1', razao: 'A', senha: 'p' },
      { id: '2', razao: 'B', senha: 'q', extra: 'e' },
      { id: '3', senha: '' },
    ]);
  });

  it('never runs a column name as code', () => {
    const name = '"]: 0 }; globalThis.__ranColumn = true; ({ "';
    const [row] = toIxcRows('cliente', [{ id: '1', [name]: 'x', senha: 'p' }], false);
    expect(row).toEqual({ id: '1', [name]: 'x' });
    expect((globalThis as { __ranColumn?: boolean }).__ranColumn).toBeUndefined();
  });

  it('drops a __proto__ column and leaves the prototype alone', () => {
    expect(rowCopier(['razao', '__proto__'])).toBeUndefined();
    const [parsed] = JSON.parse('[{"id":"2","razao":"A","__proto__":{"admin":true},"senha":"p"}]');
    const [row] = toIxcRows('cliente', [parsed], false);
    expect(row).toEqual({ id: '2', razao: 'A' });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect((row as { admin?: unknown }).admin).toBeUndefined();
  });

  it('copies rows of many column sets, one after another', () => {
    for (let set = 0; set < 80; set++) {
      const rows = [1, 2].map((id) => ({ id: String(id), [`c${set}`]: `${set}`, senha: 'p' }));
      expect(toIxcRows('cliente', rows, false)).toEqual([
        { id: '1', [`c${set}`]: `${set}` },
        { id: '2', [`c${set}`]: `${set}` },
      ]);
    }
  });

  it('drops credentials where the runtime refuses to compile code', () => {
    // A process of its own: the refusal is process-wide, and the copier notices it once.
    const script = `
      const { toIxcRows } = await import(${JSON.stringify(new URL('../../src/schemas/raw/raw-row.ts', import.meta.url).href)});
      const rows = [{ id: ' 3', razao: 'A', senha: 'p', valor: 2.5, obs: null }];
      process.stdout.write(JSON.stringify(toIxcRows('cliente', rows, false)));
    `;
    const out = execFileSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual([{ id: '3', razao: 'A', valor: '2.5', obs: '' }]);
  });
});
