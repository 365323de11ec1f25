import { apiDelete, apiInsert, apiReplace, type Database, type WriteOutcome } from './database';
import { runQuery } from './filter';
import { parseQuery } from './query';
import {
  type EngineResponse,
  htmlErrorResponse,
  ixcErrorResponse,
  ixcSuccessResponse,
  jsonResponse,
} from './responses';
import type { IxcTableName, TableDef } from './schema';
import type { StoredRow } from './store';

/** Engine settings the executors need. */
export interface ExecuteSettings {
  readonly defaultRp: number;
  readonly emptyResult: 'omit' | 'empty-array';
  readonly totalAsNumber: boolean;
}

/** Envelope variations a fault may ask for. */
export interface EnvelopeShape {
  readonly omitRegistros: boolean;
  readonly totalAsNumber: boolean;
  readonly flexigrid: boolean;
}

/** Full row in column order; absent columns read as their empty value. */
export function materialize(def: TableDef, row: StoredRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of def.columns) out[column] = row[column] ?? def.empty[column] ?? '';
  return out;
}

/** Answers a listing. */
export function executeList(
  db: Database,
  table: IxcTableName,
  params: Readonly<Record<string, unknown>>,
  settings: ExecuteSettings,
  shape: EnvelopeShape,
): EngineResponse {
  const store = db.stores[table];
  const parsed = parseQuery(store.def, params, settings.defaultRp);
  if (!parsed.ok) return htmlErrorResponse(200);
  const q = parsed.query;
  const outcome = runQuery(store, q.filters, q.sortColumn, q.descending, q.page, q.rp);
  const page = String(q.page);
  const total: string | number =
    settings.totalAsNumber || shape.totalAsNumber ? outcome.total : String(outcome.total);
  if (shape.flexigrid) {
    const rows = outcome.rows.map((row) => ({
      id: row.id ?? '',
      cell: Object.values(materialize(store.def, row)),
    }));
    return jsonResponse({ page, total, rows });
  }
  if (shape.omitRegistros || (outcome.rows.length === 0 && settings.emptyResult === 'omit')) {
    return jsonResponse({ page, total });
  }
  return jsonResponse({
    page,
    total,
    registros: outcome.rows.map((row) => materialize(store.def, row)),
  });
}

function writeAnswer(outcome: WriteOutcome, message: string, withId: boolean): EngineResponse {
  if (!outcome.ok) return ixcErrorResponse(outcome.message);
  return ixcSuccessResponse(message, withId ? outcome.id : undefined);
}

/** Answers an insert, a PUT or a DELETE. */
export function executeWrite(
  db: Database,
  kind: 'insert' | 'update' | 'delete',
  table: IxcTableName,
  id: string | undefined,
  params: Readonly<Record<string, unknown>>,
  operador: string,
): EngineResponse {
  const audit = { executou: 'api', operador } as const;
  if (kind === 'insert') {
    return writeAnswer(apiInsert(db, table, params, audit), 'Registro inserido com sucesso!', true);
  }
  if (id === undefined || id.trim() === '')
    return ixcErrorResponse('ID do registro não informado!');
  if (kind === 'update') {
    return writeAnswer(
      apiReplace(db, table, id, params, audit),
      'Registro atualizado com sucesso!',
      true,
    );
  }
  return writeAnswer(apiDelete(db, table, id, audit), 'Registro excluído com sucesso!', false);
}
