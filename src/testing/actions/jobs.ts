import type { Database } from '../engine/database.js';
import {
  type ActionContext,
  changeContract,
  daysOverdue,
  isSet,
  type JobSettings,
} from './context.js';

/** What one run of the scheduled jobs changed, by contract id. */
export interface IxcJobReport {
  /** Put in FA (financeiro em atraso). */
  readonly financeiroAtraso: string[];
  /** Blocked automatically (CA). */
  readonly bloqueados: string[];
  /** Released after payment (back to A). */
  readonly liberados: string[];
  /** Temporary or trust releases that ran out (and re-blocked when still unpaid). */
  readonly expirados: string[];
}

/** Options of one job run. */
export interface RunJobsOptions {
  /** `true` leaves `ultima_atualizacao` alone on the rows the jobs change. */
  readonly keepUltimaAtualizacao?: boolean;
}

/**
 * IXC's financial automation, run once: the automatic block by days past due (FA after
 * `faAfterDays`, CA after `caAfterDays`), the automatic release when nothing is overdue any
 * more, and the expiry of temporary/trust releases (`nao_bloquear_ate` passed). Manual states
 * (CM, AA, D) and contracts without `bloqueio_automatico` are left alone. Changes are made as
 * `sistema`, the way IXC's scheduled tasks log them.
 */
export function runJobs(
  db: Database,
  settings: JobSettings,
  options: RunJobsOptions = {},
): IxcJobReport {
  const ctx: ActionContext = {
    db,
    audit: { executou: 'sistema', operador: '0' },
    keepUltimaAtualizacao: options.keepUltimaAtualizacao,
    settings,
  };
  const report: IxcJobReport = {
    financeiroAtraso: [],
    bloqueados: [],
    liberados: [],
    expirados: [],
  };
  const today = db.clock.date();
  const candidates = new Set<string>();
  for (const invoice of db.stores.fn_areceber.all()) {
    if (invoice.status === 'A' && (invoice.data_vencimento ?? '') < today)
      candidates.add(invoice.id_contrato ?? '0');
  }
  for (const contrato of db.stores.cliente_contrato.all()) {
    const access = contrato.status_internet ?? '';
    const pending =
      isSet(contrato.nao_bloquear_ate) || contrato.desbloqueio_confianca_ativo === 'S';
    if (access === 'CA' || access === 'FA' || pending) candidates.add(contrato.id ?? '0');
  }
  const ids = [...candidates].filter((id) => id !== '0').sort((a, b) => Number(a) - Number(b));
  for (const id of ids) {
    const contrato = db.stores.cliente_contrato.get(id);
    if (contrato === undefined || contrato.status !== 'A') continue;
    const access = contrato.status_internet ?? '';
    const overdue = daysOverdue(db, id);
    const until = contrato.nao_bloquear_ate;
    const expired = isSet(until) && until < today;
    const patch: Record<string, string> = {};
    // Paying up settles a trust unblock, so the next one is allowed again.
    if (contrato.desbloqueio_confianca_ativo === 'S' && overdue < settings.faAfterDays)
      patch.desbloqueio_confianca_ativo = 'N';
    if (isSet(until) && !expired && access === 'A') {
      if (Object.keys(patch).length > 0) changeContract(ctx, contrato, patch);
      continue;
    }
    if (expired) {
      patch.nao_bloquear_ate = '0000-00-00';
      report.expirados.push(id);
    }
    const auto = contrato.bloqueio_automatico !== 'N';
    if (auto && overdue >= settings.caAfterDays && (access === 'A' || access === 'FA')) {
      changeContract(
        ctx,
        contrato,
        { ...patch, status_internet: 'CA', dt_ult_bloq_auto: today },
        {
          tipo: 'bloqueio_automatico',
          texto: `Bloqueio automático: fatura vencida há ${overdue} dias.`,
        },
      );
      report.bloqueados.push(id);
    } else if (auto && overdue >= settings.faAfterDays && access === 'A') {
      changeContract(
        ctx,
        contrato,
        { ...patch, status_internet: 'FA', dt_ult_finan_atraso: today },
        { tipo: 'financeiro_atraso', texto: `Financeiro em atraso há ${overdue} dias.` },
      );
      report.financeiroAtraso.push(id);
    } else if (overdue < settings.faAfterDays && (access === 'CA' || access === 'FA')) {
      changeContract(
        ctx,
        contrato,
        { ...patch, status_internet: 'A', desbloqueio_confianca_ativo: 'N' },
        { tipo: 'desbloqueio_automatico', texto: 'Desbloqueio automático após pagamento.' },
      );
      report.liberados.push(id);
    } else if (Object.keys(patch).length > 0) {
      changeContract(ctx, contrato, patch);
    }
  }
  return report;
}
