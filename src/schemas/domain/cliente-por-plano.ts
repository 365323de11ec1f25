import { z } from 'zod';
import { type Cliente, ClienteSchema } from './cliente.js';
import { type Contrato, ContratoSchema } from './contrato.js';
import { type Plano, PlanoSchema } from './plano.js';
import type { AssertTrue, SameType } from './same-type.js';

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

/**
 * One customer of one plan, through one contract. Validated by {@link ClientePorPlanoSchema}.
 */
export interface ClientePorPlano {
  /** The contract's plan; null when IXC no longer has it. */
  plano: Plano | null;
  /** The contract's customer; null when IXC no longer has it. */
  cliente: Cliente | null;
  /** The contract. */
  contrato: Contrato;
}

type _ClientePorPlano = AssertTrue<
  SameType<ClientePorPlano, z.output<typeof ClientePorPlanoSchema>>
>;

/** The customers of one plan. */
export const PlanoComClientesSchema = z
  .object({
    plano: PlanoSchema.nullable(),
    planoId: z.number().int().positive().nullable(),
    clientes: z.array(z.object({ cliente: ClienteSchema.nullable(), contrato: ContratoSchema })),
  })
  .meta({ id: 'PlanoComClientes' });

/** The customers of one plan, as {@link groupByPlano} makes them. */
export interface PlanoComClientes {
  /** The plan; null when IXC no longer has it. */
  plano: Plano | null;
  /** The plan's id, even when the plan itself is gone; null for contracts without a plan. */
  planoId: number | null;
  /** Each customer of the plan with the contract that binds them. */
  clientes: { cliente: Cliente | null; contrato: Contrato }[];
}

type _PlanoComClientes = AssertTrue<
  SameType<PlanoComClientes, z.output<typeof PlanoComClientesSchema>>
>;

/**
 * Groups rows of `listClientesPorPlano` by plan, keeping the order in which plans first
 * appear.
 *
 * @example
 * ```ts
 * const page = await client.listClientesPorPlano({ pageSize: 100 });
 * for (const grupo of groupByPlano(page.data)) {
 *   console.log(grupo.plano?.nome, grupo.clientes.length);
 * }
 * ```
 */
export function groupByPlano(items: readonly ClientePorPlano[]): PlanoComClientes[] {
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

/**
 * The former name of {@link groupByPlano}.
 *
 * @deprecated Use {@link groupByPlano}: English verbs, Portuguese nouns.
 */
export const agruparPorPlano: (items: readonly ClientePorPlano[]) => PlanoComClientes[] =
  groupByPlano;
