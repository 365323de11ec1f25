/**
 * What the watcher reads of each IXC table: the columns kept in a snapshot (status columns
 * and the ids that link a row to its customer, nothing personal) and the event each column
 * change makes. IXC's listing API has no column projection, so "only the columns that
 * matter" is what is kept and compared, not what travels.
 */
import type { IxcFilter } from '../../ixc/query.js';
import { STATUS_CONTRATO, STATUS_INTERNET, STATUS_SVA } from '../../schemas/domain/codes.js';
import type { IxcRow } from '../../schemas/raw/raw-row.js';
import { STATUS_CLIENTE, STATUS_VELOCIDADE, TIPO_LINHA, type WebhookEventType } from '../events.js';

/** Snapshot kinds, one per watched table. */
export type EntityKind = 'cliente' | 'contrato' | 'linha' | 'sva';

/** Snapshot fields: IXC's raw strings, keyed by short names. */
export type SnapshotFields = Record<string, string>;

/** A column whose change makes an event. */
export interface WatchedColumn {
  /** Snapshot key (and IXC column). */
  column: string;
  type: WebhookEventType;
  /** Raw code → readable name. */
  names: Readonly<Record<string, string>>;
  /** Readable name of a code `names` lacks. */
  unknown: string;
}

/** How one table is watched. */
export interface TableSpec {
  table: 'cliente' | 'cliente_contrato' | 'vd_contratos_produtos' | 'sva_usuarios';
  kind: EntityKind;
  /** Rows outside these filters are not watched (a plan's own lines). */
  filters: IxcFilter[];
  /** Whether IXC keeps `ultima_atualizacao` on the table. */
  timestamped: boolean;
  /** Snapshot fields of a row; `cliente` may be filled in later from the contract. */
  pick(row: IxcRow): SnapshotFields;
  columns: WatchedColumn[];
  /** Events for a row that appears / disappears; none for customers. */
  created?: WatchedColumn;
  removed?: WatchedColumn;
  /** Whether the customer id comes from the contract's snapshot. */
  clienteFromContrato: boolean;
}

const col = (
  column: string,
  type: WebhookEventType,
  names: Readonly<Record<string, string>>,
  unknown = 'desconhecido',
): WatchedColumn => ({ column, type, names, unknown });

const v = (row: IxcRow, column: string): string => (row[column] ?? '').trim();

/** `cliente.ativo`. */
export const CLIENTE_SPEC: TableSpec = {
  table: 'cliente',
  kind: 'cliente',
  filters: [],
  timestamped: true,
  pick: (row) => ({ ativo: v(row, 'ativo') }),
  columns: [col('ativo', 'cliente.status_changed', STATUS_CLIENTE)],
  clienteFromContrato: false,
};

const contratoStatus = STATUS_CONTRATO as Readonly<Record<string, string>>;

/** `cliente_contrato.status`, `status_internet`, `status_velocidade`, created and removed. */
export const CONTRATO_SPEC: TableSpec = {
  table: 'cliente_contrato',
  kind: 'contrato',
  filters: [],
  timestamped: true,
  pick: (row) => ({
    cliente: v(row, 'id_cliente'),
    status: v(row, 'status'),
    status_internet: v(row, 'status_internet'),
    status_velocidade: v(row, 'status_velocidade'),
  }),
  columns: [
    col('status', 'contrato.status_changed', contratoStatus),
    col('status_internet', 'contrato.internet_status_changed', STATUS_INTERNET),
    col('status_velocidade', 'contrato.speed_status_changed', STATUS_VELOCIDADE),
  ],
  created: col('status', 'contrato.created', contratoStatus),
  removed: col('status', 'contrato.removed', contratoStatus),
  clienteFromContrato: false,
};

/** A contract's own product lines (`vd_contratos_produtos` with `id_contrato`), added or removed. */
export const LINHA_SPEC: TableSpec = {
  table: 'vd_contratos_produtos',
  kind: 'linha',
  filters: [{ column: 'id_contrato', op: '>', value: 0 }],
  timestamped: true,
  pick: (row) => ({
    contrato: v(row, 'id_contrato'),
    tipo: v(row, 'tipo'),
    produto: v(row, 'id_produto'),
  }),
  columns: [],
  created: col('tipo', 'contrato.produto_added', TIPO_LINHA, 'outro'),
  removed: col('tipo', 'contrato.produto_removed', TIPO_LINHA, 'outro'),
  clienteFromContrato: true,
};

/** `sva_usuarios.status_integracao`, accounts added and removed. */
export const SVA_SPEC: TableSpec = {
  table: 'sva_usuarios',
  kind: 'sva',
  filters: [],
  timestamped: false,
  pick: (row) => ({
    contrato: v(row, 'id_contrato'),
    linha: v(row, 'id_produto_contrato'),
    status_integracao: v(row, 'status_integracao'),
  }),
  columns: [col('status_integracao', 'sva.status_changed', STATUS_SVA)],
  created: col('status_integracao', 'sva.added', STATUS_SVA),
  removed: col('status_integracao', 'sva.removed', STATUS_SVA),
  clienteFromContrato: true,
};

/** Every watched table, in the order a cycle reads them (contracts before what hangs on them). */
export const TABLE_SPECS: readonly TableSpec[] = [
  CLIENTE_SPEC,
  CONTRATO_SPEC,
  LINHA_SPEC,
  SVA_SPEC,
];
