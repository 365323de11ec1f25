/**
 * Raw schemas of the IXC tables the client reads, with the columns it uses; the second list
 * names the columns a row of that table cannot lack. Column names are
 * IXC's own (see docs/ixc-protocol.md); `Ativo` on `vd_contratos` is capitalised on some
 * installs and lower-case on others, so both are read.
 */
import type { z } from 'zod';
import { rawRow } from './raw-row.js';

/** `vd_contratos`: sales plans. */
export const RawVdContratoSchema = rawRow(
  [
    'id',
    'descricao',
    'tipo',
    'valor_contrato',
    'Ativo',
    'ativo',
    'fidelidade',
    'id_filial',
    'ultima_atualizacao',
  ],
  ['nome'],
);
/** A raw `vd_contratos` row. */
export type RawVdContrato = z.output<typeof RawVdContratoSchema>;

/** `cliente`: customers. `senha` and other secrets are deliberately not read. */
export const RawClienteSchema = rawRow(
  [
    'id',
    'fantasia',
    'tipo_pessoa',
    'cnpj_cpf',
    'ie_identidade',
    'email',
    'fone',
    'telefone_comercial',
    'telefone_celular',
    'whatsapp',
    'cep',
    'endereco',
    'numero',
    'complemento',
    'bairro',
    'referencia',
    'cidade',
    'uf',
    'ativo',
    'data_nascimento',
    'data_cadastro',
    'filial_id',
    'ultima_atualizacao',
  ],
  ['razao'],
);
/** A raw `cliente` row. */
export type RawCliente = z.output<typeof RawClienteSchema>;

/** `cliente_contrato`: a customer's contracts, each bound to one plan. */
export const RawClienteContratoSchema = rawRow(
  [
    'id',
    'contrato',
    'tipo',
    'status',
    'status_internet',
    'data_ativacao',
    'data_cancelamento',
    'ultima_atualizacao',
  ],
  ['id_cliente', 'id_vd_contrato'],
);
/** A raw `cliente_contrato` row. */
export type RawClienteContrato = z.output<typeof RawClienteContratoSchema>;

/** `vd_contratos_produtos`: product lines of a plan (`id_vd_contrato`) or a contract (`id_contrato`). */
export const RawVdContratoProdutoSchema = rawRow(
  ['id', 'id_vd_contrato', 'id_contrato', 'id_plano', 'tipo', 'descricao', 'qtde', 'valor_unit'],
  ['id_produto'],
);
/** A raw `vd_contratos_produtos` row. */
export type RawVdContratoProduto = z.output<typeof RawVdContratoProdutoSchema>;

/** `cliente_contrato_servicos`: add-on services (`tipo_acres_desc = "A"`) and discounts (`"D"`). */
export const RawClienteContratoServicoSchema = rawRow(
  [
    'id',
    'descricao',
    'quantidade',
    'valor_unitario',
    'valor_total',
    'status',
    'tipo',
    'tipo_acres_desc',
  ],
  ['id_contrato', 'id_produto'],
);
/** A raw `cliente_contrato_servicos` row. */
export type RawClienteContratoServico = z.output<typeof RawClienteContratoServicoSchema>;

/** `produtos`: the product catalogue. */
export const RawProdutoSchema = rawRow(
  ['id', 'tipo', 'ativo', 'preco_base', 'valor', 'id_sva_integracao', 'id_sva_pacote'],
  ['descricao'],
);
/** A raw `produtos` row. */
export type RawProduto = z.output<typeof RawProdutoSchema>;

/** `sva_usuarios`: SVA provisioning accounts. `senha` is deliberately not read. */
export const RawSvaUsuarioSchema = rawRow(
  [
    'id',
    'id_integracao',
    'id_produto_contrato',
    'user',
    'status_integracao',
    'user_id',
    'subscription_id',
  ],
  ['id_contrato'],
);
/** A raw `sva_usuarios` row. */
export type RawSvaUsuario = z.output<typeof RawSvaUsuarioSchema>;
