import { IxcCampsoftError } from '../../errors.js';
import type { IxcDataset } from '../datasets/types.js';
import type { Database } from './database.js';
import { IXC_TABLE_NAMES, isTableName, TABLE_DEFS } from './schema/index.js';
import type { StoredRow } from './store.js';

/** Thrown when a dataset does not fit the simulator's tables. */
export class IxcDatasetError extends IxcCampsoftError {}

const POSITIVE_INT = /^[1-9]\d*$/;

const TRUSTED = new WeakSet<object>();

/**
 * Marks a dataset built by this package (demo, generator, `loadDataset`) as already valid, so
 * loading 100 000 customers skips the per-cell checks. Mutating it afterwards voids the
 * guarantee.
 */
export function trustDataset<T extends IxcDataset>(dataset: T): T {
  TRUSTED.add(dataset);
  return dataset;
}

/**
 * Checks and loads a dataset. Rows are referenced, not copied (the store never mutates them),
 * which keeps loading 100 000 customers fast; only rows needing a fix (missing id, column name
 * in the wrong case) are copied.
 */
export function seedDatabase(db: Database, dataset: IxcDataset): void {
  if (TRUSTED.has(dataset)) {
    for (const table of IXC_TABLE_NAMES) db.stores[table].load(dataset[table] ?? []);
    return;
  }
  for (const table of Object.keys(dataset)) {
    if (!isTableName(table)) {
      throw new IxcDatasetError(`Unknown table "${table}" (known: ${IXC_TABLE_NAMES.join(', ')})`);
    }
  }
  for (const table of IXC_TABLE_NAMES) {
    const def = TABLE_DEFS[table];
    const input = dataset[table] ?? [];
    if (!Array.isArray(input))
      throw new IxcDatasetError(`Table "${table}" must be an array of rows`);
    const rows: StoredRow[] = new Array(input.length);
    const seen = new Set<number>();
    const needsId: number[] = [];
    let maxId = 0;
    for (let i = 0; i < input.length; i++) {
      let row = input[i] as StoredRow;
      const where = `Table "${table}" row #${i}`;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new IxcDatasetError(`${where} is not an object`);
      }
      for (const key in row) {
        const value = row[key];
        if (typeof value !== 'string')
          throw new IxcDatasetError(`${where}: value of "${key}" is not a string`);
        if (!def.kinds.has(key)) {
          const column = def.lookup.get(key.toLowerCase());
          if (column === undefined) throw new IxcDatasetError(`${where}: unknown column "${key}"`);
          const { [key]: moved, ...rest } = row;
          row = { ...rest, [column]: moved as string };
        }
      }
      const id = row.id;
      if (id === undefined) needsId.push(i);
      else {
        if (!POSITIVE_INT.test(id))
          throw new IxcDatasetError(`${where}: id "${id}" is not a positive integer`);
        const n = Number(id);
        if (seen.has(n)) throw new IxcDatasetError(`${where}: duplicate id ${id}`);
        seen.add(n);
        if (n > maxId) maxId = n;
      }
      rows[i] = row;
    }
    for (const i of needsId) rows[i] = { ...rows[i], id: String(++maxId) };
    db.stores[table].load(rows);
  }
}
