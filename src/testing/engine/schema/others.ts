import { defineTable } from './define.js';

/** `radgrupos`: speed plans, referenced by `vd_contratos_produtos.id_plano`. */
export const RADGRUPOS = defineTable(
  'radgrupos',
  `
  id:i tipo id_produto:i grupo id_pool:i id_rad_dns:i address_list address_list_ipv6
  valor_produto:2 cor_mapa ultima_atualizacao:t tipo_integracao_neutra operador_neutro
  plano_velocidade_neutro pacote_integracao service_type qos_ativo alteracao_velocidade
  ativo_normal horas_normal upload upload_busrt upload_busrt_th upload_busrt_time download
  download_busrt download_busrt_th download_busrt_time prioridade:n garantia_upload
  garantia_download red_ativo horas_reduzido id_plano_reduzir:i red_upload red_upload_busrt
  red_upload_busrt_th red_upload_busrt_time red_download red_download_busrt red_download_busrt_th
  red_download_busrt_time red_prioridade red_garantia_upload red_garantia_download tur_ativo
  horas_turbinado id_plano_turbinar:i tur_upload tur_upload_busrt tur_upload_busrt_th
  tur_upload_busrt_time tur_download tur_download_busrt tur_download_busrt_th
  tur_download_busrt_time tur_prioridade tur_garantia_upload tur_garantia_download franquia_mensal
  tipo_franquia id_plano_franquia:i reduzir_dias_atraso id_plano_atraso:i sici_tecnologia
  dici_download dici_tipo_conexao_mapa type_band_control ingress_juniper_policy_l2
  egress_juniper_policy_l2 juniper_static_policy ingress_juniper_policy_ipv4
  egress_juniper_policy_ipv4 ingress_juniper_policy_ipv6 egress_juniper_policy_ipv6
  nome_perfil_router perfil_juniper_ipv6 usa_perfil_huawei_dinamico nome_perfil_router_huawei
  cisco_police_in cisco_police_out ingress_cisco_policy_ipv6 egress_cisco_policy_ipv6
  usa_perfil_nokia_dinamico usa_perfil_nokia usar_perfil_nokia_e nome_perfil_router_nokia
  olt_hw_download olt_hw_upload perfil_fiberhome
`,
  { required: ['grupo'] },
);

/** `radusuarios`: PPPoE/hotspot logins (columns from IXC's captured row). */
export const RADUSUARIOS = defineTable(
  'radusuarios',
  `
  id:i id_cliente:i id_contrato:i login senha ativo online autenticacao id_grupo:i ip mac onu_mac
  concentrador conexao tipo_conexao_mapa ultima_conexao_inicial:t ultima_conexao_final:t
  tempo_conectado download_atual upload_atual franquia_consumo:5 tipo_vinculo_plano id_filial:i
  ultima_atualizacao:t
`,
  {
    required: ['login'],
    enums: { ativo: ['S', 'N'], online: ['S', 'N', 'SS'] },
  },
);

/**
 * `cliente_contrato_historico`: the contract's event history; buttons and scheduled jobs append
 * a row per status change. `data` is written `DD/MM/YYYY` like the collection's example.
 */
export const CLIENTE_CONTRATO_HISTORICO = defineTable(
  'cliente_contrato_historico',
  'id:i id_cliente:i id_contrato:i tipo data:t historico operador:i',
  { required: ['id_cliente', 'historico'] },
);

/** `ixc_logs`: the audit trail IXC appends on every write; read-only through the API. */
export const IXC_LOGS = defineTable(
  'ixc_logs',
  'id:i data:t executou tipo operador:i tabela id_tabela:i campos usuario_ip usuario_nome',
  { writable: false },
);
