import { z } from 'zod';
import { decodeCode, decodeDecimal, decodeId, decodeInteger, decodeText } from '../ixc-values.js';
import type {
  RawClienteContrato,
  RawClienteContratoServico,
  RawProduto,
  RawSvaUsuario,
  RawVdContrato,
  RawVdContratoProduto,
} from '../raw/tables.js';
import { STATUS_CONTRATO, STATUS_SVA, StatusContratoSchema, StatusSvaSchema } from './codes.js';

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

/** An SVA provisioning account. */
export type ContaSva = z.infer<typeof ContaSvaSchema>;

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

/** A product the customer has. */
export type ProdutoCliente = z.infer<typeof ProdutoClienteSchema>;

/** Everything fetched from IXC to compute a customer's products. */
export interface ProdutosSources {
  contratos: readonly RawClienteContrato[];
  /** Lines with `id_contrato` among the contracts. */
  linhasContrato: readonly RawVdContratoProduto[];
  /** Lines with `id_vd_contrato` among the contracts' plans. */
  linhasPlano: readonly RawVdContratoProduto[];
  servicos: readonly RawClienteContratoServico[];
  contasSva: readonly RawSvaUsuario[];
  planos: ReadonlyMap<string, RawVdContrato>;
  produtos: ReadonlyMap<string, RawProduto>;
}

function toContaSva(raw: RawSvaUsuario): ContaSva {
  return {
    id: Number(raw.id),
    integracaoId: decodeId(raw.id_integracao),
    usuario: decodeText(raw.user),
    status: decodeCode(raw.status_integracao, STATUS_SVA, 'desconhecido'),
    userId: decodeText(raw.user_id),
    subscriptionId: decodeText(raw.subscription_id),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * Computes every product of a customer: for each contract, its own lines or else its plan's
 * lines, then its add-on services (`tipo_acres_desc = "A"`; discounts are not products),
 * then SVA accounts. An account is attached to the line whose id it names
 * (`id_produto_contrato`), else to the contract's first SVA line of the same integration,
 * else listed on its own.
 */
export function toProdutosCliente(src: ProdutosSources): ProdutoCliente[] {
  const ownLines = groupBy(src.linhasContrato, (l) => l.id_contrato.trim());
  const planLines = groupBy(src.linhasPlano, (l) => l.id_vd_contrato.trim());
  const addons = groupBy(
    src.servicos.filter((s) => s.tipo_acres_desc.trim().toUpperCase() === 'A'),
    (s) => s.id_contrato.trim(),
  );
  const accounts = groupBy(src.contasSva, (a) => a.id_contrato.trim());
  const out: ProdutoCliente[] = [];

  for (const contrato of src.contratos) {
    const contratoId = contrato.id.trim();
    const planoId = decodeId(contrato.id_vd_contrato);
    const plano = planoId === null ? undefined : src.planos.get(String(planoId));
    const base = {
      contratoId: Number(contratoId),
      contratoStatus: decodeCode(contrato.status, STATUS_CONTRATO, 'desconhecido'),
      planoId,
      planoNome: plano ? decodeText(plano.nome) : null,
    };
    const own = ownLines.get(contratoId);
    const lines = own ?? (planoId === null ? undefined : planLines.get(String(planoId))) ?? [];
    const origem = own ? 'contrato' : 'plano';
    const start = out.length;

    for (const line of lines) {
      const produtoId = decodeId(line.id_produto);
      const produto = produtoId === null ? undefined : src.produtos.get(String(produtoId));
      const quantidade = decodeDecimal(line.qtde) ?? 1;
      const valorUnitario = decodeDecimal(line.valor_unit);
      out.push({
        ...base,
        origem,
        linhaId: Number(line.id),
        produtoId,
        nome:
          decodeText(produto?.descricao ?? '') ??
          decodeText(line.descricao) ??
          base.planoNome ??
          '',
        quantidade,
        valorUnitario,
        valorTotal: valorUnitario === null ? null : round2(valorUnitario * quantidade),
        ...svaFacts(line.tipo, produto),
        contaSva: null,
      });
    }
    for (const addon of addons.get(contratoId) ?? []) {
      const produtoId = decodeId(addon.id_produto);
      const produto = produtoId === null ? undefined : src.produtos.get(String(produtoId));
      const quantidade = decodeDecimal(addon.quantidade) ?? 1;
      const valorUnitario = decodeDecimal(addon.valor_unitario);
      out.push({
        ...base,
        origem: 'adicional',
        linhaId: Number(addon.id),
        produtoId,
        nome: decodeText(addon.descricao) ?? decodeText(produto?.descricao ?? '') ?? '',
        quantidade,
        valorUnitario,
        valorTotal:
          decodeDecimal(addon.valor_total) ??
          (valorUnitario === null ? null : round2(valorUnitario * quantidade)),
        ...svaFacts(addon.tipo, produto),
        contaSva: null,
      });
    }
    for (const account of accounts.get(contratoId) ?? []) {
      const conta = toContaSva(account);
      const lineId = decodeInteger(account.id_produto_contrato);
      const contractItems = out.slice(start);
      const target =
        contractItems.find((p) => p.contaSva === null && lineId !== null && p.linhaId === lineId) ??
        contractItems.find(
          (p) =>
            p.contaSva === null &&
            p.sva &&
            (conta.integracaoId === null || p.svaIntegracaoId === conta.integracaoId),
        );
      if (target) {
        target.contaSva = conta;
        target.sva = true;
        continue;
      }
      out.push({
        ...base,
        origem: 'sva',
        linhaId: conta.id,
        produtoId: null,
        nome: conta.usuario ? `SVA ${conta.usuario}` : 'SVA',
        quantidade: 1,
        valorUnitario: null,
        valorTotal: null,
        sva: true,
        svaIntegracaoId: conta.integracaoId,
        contaSva: conta,
      });
    }
  }
  return out;
}

function svaFacts(lineTipo: string, produto: RawProduto | undefined) {
  const svaIntegracaoId = produto ? decodeId(produto.id_sva_integracao) : null;
  const sva =
    lineTipo.trim().toUpperCase() === 'SVA' ||
    produto?.tipo.trim().toUpperCase() === 'SVA' ||
    svaIntegracaoId !== null ||
    (produto ? decodeId(produto.id_sva_pacote) !== null : false);
  return { sva, svaIntegracaoId };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
