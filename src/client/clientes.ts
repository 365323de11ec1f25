import { IxcInputError, IxcNotFoundError } from '../errors.js';
import type { CallOptions } from '../ixc/call-options.js';
import type { IxcFilter } from '../ixc/query.js';
import { type Cliente, toCliente } from '../schemas/domain/cliente.js';
import type { ClientePorPlano } from '../schemas/domain/cliente-por-plano.js';
import { STATUS_CONTRATO_CODE, type StatusContrato } from '../schemas/domain/codes.js';
import { toContrato } from '../schemas/domain/contrato.js';
import { toPlano } from '../schemas/domain/plano.js';
import { decodeIds, idFilter } from '../schemas/ixc-values.js';
import {
  RawClienteContratoSchema,
  RawClienteSchema,
  RawVdContratoSchema,
} from '../schemas/raw/tables.js';
import { parseId, parseIds } from './ids.js';
import { callOf, firstPage, type PageOptions, type PagePromise, pageResult } from './page.js';
import type { ReadContext, Reader } from './reader.js';

/** `cliente` by id: one IXC request. */
export async function getCliente(reader: Reader, id: unknown, ctx: ReadContext): Promise<Cliente> {
  const clienteId = parseId(id, 'id');
  const { rows } = await reader.page(
    'cliente',
    RawClienteSchema,
    { filters: [{ column: 'id', value: clienteId }], rp: 1 },
    ctx,
  );
  const row = rows[0];
  if (!row || Number(row.id) !== clienteId) throw new IxcNotFoundError('cliente', clienteId);
  return toCliente(row);
}

/** A contract status a filter can name (every status but `desconhecido`). */
export type StatusContratoFiltro = Exclude<StatusContrato, 'desconhecido'>;

/** Options of `listClientesPorPlano`. */
export interface ListClientesPorPlanoOptions extends PageOptions {
  /** Only the customers of this plan or these plans (`vd_contratos.id`). */
  planoId?: number | number[];
  /** Only contracts in this status or these statuses. */
  status?: StatusContratoFiltro | StatusContratoFiltro[];
}

function contractFilters(options: ListClientesPorPlanoOptions): IxcFilter[] {
  const filters: IxcFilter[] = [];
  if (options.planoId !== undefined) {
    filters.push(idFilter('id_vd_contrato', parseIds(options.planoId, 'planoId')));
  }
  if (options.status !== undefined) {
    const list = Array.isArray(options.status) ? options.status : [options.status];
    const codes = list.map((s, i) => {
      const code = STATUS_CONTRATO_CODE[s as StatusContratoFiltro];
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
    filters.push(
      codes.length === 1
        ? { column: 'status', value: codes[0]! }
        : { column: 'status', op: 'IN', value: codes },
    );
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
  const call: CallOptions = callOf(options);
  return firstPage(
    async ({ page, afterId }, trace) => {
      const ctx = { call, trace };
      // Built inside the fetcher so that a bad option rejects the promise instead of throwing.
      const { rows, total } = await reader.page(
        'cliente_contrato',
        RawClienteContratoSchema,
        { filters: contractFilters(options), rp: pageSize, page, afterId },
        ctx,
      );
      const contratos = rows.map(toContrato);
      const [clientes, planos] = await Promise.all([
        reader.byIds(
          'cliente',
          RawClienteSchema,
          'id',
          decodeIds(rows.map((r) => r.id_cliente)),
          ctx,
        ),
        reader.byIds(
          'vd_contratos',
          RawVdContratoSchema,
          'id',
          decodeIds(rows.map((r) => r.id_vd_contrato)),
          ctx,
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
