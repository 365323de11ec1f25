/**
 * Every route the router serves, in OpenAPI document order. A new group of endpoints is a
 * module under `routes/` exporting its `defineRoute` entries, spread into this list; nothing
 * else in the router changes. `/openapi.json` is added by the router itself (it depends on
 * the `openapi` option).
 */
import { listAuditoria } from './routes/auditoria.js';
import { findClientes } from './routes/clientes-busca.js';
import { getMe } from './routes/me.js';
import { READ_ROUTES } from './routes/reads.js';
import { SVA_ROUTES } from './routes/svas.js';
import { WEBHOOK_ROUTES } from './routes/webhooks.js';
import type { AnyRouteDef } from './table.js';

/** The built-in route table. */
export const ROUTES: readonly AnyRouteDef[] = [
  ...READ_ROUTES,
  findClientes,
  ...SVA_ROUTES,
  listAuditoria,
  getMe,
  ...WEBHOOK_ROUTES,
];
