/**
 * `GET /clientes?cpfCnpj|nome|email|telefone`: find customers, as an attendant types them
 * (a CPF with or without punctuation, a CNPJ, part of a name or an e-mail). Customers pass
 * through the router's masking like every other read.
 */
import { z } from 'zod';
import { pagingQuery, single } from '../query.js';
import { defineRoute, type RouteOptions } from '../table.js';

const text = (max: number, about: string) =>
  single(
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  )
    .optional()
    .describe(about);

/** Query of `GET /clientes`. */
export function findClientesQuery(options: RouteOptions) {
  return z.strictObject({
    ...pagingQuery(options.defaultPageSize),
    cpfCnpj: text(20, 'A whole CPF or CNPJ, with or without punctuation.'),
    nome: text(100, 'Part of the name (2 characters at least).'),
    email: text(100, 'Part of the e-mail (2 characters at least).'),
    telefone: text(20, 'Part of a phone number (4 digits at least).'),
  });
}

/** `GET /clientes`. */
export const findClientes = defineRoute({
  operationId: 'findClientes',
  method: 'GET',
  path: '/clientes',
  query: findClientesQuery,
  scope: 'read',
  summary: 'Find customers',
  description:
    'By CPF/CNPJ (with or without punctuation), part of the name, part of the e-mail or part ' +
    'of a phone number; criteria combine. At least one is required.',
  tags: ['clientes'],
  responses: { 200: { description: 'Customers found', schema: 'ClientesPage' } },
  handler: async ({ client, query, signal, view }) => {
    const { page, pageSize, ...criteria } = query;
    const defined = Object.fromEntries(
      Object.entries(criteria).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    const found = await client.findClientes(defined, { page, pageSize, signal });
    return { payload: { data: found.data.map((c) => view(c)), paging: found.info } };
  },
});
