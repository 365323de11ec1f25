import { z } from 'zod';
import { ClienteSchema } from './cliente.js';
import { ContratoSchema } from './contrato.js';
import { PlanoSchema } from './plano.js';

/**
 * One customer of one plan, through one contract. A customer with two contracts of the same
 * plan appears twice, once per contract. `cliente` or `plano` is null when the contract
 * points at a record IXC no longer has.
 */
export const ClientePorPlanoSchema = z
  .object({
    plano: PlanoSchema.nullable(),
    cliente: ClienteSchema.nullable(),
    contrato: ContratoSchema,
  })
  .meta({ id: 'ClientePorPlano' });

/** One customer of one plan, through one contract. */
export type ClientePorPlano = z.infer<typeof ClientePorPlanoSchema>;

/** The customers of one plan. */
export const PlanoComClientesSchema = z
  .object({
    plano: PlanoSchema.nullable(),
    planoId: z.number().int().positive().nullable(),
    clientes: z.array(z.object({ cliente: ClienteSchema.nullable(), contrato: ContratoSchema })),
  })
  .meta({ id: 'PlanoComClientes' });

/** The customers of one plan. */
export type PlanoComClientes = z.infer<typeof PlanoComClientesSchema>;

/**
 * Groups rows of `listClientesPorPlano` by plan, keeping the order in which plans first
 * appear.
 *
 * @example
 * ```ts
 * const page = await client.listClientesPorPlano({ pageSize: 100 });
 * for (const grupo of agruparPorPlano(page.data)) {
 *   console.log(grupo.plano?.nome, grupo.clientes.length);
 * }
 * ```
 */
export function agruparPorPlano(items: readonly ClientePorPlano[]): PlanoComClientes[] {
  const groups = new Map<number | null, PlanoComClientes>();
  for (const item of items) {
    const planoId = item.contrato.planoId;
    let group = groups.get(planoId);
    if (!group) {
      group = { plano: item.plano, planoId, clientes: [] };
      groups.set(planoId, group);
    }
    group.clientes.push({ cliente: item.cliente, contrato: item.contrato });
  }
  return [...groups.values()];
}
