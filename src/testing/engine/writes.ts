import type { Audit, CommitOptions, Database } from './database.js';
import { normalizeRecord } from './normalize.js';
import { insertProblem, replaceProblem } from './rules.js';
import { type IxcTableName, TABLE_DEFS } from './schema/index.js';

/** Outcome of an API write; `html` means IXC's generic HTML error page. */
export type WriteOutcome =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly message: string }
  | { readonly ok: false; readonly html: true };

/** What `DELETE /sva_usuarios/<id>` may remove (see docs/simulator.md). */
export type SvaDeletePolicy = 'deactivated-only' | 'allow' | 'refuse';

/** Engine settings the write paths need. */
export interface WriteSettings {
  readonly svaUsuariosDelete: SvaDeletePolicy;
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
  const problem = insertProblem(db, table, input, fields);
  if (problem !== undefined) return { ok: false, message: problem };
  if (table === 'cliente') fields.data_cadastro = db.clock.date();
  if (table === 'cliente_contrato') {
    fields.data_cadastro_sistema = db.clock.dateTime();
    if ((fields.status ?? '') === '') fields.status = 'P';
    if ((fields.status_internet ?? '') === '') fields.status_internet = 'D';
  }
  if (table === 'sva_usuarios') {
    fields.criado_em = db.clock.dateTime();
    fields.created_at = fields.criado_em;
  }
  if (table === 'fn_areceber') {
    if ((fields.status ?? '') === '') fields.status = 'A';
    if (fields.data_emissao === undefined) fields.data_emissao = db.clock.date();
    if (fields.valor_aberto === undefined && fields.status === 'A')
      fields.valor_aberto = fields.valor ?? '0.00';
  }
  const row = db.commitInsert(table, fields, audit);
  return { ok: true, id: row.id ?? '' };
}

/**
 * `PUT /webservice/v1/<table>/<id>`: the body must be the whole record (every writable column);
 * server-maintained columns in it are dropped silently, as IXC does.
 */
export function apiReplace(
  db: Database,
  table: IxcTableName,
  id: string,
  input: Readonly<Record<string, unknown>>,
  audit: Audit,
  options: CommitOptions = {},
): WriteOutcome {
  const def = TABLE_DEFS[table];
  if (!def.writable) return { ok: false, message: `Recurso ${table} não permite alteração!` };
  const previous = db.stores[table].get(id);
  if (previous === undefined) return { ok: false, message: 'Registro não encontrado!' };
  const normalized = normalizeRecord(def, input);
  if (!normalized.ok) return normalized;
  const problem = replaceProblem(db, table, previous, input, normalized.fields);
  if (problem !== undefined) {
    return 'html' in problem ? { ok: false, html: true } : { ok: false, message: problem.message };
  }
  const next: Record<string, string> = {};
  for (const column of def.readOnly) {
    const kept = previous[column];
    if (kept !== undefined && column !== 'ultima_atualizacao') next[column] = kept;
  }
  Object.assign(next, normalized.fields);
  next.id = previous.id ?? id;
  db.commitReplace(table, next, audit, options);
  return { ok: true, id: next.id };
}

/** `DELETE /webservice/v1/<table>/<id>`. */
export function apiDelete(
  db: Database,
  table: IxcTableName,
  id: string,
  audit: Audit,
  settings: WriteSettings,
): WriteOutcome {
  if (!TABLE_DEFS[table].writable)
    return { ok: false, message: `Recurso ${table} não permite exclusão!` };
  const row = db.stores[table].get(id);
  if (row === undefined) return { ok: false, message: 'Registro não encontrado!' };
  if (table === 'sva_usuarios') {
    const refused =
      settings.svaUsuariosDelete === 'refuse' ||
      (settings.svaUsuariosDelete === 'deactivated-only' && row.status_integracao !== 'D');
    if (refused) {
      return {
        ok: false,
        message:
          settings.svaUsuariosDelete === 'refuse'
            ? 'A integração SVA não permite a exclusão de logins!'
            : 'Só é possível excluir logins SVA desativados (status D)!',
      };
    }
  }
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
