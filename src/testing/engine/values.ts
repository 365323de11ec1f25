/**
 * Value semantics shared by filters, sorting and indexes. IXC is PHP over MySQL: a column
 * compares as a number when both sides are numbers, dates compare as dates, and text compares
 * under a case- and accent-insensitive collation. The simulator reproduces that so a client
 * that works here does not break on a real server.
 */

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const BR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const NON_ASCII = /[^\x20-\x7e]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** True for plain decimal numbers such as `"42"`, `"-1"`, `"69.900000000"`. */
export function isNumeric(value: string): boolean {
  return NUMERIC.test(value);
}

/**
 * Sortable 14-digit key (`YYYYMMDDhhmmss`) for ISO or Brazilian dates and datetimes, or
 * `undefined` when the value is not a date. Zero dates give `"000…"`, which sorts before any
 * real date, as MySQL does.
 */
export function dateKey(value: string): string | undefined {
  const first = value.charCodeAt(0);
  if (value.length < 10 || first < 48 || first > 57) return undefined;
  let m = ISO_DATE.exec(value);
  if (m !== null) return `${m[1]}${m[2]}${m[3]}${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}`;
  m = BR_DATE.exec(value);
  if (m !== null) return `${m[3]}${m[2]}${m[1]}${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}`;
  return undefined;
}

/** Case- and accent-folded text, like MySQL's `utf8_general_ci`. */
export function fold(value: string): string {
  const lower = value.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING_MARKS, '') : lower;
}

/**
 * Key under which equal values meet in an equality index: two values that
 * {@link compareValues} calls equal always share the same key.
 */
export function canonicalKey(value: string): string {
  if (NUMERIC.test(value)) return `n${Number(value)}`;
  const date = dateKey(value);
  if (date !== undefined) return `d${date}`;
  return `s${fold(value)}`;
}

/** MySQL-like three-way comparison of two stored/filter values. */
export function compareValues(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) return Math.sign(Number(a) - Number(b));
  const da = dateKey(a);
  if (da !== undefined) {
    const db = dateKey(b);
    if (db !== undefined) return da < db ? -1 : da > db ? 1 : 0;
  }
  const fa = fold(a);
  const fb = fold(b);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/**
 * A pre-analysed filter operand, so that scanning 100 000 rows does the regex work on the
 * operand once instead of once per row.
 */
export interface Operand {
  readonly raw: string;
  readonly num: number | undefined;
  readonly date: string | undefined;
  readonly folded: string;
}

/** Analyses a filter operand once. */
export function operand(raw: string): Operand {
  return {
    raw,
    num: NUMERIC.test(raw) ? Number(raw) : undefined,
    date: dateKey(raw),
    folded: fold(raw),
  };
}

/** {@link compareValues} against a pre-analysed operand. */
export function compareToOperand(value: string, op: Operand): number {
  if (op.num !== undefined && NUMERIC.test(value)) return Math.sign(Number(value) - op.num);
  if (op.date !== undefined) {
    const d = dateKey(value);
    if (d !== undefined) return d < op.date ? -1 : d > op.date ? 1 : 0;
  }
  const f = fold(value);
  return f < op.folded ? -1 : f > op.folded ? 1 : 0;
}
