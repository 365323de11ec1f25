import { defineTable } from './define.js';

/**
 * `cliente_contrato`: IXC's documented insert columns plus `id` and `data_cancelamento`.
 * The row has no price: a contract costs what its product lines say.
 */
export const CLIENTE_CONTRATO = defineTable(
  'cliente_contrato',
  `
  id:i tipo id_cliente:i id_vd_contrato:i descricao_aux_plano_venda contrato id_tipo_contrato:i
  id_modelo:i assinatura_digital integracao_assinatura_digital liberacao_bloqueio_manual
  id_filial:i indicacao_contrato_id:i data_assinatura:d data_ativacao:d data:d data_renovacao:d
  pago_ate_data:d status status_internet status_velocidade tipo_produtos_plano motivo_inclusao
  id_indexador_reajuste:i url_assinatura_digital token_assinatura_digital id_tipo_documento:i
  id_carteira_cobranca:i id_vendedor:i comissao:2 cc_previsao tipo_cobranca renovacao_automatica
  gerar_finan_assin_digital_contrato base_geracao_tipo_doc id_contrato_principal:i
  num_parcelas_atraso:n nf_info_adicionais credit_card_recorrente_bandeira_cartao
  credit_card_recorrente_token ids_contratos_recorrencia tipo_doc_opc tipo_doc_opc2 tipo_doc_opc3
  tipo_doc_opc4 id_tipo_doc_ativ:i id_produto_ativ:i taxa_instalacao:2 id_cond_pag_ativ:i
  id_responsavel:i id_vendedor_ativ:i ativacao_numero_parcelas ativacao_vencimentos
  ativacao_valor_parcela:2 fidelidade:n data_expiracao:d desconto_fidelidade:2 id_instalador:i
  taxa_improdutiva:2 venc_personalizado com_entrada dia_fixo_vencimento tipo_condicao_pag
  bloqueio_automatico nao_bloquear_ate:d aviso_atraso nao_avisar_ate:d desbloqueio_confianca
  desbloqueio_confianca_ativo restricao_auto_desbloqueio obs nao_susp_parc_ate:d
  liberacao_suspensao_parcial utilizando_auto_libera_susp_parc restricao_auto_libera_susp_parcial
  motivo_restri_auto_libera_parc contrato_suspenso data_inicial_suspensao:d data_final_suspensao:d
  data_acesso_desativado:d id_responsavel_cancelamento:i motivo_cancelamento obs_cancelamento
  data_negativacao:d id_responsavel_negativacao:i protocolo_negativacao id_motivo_negativacao:i
  obs_negativacao data_desistencia:d id_responsavel_desistencia:i motivo_desistencia
  obs_desistencia obs_contrato alerta_contrato dt_ult_bloq_auto:d dt_ult_bloq_manual:d
  dt_ult_finan_atraso:d dt_ult_des_bloq_conf:d dt_ult_liberacao_susp_parc:d dt_ult_ativacao:d
  dt_utl_negativacao:d dt_ult_desiste:d data_cadastro_sistema:t ultima_atualizacao:t
  data_retomada_contrato:d endereco_padrao_cliente id_condominio:i condominio_novo bloco
  bloco_novo apartamento apartamento_novo cep cep_novo endereco endereco_novo numero numero_novo
  bairro bairro_novo cidade:i cidade_novo complemento complemento_novo referencia referencia_novo
  latitude latitude_novo longitude longitude_novo avalista_1 avalista_2
  testemunha_assinatura_digital document_photo selfie_photo data_cancelamento:d
`,
  {
    // IXC's insert sample's mandatory fields.
    required: [
      'tipo',
      'id_cliente',
      'id_vd_contrato',
      'contrato',
      'id_tipo_contrato',
      'id_modelo',
      'id_filial',
      'data',
      'id_tipo_documento',
      'id_carteira_cobranca',
      'id_vendedor',
      'cc_previsao',
      'tipo_cobranca',
      'renovacao_automatica',
      'base_geracao_tipo_doc',
      'bloqueio_automatico',
      'aviso_atraso',
      'endereco_padrao_cliente',
    ],
    enums: {
      tipo: ['I', 'T', 'S', 'SVA'],
      status: ['P', 'A', 'I', 'N', 'D'],
      status_internet: ['A', 'D', 'CM', 'CA', 'CE', 'FA', 'AA'],
      status_velocidade: ['N', 'R'],
      renovacao_automatica: ['S', 'N'],
      bloqueio_automatico: ['S', 'N'],
      aviso_atraso: ['S', 'N'],
      endereco_padrao_cliente: ['S', 'N'],
      tipo_produtos_plano: ['P', 'PRO', 'PLA'],
    },
    readOnly: [
      'data_cadastro_sistema',
      'dt_ult_bloq_auto',
      'dt_ult_bloq_manual',
      'dt_ult_finan_atraso',
      'dt_ult_des_bloq_conf',
      'dt_ult_liberacao_susp_parc',
      'dt_ult_ativacao',
      'dt_utl_negativacao',
      'dt_ult_desiste',
      'desbloqueio_confianca_ativo',
    ],
  },
);
