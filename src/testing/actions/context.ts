import type { Audit, Database } from '../engine/database.js';
import type { StoredRow } from '../engine/store.js';

/** Day counts of IXC's financial automation (see docs/simulator.md, "Background jobs"). */
export interface IxcJobsOptions {
  /** Days past due after which an invoice puts an active contract in FA. Default 5. */
  readonly faAfterDays?: number;
  /** Days past due after which the automatic block (CA) happens. Default 15. */
  readonly caAfterDays?: number;
  /** Days a temporary release (`cliente_contrato_btn_lib_temp_24722`) lasts. Default 3. */
  readonly temporaryReleaseDays?: number;
  /** Days a trust unblock (`desbloqueio_confianca`) lasts. Default 3. */
  readonly trustReleaseDays?: number;
}

/** {@link IxcJobsOptions} with every default applied. */
export type JobSettings = Required<IxcJobsOptions>;

/** Applies the defaults. */
export function jobSettings(options: IxcJobsOptions = {}): JobSettings {
  return {
    faAfterDays: options.faAfterDays ?? 5,
    caAfterDays: options.caAfterDays ?? 15,
    temporaryReleaseDays: options.temporaryReleaseDays ?? 3,
    trustReleaseDays: options.trustReleaseDays ?? 3,
  };
}

/** What a button answers: IXC's JSON, and whether it changed data. */
export interface ButtonAnswer {
  readonly json: Readonly<Record<string, string>>;
  readonly committed: boolean;
}

/** A button's body as sent (JSON or form fields). */
export type ButtonParams = Readonly<Record<string, unknown>>;

/** A parameter as a trimmed string (`{"id_contrato": 12}` and `"12"` both work). */
export function param(params: ButtonParams, ...names: string[]): string {
  for (const name of names) {
    const value = params[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  }
  return '';
}

/** Who presses a button and how: the data, the audit identity and the timestamp switch. */
export interface ActionContext {
  readonly db: Database;
  readonly audit: Exclude<Audit, false>;
  readonly keepUltimaAtualizacao?: boolean | undefined;
  readonly settings: JobSettings;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days`. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `YYYY-MM-DD` → `DD/MM/YYYY`, how IXC words dates in messages. */
export function brDate(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

/** True for a real (non-zero) ISO date. */
export function isSet(date: string | undefined): date is string {
  return date !== undefined && date !== '' && !date.startsWith('0000');
}

/**
 * Applies a status change to a contract the way IXC's buttons and jobs do: one UPDATE (which
 * moves `ultima_atualizacao` and appends `ixc_logs` when something changed) and, when given, a
 * `cliente_contrato_historico` entry.
 */
export function changeContract(
  ctx: ActionContext,
  contrato: StoredRow,
  patch: Readonly<Record<string, string>>,
  historico?: { readonly tipo: string; readonly texto: string },
): void {
  const id = contrato.id ?? '';
  ctx.db.patch('cliente_contrato', id, patch, ctx.audit, {
    keepUltimaAtualizacao: ctx.keepUltimaAtualizacao,
  });
  if (historico !== undefined) {
    // The history is itself a log: IXC does not log its rows again in ixc_logs (I).
    ctx.db.commitInsert(
      'cliente_contrato_historico',
      {
        id_cliente: contrato.id_cliente ?? '0',
        id_contrato: id,
        tipo: historico.tipo,
        data: ctx.db.clock.dateTime(),
        historico: historico.texto,
        operador: ctx.audit.executou === 'sistema' ? '0' : ctx.audit.operador,
      },
      false,
    );
  }
}

/** Open invoices of a contract (status A), in id order. */
export function openInvoices(db: Database, contratoId: string): StoredRow[] {
  return db.stores.fn_areceber
    .lookup('id_contrato', [contratoId])
    .filter((row) => (row.status ?? '') === 'A');
}

/** Days the contract's oldest open invoice is past due today (0 when none is). */
export function daysOverdue(db: Database, contratoId: string): number {
  const today = db.clock.date();
  let worst = 0;
  for (const row of openInvoices(db, contratoId)) {
    const due = row.data_vencimento ?? '';
    if (isSet(due)) worst = Math.max(worst, daysBetween(due, today));
  }
  return worst;
}
