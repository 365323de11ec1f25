import type { IxcTableName } from '../engine/schema/index.js';

/** A dataset row: column → value, every value a string. Absent columns read as empty. */
export type IxcDatasetRow = Record<string, string>;

/**
 * Initial content of a simulated IXC: rows per table. Rows may be sparse (only the columns
 * that matter); the simulator answers every other column with its empty value (`""`, `"0"`,
 * `"0.00"`, `"0000-00-00"`…). Values are stored as given, so write them the way IXC reads
 * them back: ISO dates, `valor_unit`/`valor_contrato` with 9 decimals, other money with 2.
 */
export type IxcDataset = Partial<Record<IxcTableName, IxcDatasetRow[]>>;
