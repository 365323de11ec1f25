import type { TableDef } from './schema/index.js';

/** Operators IXC accepts in `oper` and in `grid_param[].OP`. */
export const OPERATORS = [
  '=',
  '!=',
  '>',
  '<',
  '>=',
  '<=',
  'L',
  'NL',
  'IN',
  'NI',
  'BE',
  'NBE',
] as const;

/** One IXC filter operator. */
export type Operator = (typeof OPERATORS)[number];

/** One resolved filter; every filter of a query is ANDed (IXC has no OR). */
export interface Filter {
  readonly column: string;
  readonly op: Operator;
  readonly value: string;
  readonly value2: string;
}

/** A listing request after validation against the table. */
export interface ParsedQuery {
  readonly filters: readonly Filter[];
  readonly sortColumn: string;
  readonly descending: boolean;
  readonly page: number;
  readonly rp: number;
}

/** Outcome of {@link parseQuery}; failures are answered with IXC's red HTML error. */
export type ParseQueryResult =
  | { readonly ok: true; readonly query: ParsedQuery }
  | { readonly ok: false; readonly reason: string };

/** Keys of a listing body; a body made only of these is a query, never a record. */
export const QUERY_KEYS: ReadonlySet<string> = new Set([
  'qtype',
  'query',
  'oper',
  'page',
  'rp',
  'sortname',
  'sortorder',
  'grid_param',
]);

/** Stringifies a scalar the way PHP reads a JSON or form field; objects are rejected. */
export function scalarToString(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return typeof value === 'boolean' ? (value ? '1' : '') : String(value);
  }
  return undefined;
}

/**
 * Resolves `tabela.campo` (or a bare `campo`) to a real column of `def`. MySQL column names
 * are case-insensitive, so `vd_contratos.ativo` finds `Ativo`; a prefix naming another table
 * is an unknown column, as on IXC.
 */
export function resolveColumn(def: TableDef, ref: string): string | undefined {
  const trimmed = ref.trim();
  const dot = trimmed.indexOf('.');
  if (dot >= 0 && trimmed.slice(0, dot) !== def.name) return undefined;
  const column = dot >= 0 ? trimmed.slice(dot + 1) : trimmed;
  return def.lookup.get(column.toLowerCase());
}

function parseOperator(raw: string): Operator | undefined {
  const op = raw.trim().toUpperCase();
  return (OPERATORS as readonly string[]).includes(op) ? (op as Operator) : undefined;
}

function positiveInt(raw: string, fallback: number): number {
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= 1 ? n : fallback;
}

/**
 * Validates a listing body against `def`. `rp` defaults to `defaultRp` when absent (IXC's own
 * default is undocumented), `page` to 1.
 */
export function parseQuery(
  def: TableDef,
  params: Readonly<Record<string, unknown>>,
  defaultRp: number,
): ParseQueryResult {
  const fields: Record<string, string> = {};
  for (const key of QUERY_KEYS) {
    const value = scalarToString(params[key]);
    if (value === undefined) return { ok: false, reason: `${key} must be a string` };
    fields[key] = value;
  }
  const filters: Filter[] = [];
  const qtype = (fields.qtype ?? '').trim();
  const query = fields.query ?? '';
  const oper = parseOperator(fields.oper === '' ? '=' : (fields.oper ?? '='));
  if (oper === undefined) return { ok: false, reason: `unknown operator ${fields.oper}` };
  if (qtype !== '' && !(qtype === def.name && query === '')) {
    const column = resolveColumn(def, qtype);
    if (column === undefined) return { ok: false, reason: `unknown column ${qtype}` };
    if (!(oper === '=' && query === '')) {
      const [value, value2 = ''] = oper === 'BE' || oper === 'NBE' ? splitRange(query) : [query];
      filters.push({ column, op: oper, value, value2 });
    }
  }
  const grid = fields.grid_param ?? '';
  if (grid.trim() !== '') {
    const parsed = parseGrid(def, grid);
    if (!Array.isArray(parsed)) return parsed;
    filters.push(...parsed);
  }
  let sortColumn = 'id';
  if ((fields.sortname ?? '').trim() !== '') {
    const column = resolveColumn(def, fields.sortname ?? '');
    if (column === undefined)
      return { ok: false, reason: `unknown sort column ${fields.sortname}` };
    sortColumn = column;
  }
  return {
    ok: true,
    query: {
      filters,
      sortColumn,
      descending: (fields.sortorder ?? '').trim().toLowerCase() === 'desc',
      page: positiveInt(fields.page ?? '', 1),
      rp: positiveInt(fields.rp ?? '', defaultRp),
    },
  };
}

/** A main-filter BE/NBE has no P2 field; accept `"a,b"` so the operator stays usable there. */
function splitRange(query: string): [string, string] {
  const comma = query.indexOf(',');
  return comma < 0 ? [query, ''] : [query.slice(0, comma), query.slice(comma + 1)];
}

function parseGrid(def: TableDef, grid: string): Filter[] | { ok: false; reason: string } {
  let items: unknown;
  try {
    items = JSON.parse(grid);
  } catch {
    return { ok: false, reason: 'grid_param is not JSON' };
  }
  if (!Array.isArray(items)) return { ok: false, reason: 'grid_param is not an array' };
  const filters: Filter[] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { ok: false, reason: 'grid_param item is not an object' };
    }
    const record = item as Record<string, unknown>;
    const tb = scalarToString(record.TB);
    const opRaw = scalarToString(record.OP);
    const op = opRaw === undefined ? undefined : parseOperator(opRaw === '' ? '=' : opRaw);
    const p = scalarToString(record.P);
    const p2 = scalarToString(record.P2);
    if (tb === undefined || p === undefined || p2 === undefined || op === undefined) {
      return { ok: false, reason: 'grid_param item has a bad TB/OP/P/P2' };
    }
    const column = resolveColumn(def, tb);
    if (column === undefined) return { ok: false, reason: `unknown column ${tb}` };
    filters.push({ column, op, value: p, value2: p2 });
  }
  return filters;
}
