/** `GET /me`: who the presented key is, so a caller can check a key before using it. */
import { z } from 'zod';
import { defineRoute } from '../table.js';

/** The answer of `GET /me`. */
export const MeResponseSchema = z.object({
  data: z.object({
    name: z.string().describe('The key’s name, as the router logs it.'),
    scopes: z.array(z.string()).describe('Scopes held; `["*"]` is every scope.'),
    tenants: z
      .union([z.literal('*'), z.array(z.string())])
      .describe('Tenants the key may use; `"*"` for every tenant.'),
  }),
});

/** `GET /me`, for any valid key. */
export const getMe = defineRoute({
  operationId: 'getMe',
  method: 'GET',
  path: '/me',
  scope: 'authenticated',
  tenant: false,
  ixc: false,
  cache: 'no-store',
  summary: 'The calling key',
  description: 'Name, scopes and tenants of the key that made the request (never the key).',
  tags: ['keys'],
  responses: { 200: { description: 'The calling key', schema: MeResponseSchema } },
  handler: ({ principal }) => ({
    data: { name: principal.name, scopes: principal.scopes, tenants: principal.tenants },
  }),
});
