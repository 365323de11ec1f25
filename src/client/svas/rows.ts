/**
 * The IXC rows SVA changes read, with the columns they use (every other column, secrets
 * included, is dropped at parsing), and the rules that say which products are Campsoft SVAs.
 */
import type { z } from 'zod';
import type { Sva } from '../../schemas/domain/sva.js';
import { decodeDecimal, decodeFlag, decodeId, decodeText } from '../../schemas/ixc-values.js';
import { IxcRowSchema, rawRow } from '../../schemas/raw/raw-row.js';
import {
  RawClienteContratoSchema,
  RawProdutoSchema,
  RawVdContratoProdutoSchema,
  RawVdContratoSchema,
} from '../../schemas/raw/tables.js';

/** `produtos` with the SVA integration columns. */
export const SvaProdutoRow = RawProdutoSchema.extend(
  rawRow(['codigo', 'tipo_produto_integracao', 'plataforma_integracao']).shape,
);
/** A `produtos` row as SVA changes read it. */
export type SvaProdutoRow = z.output<typeof SvaProdutoRow>;

/** `sva_configuracoes` without its secrets (`senha`, `token`, `api_key`, `api_secret`…). */
export const SvaConfiguracaoRow = rawRow(['plataforma', 'ambiente']);
/** A `sva_configuracoes` row, secrets dropped. */
export type SvaConfiguracaoRow = z.output<typeof SvaConfiguracaoRow>;

/** `cliente_contrato` plus the document type a new line copies. */
export const SvaContratoRow = RawClienteContratoSchema.extend(rawRow(['id_tipo_documento']).shape);
/** A contract as SVA changes read it. */
export type SvaContratoRow = z.output<typeof SvaContratoRow>;

/** `vd_contratos_produtos`. */
export const SvaLinhaRow = RawVdContratoProdutoSchema;
/** A product line. */
export type SvaLinhaRow = z.output<typeof SvaLinhaRow>;

/** `vd_contratos` (for the plan's name). */
export const SvaPlanoRow = RawVdContratoSchema;
/** A plan row. */
export type SvaPlanoRow = z.output<typeof SvaPlanoRow>;

/**
 * `sva_usuarios` with every column: a PUT must resend the whole record, its password
 * included, so this row never leaves the package (operations show secrets as `[REDACTED]`).
 */
export const SvaContaFullRow = IxcRowSchema;
/** A full `sva_usuarios` row. */
export type SvaContaFullRow = z.output<typeof SvaContaFullRow>;

/** `cliente` with the e-mail an SVA login defaults to. */
export const SvaClienteRow = rawRow(['email'], ['razao']);

const CAMPSOFT = /campsoft/i;

/** True for a platform name that is Campsoft's. */
export function isCampsoft(plataforma: string): boolean {
  return CAMPSOFT.test(plataforma);
}

/**
 * What the catalogue says of a product: whether it is an SVA sold through Campsoft, and the
 * integration its accounts use. A product is an SVA when it names an SVA integration
 * (`id_sva_integracao`), an integration product type, or a Campsoft platform. Its
 * integration is the one it names, else the only Campsoft integration IXC has. A product
 * whose integration is another platform's is not Campsoft's.
 */
export function svaOf(
  produto: SvaProdutoRow,
  configs: ReadonlyMap<number, SvaConfiguracaoRow> | null,
): Sva | null {
  const named = decodeId(produto.id_sva_integracao);
  const isSva =
    named !== null ||
    decodeText(produto.tipo_produto_integracao) !== null ||
    isCampsoft(produto.plataforma_integracao);
  if (!isSva) return null;
  let integracao: Sva['integracao'] = null;
  if (named !== null) {
    const config = configs?.get(named);
    const plataforma = config ? decodeText(config.plataforma) : null;
    if (plataforma !== null && !isCampsoft(plataforma)) return null;
    integracao = { id: named, plataforma };
  } else if (configs) {
    const campsoft = [...configs.entries()].filter(([, c]) => isCampsoft(c.plataforma));
    const only = campsoft.length === 1 ? campsoft[0] : undefined;
    if (only) integracao = { id: only[0], plataforma: decodeText(only[1].plataforma) };
  }
  return {
    id: Number(produto.id),
    nome: decodeText(produto.descricao) ?? '',
    codigo: decodeText(produto.codigo),
    valor: positive(decodeDecimal(produto.valor)) ?? decodeDecimal(produto.preco_base),
    ativo: decodeFlag(produto.ativo),
    pacoteId: decodeId(produto.id_sva_pacote),
    integracao,
  };
}

function positive(n: number | null): number | null {
  return n !== null && n > 0 ? n : null;
}

/** Integrations by id; `null` when this IXC has no `sva_configuracoes` resource. */
export function configsById(rows: readonly SvaConfiguracaoRow[] | null) {
  return rows ? new Map(rows.map((r) => [Number(r.id), r])) : null;
}
