import type { IxcClock } from './clock.js';
import { FOREIGN_KEYS, IXC_TABLE_NAMES, type IxcTableName, TABLE_DEFS } from './schema/index.js';
import { type StoredRow, TableStore } from './store.js';

/** Who made a change, as `ixc_logs.executou` records it. */
export type AuditActor = 'api' | 'usuario' | 'sistema';

/** Audit settings of one write; `false` writes silently (dataset seeding). */
export type Audit = { readonly executou: AuditActor; readonly operador: string } | false;

/** A real change to a row, as the `keepUltimaAtualizacao` policy sees it. */
export interface IxcChange {
  readonly table: IxcTableName;
  readonly id: string;
  /** Columns whose value changed. */
  readonly columns: readonly string[];
  /** Who made it (`api` for webservice writes, `usuario` for an operator, `sistema` for jobs). */
  readonly executou: AuditActor | 'silent';
}

/** Per-write switches. */
export interface CommitOptions {
  /**
   * `true` leaves `ultima_atualizacao` as it was even though the row changed; `false` moves it;
   * undefined asks the engine's policy.
   */
  readonly keepUltimaAtualizacao?: boolean | undefined;
}

/**
 * The simulated database: one {@link TableStore} per table plus the rules every write path
 * shares (API, buttons, jobs, test helpers): `ultima_atualizacao` upkeep and `ixc_logs` entries.
 */
export class Database {
  readonly stores: Readonly<Record<IxcTableName, TableStore>>;
  readonly clock: IxcClock;
  /** Engine-wide policy: true when a change must leave `ultima_atualizacao` alone. */
  keepPolicy: (change: IxcChange) => boolean = () => false;

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
    if (store.def.touch !== 'none' && fields.ultima_atualizacao === undefined) {
      row.ultima_atualizacao = this.clock.dateTime();
    }
    store.insert(row);
    this.#log(
      audit,
      'inseriu',
      table,
      id,
      Object.keys(fields).filter((c) => c !== 'id'),
    );
    return row;
  }

  /**
   * Swaps a row and logs the columns whose read value changed. `ultima_atualizacao` moves only
   * on tables that keep it ON UPDATE, only when a value really changed, and not when the caller
   * or the engine's policy says to leave it (a `next.ultima_atualizacao` given explicitly wins).
   */
  commitReplace(
    table: IxcTableName,
    next: Record<string, string>,
    audit: Audit,
    options: CommitOptions = {},
  ): StoredRow {
    const store = this.stores[table];
    const id = next.id ?? '';
    const previous = store.get(id);
    if (previous === undefined) throw new Error(`No row ${id} in ${table}`);
    const empty = store.def.empty;
    const changed = store.def.columns.filter(
      (c) => c !== 'ultima_atualizacao' && (previous[c] ?? empty[c]) !== (next[c] ?? empty[c]),
    );
    if (store.def.touch !== 'none' && next.ultima_atualizacao === undefined) {
      const keep =
        options.keepUltimaAtualizacao ??
        this.keepPolicy({
          table,
          id,
          columns: changed,
          executou: audit === false ? 'silent' : audit.executou,
        });
      const moves = store.def.touch === 'on-update' && changed.length > 0 && !keep;
      const kept = previous.ultima_atualizacao;
      if (moves) next.ultima_atualizacao = this.clock.dateTime();
      else if (kept !== undefined) next.ultima_atualizacao = kept;
    }
    store.replace(next);
    this.#log(audit, 'editou', table, id, changed);
    return next;
  }

  /** Merges `patch` into a stored row (no validation); returns the new row. */
  patch(
    table: IxcTableName,
    id: string,
    patch: Readonly<Record<string, string>>,
    audit: Audit,
    options: CommitOptions = {},
  ): StoredRow {
    const previous = this.stores[table].get(id);
    if (previous === undefined) throw new Error(`No row ${id} in ${table}`);
    const next: Record<string, string> = { ...previous, ...patch, id: previous.id ?? id };
    if (!('ultima_atualizacao' in patch)) delete next.ultima_atualizacao;
    return this.commitReplace(table, next, audit, options);
  }

  /** Deletes a row (no dependency check: see {@link dependantOf}). */
  commitDelete(table: IxcTableName, id: string, audit: Audit): boolean {
    const deleted = this.stores[table].delete(id);
    if (deleted) this.#log(audit, 'excluiu', table, String(Number(id)), []);
    return deleted;
  }

  /** First table whose rows still point at `table.id = id` under a constraint, if any. */
  dependantOf(table: IxcTableName, id: string): IxcTableName | undefined {
    for (const fk of FOREIGN_KEYS) {
      if (fk.target !== table || fk.restrictsDelete === false) continue;
      if (this.stores[fk.table].lookup(fk.column, [id]).length > 0) return fk.table;
    }
    return undefined;
  }

  #log(audit: Audit, tipo: string, tabela: IxcTableName, id: string, campos: string[]): void {
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
