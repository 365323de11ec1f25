import type { Database } from './database.js';
import { FOREIGN_KEYS, type IxcTableName, TABLE_DEFS } from './schema/index.js';
import type { StoredRow } from './store.js';

/** The written body's non-blank keys, by real column name (keys match case-insensitively). */
function filledColumns(
  table: IxcTableName,
  input: Readonly<Record<string, unknown>>,
): { readonly present: Set<string>; readonly filled: Set<string> } {
  const def = TABLE_DEFS[table];
  const present = new Set<string>();
  const filled = new Set<string>();
  for (const [key, value] of Object.entries(input)) {
    const column = def.lookup.get(key.toLowerCase());
    if (column === undefined) continue;
    present.add(column);
    if (value !== undefined && value !== null && String(value).trim() !== '') filled.add(column);
  }
  return { present, filled };
}

const required = (column: string): string => `O campo ${column} é obrigatório!`;

function enumProblem(
  table: IxcTableName,
  fields: Readonly<Record<string, string>>,
  changed: (column: string) => boolean,
): string | undefined {
  for (const [column, allowed] of TABLE_DEFS[table].enums) {
    if (!changed(column)) continue;
    const value = fields[column];
    if (value === undefined || value === '') continue;
    if (!allowed.includes(value)) {
      return `Valor "${value}" inválido para o campo ${column}! Valores aceitos: ${allowed.join(', ')}.`;
    }
  }
  return undefined;
}

function exists(db: Database, table: IxcTableName, id: string | undefined): boolean {
  return id !== undefined && id !== '0' && id !== '' && db.stores[table].get(id) !== undefined;
}

function referenceProblem(
  db: Database,
  table: IxcTableName,
  fields: Readonly<Record<string, string>>,
  changed: (column: string) => boolean,
  insert: boolean,
): string | undefined {
  for (const fk of FOREIGN_KEYS) {
    if (fk.table !== table || !changed(fk.column)) continue;
    const value = fields[fk.column];
    if (value === undefined || value === '0' || value === '') {
      if (insert && fk.mandatory === true) return required(fk.column);
      continue;
    }
    if (!exists(db, fk.target, value)) {
      return `Registro ${value} não encontrado em ${fk.target} (campo ${fk.column})!`;
    }
  }
  return undefined;
}

/** Rules one table adds to the generic ones. */
function tableProblem(
  db: Database,
  table: IxcTableName,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  if (table === 'vd_contratos_produtos') {
    if ((fields.id_vd_contrato ?? '0') === '0' && (fields.id_contrato ?? '0') === '0')
      return 'Informe o plano (id_vd_contrato) ou o contrato (id_contrato)!';
  }
  if (table === 'sva_usuarios') {
    const contract = db.stores.cliente_contrato.get(fields.id_contrato ?? '');
    const line = db.stores.vd_contratos_produtos.get(fields.id_produto_contrato ?? '');
    // The line must be the contract's own or one of its plan's (I: IXC's form only offers those).
    if (contract !== undefined && line !== undefined && !lineBelongsTo(line, contract)) {
      return `O produto ${line.id} não pertence ao contrato ${contract.id}!`;
    }
  }
  return undefined;
}

/** True when a product line is the contract's own line or a line of the contract's plan. */
function lineBelongsTo(line: StoredRow, contract: StoredRow): boolean {
  const own = line.id_contrato ?? '0';
  if (own !== '0') return own === contract.id;
  return (line.id_vd_contrato ?? '0') === (contract.id_vd_contrato ?? '0');
}

/**
 * Why IXC would refuse this insert (Portuguese, as IXC words it), or undefined. `input` is the
 * body as sent (required fields are judged on it: an integer column sent empty is missing even
 * though it would be stored as `"0"`), `fields` the normalised columns.
 */
export function insertProblem(
  db: Database,
  table: IxcTableName,
  input: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const { filled } = filledColumns(table, input);
  for (const column of TABLE_DEFS[table].required) {
    // Discounts (`tipo_acres_desc` D) leave `tipo` empty in the collection's template.
    if (
      table === 'cliente_contrato_servicos' &&
      column === 'tipo' &&
      fields.tipo_acres_desc === 'D'
    )
      continue;
    if (!filled.has(column)) return required(column);
  }
  return (
    enumProblem(table, fields, () => true) ??
    referenceProblem(db, table, fields, () => true, true) ??
    tableProblem(db, table, fields)
  );
}

/** Outcome of {@link replaceProblem}: `html` answers IXC's generic HTML error. */
export type ReplaceProblem = { readonly html: true } | { readonly message: string } | undefined;

/**
 * Why IXC would refuse this PUT. A body that leaves out a writable column is not a full record
 * and gets IXC's generic HTML error; a required column may not be blanked; changed references
 * must exist (unchanged ones are not re-checked, so an account whose line was removed can still
 * be edited).
 */
export function replaceProblem(
  db: Database,
  table: IxcTableName,
  previous: StoredRow,
  input: Readonly<Record<string, unknown>>,
  fields: Readonly<Record<string, string>>,
): ReplaceProblem {
  const def = TABLE_DEFS[table];
  const { present, filled } = filledColumns(table, input);
  for (const column of def.columns) {
    if (!def.readOnly.has(column) && !present.has(column)) return { html: true };
  }
  for (const column of def.required) {
    const before = previous[column] ?? '';
    if (before.trim() !== '' && !filled.has(column)) return { message: required(column) };
  }
  const empty = def.empty;
  const changed = (column: string): boolean =>
    (previous[column] ?? empty[column]) !== (fields[column] ?? empty[column]);
  const problem =
    enumProblem(table, fields, changed) ??
    referenceProblem(db, table, fields, changed, false) ??
    tableProblem(db, table, fields);
  return problem === undefined ? undefined : { message: problem };
}
