import { defineTable } from './define.js';

/**
 * `cliente`: the read-side column order of a captured IXC answer, then the insert-only columns
 * IXC documents. Note `Sexo` with a capital S, as IXC returns it.
 */
export const CLIENTE = defineTable(
  'cliente',
  `
  senha acesso_automatico_central alterar_senha_primeiro_acesso senha_hotsite_md5 indicado_por:i
  ativo id:i grau_satisfacao razao fantasia cnpj_cpf tipo_documento_identificacao:i ie_identidade
  uf:i data_cadastro:d crm endereco cidade:i cond_pagamento:i bairro fone numero cep filial_id:i
  contato latitude longitude id_conta:i obs hotsite_email email id_tipo_cliente:i
  id_candato_tipo:i tipo_pessoa telefone_comercial referencia telefone_celular complemento ramal
  id_condominio:i data_nascimento:d participa_cobranca id_vendedor:i num_dias_cob:n isuf
  tabela_preco:i tipo_assinante bloco apartamento idx:i skype whatsapp hotsite_acesso id_perfil:i
  id_concorrente:i estado_civil responsavel:i status_prospeccao crm_data_vencemos:d ativo_serasa
  iss_classificacao_padrao rg_orgao_emissor nacionalidade deb_automatico ultima_atualizacao:t
  deb_agencia cadastrado_via_viabilidade deb_conta alerta endereco_cob numero_cob bairro_cob
  cidade_cob:i uf_cob:i cep_cob referencia_cob complemento_cob profissao id_operadora_celular:i
  participa_pre_cobranca cob_envia_email cob_envia_sms contribuinte_icms Sexo nome_pai nome_mae
  quantidade_dependentes:n nome_conjuge fone_conjuge cpf_conjuge rg_conjuge
  data_nascimento_conjuge:d moradia nome_contador telefone_contador ref_com_empresa1
  ref_com_empresa2 ref_com_fone1 ref_com_fone2 ref_pes_nome1 ref_pes_nome2 ref_pes_fone1
  ref_pes_fone2 emp_empresa emp_cnpj emp_cep emp_endereco emp_cidade:i emp_fone emp_cargo
  emp_remuneracao:2 emp_data_admissao:d website orgao_publico pipe_id_organizacao:i im cif
  tipo_cliente_scm:i pis_retem cofins_retem csll_retem irrf_retem nascimento_mae:d
  nascimento_pai:d identidade_mae identidade_pai cpf_mae cpf_pai inscricao_municipal
  nome_representante_1 nome_representante_2 cpf_representante_1 cpf_representante_2
  identidade_representante_1 identidade_representante_2 codigo_operacao:i convert_cliente_forn
  tipo_pessoa_titular_conta cnpj_cpf_titular_conta crm_data_perdemos:d crm_data_sem_viabilidade:d
  crm_data_sem_porta_disponivel:d crm_data_abortamos:d crm_data_negociando:d
  crm_data_apresentando:d crm_data_sondagem:d crm_data_novo:d atualizar_cadastro_galaxPay
  foto_cartao cli_desconta_iss_retido_total cidade_naturalidade:i tipo_localidade facebook
  id_campanha:i desconto_irrf_valor_inferior filtra_filial regime_fiscal_col estado_nascimento
`,
  {
    // IXC's insert sample's mandatory fields.
    required: [
      'razao',
      'ativo',
      'tipo_pessoa',
      'cnpj_cpf',
      'contribuinte_icms',
      'tipo_assinante',
      'cep',
      'endereco',
      'numero',
      'bairro',
      'cidade',
      'tipo_localidade',
      'iss_classificacao_padrao',
    ],
    enums: {
      ativo: ['S', 'N'],
      tipo_pessoa: ['F', 'J', 'E'],
      contribuinte_icms: ['S', 'N', 'I'],
      tipo_localidade: ['U', 'R'],
      Sexo: ['M', 'F'],
    },
    readOnly: ['data_cadastro'],
  },
);
