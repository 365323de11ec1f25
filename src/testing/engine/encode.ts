import type { TableDef } from './schema/index.js';
import type { StoredRow } from './store.js';

// Anything outside printable ASCII, plus `"`, `/` and `\`.
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x2e\x30-\x5b\x5d-\x7e]/;
const ESCAPE_FOR_PHP = /[\u007f-\uffff/]/g;

/** Rewrites `JSON.stringify` output with PHP `json_encode` escapes. */
export function phpEscape(json: string): string {
  return json.replace(ESCAPE_FOR_PHP, (ch) =>
    ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * One string as PHP's `json_encode` writes it: `\uXXXX` for non-ASCII, `\/` for slashes.
 * Most IXC values need no escaping at all, so they skip `JSON.stringify`.
 */
export function encodeString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  return phpEscape(JSON.stringify(value));
}

interface TableCodec {
  readonly columns: readonly string[];
  /** `"col":` (with a leading comma after the first column). */
  readonly keys: readonly string[];
  /** Encoded empty value of each column. */
  readonly empties: readonly string[];
}

const codecs = new WeakMap<TableDef, TableCodec>();

function codecOf(def: TableDef): TableCodec {
  let codec = codecs.get(def);
  if (codec === undefined) {
    codec = {
      columns: def.columns,
      keys: def.columns.map((c, i) => `${i === 0 ? '' : ','}${encodeString(c)}:`),
      empties: def.columns.map((c) => encodeString(def.empty[c] ?? '')),
    };
    codecs.set(def, codec);
  }
  return codec;
}

/**
 * A full row as a JSON object, columns in table order. Encoding straight to text matters:
 * a 1 000-row page of `cliente` is 158 000 values, and building intermediate objects with
 * that many keys (dictionary-mode in V8) then `JSON.stringify`-ing them is several times slower.
 */
export function encodeRow(def: TableDef, row: StoredRow): string {
  const { columns, keys, empties } = codecOf(def);
  let out = '{';
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i] as string];
    out += keys[i] as string;
    out += value === undefined ? (empties[i] as string) : encodeString(value);
  }
  return `${out}}`;
}

/** A full row as a JSON array of values (flexigrid's `cell`). */
export function encodeCells(def: TableDef, row: StoredRow): string {
  const { columns, empties } = codecOf(def);
  let out = '[';
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i] as string];
    if (i > 0) out += ',';
    out += value === undefined ? (empties[i] as string) : encodeString(value);
  }
  return `${out}]`;
}
