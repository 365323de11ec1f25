/**
 * The pure heart of detection: a row's watched fields against its snapshot give the events
 * and the snapshot write. No I/O, no clock: the same inputs always give the same ids, which is
 * what makes detecting a change twice (after a crash, or by two pollers) store one event.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, OutboxEvent, Snapshot, SnapshotChange } from '../../store/types.js';
import type { WebhookEventData, WebhookEventType } from '../events.js';
import type { SnapshotFields, TableSpec, WatchedColumn } from './specs.js';

/** What the diff needs besides the row. */
export interface DiffContext {
  tenant: string;
  /** ISO instant of detection (payload `timestamp` and `detectedAt`). */
  detectedAt: string;
  /** ISO `ultima_atualizacao` of the row (with IXC's zone), null when the table has none. */
  ixcUpdatedAt: string | null;
  /** Whether a row without a snapshot makes its `created` event (false during a baseline). */
  announceNew: boolean;
}

/** Events and snapshot write of one entity. */
export interface EntityDiff {
  snapshot: SnapshotChange | null;
  events: OutboxEvent[];
}

/**
 * `evt_` + 32 hex of SHA-256 over tenant, entity, field, new value, IXC's time and the
 * sequence: the same change gives the same id; a later change back to an earlier value gets
 * another sequence, so another id, even when IXC's time did not move.
 */
export function eventId(parts: {
  tenant: string;
  kind: string;
  entityId: string;
  field: string;
  value: string | null;
  ixcUpdatedAt: string | null;
  sequence: number;
}): string {
  const text = JSON.stringify([
    parts.tenant,
    parts.kind,
    parts.entityId,
    parts.field,
    parts.value,
    parts.ixcUpdatedAt,
    parts.sequence,
  ]);
  return `evt_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

const readable = (c: WatchedColumn, code: string | null): string | null =>
  code === null ? null : (c.names[code.toUpperCase()] ?? c.unknown);

const toId = (s: string | undefined): number | undefined => {
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** The ids a payload carries for an entity of this spec. */
function refs(spec: TableSpec, entityId: string, f: SnapshotFields): Partial<WebhookEventData> {
  switch (spec.kind) {
    case 'cliente':
      return { clienteId: toId(entityId) ?? null };
    case 'contrato':
      return { clienteId: toId(f.cliente) ?? null, contratoId: toId(entityId) };
    case 'linha':
      return {
        clienteId: toId(f.cliente) ?? null,
        contratoId: toId(f.contrato),
        produtoContratoId: toId(entityId),
        produtoId: toId(f.produto) ?? null,
      };
    case 'sva':
      return {
        clienteId: toId(f.cliente) ?? null,
        contratoId: toId(f.contrato),
        contaSvaId: toId(entityId),
        ...(toId(f.linha) === undefined ? {} : { produtoContratoId: toId(f.linha) }),
      };
  }
}

function event(
  spec: TableSpec,
  entityId: string,
  fields: SnapshotFields,
  c: WatchedColumn,
  type: WebhookEventType,
  previousCode: string | null,
  currentCode: string | null,
  sequence: number,
  ctx: DiffContext,
): OutboxEvent {
  const data = {
    tenant: ctx.tenant,
    ...refs(spec, entityId, fields),
    field: c.column,
    previous: readable(c, previousCode),
    current: readable(c, currentCode),
    previousCode,
    currentCode,
    sequence,
    detectedAt: ctx.detectedAt,
    ixcUpdatedAt: ctx.ixcUpdatedAt,
  };
  return {
    id: eventId({
      tenant: ctx.tenant,
      kind: spec.kind,
      entityId,
      field: `${type}:${c.column}`,
      value: currentCode,
      ixcUpdatedAt: ctx.ixcUpdatedAt,
      sequence,
    }),
    tenant: ctx.tenant,
    type,
    payload: { type, timestamp: ctx.detectedAt, data } as unknown as JsonObject,
    entity: { kind: spec.kind, id: entityId },
  };
}

const sameFields = (a: JsonObject, b: SnapshotFields): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
};

/**
 * Diffs one entity. `current` undefined means the row is gone from IXC; `previous` undefined
 * means no snapshot yet. Returns no snapshot write when nothing changed.
 *
 * @example
 * ```ts
 * const { events } = diffEntity(CONTRATO_SPEC, '9', snapshot, { ...fields, status_internet: 'CM' }, ctx);
 * events[0]?.type; // 'contrato.internet_status_changed'
 * ```
 */
export function diffEntity(
  spec: TableSpec,
  entityId: string,
  previous: Snapshot | undefined,
  current: SnapshotFields | undefined,
  ctx: DiffContext,
): EntityDiff {
  const events: OutboxEvent[] = [];
  const base = previous?.sequence ?? 0;
  let sequence = base;
  if (current === undefined) {
    if (previous === undefined) return { snapshot: null, events };
    const before = previous.fields as SnapshotFields;
    const c = spec.removed;
    if (c) {
      events.push(
        event(spec, entityId, before, c, c.type, before[c.column] ?? null, null, ++sequence, ctx),
      );
    }
    return { snapshot: { op: 'delete', kind: spec.kind, entityId }, events };
  }
  if (previous === undefined) {
    const c = spec.created;
    if (c && ctx.announceNew) {
      events.push(
        event(spec, entityId, current, c, c.type, null, current[c.column] ?? null, ++sequence, ctx),
      );
    }
    // A snapshot's sequence starts at 1 (0 means "no snapshot" to the store's compare-and-set).
    sequence = Math.max(sequence, 1);
  } else {
    if (sameFields(previous.fields, current)) return { snapshot: null, events };
    const before = previous.fields as SnapshotFields;
    for (const c of spec.columns) {
      const was = before[c.column] ?? '';
      const now = current[c.column] ?? '';
      if (was !== now) {
        events.push(event(spec, entityId, current, c, c.type, was, now, ++sequence, ctx));
      }
    }
  }
  return {
    snapshot: {
      op: 'upsert',
      kind: spec.kind,
      entityId,
      fields: current,
      sequence,
      expectedSequence: base,
    },
    events,
  };
}
