/**
 * The IXC query language: `qtype/query/oper` for the main filter, `grid_param` (a JSON
 * *string*) for the rest, all ANDed. Column names are checked here so that no value given by
 * a caller can ever become a column name or break out of `grid_param`.
 */
import { IxcInputError } from '../errors.js';

/** IXC's filter operators: `L` is "contains", `IN`/`NI` take lists, `BE`/`NBE` take ranges. */
export const IXC_OPERATORS = [
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

/** One of IXC's filter operators. */
export type IxcOperator = (typeof IXC_OPERATORS)[number];

/** A scalar filter value; numbers are sent as strings, as IXC expects. */
export type IxcValue = string | number;

/**
 * One filter of an IXC query.
 *
 * @example
 * ```ts
 * const filters: IxcFilter[] = [
 *   { column: 'status', op: 'IN', value: ['A', 'N'] },
 *   { column: 'cliente_contrato.id_vd_contrato', value: 12 },
 *   { column: 'ultima_atualizacao', op: 'BE', value: '2026-01-01 00:00:00', to: '2026-02-01 00:00:00' },
 * ];
 * ```
 */
export interface IxcFilter {
  /** `campo` or `tabela.campo`; a bare name is prefixed with the queried table. */
  column: string;
  /** Defaults to `=`. */
  op?: IxcOperator;
  /** The value; an array only with `IN`/`NI`. */
  value: IxcValue | readonly IxcValue[];
  /** Upper bound, with `BE`/`NBE` only. */
  to?: IxcValue;
}

/** Sorting of an IXC query. */
export interface IxcSort {
  column: string;
  order?: 'asc' | 'desc';
}

/** The body IXC expects for a query (`ixcsoft: listar`). Every value is a string. */
export interface IxcQueryBody {
  qtype: string;
  query: string;
  oper: string;
  page: string;
  rp: string;
  sortname: string;
  sortorder: string;
  grid_param: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Checks an IXC table name (letters, digits, `_`). */
export function assertTable(table: string): string {
  if (!NAME.test(table)) {
    throw new IxcInputError('Invalid IXC table name', [
      {
        path: 'table',
        message: `"${truncate(table)}" is not a table name (letters, digits and _ only)`,
      },
    ]);
  }
  return table;
}

/** Qualifies and checks a column name: `campo` → `tabela.campo`. */
export function qualifyColumn(table: string, column: string): string {
  const parts = column.split('.');
  const [t, c] = parts.length === 2 ? parts : [table, parts[0]];
  if (parts.length > 2 || t !== table || c === undefined || !NAME.test(c)) {
    throw new IxcInputError('Invalid IXC column', [
      {
        path: 'column',
        message: `"${truncate(column)}" is not a column of ${table} (use campo or ${table}.campo)`,
      },
    ]);
  }
  return `${table}.${c}`;
}

function scalar(value: unknown, path: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidValue(path, 'must be a finite number');
    return String(value);
  }
  if (typeof value === 'string') return value;
  throw invalidValue(path, 'must be a string or a number');
}

function list(value: IxcFilter['value'], path: string): string {
  const items = (Array.isArray(value) ? value : [value]).map((v, i) => scalar(v, `${path}.${i}`));
  if (items.length === 0) throw invalidValue(path, 'IN/NI need at least one value');
  // IXC splits IN lists on commas, so a comma inside an item would change the query's meaning.
  const bad = items.findIndex((v) => v.includes(','));
  if (bad >= 0) throw invalidValue(`${path}.${bad}`, 'an IN/NI item cannot contain a comma');
  return items.join(',');
}

function invalidValue(path: string, message: string): IxcInputError {
  return new IxcInputError('Invalid IXC filter value', [{ path, message }]);
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** What {@link buildQuery} needs. */
export interface IxcQuerySpec {
  filters?: readonly IxcFilter[];
  sort?: IxcSort;
  page?: number;
  rp: number;
}

/**
 * Builds the body of an IXC query. The first filter that has no upper bound becomes the main
 * filter (`qtype/query/oper`), the others go to `grid_param`; with no filter at all the main
 * filter is `id >= 1`, which every IXC version reads as "all rows".
 *
 * @example
 * ```ts
 * buildQuery('cliente', { filters: [{ column: 'id', value: 7 }], rp: 1 });
 * // { qtype: 'cliente.id', query: '7', oper: '=', page: '1', rp: '1',
 * //   sortname: 'cliente.id', sortorder: 'asc', grid_param: '[]' }
 * ```
 */
export function buildQuery(table: string, spec: IxcQuerySpec): IxcQueryBody {
  assertTable(table);
  const grid = (spec.filters ?? []).map((f, i) => {
    const op = f.op ?? '=';
    if (!IXC_OPERATORS.includes(op))
      throw invalidValue(`filters.${i}.op`, `unknown operator ${String(op)}`);
    const item: { TB: string; OP: string; P: string; P2?: string } = {
      TB: qualifyColumn(table, f.column),
      OP: op,
      P:
        op === 'IN' || op === 'NI'
          ? list(f.value, `filters.${i}.value`)
          : scalar(f.value, `filters.${i}.value`),
    };
    if (op === 'BE' || op === 'NBE') {
      if (f.to === undefined) throw invalidValue(`filters.${i}.to`, `${op} needs an upper bound`);
      item.P2 = scalar(f.to, `filters.${i}.to`);
    }
    return item;
  });
  const page = spec.page ?? 1;
  if (!Number.isSafeInteger(page) || page < 1)
    throw invalidValue('page', 'must be a positive integer');
  if (!Number.isSafeInteger(spec.rp) || spec.rp < 1)
    throw invalidValue('rp', 'must be a positive integer');
  const mainIndex = grid.findIndex((g) => g.P2 === undefined);
  const main =
    mainIndex >= 0 ? grid.splice(mainIndex, 1)[0]! : { TB: `${table}.id`, OP: '>=', P: '1' };
  return {
    qtype: main.TB,
    query: main.P,
    oper: main.OP,
    page: String(page),
    rp: String(spec.rp),
    sortname: qualifyColumn(table, spec.sort?.column ?? 'id'),
    sortorder: spec.sort?.order === 'desc' ? 'desc' : 'asc',
    grid_param: JSON.stringify(grid),
  };
}
