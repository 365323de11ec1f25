import { CLIENTE } from './cliente.js';
import { CLIENTE_CONTRATO } from './cliente-contrato.js';
import type { TableDef } from './define.js';
import { FN_ARECEBER } from './finance.js';
import { CLIENTE_CONTRATO_HISTORICO, IXC_LOGS, RADGRUPOS, RADUSUARIOS } from './others.js';
import {
  CLIENTE_CONTRATO_SERVICOS,
  PRODUTOS,
  VD_CONTRATOS,
  VD_CONTRATOS_PRODUTOS,
} from './products.js';
import { SVA_CONFIGURACOES, SVA_USUARIOS } from './sva.js';

export type { ColumnKind, TableDef } from './define.js';
export { EMPTY_VALUE } from './define.js';

/** Names of the tables the simulator serves. */
export const IXC_TABLE_NAMES = [
  'cliente',
  'cliente_contrato',
  'vd_contratos',
  'vd_contratos_produtos',
  'cliente_contrato_servicos',
  'produtos',
  'sva_usuarios',
  'radgrupos',
  'radusuarios',
  'fn_areceber',
  'sva_configuracoes',
  'cliente_contrato_historico',
  'ixc_logs',
] as const;

/** A table the simulator serves. */
export type IxcTableName = (typeof IXC_TABLE_NAMES)[number];

/** Every table definition, by name. */
export const TABLE_DEFS: Readonly<Record<IxcTableName, TableDef>> = {
  cliente: CLIENTE,
  cliente_contrato: CLIENTE_CONTRATO,
  vd_contratos: VD_CONTRATOS,
  vd_contratos_produtos: VD_CONTRATOS_PRODUTOS,
  cliente_contrato_servicos: CLIENTE_CONTRATO_SERVICOS,
  produtos: PRODUTOS,
  sva_usuarios: SVA_USUARIOS,
  radgrupos: RADGRUPOS,
  radusuarios: RADUSUARIOS,
  fn_areceber: FN_ARECEBER,
  sva_configuracoes: SVA_CONFIGURACOES,
  cliente_contrato_historico: CLIENTE_CONTRATO_HISTORICO,
  ixc_logs: IXC_LOGS,
};

/** True when `name` is a table the simulator serves. */
export function isTableName(name: string): name is IxcTableName {
  return Object.hasOwn(TABLE_DEFS, name);
}

/** A foreign key: `table.column` points at `target.id`. */
export interface ForeignKey {
  readonly table: IxcTableName;
  readonly column: string;
  readonly target: IxcTableName;
  /** An insert must fill it with an existing row (not `"0"`). */
  readonly mandatory?: boolean;
  /**
   * False when the database declares no constraint, so deleting the target is not refused
   * (SVA accounts keep pointing at a removed contract line, as ISPs' cancel procedure does).
   */
  readonly restrictsDelete?: boolean;
}

/**
 * The references the simulator enforces. IXC refuses to delete a row that still has
 * dependants, and refuses rows that point at rows that do not exist; only the links the
 * Campsoft flows walk are listed, so unrelated FKs (branches, sellers…) stay free-form.
 */
export const FOREIGN_KEYS: readonly ForeignKey[] = [
  { table: 'cliente_contrato', column: 'id_cliente', target: 'cliente', mandatory: true },
  { table: 'cliente_contrato', column: 'id_vd_contrato', target: 'vd_contratos', mandatory: true },
  { table: 'vd_contratos_produtos', column: 'id_vd_contrato', target: 'vd_contratos' },
  { table: 'vd_contratos_produtos', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'vd_contratos_produtos', column: 'id_produto', target: 'produtos' },
  { table: 'vd_contratos_produtos', column: 'id_plano', target: 'radgrupos' },
  {
    table: 'cliente_contrato_servicos',
    column: 'id_contrato',
    target: 'cliente_contrato',
    mandatory: true,
  },
  { table: 'cliente_contrato_servicos', column: 'id_produto', target: 'produtos' },
  { table: 'sva_usuarios', column: 'id_contrato', target: 'cliente_contrato', mandatory: true },
  {
    table: 'sva_usuarios',
    column: 'id_integracao',
    target: 'sva_configuracoes',
    mandatory: true,
    restrictsDelete: false,
  },
  {
    table: 'sva_usuarios',
    column: 'id_produto_contrato',
    target: 'vd_contratos_produtos',
    mandatory: true,
    restrictsDelete: false,
  },
  { table: 'radusuarios', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'radusuarios', column: 'id_cliente', target: 'cliente' },
  { table: 'fn_areceber', column: 'id_cliente', target: 'cliente', mandatory: true },
  { table: 'fn_areceber', column: 'id_contrato', target: 'cliente_contrato' },
  {
    table: 'cliente_contrato_historico',
    column: 'id_cliente',
    target: 'cliente',
    mandatory: true,
    restrictsDelete: false,
  },
  {
    table: 'cliente_contrato_historico',
    column: 'id_contrato',
    target: 'cliente_contrato',
    restrictsDelete: false,
  },
];
