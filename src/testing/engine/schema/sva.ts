import { defineTable } from './define.js';

/**
 * `sva_usuarios` ("Login SVA"): one account per contract, integration and SVA line; the
 * union of every provider's insert form plus the schema dump's columns. There is no
 * `ultima_atualizacao` and no `id_cliente`: changes here are only visible by diffing or in
 * `ixc_logs`.
 */
export const SVA_USUARIOS = defineTable(
  'sva_usuarios',
  `
  id:i id_contrato:i id_integracao:i id_produto_contrato:i usar_email user senha msisdn
  tipo_comunicacao status_integracao user_id cnpj_cpf subscription_id usuarios_adicionais
  criado_em:t redirect_url quantidade_dispositivos:n tipo_dispositivo sub_dominio autenticacao
  created_at:t
`,
  {
    required: ['id_contrato', 'id_integracao', 'id_produto_contrato', 'status_integracao'],
    enums: {
      status_integracao: ['A', 'B', 'D'],
      usar_email: ['S', 'N'],
      tipo_comunicacao: ['E', 'M', 'A'],
      autenticacao: ['S', 'N'],
    },
    readOnly: ['criado_em', 'created_at'],
  },
);

/**
 * `sva_configuracoes`: the form Configurações › Integrações › Integrações SVA, one row per
 * SVA platform. `senha`, `token`, `refresh_token`, `api_key` and `api_secret` are secrets, and
 * present, as on a real IXC: the package must never pass them on.
 */
export const SVA_CONFIGURACOES = defineTable(
  'sva_configuracoes',
  `
  id:i login senha url data_atualizacao_token:t token plataforma seu_prefixo usuario_automatico
  ambiente refresh_token api_key api_secret id_filial_cobranca:i external_id
`,
  {
    required: ['plataforma'],
    enums: { usuario_automatico: ['S', 'N'], ambiente: ['P', 'H'] },
  },
);
