/**
 * The audit trail of the write routes: each write (dry runs included, with outcome
 * `dry_run`) makes one stored record and one log line. The record holds what was asked and
 * the IXC operations made with their ids; the log line names them without bodies, so no
 * login or other customer data reaches the logs.
 */
import { z } from 'zod';
import { type IxcOperation, IxcOperationSchema } from '../schemas/domain/sva.js';
import type { AuditEntry, CampsoftStore, JsonObject } from '../store/types.js';
import type { RouterLogger } from './types.js';

/** What one write did, as the audit keeps it. */
export interface AuditFacts {
  action: 'ativarSva' | 'alterarSva' | 'cancelarSva';
  tenant: string;
  apiKeyName: string;
  clienteId: number;
  contratoId: number | null;
  contaId: number | null;
  /** The body and flags the caller sent. */
  request: JsonObject;
  dryRun: boolean;
  /** IXC operations made (planned, for a dry run), with the ids IXC gave. */
  operations: IxcOperation[];
  /** `created`…`cancelled`, `dry_run`, or `failed`. */
  outcome: string;
  /** HTTP status of the answer. */
  status: number;
  /** Problem `type` suffix of a failed write. */
  error: string | null;
  durationMs: number;
  requestId: string;
}

/** One audit record as `GET /auditoria` lists it. */
export const AuditRecordSchema = z
  .object({
    id: z.number().int().positive(),
    at: z.string().describe('ISO instant of the write.'),
    tenant: z.string(),
    apiKeyName: z.string().describe('Name of the API key that asked (never the key).'),
    action: z.enum(['ativarSva', 'alterarSva', 'cancelarSva']),
    clienteId: z.number().int(),
    contratoId: z.number().int().nullable(),
    contaId: z.number().int().nullable(),
    request: z.record(z.string(), z.unknown()),
    dryRun: z.boolean(),
    operations: z.array(IxcOperationSchema),
    outcome: z.string(),
    status: z.number().int(),
    error: z.string().nullable(),
    durationMs: z.number(),
    requestId: z.string(),
  })
  .meta({ id: 'AuditRecord' });

/** One audit record as listed. */
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

const opLine = (o: IxcOperation): string =>
  `${o.method} ${o.table}${(o.id ?? o.ixcId) ? ` ${o.id ?? o.ixcId}` : ''}${o.result ? ` ${o.result}` : ''}`;

/**
 * Stores the record and writes the log line. A store failure is logged, never thrown: the
 * write is done and the caller must learn its outcome.
 *
 * @example
 * ```ts
 * await recordAudit(store, logger, { action: 'ativarSva', tenant: 'default', ...facts });
 * ```
 */
export async function recordAudit(
  store: CampsoftStore,
  logger: RouterLogger | undefined,
  facts: AuditFacts,
): Promise<void> {
  const { action, tenant, apiKeyName, ...rest } = facts;
  logger?.info(
    {
      audit: true,
      requestId: facts.requestId,
      tenant,
      apiKeyName,
      action,
      clienteId: facts.clienteId,
      contratoId: facts.contratoId,
      contaId: facts.contaId,
      dryRun: facts.dryRun,
      outcome: facts.outcome,
      status: facts.status,
      operations: facts.operations.map(opLine),
      durationMs: facts.durationMs,
    },
    `audit ${action} ${facts.outcome}`,
  );
  try {
    await store.appendAudit({
      tenant,
      apiKeyName,
      action,
      record: rest as unknown as JsonObject,
    });
  } catch (error) {
    logger?.error(
      {
        requestId: facts.requestId,
        err: { name: (error as Error).name, message: (error as Error).message },
      },
      'audit record not stored',
    );
  }
}

/** A stored entry as the API shows it. */
export function toAuditRecord(entry: AuditEntry): AuditRecord {
  return {
    ...(entry.record as unknown as Omit<
      AuditRecord,
      'id' | 'at' | 'tenant' | 'apiKeyName' | 'action'
    >),
    id: entry.id,
    at: new Date(entry.at).toISOString(),
    tenant: entry.tenant,
    apiKeyName: entry.apiKeyName,
    action: entry.action as AuditRecord['action'],
  };
}
