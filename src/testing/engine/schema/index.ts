import { CLIENTE } from './cliente';
import { CLIENTE_CONTRATO } from './cliente-contrato';
import type { TableDef } from './define';
import { IXC_LOGS, RADGRUPOS, RADUSUARIOS, SVA_USUARIOS } from './others';
import {
  CLIENTE_CONTRATO_SERVICOS,
  PRODUTOS,
  VD_CONTRATOS,
  VD_CONTRATOS_PRODUTOS,
} from './products';

export type { ColumnKind, TableDef } from './define';
export { EMPTY_VALUE } from './define';

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
}

/**
 * The references the simulator enforces. IXC refuses to delete a row that still has
 * dependants, and refuses contracts for customers that do not exist; only the links the
 * Campsoft flows walk are listed, so unrelated FKs (branches, sellers…) stay free-form.
 */
export const FOREIGN_KEYS: readonly ForeignKey[] = [
  { table: 'cliente_contrato', column: 'id_cliente', target: 'cliente' },
  { table: 'cliente_contrato', column: 'id_vd_contrato', target: 'vd_contratos' },
  { table: 'vd_contratos_produtos', column: 'id_vd_contrato', target: 'vd_contratos' },
  { table: 'vd_contratos_produtos', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'vd_contratos_produtos', column: 'id_produto', target: 'produtos' },
  { table: 'vd_contratos_produtos', column: 'id_plano', target: 'radgrupos' },
  { table: 'cliente_contrato_servicos', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'cliente_contrato_servicos', column: 'id_produto', target: 'produtos' },
  { table: 'sva_usuarios', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'radusuarios', column: 'id_contrato', target: 'cliente_contrato' },
  { table: 'radusuarios', column: 'id_cliente', target: 'cliente' },
];
