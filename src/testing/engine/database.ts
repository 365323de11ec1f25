import type { IxcClock } from './clock';
import { normalizeRecord } from './normalize';
import { FOREIGN_KEYS, IXC_TABLE_NAMES, type IxcTableName, TABLE_DEFS } from './schema';
import { type StoredRow, TableStore } from './store';

/** Who made a change, as `ixc_logs.executou` records it. */
export type AuditActor = 'api' | 'usuario' | 'sistema';

/** Audit settings of one write; `false` writes silently (dataset seeding). */
export type Audit = { readonly executou: AuditActor; readonly operador: string } | false;

/** Outcome of an API write. */
export type WriteOutcome = { ok: true; id: string } | { ok: false; message: string };

/**
 * The simulated database: one {@link TableStore} per table plus the write rules every write
 * path shares (API, test helpers): `ultima_atualizacao` upkeep and `ixc_logs` entries.
 */
export class Database {
  readonly stores: Readonly<Record<IxcTableName, TableStore>>;
  readonly clock: IxcClock;

  constructor(clock: IxcClock) {
    this.clock = clock;
    const stores = {} as Record<IxcTableName, TableStore>;
    for (const name of IXC_TABLE_NAMES) stores[name] = new TableStore(TABLE_DEFS[name]);
    this.stores = stores;
  }

  /** Inserts a row built from already-normalised fields; returns the stored row. */
  commitInsert(table: IxcTableName, fields: Record<string, string>, audit: Audit): StoredRow {
    const store = this.stores[table];
    const id = fields.id !== undefined && fields.id !== '0' ? fields.id : store.allocateId();
    const row: Record<string, string> = { ...fields, id };
    if (store.def.kinds.has('ultima_atualizacao') && fields.ultima_atualizacao === undefined) {
      row.ultima_atualizacao = this.clock.dateTime();
    }
    store.insert(row);
    this.log(
      audit,
      'inseriu',
      table,
      id,
      Object.keys(fields).filter((c) => c !== 'id'),
    );
    return row;
  }

  /** Swaps a row; logs the columns whose read value changed. */
  commitReplace(table: IxcTableName, next: Record<string, string>, audit: Audit): StoredRow {
    const store = this.stores[table];
    const previous = store.get(next.id ?? '');
    if (previous === undefined) throw new Error(`No row ${next.id} in ${table}`);
    const empty = store.def.empty;
    if (store.def.kinds.has('ultima_atualizacao') && next.ultima_atualizacao === undefined) {
      next.ultima_atualizacao = this.clock.dateTime();
    }
    const changed = store.def.columns.filter(
      (c) => c !== 'ultima_atualizacao' && (previous[c] ?? empty[c]) !== (next[c] ?? empty[c]),
    );
    store.replace(next);
    this.log(audit, 'editou', table, next.id ?? '', changed);
    return next;
  }

  /** Deletes a row (no dependency check: see {@link dependantOf}). */
  commitDelete(table: IxcTableName, id: string, audit: Audit): boolean {
    const deleted = this.stores[table].delete(id);
    if (deleted) this.log(audit, 'excluiu', table, String(Number(id)), []);
    return deleted;
  }

  /** First table still pointing at `table.id = id`, if any (IXC refuses such deletes). */
  dependantOf(table: IxcTableName, id: string): IxcTableName | undefined {
    for (const fk of FOREIGN_KEYS) {
      if (fk.target === table && this.stores[fk.table].lookup(fk.column, [id]).length > 0) {
        return fk.table;
      }
    }
    return undefined;
  }

  /** IXC-style message when `fields` point at rows that do not exist, else undefined. */
  missingReference(
    table: IxcTableName,
    fields: Readonly<Record<string, string>>,
  ): string | undefined {
    for (const fk of FOREIGN_KEYS) {
      if (fk.table !== table) continue;
      const value = fields[fk.column];
      if (value === undefined || value === '0' || value === '') continue;
      if (this.stores[fk.target].get(value) === undefined) {
        return `Registro ${value} não encontrado em ${fk.target} (campo ${fk.column})!`;
      }
    }
    return undefined;
  }

  private log(
    audit: Audit,
    tipo: string,
    tabela: IxcTableName,
    id: string,
    campos: string[],
  ): void {
    if (audit === false || tabela === 'ixc_logs') return;
    this.commitInsert(
      'ixc_logs',
      {
        data: this.clock.dateTime(),
        executou: audit.executou,
        tipo,
        operador: audit.operador,
        tabela,
        id_tabela: id,
        campos: campos.join(', '),
      },
      false,
    );
  }
}

function missingRequired(
  table: IxcTableName,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const def = TABLE_DEFS[table];
  for (const column of def.required) {
    const value = fields[column];
    if (value === undefined || value.trim() === '' || value === def.empty[column]) {
      return `O campo ${column} é obrigatório!`;
    }
  }
  if (
    table === 'vd_contratos_produtos' &&
    (fields.id_vd_contrato ?? '0') === '0' &&
    (fields.id_contrato ?? '0') === '0'
  ) {
    return 'Informe o plano (id_vd_contrato) ou o contrato (id_contrato)!';
  }
  return undefined;
}

/** `POST /webservice/v1/<table>` without `ixcsoft: listar`. */
export function apiInsert(
  db: Database,
  table: IxcTableName,
  input: Readonly<Record<string, unknown>>,
  audit: Audit,
): WriteOutcome {
  const def = TABLE_DEFS[table];
  if (!def.writable) return { ok: false, message: `Recurso ${table} não permite inserção!` };
  const normalized = normalizeRecord(def, input);
  if (!normalized.ok) return normalized;
  const fields = normalized.fields;
  if (Object.keys(fields).length === 0)
    return { ok: false, message: 'Nenhum campo válido foi informado!' };
  const problem = missingRequired(table, fields) ?? db.missingReference(table, fields);
  if (problem !== undefined) return { ok: false, message: problem };
  if (table === 'cliente') fields.data_cadastro = db.clock.date();
  if (table === 'cliente_contrato') {
    fields.data_cadastro_sistema = db.clock.dateTime();
    if ((fields.status ?? '') === '') fields.status = 'P';
    if ((fields.status_internet ?? '') === '') fields.status_internet = 'D';
  }
  const row = db.commitInsert(table, fields, audit);
  return { ok: true, id: row.id ?? '' };
}

/** `PUT /webservice/v1/<table>/<id>`: full replace; writable columns left out are blanked. */
export function apiReplace(
  db: Database,
  table: IxcTableName,
  id: string,
  input: Readonly<Record<string, unknown>>,
  audit: Audit,
): WriteOutcome {
  const def = TABLE_DEFS[table];
  if (!def.writable) return { ok: false, message: `Recurso ${table} não permite alteração!` };
  const previous = db.stores[table].get(id);
  if (previous === undefined) return { ok: false, message: 'Registro não encontrado!' };
  const normalized = normalizeRecord(def, input);
  if (!normalized.ok) return normalized;
  const problem =
    missingRequired(table, normalized.fields) ?? db.missingReference(table, normalized.fields);
  if (problem !== undefined) return { ok: false, message: problem };
  const next: Record<string, string> = {};
  for (const column of def.readOnly) {
    const kept = previous[column];
    if (kept !== undefined && column !== 'ultima_atualizacao') next[column] = kept;
  }
  Object.assign(next, normalized.fields);
  next.id = previous.id ?? id;
  db.commitReplace(table, next, audit);
  return { ok: true, id: next.id };
}

/** `DELETE /webservice/v1/<table>/<id>`. */
export function apiDelete(
  db: Database,
  table: IxcTableName,
  id: string,
  audit: Audit,
): WriteOutcome {
  if (!TABLE_DEFS[table].writable)
    return { ok: false, message: `Recurso ${table} não permite exclusão!` };
  if (db.stores[table].get(id) === undefined)
    return { ok: false, message: 'Registro não encontrado!' };
  const dependant = db.dependantOf(table, id);
  if (dependant !== undefined) {
    return {
      ok: false,
      message: `Não é possível excluir: existem registros vinculados em ${dependant}!`,
    };
  }
  db.commitDelete(table, id, audit);
  return { ok: true, id: String(Number(id)) };
}
