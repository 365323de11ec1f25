import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRows } from '../../src/client/reader.js';
import { plainRowParser } from '../../src/schemas/raw/row-parser.js';
import * as tables from '../../src/schemas/raw/tables.js';

const SCHEMAS = Object.entries(tables).filter(([name]) => name.endsWith('Schema')) as [
  string,
  (typeof tables)['RawClienteSchema'],
][];

/** Any JSON-ish value IXC could send in a cell, and a few it should not. */
const cell = fc.oneof(
  fc.string(),
  fc.constantFrom('7', ' 7 ', '0', '-3', '1234567890123456', '', ' '),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({}),
  fc.constant([]),
);

describe('plain row reading', () => {
  it('is registered for every raw table schema', () => {
    for (const [, schema] of SCHEMAS) expect(plainRowParser(schema)).toBeTypeOf('function');
  });

  it('gives what the schema gives, keys in the same order, or leaves the row to the schema', () => {
    for (const [, schema] of SCHEMAS) {
      const columns = Object.keys(schema.shape);
      const row = fc.record(
        Object.fromEntries([...columns, 'senha', 'extra'].map((c) => [c, cell])),
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.oneof(row, fc.constantFrom(null, 7, 'x', [])), (input) => {
          const plain = plainRowParser(schema)!(input);
          const zod = schema.safeParse(input);
          if (plain === undefined) {
            // The plain reader may only defer a row the schema refuses.
            expect(zod.success).toBe(false);
          } else {
            expect(zod.success).toBe(true);
            expect(JSON.stringify(plain)).toBe(JSON.stringify(zod.data));
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it("reports a refused row with the schema's issues, naming the row and the field", () => {
    const rows = [
      { id: '1', razao: 'Ana' },
      { id: '2', razao: 'Bia', email: { nested: true } },
    ];
    expect(() => validateRows('cliente', tables.RawClienteSchema, rows)).toThrowError(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: 'registros.1.email' })],
      }),
    );
  });
});
