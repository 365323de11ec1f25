import type { Database } from './database.js';
import { encodeCells, encodeRow, encodeString } from './encode.js';
import { runQuery } from './filter.js';
import { parseQuery } from './query.js';
import {
  type EngineResponse,
  htmlErrorResponse,
  IXC_JSON_TYPE,
  ixcErrorResponse,
  ixcSuccessResponse,
} from './responses.js';
import type { IxcTableName, TableDef } from './schema/index.js';
import type { StoredRow } from './store.js';
import {
  apiDelete,
  apiInsert,
  apiReplace,
  type WriteOutcome,
  type WriteSettings,
} from './writes.js';

/** Engine settings the executors need. */
export interface ExecuteSettings extends WriteSettings {
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
  const page = encodeString(String(q.page));
  const total =
    settings.totalAsNumber || shape.totalAsNumber
      ? String(outcome.total)
      : encodeString(String(outcome.total));
  const head = `{"page":${page},"total":${total}`;
  let body: string;
  if (shape.flexigrid) {
    const rows = outcome.rows.map(
      (row) => `{"id":${encodeString(row.id ?? '')},"cell":${encodeCells(store.def, row)}}`,
    );
    body = `${head},"rows":[${rows.join(',')}]}`;
  } else if (
    shape.omitRegistros ||
    (outcome.rows.length === 0 && settings.emptyResult === 'omit')
  ) {
    body = `${head}}`;
  } else {
    body = `${head},"registros":[${outcome.rows.map((row) => encodeRow(store.def, row)).join(',')}]}`;
  }
  return { status: 200, headers: { 'content-type': IXC_JSON_TYPE }, body };
}

/** A write's answer, and whether it changed the data. */
export interface WriteResult {
  readonly response: EngineResponse;
  readonly committed: boolean;
}

function writeAnswer(outcome: WriteOutcome, message: string, withId: boolean): WriteResult {
  if (outcome.ok) {
    return {
      response: ixcSuccessResponse(message, withId ? outcome.id : undefined),
      committed: true,
    };
  }
  const response = 'html' in outcome ? htmlErrorResponse(200) : ixcErrorResponse(outcome.message);
  return { response, committed: false };
}

/** Per-request write switches (from fault rules). */
export interface WriteRequestOptions {
  readonly keepUltimaAtualizacao?: boolean | undefined;
}

/** Answers an insert, a PUT or a DELETE. */
export function executeWrite(
  db: Database,
  kind: 'insert' | 'update' | 'delete',
  table: IxcTableName,
  id: string | undefined,
  params: Readonly<Record<string, unknown>>,
  operador: string,
  settings: WriteSettings,
  options: WriteRequestOptions = {},
): WriteResult {
  const audit = { executou: 'api', operador } as const;
  if (kind === 'insert') {
    return writeAnswer(apiInsert(db, table, params, audit), 'Registro inserido com sucesso!', true);
  }
  if (id === undefined || id.trim() === '')
    return { response: ixcErrorResponse('ID do registro não informado!'), committed: false };
  if (kind === 'update') {
    return writeAnswer(
      apiReplace(db, table, id, params, audit, options),
      'Registro atualizado com sucesso!',
      true,
    );
  }
  return writeAnswer(
    apiDelete(db, table, id, audit, settings),
    'Registro excluído com sucesso!',
    false,
  );
}
