/**
 * One SVA write through the router: Idempotency-Key, the client call, the answer (or the
 * problem its error means), the audit record and log line, and the webhook events. Handlers
 * of the write routes only say which client method to call.
 */
import { isSvaWriteError } from '../../errors.js';
import type { IxcOperation, SvaDryRun, SvaResult } from '../../schemas/domain/sva.js';
import type { CampsoftStore, JsonObject } from '../../store/types.js';
import { type AuditFacts, recordAudit } from '../audit.js';
import { header } from '../auth.js';
import { idempotent, parseIdempotencyKey, requestFingerprint } from '../idempotency.js';
import { recordSvaEvents } from '../sva-events.js';
import type { RouteAnswer, RouteContext } from '../table.js';
import { coreProblem, toRouteAnswer, type WriteAnswer, writeProblem } from '../write-problem.js';
import { configuredStore, writeStore } from '../write-store.js';
import { svaProblem } from './sva-errors.js';

/** What a write route asks. */
export interface SvaWriteSpec {
  action: AuditFacts['action'];
  method: 'POST' | 'PATCH' | 'DELETE';
  clienteId: number;
  contaId: number | null;
  dryRun: boolean;
  /** The body as sent (after its schema), for the fingerprint and the audit. */
  request: JsonObject;
  /** The client call. */
  run(dryRun: boolean): Promise<SvaResult | SvaDryRun>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Runs a write route.
 *
 * @example
 * ```ts
 * handler: (ctx) => runSvaWrite(ctx, { action: 'cancelarSva', method: 'DELETE', ... }),
 * ```
 */
export async function runSvaWrite(ctx: RouteContext, spec: SvaWriteSpec): Promise<RouteAnswer> {
  const parsed = parseIdempotencyKey(header(ctx.headers, 'idempotency-key'));
  if (!parsed.ok) {
    return toRouteAnswer(
      writeProblem('invalid-request', parsed.detail, ctx, {
        errors: [{ path: 'header.idempotency-key', message: parsed.detail }],
      }),
    );
  }
  const store = await writeStore(ctx.services);
  const tenant = ctx.tenant ?? 'default';
  const work = () => perform(ctx, spec, store, tenant);
  const answer = parsed.key
    ? await idempotent(
        {
          store,
          tenant,
          principal: ctx.principal,
          key: parsed.key,
          fingerprint: requestFingerprint(spec.method, ctx.path, spec.dryRun, spec.request),
          where: ctx,
        },
        work,
      )
    : await work();
  return toRouteAnswer(answer);
}

function contratoOf(
  spec: SvaWriteSpec,
  operations: readonly IxcOperation[],
  given: number | undefined,
): number | null {
  if (given !== undefined) return given;
  const fromBody = operations.map((o) => Number(o.body?.id_contrato)).find((n) => n > 0);
  if (fromBody) return fromBody;
  const asked = Number(spec.request.contratoId);
  return asked > 0 ? asked : null;
}

async function perform(
  ctx: RouteContext,
  spec: SvaWriteSpec,
  store: CampsoftStore,
  tenant: string,
): Promise<WriteAnswer> {
  const started = performance.now();
  let answer: WriteAnswer;
  let operations: IxcOperation[] = [];
  let outcome: string;
  let contratoId: number | undefined;
  let error: string | null = null;
  let thrown: unknown;
  let result: SvaResult | undefined;
  try {
    const r = await spec.run(spec.dryRun);
    operations = r.operations;
    if ('dryRun' in r) {
      outcome = 'dry_run';
      contratoId = r.contratoId;
      answer = { status: 200, headers: JSON_HEADERS, body: { data: r } };
    } else {
      result = r;
      outcome = r.outcome;
      contratoId = r.produto?.contratoId;
      const status = spec.action === 'ativarSva' && r.outcome !== 'unchanged' ? 201 : 200;
      answer = { status, headers: JSON_HEADERS, body: { data: r } };
    }
  } catch (err) {
    outcome = 'failed';
    if (isSvaWriteError(err)) operations = err.done;
    const known = svaProblem(err, ctx);
    if (known) {
      answer = known;
    } else {
      const mapped = coreProblem(err, ctx, ctx.signal);
      answer = mapped;
      if (mapped.unexpected) {
        ctx.logger?.error(
          {
            requestId: ctx.requestId,
            err: { name: (err as Error)?.name, message: (err as Error)?.message },
          },
          'SVA write failed',
        );
      }
      // The caller went away: the core answers 499 itself; the audit still records it.
      if (mapped.status === 499) thrown = err;
    }
    error = String(answer.body.type ?? '').replace('urn:ixc-campsoft:problem:', '') || null;
  }
  if (result && result.operations.length > 0) {
    const events = configuredStore(ctx.services);
    if (events) {
      await recordSvaEvents(events, tenant, spec.clienteId, result).catch((err: Error) =>
        ctx.logger?.warn(
          { requestId: ctx.requestId, err: { name: err.name, message: err.message } },
          'SVA events not recorded; the poller will send them',
        ),
      );
    }
  }
  await recordAudit(store, ctx.logger, {
    action: spec.action,
    tenant,
    apiKeyName: ctx.principal.name,
    clienteId: spec.clienteId,
    contratoId: contratoOf(spec, operations, contratoId),
    contaId: spec.contaId ?? result?.conta.id ?? null,
    request: spec.request,
    dryRun: spec.dryRun,
    operations,
    outcome,
    status: answer.status,
    error,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    requestId: ctx.requestId,
  });
  if (thrown !== undefined) throw thrown;
  return answer;
}
