/**
 * How a customer's products are assembled from the rows read for them: which lines count
 * (a contract's own, else its plan's), which add-ons, and where each SVA account goes. The
 * rows' encodings are decoded by src/schemas; the algorithm is the client's.
 */
import { STATUS_CONTRATO } from '../schemas/domain/codes.js';
import { type ProdutoCliente, toContaSva } from '../schemas/domain/produto-cliente.js';
import {
  decodeCode,
  decodeDecimal,
  decodeId,
  decodeInteger,
  decodeText,
  isCode,
  rowKey,
} from '../schemas/ixc-values.js';
import type {
  RawClienteContrato,
  RawClienteContratoServico,
  RawProduto,
  RawSvaUsuario,
  RawVdContrato,
  RawVdContratoProduto,
} from '../schemas/raw/tables.js';

/** Everything fetched from IXC to compute a customer's products. */
export interface ProdutosSources {
  contratos: readonly RawClienteContrato[];
  /** Lines with `id_contrato` among the contracts. */
  linhasContrato: readonly RawVdContratoProduto[];
  /** Lines with `id_vd_contrato` among the contracts' plans. */
  linhasPlano: readonly RawVdContratoProduto[];
  servicos: readonly RawClienteContratoServico[];
  contasSva: readonly RawSvaUsuario[];
  /** Plans by {@link rowKey} of their id. */
  planos: ReadonlyMap<string, RawVdContrato>;
  /** Catalogue entries by {@link rowKey} of their id. */
  produtos: ReadonlyMap<string, RawProduto>;
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
  const ownLines = groupBy(src.linhasContrato, (l) => rowKey(l.id_contrato));
  const planLines = groupBy(src.linhasPlano, (l) => rowKey(l.id_vd_contrato));
  const addons = groupBy(
    src.servicos.filter((s) => isCode(s.tipo_acres_desc, 'A')),
    (s) => rowKey(s.id_contrato),
  );
  const accounts = groupBy(src.contasSva, (a) => rowKey(a.id_contrato));
  const out: ProdutoCliente[] = [];

  for (const contrato of src.contratos) {
    const contratoId = rowKey(contrato.id);
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
    isCode(lineTipo, 'SVA') ||
    (produto !== undefined && isCode(produto.tipo, 'SVA')) ||
    svaIntegracaoId !== null ||
    (produto ? decodeId(produto.id_sva_pacote) !== null : false);
  return { sva, svaIntegracaoId };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
