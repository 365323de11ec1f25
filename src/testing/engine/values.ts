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
  /** The date as `YYYY-MM-DD HH:MM:SS`, to compare stored ISO values without parsing them. */
  readonly iso: string | undefined;
  readonly folded: string;
}

/** Analyses a filter operand once. */
export function operand(raw: string): Operand {
  const date = dateKey(raw);
  const iso =
    date === undefined
      ? undefined
      : `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)} ${date.slice(8, 10)}:${date.slice(10, 12)}:${date.slice(12, 14)}`;
  return { raw, num: NUMERIC.test(raw) ? Number(raw) : undefined, date, iso, folded: fold(raw) };
}

/**
 * Compares a stored ISO date (`YYYY-MM-DD`) or datetime (`YYYY-MM-DD HH:MM:SS`) with an ISO
 * datetime by plain string comparison, or returns undefined for any other shape. The API
 * only ever stores ISO dates, so a date filter over 100 000 rows needs no regex and no
 * allocation; the shape check looks at the separators only.
 */
function compareIso(value: string, iso: string): number | undefined {
  const n = value.length;
  if (n === 19) {
    if (value.charCodeAt(4) !== 45 || value.charCodeAt(10) !== 32 || value.charCodeAt(16) !== 58)
      return undefined;
    return value < iso ? -1 : value > iso ? 1 : 0;
  }
  if (n !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const day = iso.slice(0, 10);
  if (value !== day) return value < day ? -1 : 1;
  return iso.endsWith(' 00:00:00') ? 0 : -1;
}

/** {@link compareValues} against a pre-analysed operand. */
export function compareToOperand(value: string, op: Operand): number {
  if (op.num !== undefined && NUMERIC.test(value)) return Math.sign(Number(value) - op.num);
  if (op.iso !== undefined && op.date !== undefined) {
    const fast = compareIso(value, op.iso);
    if (fast !== undefined) return fast;
    const d = dateKey(value);
    if (d !== undefined) return d < op.date ? -1 : d > op.date ? 1 : 0;
  }
  const f = fold(value);
  return f < op.folded ? -1 : f > op.folded ? 1 : 0;
}
