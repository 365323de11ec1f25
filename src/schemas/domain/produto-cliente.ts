import { z } from 'zod';
import { decodeCode, decodeId, decodeText } from '../ixc-values.js';
import type { RawSvaUsuario } from '../raw/tables.js';
import {
  STATUS_SVA,
  type StatusContrato,
  StatusContratoSchema,
  type StatusSva,
  StatusSvaSchema,
} from './codes.js';
import type { AssertTrue, SameType } from './same-type.js';

/** An SVA provisioning account (IXC `sva_usuarios`). Its password is never included. */
export const ContaSvaSchema = z
  .object({
    id: z.number().int().positive(),
    integracaoId: z
      .number()
      .int()
      .nullable()
      .describe('SVA provider integration (`id_integracao`).'),
    usuario: z.string().nullable().describe('Login at the SVA provider (`user`).'),
    status: StatusSvaSchema,
    userId: z.string().nullable().describe('Id the provider gave the account.'),
    subscriptionId: z.string().nullable(),
  })
  .meta({ id: 'ContaSva' });

/** An SVA provisioning account (IXC `sva_usuarios`). Validated by {@link ContaSvaSchema}. */
export interface ContaSva {
  /** Account id (`sva_usuarios.id`). */
  id: number;
  /** SVA provider integration (`id_integracao`). */
  integracaoId: number | null;
  /** Login at the SVA provider (`user`). */
  usuario: string | null;
  /** Account status (`status_integracao`). */
  status: StatusSva;
  /** Id the provider gave the account (`user_id`). */
  userId: string | null;
  /** The provider's subscription id (`subscription_id`). */
  subscriptionId: string | null;
}

type _ContaSva = AssertTrue<SameType<ContaSva, z.output<typeof ContaSvaSchema>>>;

/** Where a product of the customer comes from. */
export const OrigemProdutoSchema = z
  .enum(['contrato', 'plano', 'adicional', 'sva'])
  .describe(
    '`contrato`: a line of the contract itself; `plano`: a line of its plan (used when the ' +
      'contract has no lines of its own); `adicional`: an add-on service; `sva`: an SVA ' +
      'account not tied to any product line.',
  );

/** A product the customer has, from any of its contracts. */
export const ProdutoClienteSchema = z
  .object({
    origem: OrigemProdutoSchema,
    linhaId: z
      .number()
      .int()
      .positive()
      .describe('Id of the source row (product line, add-on or SVA account).'),
    contratoId: z.number().int().positive(),
    contratoStatus: StatusContratoSchema,
    planoId: z.number().int().positive().nullable(),
    planoNome: z.string().nullable(),
    produtoId: z.number().int().positive().nullable(),
    nome: z.string(),
    quantidade: z.number(),
    valorUnitario: z.number().nullable(),
    valorTotal: z.number().nullable(),
    sva: z.boolean().describe('True when the line, the catalogue entry or an account says SVA.'),
    svaIntegracaoId: z.number().int().nullable(),
    contaSva: ContaSvaSchema.nullable(),
  })
  .meta({ id: 'ProdutoCliente' });

/** Where a product of the customer comes from (see {@link OrigemProdutoSchema}). */
export type OrigemProduto = z.output<typeof OrigemProdutoSchema>;

/** A product the customer has, from any of its contracts. Validated by {@link ProdutoClienteSchema}. */
export interface ProdutoCliente {
  /**
   * `contrato`: a line of the contract itself; `plano`: a line of its plan (used when the
   * contract has no lines of its own); `adicional`: an add-on service; `sva`: an SVA account
   * not tied to any product line.
   */
  origem: OrigemProduto;
  /** Id of the source row (product line, add-on or SVA account). */
  linhaId: number;
  /** The contract the product belongs to. */
  contratoId: number;
  /** That contract's status. */
  contratoStatus: StatusContrato;
  /** The contract's plan. */
  planoId: number | null;
  /** The plan's name. */
  planoNome: string | null;
  /** The catalogue entry (`produtos.id`), when the line names one. */
  produtoId: number | null;
  /** Product name: the catalogue's, else the line's. */
  nome: string;
  /** Quantity (1 when IXC leaves it empty). */
  quantidade: number;
  /** Unit price in BRL. */
  valorUnitario: number | null;
  /** Total price in BRL. */
  valorTotal: number | null;
  /** True when the line, the catalogue entry or an account says SVA. */
  sva: boolean;
  /** SVA provider integration of the catalogue entry. */
  svaIntegracaoId: number | null;
  /** The SVA account attached to this product, if any. */
  contaSva: ContaSva | null;
}

type _ProdutoCliente = AssertTrue<SameType<ProdutoCliente, z.output<typeof ProdutoClienteSchema>>>;

/** Maps a raw `sva_usuarios` row to a {@link ContaSva}. */
export function toContaSva(raw: RawSvaUsuario): ContaSva {
  return {
    id: Number(raw.id),
    integracaoId: decodeId(raw.id_integracao),
    usuario: decodeText(raw.user),
    status: decodeCode(raw.status_integracao, STATUS_SVA, 'desconhecido'),
    userId: decodeText(raw.user_id),
    subscriptionId: decodeText(raw.subscription_id),
  };
}
