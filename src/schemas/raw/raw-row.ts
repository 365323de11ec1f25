import { z } from 'zod';
import { IxcDataError } from '../../errors.js';
import type { ListTextFacts } from '../../ixc/envelope.js';
import { ID_MAX_DIGITS, ROW_ID } from '../ixc-limits.js';
import { ixcField } from '../ixc-values.js';
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

/** Words in the names of columns that hold credentials (any case). */
export const SECRET_WORDS: readonly string[] = Object.freeze([
  'senha',
  'password',
  'passwd',
  'token',
  'secret',
]);

/** Columns that hold credentials: central, PPPoE and SVA passwords, API users' tokens. */
export const SECRET_COLUMN = new RegExp(SECRET_WORDS.join('|'), 'i');

/**
 * What to do with rows of one column set: its columns in IXC's order, and the ones kept.
 * IXC sends every row of an answer with the same columns in the same order, so the plan is
 * made from the first row and only checked against the others.
 */
interface ColumnPlan {
  columns: string[];
  /** Columns kept, or null when every column is (no credential column, or secrets kept). */
  kept: string[] | null;
}

function planFor(columns: string[], keepSecrets: boolean): ColumnPlan {
  const kept: string[] = [];
  for (const key of columns) {
    if (keepSecrets || !SECRET_COLUMN.test(key)) kept.push(key);
  }
  return { columns, kept: kept.length === columns.length ? null : kept };
}

/**
 * `JSON.parse` gives an object of this many members or more dictionary-mode properties (V8):
 * deleting a column from it changes nothing else, where from a narrower row it would make a
 * dictionary of a compact object, so narrower rows are copied instead.
 */
const DICTIONARY_ROW = 128;

function isDictionary(row: unknown): boolean {
  return typeof row === 'object' && row !== null && Object.keys(row).length >= DICTIONARY_ROW;
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

/**
 * Turns the rows of a `client.query()` answer into {@link IxcRow}s: each must be an object
 * with a valid `id`; every value becomes a string (`null` → `""`), and credential columns
 * are dropped unless `keepSecrets`.
 *
 * When the answer's text (`text`, from the transport) showed that every value is a string and
 * named its credential columns, each row's id is checked, and a row as wide as `cliente`
 * (already a dictionary-mode object) has those columns deleted in place; a narrower one is
 * copied without them, since deleting would make a dictionary of a compact object. Only the
 * walk that asked for this reads such an answer: the reader shares it with no other caller.
 *
 * Otherwise the columns are sorted into kept and dropped once per column set rather than per
 * row, a row that needs no change (no credential column, every value a string, a clean id) is
 * returned as parsed, and a row with a credential column is copied without it: another
 * caller or the cache may hold the parsed row.
 *
 * @throws {IxcDataError} naming the row (`registros.<i>.id`) that is not a row.
 */
export function toIxcRows(
  table: string,
  rows: readonly unknown[],
  keepSecrets: boolean,
  text?: ListTextFacts,
): IxcRow[] {
  const out: IxcRow[] = new Array(rows.length);
  const names = keepSecrets ? [] : (text?.names ?? null);
  const checked = text?.strings === true && names !== null;
  const inPlace = checked && names.length > 0 && isDictionary(rows[0]);
  let plan: ColumnPlan | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw badRow(table, i, 'expected a row object');
    }
    const record = row as Record<string, unknown>;
    const id = plainId(record.id);
    if (id === null) throw badRow(table, i, ROW_ID_MESSAGE);
    let clean = id.length === 0 || (id.charCodeAt(0) > 32 && id.charCodeAt(id.length - 1) > 32);
    if (checked && clean && (names.length === 0 || inPlace)) {
      for (const name of names) delete record[name];
      out[i] = record as IxcRow;
      continue;
    }
    const keys = Object.keys(record);
    let same = plan !== undefined && keys.length === plan.columns.length;
    if (same) {
      const columns = plan!.columns;
      for (let j = 0; j < keys.length; j++) {
        if (columns[j] !== keys[j]) {
          same = false;
          break;
        }
      }
    }
    if (!same) plan = planFor(keys, keepSecrets);
    for (const key of keys) if (typeof record[key] !== 'string') clean = false;
    const kept = plan!.kept;
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
