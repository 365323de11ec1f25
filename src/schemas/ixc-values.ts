/**
 * IXC's string encodings, in one place. Every value in an IXC row is a string, and emptiness
 * has several spellings (`""`, `"0"` for foreign keys, `"0.00"`, `"0000-00-00"`), so each
 * decoder here states which of them mean "no value".
 */
import { z } from 'zod';
import type { IxcFilter } from '../ixc/query.js';

/**
 * A raw IXC field: a string, tolerant of the numbers and nulls some installs send, and
 * of a missing key (read as `""`).
 */
export const ixcField = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

const ZERO_DATE = /^0{4}-0{2}-0{2}/;

/** `"42"` → 42; `""`, `"0"` and non-numbers → `null` (IXC writes `"0"` for an unset id). */
export function decodeId(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

/** Decimal strings (`"69.900000000"`, `"20,00"` in grid views) → number; `""` → `null`. */
export function decodeDecimal(value: string): number | null {
  let s = value.trim();
  if (s === '') return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Integer strings → number; `""` → `null`. Keeps `0` (a real quantity). */
export function decodeInteger(value: string): number | null {
  const s = value.trim();
  if (!/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** The valid ids among raw foreign-key values (`"0"`, `""` and junk dropped). */
export function decodeIds(values: readonly string[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const id = decodeId(v);
    if (id !== null) out.push(id);
  }
  return out;
}

/**
 * The key a row is found by in a map of rows: its id without the spaces some installs pad
 * it with, so `" 7"` and `"7"` meet.
 */
export function rowKey(id: string): string {
  return id.trim();
}

/** A filter on one id or a list of them: `=` for one, `IN` (a comma-joined list) for more. */
export function idFilter(column: string, ids: readonly number[]): IxcFilter {
  return ids.length === 1 ? { column, op: '=', value: ids[0]! } : { column, op: 'IN', value: ids };
}

/** boolean → IXC's `S`/`N` flag, for filters. */
export function encodeFlag(value: boolean): 'S' | 'N' {
  return value ? 'S' : 'N';
}

/** `S`/`N` flags → boolean. Anything but `S` (case-insensitive) is false, as IXC treats it. */
export function decodeFlag(value: string): boolean {
  return value.trim().toUpperCase() === 'S';
}

/** Free text → trimmed string; empty → `null`. */
export function decodeText(value: string): string | null {
  const s = value.trim();
  return s === '' ? null : s;
}

/**
 * Dates → `YYYY-MM-DD`; zero dates and empties → `null`. Accepts the `DD/MM/YYYY` form that
 * grid views and write-side fields use.
 */
export function decodeDate(value: string): string | null {
  const s = value.trim();
  if (s === '' || ZERO_DATE.test(s)) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const br = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(s);
  if (br) return `${br[3]}-${br[2]}-${br[1]}`;
  return null;
}

/**
 * Datetimes → `YYYY-MM-DDTHH:MM:SS` (IXC's server local time, which has no offset: Brazilian
 * installs run on Brasília time); zero datetimes and empties → `null`.
 */
export function decodeDateTime(value: string): string | null {
  const s = value.trim();
  const date = decodeDate(s);
  if (date === null) return null;
  const time = /[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  return time ? `${date}T${time[1]}:${time[2]}:${time[3] ?? '00'}` : `${date}T00:00:00`;
}

/** True when an IXC code field holds `code` (`" sva"` holds `SVA`: case and spaces ignored). */
export function isCode(value: string, code: string): boolean {
  return value.trim().toUpperCase() === code;
}

/** Maps an IXC code through `table`; unknown codes become `fallback` instead of failing. */
export function decodeCode<const T extends string, const F extends string>(
  value: string,
  table: Record<string, T>,
  fallback: F,
): T | F {
  return table[value.trim().toUpperCase()] ?? fallback;
}

/** Keeps only letters and digits, upper-cased: the normalised form of a CPF or CNPJ. */
export function normalizeDocument(value: string): string | null {
  const s = value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return s === '' ? null : s;
}
