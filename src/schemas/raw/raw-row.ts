import { z } from 'zod';
import { ixcField } from '../ixc-values.js';

/**
 * A row's own `id`: IXC sends it as a string, and without it the row cannot be used. At most
 * 15 digits, so that every accepted id maps to a number exactly.
 */
export const ixcRowId = ixcField.pipe(
  z.string().regex(/^\s*[1-9]\d{0,14}\s*$/, 'expected a positive integer id of at most 15 digits'),
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
  return z.object({ ...shape, ...must, id: ixcRowId });
}

/** Any IXC row with an id: every value read as a string. The shape `client.query()` returns. */
export const IxcRowSchema = z.object({ id: ixcRowId }).catchall(ixcField);

/** A raw IXC row as returned by `client.query()`: column name → string value. */
export type IxcRow = z.output<typeof IxcRowSchema>;

/**
 * The check `client.query()` applies to each row: an object with a valid `id`. It validates
 * in place, without copying the row, because raw rows can be wide (150 columns for
 * `cliente`) and `query()` then builds its own copy with {@link toIxcRow}.
 */
export const IxcRowCheck = z.custom<{ id: string } & Record<string, unknown>>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    ixcRowId.safeParse((value as { id?: unknown }).id).success,
  { message: 'expected a row with a positive integer id of at most 15 digits' },
);

/** Columns that hold credentials: central, PPPoE and SVA passwords, API users' tokens. */
export const SECRET_COLUMN = /senha|password|passwd|token|secret/i;

/**
 * Copies a checked row into an {@link IxcRow}: every value a string (`null` → `""`), and
 * credential columns dropped unless `keepSecrets`.
 */
export function toIxcRow(
  row: { id: string } & Record<string, unknown>,
  keepSecrets: boolean,
): IxcRow {
  const out: IxcRow = { id: String(row.id).trim() };
  for (const key in row) {
    if (key === 'id' || (!keepSecrets && SECRET_COLUMN.test(key))) continue;
    const v = row[key];
    out[key] = typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
  }
  return out;
}
