/**
 * The SVA routes: the catalogue (`read`) and the writes (`svas:write`): activate, block or
 * unblock, cancel. Every write takes `?dryRun=1` and `Idempotency-Key`, and is audited
 * (see `sva-write.ts`).
 */
import { z } from 'zod';
import { AtivarSvaInputSchema } from '../../schemas/domain/sva.js';
import { idParam, single } from '../query.js';
import { defineRoute } from '../table.js';
import { runSvaWrite } from './sva-write.js';

const flag = (about: string) =>
  single(
    z
      .enum(['1', '0', 'true', 'false'], 'must be 1, 0, true or false')
      .transform((v) => v === '1' || v === 'true')
      .pipe(z.boolean()),
  )
    .optional()
    .describe(about);

const dryRunQuery = z.strictObject({
  dryRun: flag('`1`: return the IXC operations the change would make, and make none.'),
});

const ClienteParams = z.object({ id: idParam('Customer id in IXC.') });
const ContaParams = z.object({
  id: idParam('Customer id in IXC.'),
  contaId: idParam('SVA account id (`sva_usuarios.id`, `produto.contaSva.id`).'),
});

/** Body of `PATCH /clientes/{id}/svas/{contaId}`. */
export const AlterarSvaBodySchema = z.strictObject({
  status: z.enum(['bloqueado', 'ativo']).describe('`bloqueado` blocks, `ativo` unblocks.'),
});

// Bodies are documented inline: the shape without the component id of the domain schema.
const AtivarSvaBody = z.strictObject(AtivarSvaInputSchema.shape);
const SvaResultResponse = 'SvaResultResponse';
const problem = (description: string) => ({ description, schema: 'Problem' });
const WRITE_ERRORS = {
  404: problem('Unknown customer, contract or SVA account.'),
  409: problem(
    'Several active contracts and none named; a deactivated account; or the Idempotency-Key is in flight.',
  ),
  422: problem(
    'Not an SVA, a cancelled contract, no active contract; or the Idempotency-Key was used with another body.',
  ),
  502: problem('IXC failed part-way: `operations` lists what was done; repeat to finish.'),
  503: problem('The contract is busy with another change; retry.'),
};
const WRITE_NOTE =
  ' Send `Idempotency-Key` to make retries safe: the same key and body replay the first ' +
  'answer (`Idempotent-Replayed: true`) for 24 h.';

/** `GET /svas`: the SVA catalogue. */
export const listSvas = defineRoute({
  operationId: 'listSvas',
  method: 'GET',
  path: '/svas',
  query: z.strictObject({ ativo: flag('Only SVAs that can be sold (true) or retired (false).') }),
  scope: 'read',
  cache: 'planos',
  summary: 'The SVA catalogue',
  description: 'SVA products this IXC offers through Campsoft, with price and integration.',
  tags: ['svas'],
  responses: { 200: { description: 'SVAs', schema: 'SvasResponse' } },
  handler: async ({ client, query, signal }) => ({
    data: await client.listSvas({
      ...(query.ativo === undefined ? {} : { ativo: query.ativo }),
      signal,
    }),
  }),
});

/** `POST /clientes/{id}/svas`: activate an SVA. */
export const ativarSva = defineRoute({
  operationId: 'ativarSva',
  method: 'POST',
  path: '/clientes/{id}/svas',
  params: ClienteParams,
  query: dryRunQuery,
  body: AtivarSvaBody,
  scope: 'svas:write',
  summary: 'Activate an SVA',
  description:
    'Adds the SVA line to the contract (unless it or its plan carries it) and creates or ' +
    're-enables the account. 201 when something changed, 200 when it was already active.' +
    WRITE_NOTE,
  tags: ['svas'],
  responses: {
    200: {
      description: 'Already active (nothing changed), or a dry run.',
      schema: SvaResultResponse,
    },
    201: { description: 'Activated.', schema: SvaResultResponse },
    ...WRITE_ERRORS,
  },
  handler: (ctx) =>
    runSvaWrite(ctx, {
      action: 'ativarSva',
      method: 'POST',
      clienteId: ctx.params.id,
      contaId: null,
      dryRun: ctx.query.dryRun ?? false,
      request: { ...ctx.body },
      run: (dryRun) =>
        ctx.client.ativarSva(ctx.params.id, ctx.body, { dryRun, signal: ctx.signal }),
    }),
});

/** `PATCH /clientes/{id}/svas/{contaId}`: block or unblock. */
export const alterarSva = defineRoute({
  operationId: 'alterarSva',
  method: 'PATCH',
  path: '/clientes/{id}/svas/{contaId}',
  params: ContaParams,
  query: dryRunQuery,
  body: AlterarSvaBodySchema,
  scope: 'svas:write',
  summary: 'Block or unblock an SVA',
  description: `Sets the account's status (B or A).${WRITE_NOTE}`,
  tags: ['svas'],
  responses: {
    200: { description: 'The SVA after the change, or a dry run.', schema: SvaResultResponse },
    ...WRITE_ERRORS,
  },
  handler: (ctx) =>
    runSvaWrite(ctx, {
      action: 'alterarSva',
      method: 'PATCH',
      clienteId: ctx.params.id,
      contaId: ctx.params.contaId,
      dryRun: ctx.query.dryRun ?? false,
      request: { ...ctx.body },
      run: (dryRun) => {
        const opts = { dryRun, signal: ctx.signal };
        return ctx.body.status === 'bloqueado'
          ? ctx.client.bloquearSva(ctx.params.id, ctx.params.contaId, opts)
          : ctx.client.desbloquearSva(ctx.params.id, ctx.params.contaId, opts);
      },
    }),
});

/** `DELETE /clientes/{id}/svas/{contaId}`: cancel. */
export const cancelarSva = defineRoute({
  operationId: 'cancelarSva',
  method: 'DELETE',
  path: '/clientes/{id}/svas/{contaId}',
  params: ContaParams,
  query: dryRunQuery,
  scope: 'svas:write',
  summary: 'Cancel an SVA',
  description:
    'Removes the line the activation added, then deactivates the account (D).' + WRITE_NOTE,
  tags: ['svas'],
  responses: {
    200: { description: 'The SVA after the cancel, or a dry run.', schema: SvaResultResponse },
    ...WRITE_ERRORS,
  },
  handler: (ctx) =>
    runSvaWrite(ctx, {
      action: 'cancelarSva',
      method: 'DELETE',
      clienteId: ctx.params.id,
      contaId: ctx.params.contaId,
      dryRun: ctx.query.dryRun ?? false,
      request: {},
      run: (dryRun) =>
        ctx.client.cancelarSva(ctx.params.id, ctx.params.contaId, { dryRun, signal: ctx.signal }),
    }),
});

/** The SVA routes, in document order. */
export const SVA_ROUTES = [listSvas, ativarSva, alterarSva, cancelarSva];
