/**
 * Rows as the database returns them, and their mapping to the store's records.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type {
  AttemptRow,
  DeliveryRecord,
  DeliveryStatus,
  EndpointRecord,
  EndpointSecret,
  Json,
  JsonObject,
  Snapshot,
} from '../types.js';

/** A random id with a prefix, e.g. `ep_3f9c…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/**
 * A delivery id: the second it was made (`at`, epoch ms), then 64 random bits. Ids that grow
 * with time land at the right edge of the indexes keyed by them (the attempts by delivery),
 * so a batch of outcomes writes a few index pages instead of one random page per attempt.
 */
export function newDeliveryId(at: number): string {
  const seconds = Math.floor(at / 1000)
    .toString(16)
    .padStart(8, '0');
  return `dlv_${seconds}${randomBytes(8).toString('hex')}`;
}

export function parseJson<T = Json>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}

export interface SnapshotRow {
  tenant: string;
  kind: string;
  entity_id: string;
  fields: string;
  sequence: number;
  updated_at: number;
}

export function toSnapshot(r: SnapshotRow): Snapshot {
  return {
    tenant: r.tenant,
    kind: r.kind,
    entityId: r.entity_id,
    fields: parseJson<JsonObject>(r.fields),
    sequence: Number(r.sequence),
    updatedAt: Number(r.updated_at),
  };
}

export interface EndpointRow {
  id: string;
  tenant: string | null;
  url: string;
  event_types: string;
  description: string;
  enabled: number;
  disabled_reason: string | null;
  secrets: string;
  allow_insecure: number;
  include_cliente: number;
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export function toEndpoint(r: EndpointRow): EndpointRecord {
  return {
    id: r.id,
    tenant: r.tenant,
    url: r.url,
    eventTypes: parseJson<string[]>(r.event_types),
    description: r.description,
    enabled: Number(r.enabled) === 1,
    disabledReason: r.disabled_reason,
    secrets: parseJson<EndpointSecret[]>(r.secrets),
    allowInsecure: Number(r.allow_insecure) === 1,
    includeCliente: Number(r.include_cliente) === 1,
    failingSince: nullableNumber(r.failing_since),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  endpoint_id: string;
  tenant: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: number;
  delivered_at: number | null;
}

function nullableNumber(v: number | null): number | null {
  return v === null ? null : Number(v);
}

export function toDelivery(r: DeliveryRow): DeliveryRecord {
  return {
    id: r.id,
    eventId: r.event_id,
    endpointId: r.endpoint_id,
    tenant: r.tenant,
    eventType: r.event_type,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: nullableNumber(r.next_attempt_at),
    lastAttemptAt: nullableNumber(r.last_attempt_at),
    lastStatusCode: nullableNumber(r.last_status_code),
    lastError: r.last_error,
    lastDurationMs: nullableNumber(r.last_duration_ms),
    createdAt: Number(r.created_at),
    deliveredAt: nullableNumber(r.delivered_at),
  };
}

export const DELIVERY_COLUMNS =
  'd.seq, d.id, d.event_id, d.endpoint_id, d.tenant, d.event_type, d.status, d.attempts, ' +
  'd.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, ' +
  'd.last_duration_ms, d.created_at, d.delivered_at';

export interface AttemptDbRow {
  delivery_id: string;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  outcome: string;
}

export function toAttempt(r: AttemptDbRow): AttemptRow {
  return {
    deliveryId: r.delivery_id,
    attemptedAt: Number(r.attempted_at),
    statusCode: nullableNumber(r.status_code),
    error: r.error,
    durationMs: Number(r.duration_ms),
    outcome: r.outcome as AttemptRow['outcome'],
  };
}

/** Whether an endpoint subscribed to `types` receives events of `type`. */
export function subscribes(types: readonly string[], type: string): boolean {
  for (const t of types) {
    if (t === '*' || t === type) return true;
    if (t.endsWith('.*') && type.startsWith(t.slice(0, -1))) return true;
  }
  return false;
}
