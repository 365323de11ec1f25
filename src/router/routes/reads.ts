/**
 * The four documented reads: plans, customers by plan, one customer, a customer's products.
 * Handlers only call the client and shape the answer; validation, auth, tenants and errors
 * are the core's.
 */
import { agruparPorPlano } from '../../schemas/domain/cliente-por-plano.js';
import { ClienteIdParams, clientesPorPlanoQuery, planosQuery } from '../query.js';
import { defineRoute } from '../table.js';

const notFound = { description: 'IXC has no customer with this id.', schema: 'Problem' };

/** `GET /planos`. */
export const listPlanos = defineRoute({
  operationId: 'listPlanos',
  method: 'GET',
  path: '/planos',
  query: planosQuery,
  scope: 'read',
  cache: 'planos',
  summary: 'Sales plans',
  description: 'The sales plans (`vd_contratos`) of the IXC, a page at a time.',
  tags: ['planos'],
  responses: { 200: { description: 'Sales plans', schema: 'PlanosPage' } },
  handler: async ({ client, query, signal }) => {
    const page = await client.listPlanos({ ...query, signal });
    return { payload: { data: page.data, paging: page.info } };
  },
});

/** `GET /clientes/planos`. */
export const listClientesPorPlano = defineRoute({
  operationId: 'listClientesPorPlano',
  method: 'GET',
  path: '/clientes/planos',
  query: clientesPorPlanoQuery,
  scope: 'read',
  summary: 'Customers of each plan',
  description:
    'Contracts with their customer, grouped by plan; paging counts contracts, so one plan ' +
    'can span two pages.',
  tags: ['clientes'],
  responses: { 200: { description: 'Customers of each plan', schema: 'ClientesPorPlanoPage' } },
  handler: async ({ client, query, signal, view }) => {
    const page = await client.listClientesPorPlano({ ...query, signal });
    const data = agruparPorPlano(page.data).map((g) => ({
      ...g,
      clientes: g.clientes.map((c) => ({ ...c, cliente: c.cliente && view(c.cliente) })),
    }));
    return { payload: { data, paging: page.info } };
  },
});

/** `GET /clientes/{id}`. */
export const getCliente = defineRoute({
  operationId: 'getCliente',
  method: 'GET',
  path: '/clientes/{id}',
  params: ClienteIdParams,
  scope: 'read',
  summary: 'One customer',
  tags: ['clientes'],
  responses: {
    200: { description: 'One customer', schema: 'ClienteResponse' },
    404: notFound,
  },
  // A promise chain, not an async function: one frame fewer on the router's busiest read.
  handler: ({ client, params, call, view }) =>
    client.getCliente(params.id, call).then((cliente) => ({ data: view(cliente) })),
});

/** `GET /clientes/{id}/produtos`. */
export const getProdutos = defineRoute({
  operationId: 'getProdutos',
  method: 'GET',
  path: '/clientes/{id}/produtos',
  params: ClienteIdParams,
  scope: 'read',
  summary: 'Every product of a customer',
  description: 'Plans, SVAs and other products of every contract of the customer.',
  tags: ['clientes'],
  responses: {
    200: { description: 'Every product of a customer', schema: 'ProdutosResponse' },
    404: notFound,
  },
  handler: async ({ client, params, call }) => ({
    data: await client.getProdutos(params.id, call),
  }),
});

/** The reads, in document order. */
export const READ_ROUTES = [listPlanos, listClientesPorPlano, getCliente, getProdutos];
