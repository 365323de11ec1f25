/**
 * The dispatcher's options, events and counters.
 *
 * @packageDocumentation
 */
import type { CampsoftStore, EndpointSecret } from '../../store/types.js';
import type { ClienteDetailsLookup } from './cliente-details.js';
import type { Resolver } from './ssrf.js';

/** Something the dispatcher did, for logs and metrics. */
export interface DispatchEvent {
  type: 'delivered' | 'retry' | 'failed' | 'endpoint_disabled';
  deliveryId: string;
  endpointId: string;
  eventId: string;
  /** Attempt number within the round, from 1. */
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: number | null;
  /** For `endpoint_disabled`: `gone` (410) or `failing` (5 days). */
  reason?: string;
}

/** Options of {@link WebhookDispatcher}. */
export interface DispatcherOptions {
  store: CampsoftStore;
  /** Clock, epoch ms (default `Date.now`). Due times and signatures follow it. */
  now?: () => number;
  /** Random in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
  /** This instance's name in claims (default host:pid:random). */
  owner?: string;
  /** Attempts in flight at once (default 32). `start()` claims up to twice this ahead. */
  concurrency?: number;
  /** Attempts in flight per endpoint (default 4). */
  perEndpointConcurrency?: number;
  /** Whole-attempt deadline (default 15 000 ms). */
  timeoutMs?: number;
  /**
   * How long a claim holds a delivery for this instance (default 2 × `timeoutMs` + 30 s, at
   * least `timeoutMs` + 6 s): a crashed instance's deliveries are due again after it.
   */
  claimTtlMs?: number;
  /** Bytes of a receiver's answer read (default 1024). */
  maxResponseBytes?: number;
  /** Delay before attempt n+1 after n failures (default {@link DEFAULT_SCHEDULE}). */
  schedule?: readonly number[];
  /** Jitter fraction (default 0.2, i.e. ±20 %). */
  jitter?: number;
  /** Longest `Retry-After` honoured (default 24 h). */
  retryAfterCapMs?: number;
  /** Disable an endpoint failing without a break this long (default 5 days). */
  disableAfterMs?: number;
  /** Idle poll period of `start()` (default 1000 ms). */
  pollIntervalMs?: number;
  /** Resolver for the SSRF guard (tests; default the system's). */
  resolver?: Resolver;
  /**
   * Reads `data.cliente` for endpoints with `includeCliente` (see `clienteDetailsLookup`).
   * Without it, deliveries to such endpoints fail and say why.
   */
  clienteDetails?: ClienteDetailsLookup;
  /** Called for each outcome. */
  onEvent?: (event: DispatchEvent) => void;
  /** Log lines (default stderr). */
  log?: (line: string) => void;
}

/** What one {@link WebhookDispatcher.runOnce} did. */
export interface RunResult {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** Counters since start. */
export interface DispatcherMetrics {
  attempts: number;
  delivered: number;
  retries: number;
  failed: number;
  endpointsDisabled: number;
  /** Attempts sent and not yet recorded. */
  inFlight: number;
  /** Deliveries claimed and waiting for a free slot. */
  queued: number;
}

/** The secrets that sign now: every unexpired one, newest first. */
export function activeSecrets(secrets: EndpointSecret[], now: number): string[] {
  const active = secrets.filter((s) => s.expiresAt === null || s.expiresAt > now);
  // Never sign with nothing: the newest secret stays valid whatever its date says.
  return (active.length > 0 ? active : secrets.slice(0, 1)).map((s) => s.secret);
}
