/**
 * Webhook events of an SVA write made through the router, recorded at once in the store
 * with the snapshot the poller compares against, so the poller sees no difference and does
 * not send them again. Built by the detector's own `diffEntity` over `SVA_SPEC`, so ids,
 * sequences and payloads are those the poller would have made.
 */
import type { IxcOperation, SvaResult } from '../schemas/domain/sva.js';
import type { CampsoftStore } from '../store/types.js';
import { diffEntity } from '../webhooks/detect/diff.js';
import { type SnapshotFields, SVA_SPEC } from '../webhooks/detect/specs.js';

const STATUS_CODE: Record<string, string> = { ativo: 'A', bloqueado: 'B', desativado: 'D' };
const REF = /^\$(\d+)$/;

/** A body value, with a `"$<n>"` reference replaced by the id operation `n` got. */
function resolved(value: string | undefined, ops: readonly IxcOperation[]): string | undefined {
  const m = value === undefined ? null : REF.exec(value);
  if (!m) return value;
  const id = ops[Number(m[1])]?.ixcId;
  return id === undefined ? undefined : String(id);
}

/**
 * The account's snapshot fields after the write, from the last `sva_usuarios` operation
 * (PUTs carry the whole record, inserts every column), or `undefined` when it was deleted.
 */
function accountAfter(
  clienteId: number,
  result: SvaResult,
): { op: IxcOperation; fields: SnapshotFields | undefined } | null {
  const ops = result.operations.filter((o) => o.result !== 'skipped');
  const op = ops.findLast((o) => o.table === 'sva_usuarios');
  if (!op) return null;
  if (op.method === 'DELETE') return { op, fields: undefined };
  const body = op.body ?? {};
  return {
    op,
    fields: {
      contrato: (
        resolved(body.id_contrato, result.operations) ?? String(result.produto?.contratoId ?? '')
      ).trim(),
      linha: (resolved(body.id_produto_contrato, result.operations) ?? '').trim(),
      status_integracao: STATUS_CODE[result.conta.status] ?? (body.status_integracao ?? '').trim(),
      cliente: String(clienteId),
    },
  };
}

/**
 * Records the `sva.*` events of a write; returns how many were stored. A concurrent poller
 * commit (sequence moved) makes it diff again from the new snapshot.
 *
 * @example
 * ```ts
 * const n = await recordSvaEvents(store, 'default', 7, result);
 * ```
 */
export async function recordSvaEvents(
  store: CampsoftStore,
  tenant: string,
  clienteId: number,
  result: SvaResult,
  now: () => number = Date.now,
): Promise<number> {
  const after = accountAfter(clienteId, result);
  if (!after) return 0;
  const entityId = String(after.op.id ?? after.op.ixcId ?? result.conta.id);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [previous] = await store.getSnapshots(tenant, SVA_SPEC.kind, [entityId]);
    const diff = diffEntity(SVA_SPEC, entityId, previous, after.fields, {
      tenant,
      detectedAt: new Date(now()).toISOString(),
      ixcUpdatedAt: null,
      announceNew: true,
    });
    if (!diff.snapshot) return 0;
    const commit = await store.recordLocalChange({
      tenant,
      snapshots: [diff.snapshot],
      events: diff.events,
    });
    if (commit.conflicts.length === 0) return commit.eventsInserted;
  }
  return 0;
}
