/**
 * The SVA catalogue: the `produtos` rows that are SVAs sold through Campsoft, with their
 * integration. One round of requests whatever the catalogue's size (IXC has no OR, so each
 * way a product can be an SVA is its own query, all sent together).
 */
import { isIxcApiError } from '../../errors.js';
import type { CallOptions } from '../../ixc/call-options.js';
import type { IxcFilter } from '../../ixc/query.js';
import type { Sva } from '../../schemas/domain/sva.js';
import type { ReadContext, Reader } from '../reader.js';
import {
  type SvaConfiguracaoRow as ConfigRow,
  configsById,
  SvaConfiguracaoRow,
  SvaProdutoRow,
  svaOf,
} from './rows.js';

/** Options of `listSvas`: a filter, and the per-call options every method takes. */
export interface ListSvasOptions extends CallOptions {
  /** Only SVAs active (`true`) or inactive (`false`) in the catalogue. Default: all. */
  ativo?: boolean;
}

/**
 * Reads `sva_configuracoes` (secrets dropped at parsing). An IXC without the resource
 * answers "Recurso … não está disponível!": integrations are then known by id only.
 */
export async function readConfigs(reader: Reader, ctx: ReadContext): Promise<ConfigRow[] | null> {
  try {
    return await reader.all('sva_configuracoes', SvaConfiguracaoRow, [], ctx);
  } catch (error) {
    if (isIxcApiError(error) && /dispon[ií]vel/i.test(error.ixcMessage)) return null;
    throw error;
  }
}

/** Every Campsoft SVA of the catalogue, by product id. */
export async function listSvas(
  reader: Reader,
  options: ListSvasOptions,
  ctx: ReadContext,
): Promise<Sva[]> {
  // IXC writes `ativo` as "S" or leaves it empty, so "inactive" is "not S".
  const active: IxcFilter[] =
    options.ativo === undefined
      ? []
      : [{ column: 'ativo', op: options.ativo ? '=' : '!=', value: 'S' }];
  const [byIntegration, byType, byPlatform, configs] = await Promise.all([
    reader.all(
      'produtos',
      SvaProdutoRow,
      [{ column: 'id_sva_integracao', op: '>', value: 0 }, ...active],
      ctx,
    ),
    reader.all(
      'produtos',
      SvaProdutoRow,
      [{ column: 'tipo_produto_integracao', op: '!=', value: '' }, ...active],
      ctx,
    ),
    reader.all(
      'produtos',
      SvaProdutoRow,
      [{ column: 'plataforma_integracao', op: 'L', value: 'campsoft' }, ...active],
      ctx,
    ),
    readConfigs(reader, ctx),
  ]);
  const byId = configsById(configs);
  const seen = new Map<number, Sva>();
  for (const row of [...byIntegration, ...byType, ...byPlatform]) {
    const sva = svaOf(row, byId);
    if (sva && !seen.has(sva.id)) seen.set(sva.id, sva);
  }
  return [...seen.values()].sort((a, b) => a.id - b.id);
}
