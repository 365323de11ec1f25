/** `GET /auditoria`: the writes made through the API for the request's tenant, newest first. */
import { z } from 'zod';
import { toAuditRecord } from '../audit.js';
import { pagingQuery } from '../query.js';
import { defineRoute } from '../table.js';
import { writeStore } from '../write-store.js';

/** `GET /auditoria`. */
export const listAuditoria = defineRoute({
  operationId: 'listAuditoria',
  method: 'GET',
  path: '/auditoria',
  query: (options) => z.strictObject(pagingQuery(Math.min(options.defaultPageSize, 50))),
  scope: 'audit:read',
  ixc: false,
  cache: 'no-store',
  summary: 'Audit trail of the writes',
  description:
    'Every SVA write (dry runs included) made through the API on this tenant: key name, ' +
    'customer, contract, what was asked, the IXC operations with their ids, outcome, duration.',
  tags: ['auditoria'],
  responses: {
    200: {
      description: 'Audit records, newest first',
      schema: 'AuditoriaPage',
    },
  },
  handler: async ({ services, tenant, query }) => {
    const store = await writeStore(services);
    const page = await store.listAudit({
      tenant: tenant ?? 'default',
      page: query.page,
      pageSize: query.pageSize,
    });
    const totalPages = Math.ceil(page.total / page.pageSize);
    return {
      payload: {
        data: page.items.map(toAuditRecord),
        paging: {
          page: page.page,
          pageSize: page.pageSize,
          total: page.total,
          totalPages,
          hasNextPage: page.page < totalPages,
        },
      },
    };
  },
});
