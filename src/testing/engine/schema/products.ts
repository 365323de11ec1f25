import { defineTable } from './define.js';

/** `vd_contratos` (sales plans). IXC reads the active flag back as `Ativo`, capitalised. */
export const VD_CONTRATOS = defineTable(
  'vd_contratos',
  `
  id:i tipo nome descricao moeda id_tipo_documento:i id_modelo:i id_carteira_cobranca:i
  id_vendedor:i id_filial:i comissao:2 valor_contrato:9 limitar_n_logins logins_simultaneos:n
  Ativo base_geracao_por_tipo_doc tipo_doc_opc tipo_doc_opc2 tipo_doc_opc3 tipo_doc_opc4
  ultima_atualizacao:t tel_franquia_segundos tel_franquia_prefix id_cidade:i id_tipo_doc_ativ:i
  id_produto_ativ:i id_cond_pag_ativ:i id_vendedor_ativ:i fidelidade:n
  utilizar_desconto_ate_vencimento utilizar_desconto_por_repeticao
  utilizar_desconto_no_produto_plano qtde_repeticoes_desconto:n id_produto_ate_vencimento:i
  id_produto_contrato_vinc:i valor_desconto:2
`,
  { required: ['nome', 'tipo'] },
);

/**
 * `vd_contratos_produtos`: product lines of a plan (`id_vd_contrato`, `id_contrato = "0"`) or of
 * one contract (`id_contrato`, `id_vd_contrato = "0"`). Read-side order of a captured answer.
 */
export const VD_CONTRATOS_PRODUTOS = defineTable(
  'vd_contratos_produtos',
  `
  descricao_plano_valor_1:2 descricao_plano_valor_2:2 fixar_ip tipo_desconto desconto_percentual:2
  repetir id:i tipo id_plano:i id_vd_contrato:i id_produto:i qtde:n valor_unit:9 descricao
  id_contrato:i obs valor_ate_vencimento:2 qtde_repeticoes_desconto_produto:n
  valor_desconto_produto:2 ultima_atualizacao:t id_tipo_documento:i id_contrato_produto_plano:i
`,
  {
    // The collection's mandatory fields for "Produtos do contrato (inserir)".
    required: ['tipo', 'id_plano', 'qtde', 'valor_unit', 'id_contrato', 'fixar_ip'],
    enums: { tipo: ['I', 'T', 'S', 'SVA', 'TV', 'SMP'] },
  },
);

/** `cliente_contrato_servicos`: add-ons (`tipo_acres_desc = "A"`) and discounts (`"D"`). */
export const CLIENTE_CONTRATO_SERVICOS = defineTable(
  'cliente_contrato_servicos',
  `
  id:i tipo id_login_tv:i id_produto:i descricao id_unidade:i quantidade:n valor_unitario:2
  valor_total:2 valor_total2:2 repetir repetir_qtde data:d status execucoes:n ultima_execucao:d
  status_nf21 execucoes_nf21:n ultima_execucao_nf21:d id_contrato:i pdesconto:2 vdesconto:2
  id_sip:i id_oss_chamado:i id_oss_mensagem:i id_contrato_aluguel:i id_im_lanc_mensal:i
  id_im_imovel:i id_vd_contrato_produtos:i id_areceber:i tipo_acres_desc tipo_produto
  incluido_por_prorata id_tipo_documento:i id_lote_rotina:i id_produto_contrato_vinc:i
  ultima_atualizacao:t
`,
  {
    // The collection's mandatory fields for "Serviços Adicionais (inserir)"; `tipo` is left
    // empty on discounts (see `rules.ts`).
    required: [
      'tipo',
      'id_produto',
      'descricao',
      'id_unidade',
      'quantidade',
      'valor_unitario',
      'valor_total',
      'repetir',
      'data',
      'status',
      'status_nf21',
      'id_contrato',
      'tipo_acres_desc',
    ],
    enums: {
      repetir: ['V', 'S'],
      status: ['A', 'I'],
      status_nf21: ['A', 'I'],
      tipo_acres_desc: ['A', 'D'],
    },
    // The column has a default but no ON UPDATE: it is not a change signal.
    touch: 'on-insert',
  },
);

/** `produtos`: the catalogue; SVAs carry `id_sva_integracao`. */
export const PRODUTOS = defineTable(
  'produtos',
  `
  id:i ativo subgrupo_tipo id_sub_grupo:i descricao descricao_alt codigo_barras codigo_tecido
  qtde_min:n qtde_max:n tipo controla_estoque movimentacao unidade:i vencimento_garantia:d
  id_categoria_patrimonio:i preco_base:2 margem_lucro:2 aceita_valor pcomissao:2 codigo
  ultima_atualizacao:t id_tipo_documento_servico:i id_fr_faturamento_classificacoes:i icms_issqn
  id_class_fiscal:i id_class_fiscal_entrada:i ncm id_produtos_ncm_cest:i cod_servico
  cod_classificacao_servico id_conta_estoque:i id_conta_despesa:i id_conta_receita:i
  id_conta_comodato:i id_classe_financeira:i vICMSSTRet iss_natureza_operacao
  controle_impressao_etiqueta ecommerce ecommerce_pg_inicial mostra_valor_ecommerce tipo_ecommerce
  ecommerce_prioridade valor_prefixo valor_sufixo descricao_completa imagem saldo valor:2
  valor_custo:2 custo_medio:2 custo_medio_total:2 pesob pesol altura largura profundidade
  plataforma tv_id_plataforma tv_LineUp tv_data_inicial:d tv_data_final:d id_integracao_tv:i
  tv_id_pacote_servicos tv_id_pacote_servicos_watch descricao_pacote_watch total_tickets_watch
  tv_id_pacotes tv_id_pacote_temporario tv_dias_expiracao_pacote_temporario search produto_playhub
  tariff_plan tv_id_pacotes_adicionais id_sva_integracao:i id_sva_pacote:i
  id_sva_pacote_adicional:i tipo_produto_integracao id_assinatura_integracao:i
  plataforma_integracao
`,
  { required: ['descricao'] },
);
