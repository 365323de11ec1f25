import { computeSortKeys, type SortKeys } from './filter.js';
import { type KeyRange, OrderedIndex } from './ordered-index.js';
import type { TableDef } from './schema/index.js';
import { canonicalKey } from './values.js';

/**
 * A stored row. Rows are kept sparse (a column that is absent reads as its empty value) so a
 * 100 000-customer dataset costs tens of megabytes instead of the hundreds that 150 filled
 * columns per customer would take.
 */
export type StoredRow = Readonly<Record<string, string>>;

/** Columns worth an equality index: foreign keys and the CPF/CNPJ lookups. */
function isIndexable(column: string): boolean {
  return column.startsWith('id_') || column === 'cnpj_cpf' || column === 'tabela';
}

/**
 * One table's rows, kept in ascending id order with an id map, so `id = x`, `id IN (…)` and
 * the default id sort never scan. Rows are never mutated in place (writes swap the object),
 * which lets a dataset be loaded without copying and keeps rows handed out by reads stable.
 */
export class TableStore {
  readonly def: TableDef;
  #rows: StoredRow[] = [];
  // A holey array indexed by id: ids are dense auto-increments, and an array beats a Map
  // both to fill (100 000 rows) and to probe.
  #byId: (StoredRow | undefined)[] = [];
  readonly #indexes = new Map<string, Map<string, StoredRow[]>>();
  readonly #sortCache = new Map<string, SortKeys>();
  // Unlike the caches above, ordered indexes survive writes: they are updated in place.
  readonly #ordered = new Map<string, OrderedIndex>();
  #nextId = 1;

  constructor(def: TableDef) {
    this.def = def;
  }

  /** Replaces the whole content; rows must already carry unique positive integer ids. */
  load(rows: readonly StoredRow[]): void {
    this.#rows = [...rows];
    let sorted = true;
    for (let i = 1; i < this.#rows.length; i++) {
      if (Number(this.#rows[i - 1]?.id) > Number(this.#rows[i]?.id)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) this.#rows.sort((a, b) => Number(a.id) - Number(b.id));
    this.#byId = [];
    this.#ordered.clear();
    this.#invalidate();
    for (const row of this.#rows) this.#byId[Number(row.id)] = row;
    const last = this.#rows[this.#rows.length - 1];
    this.#nextId = last === undefined ? 1 : Number(last.id) + 1;
  }

  /** Number of rows. */
  get size(): number {
    return this.#rows.length;
  }

  /** All rows in id order (do not mutate). */
  all(): readonly StoredRow[] {
    return this.#rows;
  }

  /** The row with this id, if any. */
  get(id: string | number): StoredRow | undefined {
    const n = typeof id === 'number' ? id : Number(id);
    return Number.isInteger(n) && n > 0 ? this.#byId[n] : undefined;
  }

  /** Reserves the next auto-increment id, as MySQL does (ids of deleted rows are not reused). */
  allocateId(): string {
    return String(this.#nextId++);
  }

  /** Appends a row whose id came from {@link allocateId} or is larger than every existing id. */
  insert(row: StoredRow): void {
    const id = Number(row.id);
    if (!Number.isInteger(id) || id < 1 || this.#byId[id] !== undefined) {
      throw new Error(`Invalid or duplicate id "${row.id}" in ${this.def.name}`);
    }
    if (id >= this.#nextId) this.#nextId = id + 1;
    const last = this.#rows[this.#rows.length - 1];
    if (last === undefined || Number(last.id) < id) this.#rows.push(row);
    else this.#rows.splice(this.#position(id), 0, row);
    this.#byId[id] = row;
    for (const index of this.#ordered.values()) index.add(row);
    this.#invalidate();
  }

  /** Swaps the row with the same id. */
  replace(row: StoredRow): void {
    const id = Number(row.id);
    const at = this.#position(id);
    if (this.#rows[at]?.id !== row.id) throw new Error(`No row ${row.id} in ${this.def.name}`);
    const previous = this.#rows[at] as StoredRow;
    this.#rows[at] = row;
    this.#byId[id] = row;
    for (const index of this.#ordered.values()) {
      index.remove(previous);
      index.add(row);
    }
    this.#invalidate();
  }

  /** Removes a row; false when it did not exist. */
  delete(id: string | number): boolean {
    const n = Number(id);
    const row = this.get(n);
    if (row === undefined) return false;
    for (const index of this.#ordered.values()) index.remove(row);
    this.#rows.splice(this.#position(n), 1);
    this.#byId[n] = undefined;
    this.#invalidate();
    return true;
  }

  /** Whether an equality index can serve `column`. */
  canIndex(column: string): boolean {
    return column === 'id' || isIndexable(column);
  }

  /**
   * Rows whose `column` equals one of `values` under {@link canonicalKey} equality, in id
   * order. A superset of the exact matches is fine: callers re-check every filter.
   */
  lookup(column: string, values: readonly string[]): StoredRow[] {
    if (column === 'id') {
      const ids = new Set<number>();
      for (const v of values) {
        const n = Number(v);
        if (v.trim() !== '' && Number.isInteger(n) && n > 0) ids.add(n);
      }
      const out: StoredRow[] = [];
      for (const id of [...ids].sort((a, b) => a - b)) {
        const row = this.#byId[id];
        if (row !== undefined) out.push(row);
      }
      return out;
    }
    const index = this.#index(column);
    const keys = new Set(values.map(canonicalKey));
    if (keys.size === 1) return index.get([...keys][0] as string) ?? [];
    const out: StoredRow[] = [];
    for (const key of keys) {
      const bucket = index.get(key);
      if (bucket !== undefined) out.push(...bucket);
    }
    return out.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Rows with `min <= id <= max`, in id order (binary search, no scan). */
  idRange(min: number, max: number): StoredRow[] {
    if (min > max) return [];
    const from = Number.isFinite(min) ? this.#position(min) : 0;
    const to = Number.isFinite(max) ? this.#position(max + 1) : this.#rows.length;
    return this.#rows.slice(from, to);
  }

  /**
   * Rows whose date/datetime `column` falls in `range`: `ordered` in (value, id) order, plus
   * `odd` rows whose value is not ISO-shaped (callers re-check those).
   */
  dateRange(
    column: string,
    range: KeyRange,
  ): { readonly ordered: StoredRow[]; readonly odd: readonly StoredRow[] } {
    let index = this.#ordered.get(column);
    if (index === undefined) {
      index = new OrderedIndex(column, this.def.empty[column] ?? '', this.#rows);
      this.#ordered.set(column, index);
    }
    return index.range(range);
  }

  /** Sort keys of a column over all rows, cached until the next write. */
  sortKeys(column: string): SortKeys {
    let keys = this.#sortCache.get(column);
    if (keys === undefined) {
      keys = computeSortKeys(this, this.#rows, column);
      this.#sortCache.set(column, keys);
    }
    return keys;
  }

  #invalidate(): void {
    this.#indexes.clear();
    this.#sortCache.clear();
  }

  #index(column: string): Map<string, StoredRow[]> {
    let index = this.#indexes.get(column);
    if (index !== undefined) return index;
    index = new Map();
    const empty = this.def.empty[column] ?? '';
    for (const row of this.#rows) {
      const key = canonicalKey(row[column] ?? empty);
      const bucket = index.get(key);
      if (bucket === undefined) index.set(key, [row]);
      else bucket.push(row);
    }
    this.#indexes.set(column, index);
    return index;
  }

  /** Index of the first row whose id is >= `id` (binary search over the id-sorted rows). */
  #position(id: number): number {
    let lo = 0;
    let hi = this.#rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Number(this.#rows[mid]?.id) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
