import type { Audit, Database } from './database.js';
import { materialize } from './execute.js';
import { normalizeRecord } from './normalize.js';
import { IXC_TABLE_NAMES, type IxcTableName, isTableName } from './schema/index.js';
import type { IxcRow, IxcRowInput, IxcTables, IxcTableWriteOptions } from './types.js';

function check(table: string): IxcTableName {
  if (!isTableName(table))
    throw new Error(`Unknown IXC table "${table}" (known: ${IXC_TABLE_NAMES.join(', ')})`);
  return table;
}

/** Builds the test-side table API over a database; `operador` is the token's user id. */
export function createTables(db: Database, operador: string): IxcTables {
  const audit = (options: IxcTableWriteOptions | undefined): Audit => {
    const actor = options?.audit ?? 'usuario';
    return actor === false ? false : { executou: actor, operador };
  };
  const normalized = (table: IxcTableName, input: IxcRowInput): Record<string, string> => {
    const def = db.stores[table].def;
    const result = normalizeRecord(def, input, def.readOnly);
    if (!result.ok) throw new Error(`${table}: ${result.message}`);
    return result.fields;
  };
  return {
    names: IXC_TABLE_NAMES,
    columns: (table) => db.stores[check(table)].def.columns,
    count: (table) => db.stores[check(table)].size,
    get(table, id) {
      const store = db.stores[check(table)];
      const row = store.get(id);
      return row === undefined ? undefined : materialize(store.def, row);
    },
    rows(table) {
      const store = db.stores[check(table)];
      return store.all().map((row) => materialize(store.def, row));
    },
    find(table, predicate) {
      const store = db.stores[check(table)];
      const out: IxcRow[] = [];
      for (const row of store.all()) {
        const full = materialize(store.def, row);
        if (predicate(full)) out.push(full);
      }
      return out;
    },
    insert(table, input, options) {
      const name = check(table);
      const store = db.stores[name];
      const fields = normalized(name, input);
      if (fields.id === '0') delete fields.id;
      return materialize(store.def, db.commitInsert(name, fields, audit(options)));
    },
    update(table, id, patch, options) {
      const name = check(table);
      const store = db.stores[name];
      if (store.get(id) === undefined) throw new Error(`${name}: no row with id ${id}`);
      const row = db.patch(name, String(id), normalized(name, patch), audit(options), {
        keepUltimaAtualizacao: options?.keepUltimaAtualizacao,
      });
      return materialize(store.def, row);
    },
    remove(table, id, options) {
      return db.commitDelete(check(table), String(id), audit(options));
    },
  };
}
