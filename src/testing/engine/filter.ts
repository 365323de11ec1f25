import type { KeyRange } from './ordered-index.js';
import type { Filter } from './query.js';
import type { StoredRow, TableStore } from './store.js';
import { compareToOperand, fold, isNumeric, operand } from './values.js';

type Test = (value: string) => boolean;

/** `L` is SQL `LIKE '%P%'` over folded text: `%` and `_` inside P stay wildcards. */
function likeOnFolded(pattern: string): Test {
  const folded = fold(pattern);
  if (!/[%_]/.test(folded)) return (value) => value.includes(folded);
  const source = folded
    .split('')
    .map((ch) =>
      ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'),
    )
    .join('');
  const re = new RegExp(source, 's');
  return (value) => re.test(value);
}

function likeTest(pattern: string): Test {
  const onFolded = likeOnFolded(pattern);
  return (value) => onFolded(fold(value));
}

function listTest(list: string): Test {
  const items = list.split(',').map((item) => operand(item.trim()));
  return (value) => items.some((item) => compareToOperand(value, item) === 0);
}

/** Compiles one filter into a predicate over a column value. */
export function compileFilter(filter: Filter): Test {
  const p = operand(filter.value);
  switch (filter.op) {
    case '=':
      // Exact hits are the common case; only misses pay for the collation-aware comparison.
      return (v) => v === p.raw || compareToOperand(v, p) === 0;
    case '!=':
      return (v) => v !== p.raw && compareToOperand(v, p) !== 0;
    case '>':
      return (v) => compareToOperand(v, p) > 0;
    case '<':
      return (v) => compareToOperand(v, p) < 0;
    case '>=':
      return (v) => compareToOperand(v, p) >= 0;
    case '<=':
      return (v) => compareToOperand(v, p) <= 0;
    case 'L':
      return likeTest(filter.value);
    case 'NL': {
      const like = likeTest(filter.value);
      return (v) => !like(v);
    }
    case 'IN':
      return listTest(filter.value);
    case 'NI': {
      const inList = listTest(filter.value);
      return (v) => !inList(v);
    }
    case 'BE':
    case 'NBE': {
      const p2 = operand(filter.value2);
      const within: Test = (v) => compareToOperand(v, p) >= 0 && compareToOperand(v, p2) <= 0;
      return filter.op === 'BE' ? within : (v) => !within(v);
    }
  }
}

/** Result of a listing before encoding. */
export interface QueryOutcome {
  readonly total: number;
  readonly rows: readonly StoredRow[];
}

interface Candidates {
  readonly rows: readonly StoredRow[];
  /** The filter the candidate source already satisfies exactly (no need to re-check it). */
  readonly exact: Filter | undefined;
  /** True when `rows` is the whole table, in storage order. */
  readonly whole: boolean;
  /** Set when `rows` is sorted by this column ascending (ties by id) instead of by id. */
  readonly sortedBy?: string;
}

/** Below this size a scan is as cheap as any index. */
const RANGE_INDEX_MIN_ROWS = 2048;

function idBounds(filter: Filter): [number, number] | undefined {
  const a = Number(filter.value);
  const b = Number(filter.value2);
  if (!isNumeric(filter.value)) return undefined;
  switch (filter.op) {
    case '>':
      return [Math.floor(a) + 1, Number.POSITIVE_INFINITY];
    case '>=':
      return [Math.ceil(a), Number.POSITIVE_INFINITY];
    case '<':
      return [Number.NEGATIVE_INFINITY, Math.ceil(a) - 1];
    case '<=':
      return [Number.NEGATIVE_INFINITY, Math.floor(a)];
    case 'BE':
      return isNumeric(filter.value2) ? [Math.ceil(a), Math.floor(b)] : undefined;
    default:
      return undefined;
  }
}

function dateBounds(filter: Filter): KeyRange | undefined {
  const p = operand(filter.value).iso;
  if (p === undefined) return undefined;
  switch (filter.op) {
    case '>':
      return { min: p, minInclusive: false, maxInclusive: false };
    case '>=':
      return { min: p, minInclusive: true, maxInclusive: false };
    case '<':
      return { max: p, minInclusive: false, maxInclusive: false };
    case '<=':
      return { max: p, minInclusive: false, maxInclusive: true };
    case 'BE': {
      const p2 = operand(filter.value2).iso;
      return p2 === undefined
        ? undefined
        : { min: p, minInclusive: true, max: p2, maxInclusive: true };
    }
    default:
      return undefined;
  }
}

const byId = (a: StoredRow, b: StoredRow): number => Number(a.id) - Number(b.id);

/**
 * Picks the cheapest candidate source: an id range (binary search), the smallest equality/IN
 * index hit, a date range from an ordered index, or the whole table. Index and range hits
 * are exact for their own filter (see `canonicalKey`, `isoKey`); every other filter is still
 * checked row by row. Date-range hits stay in date order only when that is the order asked.
 */
function candidates(
  store: TableStore,
  filters: readonly Filter[],
  sortColumn: string,
  descending: boolean,
): Candidates {
  let best: Candidates = { rows: store.all(), exact: undefined, whole: true };
  for (const f of filters) {
    let hit: readonly StoredRow[] | undefined;
    let exact = true;
    let sortedBy: string | undefined;
    const kind = store.def.kinds.get(f.column);
    if (f.column === 'id') {
      const bounds = idBounds(f);
      if (bounds !== undefined) hit = store.idRange(bounds[0], bounds[1]);
    } else if ((kind === 'date' || kind === 'datetime') && store.size >= RANGE_INDEX_MIN_ROWS) {
      const bounds = dateBounds(f);
      if (bounds !== undefined) {
        const { ordered, odd } = store.dateRange(f.column, bounds);
        if (odd.length > 0 || sortColumn !== f.column || descending) {
          hit = [...ordered, ...odd].sort(byId);
          exact = odd.length === 0;
        } else {
          hit = ordered;
          sortedBy = f.column;
        }
      }
    }
    if (hit === undefined && (f.op === '=' || f.op === 'IN') && store.canIndex(f.column)) {
      hit = store.lookup(
        f.column,
        f.op === 'IN' ? f.value.split(',').map((v) => v.trim()) : [f.value],
      );
    }
    if (hit !== undefined && hit.length < best.rows.length + (best.whole ? 1 : 0)) {
      const whole = sortedBy === undefined && hit.length === store.size && best.whole;
      best = {
        rows: hit,
        exact: exact ? f : undefined,
        whole,
        ...(sortedBy === undefined ? {} : { sortedBy }),
      };
    }
    if (best.rows.length === 0) break;
  }
  return best;
}

type RowTest = (row: StoredRow, index: number) => boolean;

function filterTest(store: TableStore, filter: Filter, whole: boolean): RowTest {
  const column = filter.column;
  const empty = store.def.empty[column] ?? '';
  const kind = store.def.kinds.get(column) ?? 'text';
  if (
    whole &&
    (filter.op === 'L' || filter.op === 'NL') &&
    (kind === 'text' || kind === 'date' || kind === 'datetime')
  ) {
    // Folding 100 000 names (accents!) dominates a LIKE scan; reuse the cached folded column.
    const folded = store.sortKeys(column).text;
    const like = likeOnFolded(filter.value);
    const negate = filter.op === 'NL';
    return (_row, i) => like(folded[i] as string) !== negate;
  }
  const test = compileFilter(filter);
  return (row) => test(row[column] ?? empty);
}

function rowTest(
  store: TableStore,
  filters: readonly Filter[],
  whole: boolean,
): RowTest | undefined {
  const tests = filters.map((filter) => filterTest(store, filter, whole));
  const [first, second] = tests;
  if (first === undefined) return undefined;
  if (second === undefined) return first;
  return (row, i) => {
    for (const test of tests) if (!test(row, i)) return false;
    return true;
  };
}

/**
 * Filters, sorts and pages one table. Matches are recorded as positions in a typed array and
 * only the page's rows are materialised, which keeps a scan of 100 000 rows free of per-row
 * allocations (and of the garbage-collector pauses they cause on a big heap).
 */
export function runQuery(
  store: TableStore,
  filters: readonly Filter[],
  sortColumn: string,
  descending: boolean,
  page: number,
  rp: number,
): QueryOutcome {
  const source = candidates(store, filters, sortColumn, descending);
  const rows = source.rows;
  const test = rowTest(
    store,
    filters.filter((f) => f !== source.exact),
    source.whole,
  );
  let matches: Int32Array | undefined;
  let total = rows.length;
  if (test !== undefined) {
    matches = new Int32Array(rows.length);
    total = 0;
    for (let i = 0; i < rows.length; i++) if (test(rows[i] as StoredRow, i)) matches[total++] = i;
  }
  const start = (page - 1) * rp;
  if (start >= total) return { total, rows: [] };
  const end = Math.min(total, start + rp);
  const rowAt = (k: number): StoredRow =>
    rows[matches === undefined ? k : (matches[k] as number)] as StoredRow;
  const out: StoredRow[] = [];
  if (sortColumn === 'id' || source.sortedBy === sortColumn) {
    // Rows are already in the asked order: read the page (from the right end for id desc).
    if (descending) for (let k = total - 1 - start; k >= total - end; k--) out.push(rowAt(k));
    else for (let k = start; k < end; k++) out.push(rowAt(k));
    return { total, rows: out };
  }
  const keys = source.whole ? store.sortKeys(sortColumn) : computeSortKeys(store, rows, sortColumn);
  const order = sortedIndices(keys, descending, total, matches, end);
  for (let k = start; k < end; k++) out.push(rows[order[k] as number] as StoredRow);
  return { total, rows: out };
}

/**
 * Row indices of the first `limit` matches in sort order. Numeric columns sort as numbers,
 * dates as ISO text, text numeric-aware and case-insensitive; ties keep id order. A small
 * page is picked with a bounded heap instead of sorting 100 000 rows.
 */
function sortedIndices(
  keys: SortKeys,
  descending: boolean,
  count: number,
  matches: Int32Array | undefined,
  limit: number,
): number[] {
  const { num, text, numeric } = keys;
  const sign = descending ? -1 : 1;
  const cmp = (i: number, j: number): number => {
    const a = num[i] as number;
    const b = num[j] as number;
    let c: number;
    if (numeric || !(Number.isNaN(a) || Number.isNaN(b))) c = a - b;
    else {
      const x = text[i] as string;
      const y = text[j] as string;
      c = x < y ? -1 : x > y ? 1 : 0;
    }
    return sign * c || i - j;
  };
  const indexOf = (k: number): number => (matches === undefined ? k : (matches[k] as number));
  if (limit * 8 < count) return topK(count, indexOf, limit, cmp);
  const order = Array.from({ length: count }, (_, k) => indexOf(k));
  return order.sort(cmp);
}

/** The `k` smallest of `count` items under `cmp`, sorted, using a max-heap of size k. */
function topK(
  count: number,
  indexOf: (k: number) => number,
  k: number,
  cmp: (i: number, j: number) => number,
): number[] {
  const heap: number[] = [];
  const swap = (a: number, b: number): void => {
    const t = heap[a] as number;
    heap[a] = heap[b] as number;
    heap[b] = t;
  };
  for (let n = 0; n < count; n++) {
    const i = indexOf(n);
    if (heap.length < k) {
      heap.push(i);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (cmp(heap[at] as number, heap[parent] as number) <= 0) break;
        swap(at, parent);
        at = parent;
      }
    } else if (k > 0 && cmp(i, heap[0] as number) < 0) {
      heap[0] = i;
      let at = 0;
      for (;;) {
        const l = 2 * at + 1;
        const r = l + 1;
        let top = at;
        if (l < heap.length && cmp(heap[l] as number, heap[top] as number) > 0) top = l;
        if (r < heap.length && cmp(heap[r] as number, heap[top] as number) > 0) top = r;
        if (top === at) break;
        swap(at, top);
        at = top;
      }
    }
  }
  return heap.sort(cmp);
}

/** Sort keys of one column: numbers (NaN when not numeric) and folded text. */
export interface SortKeys {
  readonly num: Float64Array;
  readonly text: readonly string[];
  /** True for numeric column kinds: compare `num` only. */
  readonly numeric: boolean;
}

/** Computes sort keys for `rows` (the store caches the whole-table ones). */
export function computeSortKeys(
  store: TableStore,
  rows: readonly StoredRow[],
  column: string,
): SortKeys {
  const kind = store.def.kinds.get(column) ?? 'text';
  const empty = store.def.empty[column] ?? '';
  const numericKind = kind === 'int' || kind === 'money2' || kind === 'money9' || kind === 'dec5';
  const dateKind = kind === 'date' || kind === 'datetime';
  const num = new Float64Array(rows.length);
  const text: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = (rows[i] as StoredRow)[column] ?? empty;
    const n = isNumeric(value) ? Number(value) : Number.NaN;
    num[i] = numericKind && Number.isNaN(n) ? 0 : n;
    text[i] = numericKind ? '' : dateKind ? value : fold(value);
  }
  return { num, text, numeric: numericKind };
}
