/**
 * Copies of wide IXC rows, made by one object literal per column set.
 *
 * `JSON.parse` returns a `cliente` row (about 150 columns) as a V8 dictionary object, and a
 * copy built key by key becomes one too: each column a hash-table entry. A literal that names
 * every column is allocated at once with its properties in place: a smaller object, and no
 * map transition per column on the way.
 * The literal is compiled once per column set from the column names alone, each written as a
 * JSON string, so a name is never code; it is kept for the answers that follow.
 */
import type { IxcRow } from './raw-row.js';

/** Copies a row's kept columns after its `id`, each value as a string (`null` → `""`). */
export type RowCopier = (row: Record<string, unknown>, id: string) => IxcRow;

/** Column sets remembered: a process reads few tables, each with one column set. */
const MAX_COPIERS = 64;
/** Past this many columns a literal is a dictionary object as well, and gains nothing. */
const MAX_COLUMNS = 1000;

const copiers = new Map<string, RowCopier>();
let codegen = true;

function compile(columns: readonly string[]): RowCopier {
  // The common case (a string) is tested in line: V8 stops inlining calls after a few dozen.
  const values = columns.map((column) => {
    const name = JSON.stringify(column);
    return `${name}: typeof (v = r[${name}]) === "string" ? v : s(v)`;
  });
  const source = `"use strict";
const s = (v) => v === null || v === undefined ? "" : String(v);
return function copyRow(r, id) {
  let v;
  return { "id": id, ${values.join(', ')} };
};`;
  return new Function(source)() as RowCopier;
}

/**
 * The copier of rows with these kept columns (in IXC's order, `id` excluded), or `undefined`
 * when there is none and rows are copied key by key: code generation refused by the runtime
 * (`--disallow-code-generation-from-strings`, a CSP), a `__proto__` column (a literal would
 * set the prototype), or more columns than a literal keeps in place.
 */
export function rowCopier(columns: readonly string[]): RowCopier | undefined {
  if (!codegen || columns.length > MAX_COLUMNS || columns.includes('__proto__')) return undefined;
  const key = JSON.stringify(columns);
  let copier = copiers.get(key);
  if (copier) return copier;
  try {
    copier = compile(columns);
  } catch {
    codegen = false;
    return undefined;
  }
  if (copiers.size >= MAX_COPIERS) copiers.delete(copiers.keys().next().value!);
  copiers.set(key, copier);
  return copier;
}
