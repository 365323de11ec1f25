/**
 * What the service returns: plain JSON (ISO times, no secrets except where a secret is
 * handed out once).
 *
 * @packageDocumentation
 */
import type { DeliveryRecord, EndpointRecord } from '../store/types.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** An endpoint as the API shows it: secret values never appear. */
export interface EndpointView {
  id: string;
  tenant: string | null;
  url: string;
  eventTypes: string[];
  description: string;
  enabled: boolean;
  disabledReason: string | null;
  allowInsecure: boolean;
  /** Payloads carry `data.cliente` (CPF/CNPJ masked). */
  includeCliente: boolean;
  /** Start of the current run of failures. */
  failingSince: string | null;
  /** When each signing secret was made and until when it signs. */
  secrets: { createdAt: string; expiresAt: string | null }[];
  createdAt: string;
  updatedAt: string;
}

/** A delivery as the API shows it. */
export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  tenant: string;
  status: DeliveryRecord['status'];
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Map a stored endpoint to its view. */
export function endpointView(e: EndpointRecord): EndpointView {
  return {
    id: e.id,
    tenant: e.tenant,
    url: e.url,
    eventTypes: e.eventTypes,
    description: e.description,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    allowInsecure: e.allowInsecure,
    includeCliente: e.includeCliente,
    failingSince: iso(e.failingSince),
    secrets: e.secrets.map((s) => ({ createdAt: iso(s.createdAt)!, expiresAt: iso(s.expiresAt) })),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
  };
}

/** Map a stored delivery to its view. */
export function deliveryView(d: DeliveryRecord): DeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    endpointId: d.endpointId,
    tenant: d.tenant,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    lastDurationMs: d.lastDurationMs,
    createdAt: iso(d.createdAt)!,
    deliveredAt: iso(d.deliveredAt),
  };
}

/** Monitoring headline figures. */
export interface SummaryView {
  pending: number;
  failing: number;
  failed: number;
  deliveredLastHour: number;
  oldestPendingAgeSec: number | null;
  endpoints: { enabled: number; disabled: number };
  /** How far behind detection is, from the detectors' cursors. */
  detection: {
    /** Seconds since the stalest stream last committed a page; null before any poll. */
    lagSec: number | null;
    streams: { tenant: string; stream: string; lastCommitAt: string; ageSec: number }[];
  };
}

/** Hourly attempt counts, oldest first. */
export interface StatsView {
  hours: number;
  buckets: { hourStart: string; delivered: number; failed: number }[];
}
