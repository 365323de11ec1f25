import { normalizeValue } from '../engine/normalize.js';
import type { StoredRow } from '../engine/store.js';
import {
  type ActionContext,
  addDays,
  type ButtonAnswer,
  type ButtonParams,
  brDate,
  changeContract,
  isSet,
  openInvoices,
  param,
} from './context.js';

const ok = (message: string, extra: Record<string, string> = {}): ButtonAnswer => ({
  json: { type: 'success', message, ...extra },
  committed: true,
});
const fail = (message: string): ButtonAnswer => ({
  json: { type: 'error', message },
  committed: false,
});

const NOT_FOUND = 'Contrato não encontrado!';

function contractOf(ctx: ActionContext, id: string): StoredRow | undefined {
  return ctx.db.stores.cliente_contrato.get(id);
}

/** The four status buttons that only set `status_internet` (and a `dt_ult_*` date). */
function statusButton(
  statusInternet: string,
  date: string | undefined,
  tipo: string,
  texto: string,
  message: string,
) {
  return (ctx: ActionContext, params: ButtonParams): ButtonAnswer => {
    const contrato = contractOf(ctx, param(params, 'id_contrato', 'id'));
    if (contrato === undefined) return fail(NOT_FOUND);
    if (contrato.status !== 'A') return fail('Ação permitida apenas para contratos ativos!');
    const patch: Record<string, string> = { status_internet: statusInternet };
    if (date !== undefined) patch[date] = ctx.db.clock.date();
    if (statusInternet === 'A') patch.nao_bloquear_ate = '0000-00-00';
    changeContract(ctx, contrato, patch, { tipo, texto });
    return ok(message);
  };
}

/** `cliente_contrato_15300`, Bloqueio Manual: CM. */
export const bloquearManual = statusButton(
  'CM',
  'dt_ult_bloq_manual',
  'bloqueio_manual',
  'Contrato bloqueado manualmente.',
  'Contrato bloqueado com sucesso!',
);
/** `cliente_contrato_15464`, Liberar Manualmente: A. */
export const liberarManual = statusButton(
  'A',
  undefined,
  'desbloqueio_manual',
  'Contrato liberado manualmente.',
  'Contrato liberado com sucesso!',
);
/** `cliente_contrato_15463`, Financeiro em atraso: FA. */
export const financeiroEmAtraso = statusButton(
  'FA',
  'dt_ult_finan_atraso',
  'financeiro_atraso',
  'Contrato marcado como financeiro em atraso.',
  'Contrato alterado para financeiro em atraso!',
);
/** `cliente_contrato_23529`, Aguardando Assinatura: AA. */
export const aguardandoAssinatura = statusButton(
  'AA',
  undefined,
  'aguardando_assinatura',
  'Contrato aguardando assinatura.',
  'Contrato alterado para aguardando assinatura!',
);

/** `cliente_contrato_ativar_cliente`: a pré-contrato (P) becomes active, access on. */
export function ativar(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const contrato = contractOf(ctx, param(params, 'id_contrato', 'id'));
  if (contrato === undefined) return fail(NOT_FOUND);
  if (contrato.status !== 'P') return fail('Contrato já está ativado!');
  const today = ctx.db.clock.date();
  changeContract(
    ctx,
    contrato,
    {
      status: 'A',
      status_internet: 'A',
      data_ativacao: isSet(contrato.data_ativacao) ? contrato.data_ativacao : today,
      dt_ult_ativacao: today,
    },
    { tipo: 'ativacao', texto: 'Contrato ativado.' },
  );
  return ok('Contrato ativado com sucesso!');
}

const confianca = (tipo: 'sucesso' | 'erro', codigo: string, mensagem: string, extra = {}) => ({
  json: { tipo, codigo, mensagem, ...extra },
  committed: tipo === 'sucesso',
});

/**
 * `desbloqueio_confianca` (`{"id": contrato}`): releases a blocked contract for a few days
 * on trust, once per unpaid period. Answers with IXC's Portuguese keys and codes.
 */
export function desbloqueioConfianca(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const contrato = contractOf(ctx, param(params, 'id', 'id_contrato'));
  if (contrato === undefined)
    return confianca('erro', '106', 'ID de contrato inexistente na base de dados.');
  if (contrato.status === 'I' || contrato.status === 'D') {
    return confianca(
      'erro',
      '109',
      'Não é possível realizar o desbloqueio de confiança, pois o contrato está inativo.',
    );
  }
  if (contrato.status_internet === 'A') {
    return confianca(
      'erro',
      '107',
      'O contrato já encontra-se ativo, não é necessário utilizar o desbloqueio de confiança.',
    );
  }
  const used = contrato.dt_ult_des_bloq_conf;
  if (contrato.desbloqueio_confianca_ativo === 'S' && isSet(used)) {
    const until = addDays(used, ctx.settings.trustReleaseDays);
    return confianca(
      'erro',
      '113',
      `Não é possível realizar o desbloqueio de confiança, pois este recurso foi usado no dia ${brDate(used)} e não foi realizado o pagamento até ${brDate(until)}.`,
    );
  }
  const days = ctx.settings.trustReleaseDays;
  const today = ctx.db.clock.date();
  const until = addDays(today, days);
  changeContract(
    ctx,
    contrato,
    {
      status_internet: 'A',
      dt_ult_des_bloq_conf: today,
      desbloqueio_confianca_ativo: 'S',
      nao_bloquear_ate: until,
    },
    { tipo: 'desbloqueio_confianca', texto: `Desbloqueio de confiança por ${days} dias.` },
  );
  return confianca(
    'sucesso',
    '200',
    `O contrato foi desbloqueado com sucesso por ${days} dias. Caso não regularize a situação financeira até ${brDate(until)}, o contrato será bloqueado novamente.`,
    { dias: String(days) },
  );
}

/**
 * `cliente_contrato_btn_lib_temp_24722` (`{"get_id": …}` or `{"id": …}`): access on for a
 * few days. IXC answers success even for ids that do not exist, and so does the simulator.
 */
export function liberarTemporariamente(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const id = param(params, 'get_id', 'id', 'id_contrato');
  const days = ctx.settings.temporaryReleaseDays;
  const answer = ok(`O contrato foi desbloqueado com sucesso por ${days} dias.`, { get_id: id });
  const contrato = contractOf(ctx, id);
  if (contrato === undefined || contrato.status !== 'A' || contrato.status_internet === 'A')
    return { ...answer, committed: false };
  changeContract(
    ctx,
    contrato,
    { status_internet: 'A', nao_bloquear_ate: addDays(ctx.db.clock.date(), days) },
    { tipo: 'liberacao_temporaria', texto: `Liberação temporária por ${days} dias.` },
  );
  return answer;
}

/**
 * `desativar_cancelar_financeiro_nao_vencido`: cancels the contract (status I, access D) and
 * the invoices not yet due (status C).
 */
export function cancelar(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const contrato = contractOf(ctx, param(params, 'id_contrato', 'id'));
  if (contrato === undefined) return fail(NOT_FOUND);
  if (contrato.status === 'I') return fail('O contrato já está cancelado!');
  const raw = param(params, 'data_cancelamento');
  const normalized = normalizeValue('date', 'data_cancelamento', raw);
  if (!normalized.ok) return fail('Data de cancelamento inválida!');
  const motivo = param(params, 'motivo_cancelamento');
  if (motivo === '') return fail('Informe o motivo do cancelamento!');
  const today = ctx.db.clock.date();
  const date = isSet(normalized.value) ? normalized.value : today;
  for (const invoice of openInvoices(ctx.db, contrato.id ?? '')) {
    if ((invoice.data_vencimento ?? '') < today) continue;
    ctx.db.patch(
      'fn_areceber',
      invoice.id ?? '',
      {
        status: 'C',
        valor_cancelado: invoice.valor ?? '0.00',
        valor_aberto: '0.00',
        data_cancelamento: date,
        motivo_cancelamento: /^\d+$/.test(motivo) ? motivo : '0',
      },
      ctx.audit,
      { keepUltimaAtualizacao: ctx.keepUltimaAtualizacao },
    );
  }
  changeContract(
    ctx,
    contrato,
    {
      status: 'I',
      status_internet: 'D',
      data_cancelamento: date,
      data_acesso_desativado: today,
      motivo_cancelamento: motivo,
      obs_cancelamento: param(params, 'obs_cancelamento'),
      id_responsavel_cancelamento: ctx.audit.operador,
    },
    { tipo: 'cancelamento', texto: 'Contrato cancelado; financeiro não vencido cancelado.' },
  );
  return ok('Contrato cancelado com sucesso!');
}

/** `negativar_bloquear` (`{"id": contrato, "id_cliente": …}`): status N and access blocked. */
export function negativarBloquear(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const contrato = contractOf(ctx, param(params, 'id', 'id_contrato'));
  if (contrato === undefined) return fail(NOT_FOUND);
  const cliente = param(params, 'id_cliente');
  if (cliente !== '' && cliente !== contrato.id_cliente)
    return fail('O contrato não pertence ao cliente informado!');
  if (contrato.status === 'I' || contrato.status === 'N')
    return fail('Contrato inativo ou já negativado!');
  const today = ctx.db.clock.date();
  changeContract(
    ctx,
    contrato,
    {
      status: 'N',
      status_internet: 'CM',
      data_negativacao: today,
      dt_utl_negativacao: today,
      dt_ult_bloq_manual: today,
      id_responsavel_negativacao: ctx.audit.operador,
    },
    { tipo: 'negativacao', texto: 'Contrato negativado e bloqueado.' },
  );
  return ok('Contrato negativado e bloqueado com sucesso!');
}
