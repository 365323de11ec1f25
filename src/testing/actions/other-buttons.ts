import { materialize } from '../engine/execute.js';
import { type ActionContext, type ButtonAnswer, type ButtonParams, param } from './context.js';
import { pdfDocument } from './pdf.js';

/** `radusuarios_25452` (`{"get_id": …}` or `{"id": …}`): unbinds a login's MAC. */
export function removerMac(ctx: ActionContext, params: ButtonParams): ButtonAnswer {
  const id = param(params, 'get_id', 'id');
  const login = ctx.db.stores.radusuarios.get(id);
  if (login === undefined) {
    return { json: { type: 'error', message: 'Login não encontrado!' }, committed: false };
  }
  ctx.db.patch('radusuarios', login.id ?? id, { mac: '' }, ctx.audit, {
    keepUltimaAtualizacao: ctx.keepUltimaAtualizacao,
  });
  return {
    json: {
      type: 'success',
      message: `MAC removido com sucesso para o(s) usuário(s) com ID: ${login.id}<br />Ação executada com sucesso`,
      get_id: login.id ?? id,
    },
    committed: true,
  };
}

/** What `get_boleto` answers: the PDF (raw, or base64 when asked) or IXC's error. */
export type BoletoAnswer =
  | { readonly ok: true; readonly pdf: Uint8Array; readonly base64: boolean }
  | { readonly ok: false; readonly json: Readonly<Record<string, string>> };

/**
 * `get_boleto` (`{"boletos": id, "juro": "N", "multa": "N", "atualiza_boleto": "N",
 * "tipo_boleto": "arquivo", "base64": "S"}`): the invoice's bank slip as a one-page PDF.
 */
export function boleto(ctx: ActionContext, params: ButtonParams): BoletoAnswer {
  const id = param(params, 'boletos', 'id', 'id_areceber');
  const stored = ctx.db.stores.fn_areceber.get(id);
  if (stored === undefined) {
    return { ok: false, json: { type: 'error', message: 'Boleto não encontrado!' } };
  }
  const invoice = materialize(ctx.db.stores.fn_areceber.def, stored);
  if (invoice.status === 'C') {
    return {
      ok: false,
      json: { type: 'error', message: 'Boleto cancelado não pode ser impresso!' },
    };
  }
  const cliente = ctx.db.stores.cliente.get(invoice.id_cliente ?? '');
  const pdf = pdfDocument(`Boleto ${invoice.id}`, [
    `Pagador: ${cliente?.razao ?? ''} (${cliente?.cnpj_cpf ?? ''})`,
    `Contrato: ${invoice.id_contrato}   Documento: ${invoice.documento}`,
    `Vencimento: ${invoice.data_vencimento}   Valor: R$ ${invoice.valor}`,
    `Linha digitavel: ${invoice.linha_digitavel}`,
    `Nosso numero: ${invoice.nn_boleto}`,
  ]);
  return { ok: true, pdf, base64: param(params, 'base64').toUpperCase() === 'S' };
}

/** How a payment is recorded by the `receber` button (`engine.buttons.receber`). */
export interface ReceberInput {
  /** Payment date, `DD/MM/YYYY` or ISO (default: today on the engine clock). */
  readonly data?: string;
  /** Amount received (default: the open amount). */
  readonly valor?: string | number;
}

/**
 * Records a payment the way IXC's cashier screen does: `status` R, amounts moved from
 * `valor_aberto` to `valor_recebido`. The automatic release happens at the next job run.
 */
export function receber(ctx: ActionContext, id: string, input: ReceberInput = {}): ButtonAnswer {
  const invoice = ctx.db.stores.fn_areceber.get(id);
  if (invoice === undefined) {
    return { json: { type: 'error', message: 'Registro não encontrado!' }, committed: false };
  }
  if (invoice.status !== 'A') {
    return {
      json: { type: 'error', message: 'Parcela já está recebida ou cancelada!<br />' },
      committed: false,
    };
  }
  const raw = input.data ?? ctx.db.clock.date();
  const br = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
  const data = br === null ? raw : `${br[3]}-${br[2]}-${br[1]}`;
  const valor = Number(input.valor ?? invoice.valor_aberto ?? invoice.valor ?? 0).toFixed(2);
  ctx.db.patch(
    'fn_areceber',
    id,
    {
      status: 'R',
      valor_aberto: '0.00',
      valor_recebido: valor,
      pagamento_valor: valor,
      pagamento_data: data,
    },
    ctx.audit,
    { keepUltimaAtualizacao: ctx.keepUltimaAtualizacao },
  );
  return {
    json: { type: 'success', message: 'Recebimento efetuado com sucesso!', id },
    committed: true,
  };
}
