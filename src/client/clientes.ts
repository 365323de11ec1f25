import { IxcInputError, IxcNotFoundError } from '../errors.js';
import type { IxcFilter } from '../ixc/query.js';
import { type Cliente, toCliente } from '../schemas/domain/cliente.js';
import type { ClientePorPlano } from '../schemas/domain/cliente-por-plano.js';
import { STATUS_CONTRATO_CODE, type StatusContrato } from '../schemas/domain/codes.js';
import { toContrato } from '../schemas/domain/contrato.js';
import { toPlano } from '../schemas/domain/plano.js';
import { decodeId } from '../schemas/ixc-values.js';
import {
  RawClienteContratoSchema,
  RawClienteSchema,
  RawVdContratoSchema,
} from '../schemas/raw/tables.js';
import { parseId, parseIds } from './ids.js';
import { firstPage, type PagePromise, pageResult } from './page.js';
import type { Reader } from './reader.js';

/** `cliente` by id: one IXC request. */
export async function getCliente(
  reader: Reader,
  id: unknown,
  signal?: AbortSignal,
): Promise<Cliente> {
  const clienteId = parseId(id, 'id');
  const { rows } = await reader.page('cliente', RawClienteSchema, {
    filters: [{ column: 'id', value: clienteId }],
    rp: 1,
    signal,
  });
  const row = rows[0];
  if (!row || Number(row.id) !== clienteId) throw new IxcNotFoundError('cliente', clienteId);
  return toCliente(row);
}

/** Options of `listClientesPorPlano`. */
export interface ListClientesPorPlanoOptions {
  /** Only the customers of this plan or these plans (`vd_contratos.id`). */
  planoId?: number | number[];
  /** Only contracts in this status or these statuses. */
  status?: Exclude<StatusContrato, 'desconhecido'> | Exclude<StatusContrato, 'desconhecido'>[];
  /** 1-based page to start from. @defaultValue 1 */
  page?: number;
  /** Contracts per page, 1–500. @defaultValue the client's `pageSize` */
  pageSize?: number;
  /** Cancels the call. */
  signal?: AbortSignal;
}

function contractFilters(options: ListClientesPorPlanoOptions): IxcFilter[] {
  const filters: IxcFilter[] = [];
  if (options.planoId !== undefined) {
    const ids = parseIds(options.planoId, 'planoId');
    filters.push({
      column: 'id_vd_contrato',
      op: ids.length === 1 ? '=' : 'IN',
      value: ids.length === 1 ? ids[0]! : ids,
    });
  }
  if (options.status !== undefined) {
    const list = Array.isArray(options.status) ? options.status : [options.status];
    const codes = list.map((s, i) => {
      const code = STATUS_CONTRATO_CODE[s as keyof typeof STATUS_CONTRATO_CODE];
      if (!code) {
        throw new IxcInputError('Invalid status', [
          {
            path: `status.${i}`,
            message: `must be one of ${Object.keys(STATUS_CONTRATO_CODE).join(', ')}`,
          },
        ]);
      }
      return code;
    });
    if (codes.length === 0)
      throw new IxcInputError('Invalid status', [{ path: 'status', message: 'must not be empty' }]);
    filters.push({
      column: 'status',
      op: codes.length === 1 ? '=' : 'IN',
      value: codes.length === 1 ? codes[0]! : codes,
    });
  }
  return filters;
}

/**
 * A page of contracts (`cliente_contrato`), joined to their customers and plans with two
 * batched `IN` lookups sent together: 3 requests in 2 rounds per page, whatever its size.
 */
export function listClientesPorPlano(
  reader: Reader,
  pageSize: number,
  options: ListClientesPorPlanoOptions,
): PagePromise<ClientePorPlano> {
  const { signal } = options;
  return firstPage(
    async ({ page, afterId }) => {
      // Built inside the fetcher so that a bad option rejects the promise instead of throwing.
      const { rows, total } = await reader.page('cliente_contrato', RawClienteContratoSchema, {
        filters: contractFilters(options),
        rp: pageSize,
        page,
        afterId,
        signal,
      });
      const contratos = rows.map(toContrato);
      const [clientes, planos] = await Promise.all([
        reader.byIds(
          'cliente',
          RawClienteSchema,
          'id',
          idsOf(rows.map((r) => r.id_cliente)),
          signal,
        ),
        reader.byIds(
          'vd_contratos',
          RawVdContratoSchema,
          'id',
          idsOf(rows.map((r) => r.id_vd_contrato)),
          signal,
        ),
      ]);
      const clienteById = new Map(clientes.map((c) => [Number(c.id), toCliente(c)]));
      const planoById = new Map(planos.map((p) => [Number(p.id), toPlano(p)]));
      const items = contratos.map((contrato) => ({
        plano: contrato.planoId === null ? null : (planoById.get(contrato.planoId) ?? null),
        cliente: contrato.clienteId === null ? null : (clienteById.get(contrato.clienteId) ?? null),
        contrato,
      }));
      return pageResult(items, rows, total);
    },
    options.page ?? 1,
    pageSize,
  );
}

/** The valid ids among raw foreign-key values. */
export function idsOf(values: readonly string[]): number[] {
  const out: number[] = [];
  for (const v of values) {
    const id = decodeId(v);
    if (id !== null) out.push(id);
  }
  return out;
}
