import { z } from 'zod';
import { IxcDataError } from '../../errors.js';
import { ID_MAX_DIGITS, ROW_ID } from '../ixc-limits.js';
import { ixcField } from '../ixc-values.js';
import { type RowCopier, rowCopier } from './row-copier.js';
import { registerPlainRowParser } from './row-parser.js';

/**
 * A row's own `id`: IXC sends it as a string, and without it the row cannot be used. At most
 * 15 digits, so that every accepted id maps to a number exactly.
 */
export const ixcRowId = ixcField.pipe(
  z.string().regex(ROW_ID, `expected a positive integer id of at most ${ID_MAX_DIGITS} digits`),
);

/** A column the row cannot be used without: it must be present (it may be empty). */
const ixcRequired = z.union([z.string(), z.number()]).transform(String);

/**
 * Builds the zod schema of an IXC row: `id` must be a positive integer string, the
 * `required` columns must be present (IXC always sends every column of a table, so a row
 * without them is not a row of this table, e.g. a grid view's positional cells), the other
 * listed fields are read string-first (a missing key reads as `""`), and every other column
 * IXC sends is ignored: an IXC upgrade that adds columns never breaks parsing, and the ~150
 * columns of a `cliente` row (passwords included) are not copied along.
 */
export function rawRow<const K extends string, const R extends string = never>(
  fields: readonly K[],
  required: readonly R[] = [],
) {
  const shape = Object.fromEntries(fields.map((f) => [f, ixcField])) as {
    [P in K]: typeof ixcField;
  };
  const must = Object.fromEntries(required.map((f) => [f, ixcRequired])) as {
    [P in R]: typeof ixcRequired;
  };
  const schema = z.object({ ...shape, ...must, id: ixcRowId });
  const columns = Object.keys(schema.shape);
  registerPlainRowParser(
    schema,
    columns,
    columns.map((c) =>
      c === 'id' ? 'id' : (required as readonly string[]).includes(c) ? 'required' : 'field',
    ),
  );
  return schema;
}

/** Any IXC row with an id: every value read as a string. The shape `client.query()` returns. */
export const IxcRowSchema = z.object({ id: ixcRowId }).catchall(ixcField);

/** A raw IXC row as returned by `client.query()`: column name → string value. */
export type IxcRow = z.output<typeof IxcRowSchema>;

/** Columns that hold credentials: central, PPPoE and SVA passwords, API users' tokens. */
export const SECRET_COLUMN = /senha|password|passwd|token|secret/i;

/**
 * What to do with rows of one column set: its columns in IXC's order, and the ones kept.
 * IXC sends every row of an answer with the same columns in the same order, so the plan is
 * made from the first row and only checked against the others.
 */
interface ColumnPlan {
  columns: string[];
  /** Columns kept, or null when every column is (no credential column, or secrets kept). */
  kept: string[] | null;
  /** The literal that copies a row's kept columns, when there are columns to drop. */
  copy: RowCopier | undefined;
}

function planFor(columns: string[], keepSecrets: boolean): ColumnPlan {
  const kept: string[] = [];
  for (const key of columns) {
    if (keepSecrets || !SECRET_COLUMN.test(key)) kept.push(key);
  }
  if (kept.length === columns.length) return { columns, kept: null, copy: undefined };
  return { columns, kept, copy: rowCopier(kept.filter((key) => key !== 'id')) };
}

function badRow(table: string, index: number, message: string): IxcDataError {
  return new IxcDataError(
    `IXC sent a ${table} row that does not fit its schema`,
    [{ path: `registros.${index}.id`, message }],
    { method: 'POST', table },
  );
}

const ROW_ID_MESSAGE = `expected a positive integer id of at most ${ID_MAX_DIGITS} digits`;

function plainId(id: unknown): string | null {
  if (typeof id === 'string') return ROW_ID.test(id) ? id : null;
  if (typeof id === 'number') return ROW_ID.test(String(id)) ? String(id) : null;
  return null;
}

function sameColumns(keys: readonly string[], plan: ColumnPlan | undefined): boolean {
  if (plan === undefined || keys.length !== plan.columns.length) return false;
  const columns = plan.columns;
  for (let j = 0; j < keys.length; j++) if (columns[j] !== keys[j]) return false;
  return true;
}

/**
 * Turns the rows of a `client.query()` answer into {@link IxcRow}s: each must be an object
 * with a valid `id`; every value becomes a string (`null` → `""`), and credential columns
 * are dropped unless `keepSecrets`.
 *
 * Rows can be wide (about 150 columns for `cliente`): the columns are sorted into kept and
 * dropped once per column set rather than per row (`Object.keys`, which is cheap on such
 * rows, where `for…in` is not, tells whether a row has the set of the row before it). A row
 * with a credential column is copied without it by one object literal per column set
 * ({@link rowCopier}), never changed in place: another caller or the cache may hold the parsed
 * row. A row that needs no change (no credential column, every value a string, a clean id) is
 * returned as parsed rather than copied.
 *
 * @throws {IxcDataError} naming the row (`registros.<i>.id`) that is not a row.
 */
export function toIxcRows(table: string, rows: readonly unknown[], keepSecrets: boolean): IxcRow[] {
  const out: IxcRow[] = new Array(rows.length);
  let plan: ColumnPlan | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw badRow(table, i, 'expected a row object');
    }
    const record = row as Record<string, unknown>;
    const id = plainId(record.id);
    if (id === null) throw badRow(table, i, ROW_ID_MESSAGE);
    const keys = Object.keys(record);
    if (!sameColumns(keys, plan)) plan = planFor(keys, keepSecrets);
    if (plan!.copy) {
      out[i] = plan!.copy(record, id.trim());
      continue;
    }
    const kept = plan!.kept;
    let clean = id.length === 0 || (id.charCodeAt(0) > 32 && id.charCodeAt(id.length - 1) > 32);
    for (const key of keys) if (typeof record[key] !== 'string') clean = false;
    if (clean && kept === null) {
      out[i] = record as IxcRow;
      continue;
    }
    const copy: IxcRow = { id: id.trim() };
    for (const key of kept ?? plan!.columns) {
      if (key === 'id') continue;
      const v = record[key];
      copy[key] = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
    }
    out[i] = copy;
  }
  return out;
}
