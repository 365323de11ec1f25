/**
 * A plain-code reading of the row schemas `rawRow` builds, for the read path: zod walks
 * every field through a union, an optional and a transform, which costs more per `cliente`
 * row than the HTTP request that brought it. The plain reader accepts exactly what the schema
 * accepts and returns the same object (same keys, same order, same values); whenever it would
 * refuse a row it returns `undefined` instead, and the caller asks the schema itself, so every
 * error still carries zod's own issues.
 */
import type { z } from 'zod';
import { ROW_ID } from '../ixc-limits.js';

/** A row read to strings, or `undefined` when the schema must judge it. */
export type PlainRowParser = (row: unknown) => Record<string, string> | undefined;

/**
 * How a column of a `rawRow` schema is read: `field` string-first, a missing key or `null`
 * read as `""` (`ixcField`); `required` present, a string or a number (`ixcRequired`); `id`
 * a field that must then match `ROW_ID` (`ixcRowId`).
 */
export type ColumnKind = 'field' | 'required' | 'id';

const PARSERS = new WeakMap<z.ZodType, PlainRowParser>();

/**
 * Builds the plain reader of a row schema whose columns, in the schema's order, are read as
 * `kinds` says; `rawRow` registers it so {@link plainRowParser} finds it.
 */
export function registerPlainRowParser(
  schema: z.ZodType,
  columns: readonly string[],
  kinds: readonly ColumnKind[],
): void {
  const n = columns.length;
  PARSERS.set(schema, (row) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
    const record = row as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const key = columns[i]!;
      const v = record[key];
      let s: string;
      if (typeof v === 'string') s = v;
      // zod's number refuses NaN and ±Infinity.
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) return undefined;
        s = String(v);
      } else if (kinds[i] === 'required') return undefined;
      else if (typeof v === 'boolean') s = String(v);
      else if (v === null || v === undefined) s = '';
      else return undefined;
      if (kinds[i] === 'id' && !ROW_ID.test(s)) return undefined;
      out[key] = s;
    }
    return out;
  });
}

/** The plain reader of `schema`, when it is a {@link rawRow} schema. */
export function plainRowParser(schema: z.ZodType): PlainRowParser | undefined {
  return PARSERS.get(schema);
}
