import { defineTable } from './define.js';

/**
 * `fn_areceber`: invoices (`status` A aberto, R recebido, C cancelado). Money reads back with 2
 * decimals. The columns after `pix_txid` are the ones integrators read; their exact order on a
 * real IXC is not known.
 */
export const FN_ARECEBER = defineTable(
  'fn_areceber',
  `
  id:i id_cliente:i id_contrato:i id_contrato_avulso:i filial_id:i id_carteira_cobranca:i
  data_emissao:d data_vencimento:d valor:2 valor_aberto:2 valor_recebido:2 valor_cancelado:2
  status liberado documento nn_boleto linha_digitavel gateway_link pix_txid obs
  pagamento_data:d pagamento_valor:2 tipo_recebimento data_cancelamento:d motivo_cancelamento:i
  impresso tipo_cobranca:i id_conta:i previsao parcela_proporcional titulo_renegociado
  ultima_atualizacao:t
`,
  {
    required: ['id_cliente', 'data_vencimento', 'valor'],
    enums: { status: ['A', 'R', 'C'], liberado: ['S', 'N'], impresso: ['S', 'N'] },
  },
);
