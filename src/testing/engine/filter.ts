import type { Filter } from './query';
import type { StoredRow, TableStore } from './store';
import { compareToOperand, fold, isNumeric, operand } from './values';

type Test = (value: string) => boolean;

/** `L` is SQL `LIKE '%P%'`: `%` and `_` inside P stay wildcards. */
function likeTest(pattern: string): Test {
  const folded = fold(pattern);
  if (!/[%_]/.test(folded)) return (value) => fold(value).includes(folded);
  const source = folded
    .split('')
    .map((ch) =>
      ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'),
    )
    .join('');
  const re = new RegExp(source, 's');
  return (value) => re.test(fold(value));
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
      return (v) => compareToOperand(v, p) === 0;
    case '!=':
      return (v) => compareToOperand(v, p) !== 0;
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

/**
 * Picks the cheapest way to find candidate rows: the smallest equality/IN index hit, or a full
 * scan. Candidates are re-checked against every filter, so the index only has to be a superset.
 */
function candidates(store: TableStore, filters: readonly Filter[]): readonly StoredRow[] {
  let best: readonly StoredRow[] | undefined;
  for (const f of filters) {
    if ((f.op !== '=' && f.op !== 'IN') || !store.canIndex(f.column)) continue;
    const values = f.op === 'IN' ? f.value.split(',').map((v) => v.trim()) : [f.value];
    const hit = store.lookup(f.column, values);
    if (best === undefined || hit.length < best.length) best = hit;
    if (best.length === 0) break;
  }
  return best ?? store.all();
}

/** Filters, sorts and pages one table. */
export function runQuery(
  store: TableStore,
  filters: readonly Filter[],
  sortColumn: string,
  descending: boolean,
  page: number,
  rp: number,
): QueryOutcome {
  const empty = store.def.empty;
  let rows = candidates(store, filters);
  if (filters.length > 0) {
    const tests = filters.map((f) => ({
      column: f.column,
      test: compileFilter(f),
      empty: empty[f.column] ?? '',
    }));
    rows = rows.filter((row) => tests.every((t) => t.test(row[t.column] ?? t.empty)));
  }
  const total = rows.length;
  const start = (page - 1) * rp;
  if (start >= total) return { total, rows: [] };
  if (sortColumn === 'id') {
    // Rows are already in id order: slice from the right end instead of sorting.
    if (!descending) return { total, rows: rows.slice(start, start + rp) };
    const end = total - start;
    return { total, rows: rows.slice(Math.max(0, end - rp), end).reverse() };
  }
  return { total, rows: sortRows(store, rows, sortColumn, descending).slice(start, start + rp) };
}

/**
 * Stable sort with keys computed once per row (100 000 rows sort in tens of ms, not hundreds).
 * Numeric columns sort as numbers, dates as ISO text, text numeric-aware and case-insensitive;
 * ties keep id order, like MySQL's usual plan.
 */
function sortRows(
  store: TableStore,
  rows: readonly StoredRow[],
  column: string,
  descending: boolean,
): StoredRow[] {
  const kind = store.def.kinds.get(column) ?? 'text';
  const empty = store.def.empty[column] ?? '';
  const sign = descending ? -1 : 1;
  const keyed = rows.map((row, i) => {
    const value = row[column] ?? empty;
    const num = isNumeric(value) ? Number(value) : Number.NaN;
    return { row, i, num, text: kind === 'date' || kind === 'datetime' ? value : fold(value) };
  });
  if (kind === 'int' || kind === 'money2' || kind === 'money9' || kind === 'dec5') {
    for (const k of keyed) if (Number.isNaN(k.num)) k.num = 0;
    keyed.sort((a, b) => sign * (a.num - b.num) || a.i - b.i);
  } else {
    keyed.sort((a, b) => {
      const c =
        Number.isNaN(a.num) || Number.isNaN(b.num)
          ? a.text < b.text
            ? -1
            : a.text > b.text
              ? 1
              : 0
          : a.num - b.num;
      return sign * c || a.i - b.i;
    });
  }
  return keyed.map((k) => k.row);
}
