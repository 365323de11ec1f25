import type { StoredRow } from './store.js';

/**
 * The key a date/datetime value sorts under: ISO datetimes as they are, ISO dates at
 * midnight, anything else `undefined` (such rows are kept aside and always re-checked).
 * Comparing these keys as strings is exactly how `compareToOperand` compares ISO values.
 */
export function isoKey(value: string): string | undefined {
  const n = value.length;
  if (n === 19) {
    return value.charCodeAt(4) === 45 && value.charCodeAt(10) === 32 && value.charCodeAt(16) === 58
      ? value
      : undefined;
  }
  if (n === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45)
    return `${value} 00:00:00`;
  return undefined;
}

/** Range bounds over {@link isoKey} keys; `undefined` means unbounded. */
export interface KeyRange {
  readonly min?: string;
  readonly minInclusive: boolean;
  readonly max?: string;
  readonly maxInclusive: boolean;
}

const byKeyThenId = (ka: string, ida: number, kb: string, idb: number): number =>
  ka < kb ? -1 : ka > kb ? 1 : ida - idb;

/**
 * A date/datetime column kept sorted by (value, id), maintained on every write. It answers
 * the incremental-sync query IXC integrators run (`ultima_atualizacao >= watermark`, sorted by
 * `ultima_atualizacao`) over 100 000 rows with a binary search instead of a scan, and keeps
 * doing so while writes keep moving rows, which a rebuilt-on-write cache could not.
 */
export class OrderedIndex {
  readonly #column: string;
  readonly #empty: string;
  #keys: string[] = [];
  #ids: number[] = [];
  #rows: StoredRow[] = [];
  readonly #odd: StoredRow[] = [];

  constructor(column: string, empty: string, rows: readonly StoredRow[]) {
    this.#column = column;
    this.#empty = empty;
    const entries: { key: string; id: number; row: StoredRow }[] = [];
    for (const row of rows) {
      const key = isoKey(row[column] ?? empty);
      if (key === undefined) this.#odd.push(row);
      else entries.push({ key, id: Number(row.id), row });
    }
    entries.sort((a, b) => byKeyThenId(a.key, a.id, b.key, b.id));
    this.#keys = entries.map((e) => e.key);
    this.#ids = entries.map((e) => e.id);
    this.#rows = entries.map((e) => e.row);
  }

  /** Rows whose key is in range, in (value, id) order, plus rows with non-ISO values. */
  range(range: KeyRange): { readonly ordered: StoredRow[]; readonly odd: readonly StoredRow[] } {
    const from =
      range.min === undefined
        ? 0
        : this.#bound(range.min, range.minInclusive ? -1 : Number.POSITIVE_INFINITY);
    const to =
      range.max === undefined
        ? this.#keys.length
        : this.#bound(range.max, range.maxInclusive ? Number.POSITIVE_INFINITY : -1);
    return { ordered: from < to ? this.#rows.slice(from, to) : [], odd: this.#odd };
  }

  add(row: StoredRow): void {
    const key = isoKey(row[this.#column] ?? this.#empty);
    if (key === undefined) {
      this.#odd.push(row);
      return;
    }
    const id = Number(row.id);
    const at = this.#bound(key, id);
    this.#keys.splice(at, 0, key);
    this.#ids.splice(at, 0, id);
    this.#rows.splice(at, 0, row);
  }

  remove(row: StoredRow): void {
    const key = isoKey(row[this.#column] ?? this.#empty);
    if (key === undefined) {
      const at = this.#odd.indexOf(row);
      if (at >= 0) this.#odd.splice(at, 1);
      return;
    }
    const at = this.#bound(key, Number(row.id));
    if (this.#rows[at] === row) {
      this.#keys.splice(at, 1);
      this.#ids.splice(at, 1);
      this.#rows.splice(at, 1);
    }
  }

  /** First position whose (key, id) is not below (key, id). */
  #bound(key: string, id: number): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byKeyThenId(this.#keys[mid] as string, this.#ids[mid] as number, key, id) < 0)
        lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
