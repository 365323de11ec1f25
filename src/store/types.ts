/**
 * The store behind webhooks, idempotency records, audit records and leases. One interface,
 * two implementations: SQLite (better-sqlite3, the default: a file, zero set-up) and
 * PostgreSQL (pg, for several instances). Every method is async because pg is.
 *
 * Times are Unix epoch milliseconds (`number`) everywhere; the store reads "now" from the
 * `now()` option given to {@link openStore}, so tests travel in time without waiting.
 * Every value crossing this interface is plain JSON-serialisable data.
 *
 * @packageDocumentation
 */

/** Any JSON value. Properties set to `undefined` are dropped when stored, as JSON does. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** A JSON object. */
export type JsonObject = { [key: string]: Json | undefined };

// ---------------------------------------------------------------------------------------------
// Events and snapshots (change detection writes them; delivery reads them)
// ---------------------------------------------------------------------------------------------

/** The entity a snapshot or an event is about. */
export interface EntityRef {
  /** Entity kind, e.g. `cliente`, `contrato`, `sva`. Free text chosen by the detector. */
  kind: string;
  /** Entity id as text (IXC ids are numbers; text leaves room for composite ids). */
  id: string;
}

/**
 * An event to put into the outbox. The body sent to receivers is
 * `JSON.stringify(payload)`, serialised once when the event is stored so every retry
 * sends the same bytes.
 */
export interface OutboxEvent {
  /**
   * Deterministic id (`evt_…`, only `[A-Za-z0-9_-]`, no `.`): the same detected change must
   * get the same id, so storing it twice is a no-op (`INSERT … ON CONFLICT DO NOTHING`).
   * It is the `webhook-id` receivers dedupe on.
   */
  id: string;
  /** Tenant (one IXC install) the event belongs to. */
  tenant: string;
  /** Dot-separated event type, e.g. `contrato.status_changed`. */
  type: string;
  /** The whole body, `{ type, timestamp, data }`. */
  payload: JsonObject;
  /**
   * The entity the event is about. When a snapshot upsert with `expectedSequence` loses its
   * race, the events of the same tenant and entity in the same call are dropped with it.
   */
  entity?: EntityRef;
}

/** A stored event, as read back. */
export interface StoredEvent {
  id: string;
  tenant: string;
  type: string;
  /** The exact body bytes (UTF-8 JSON text) delivered to receivers. */
  body: string;
  entity: EntityRef | null;
  createdAt: number;
}

/** Last known values of the watched fields of one entity. */
export interface Snapshot {
  tenant: string;
  kind: string;
  entityId: string;
  /** Watched fields only (status columns, a hash): no personal data. */
  fields: JsonObject;
  /** Grows by one with every change of the entity; copied into event payloads. */
  sequence: number;
  updatedAt: number;
}

/** A snapshot write inside {@link CampsoftStore.commitDetection} / `recordLocalChange`. */
export type SnapshotChange =
  | {
      op: 'upsert';
      kind: string;
      entityId: string;
      fields: JsonObject;
      sequence: number;
      /**
       * Compare-and-set: apply only when the stored sequence equals this (`0` = no row yet).
       * On a mismatch the upsert and the events about this entity are skipped and reported
       * in `conflicts`, so a poller that read a stale snapshot re-reads instead of sending a
       * change an API write already announced. Omit to write unconditionally.
       */
      expectedSequence?: number;
    }
  | { op: 'delete'; kind: string; entityId: string };

/** One page of detection, committed in one transaction. */
export interface DetectionCommit {
  tenant: string;
  /** Detector stream, e.g. `cliente`, `cliente_contrato`, `reconcile:sva_usuarios`. */
  stream: string;
  /** New cursor for (tenant, stream); `undefined` leaves it unchanged. Opaque to the store. */
  cursor?: Json;
  snapshots: SnapshotChange[];
  events: OutboxEvent[];
  /**
   * Fencing: commit only while `owner` still holds lease `name` (unexpired). When it does
   * not, nothing is written and {@link LeaseLostError} is thrown.
   */
  lease?: { name: string; owner: string };
}

/** A change made through our own API (an SVA write): snapshot and events in one transaction. */
export interface LocalChange {
  tenant: string;
  snapshots: SnapshotChange[];
  events: OutboxEvent[];
}

/** What a commit wrote. */
export interface CommitResult {
  /** Events newly stored (duplicates of stored ids are not counted). */
  eventsInserted: number;
  /** Deliveries created by fan-out of the new events. */
  deliveriesCreated: number;
  /** Entities whose `expectedSequence` did not match: nothing written for them. */
  conflicts: EntityRef[];
}

/** A stored cursor. */
export interface CursorRecord {
  tenant: string;
  stream: string;
  cursor: Json;
  /** When the cursor was last written (a detection page committed). */
  updatedAt: number;
}

// ---------------------------------------------------------------------------------------------
// Leases
// ---------------------------------------------------------------------------------------------

/** A held lease. */
export interface Lease {
  name: string;
  owner: string;
  expiresAt: number;
  /** Grows each time the lease changes hands: a fencing token. */
  generation: number;
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/** One signing secret of an endpoint. */
export interface EndpointSecret {
  /** `whsec_<base64 of 24–64 random bytes>`. */
  secret: string;
  createdAt: number;
  /** After a rotation the old secret keeps signing until then; `null` = no end. */
  expiresAt: number | null;
}

/** A webhook endpoint as stored. */
export interface EndpointRecord {
  /** `ep_…` */
  id: string;
  /** Tenant whose events it receives; `null` = every tenant. */
  tenant: string | null;
  url: string;
  /** Event types, exact (`sva.added`), a prefix (`contrato.*`) or everything (`*`). */
  eventTypes: string[];
  description: string;
  enabled: boolean;
  /** Why it was disabled (`gone`, `failing`, `manual`…), `null` when enabled. */
  disabledReason: string | null;
  /** Newest first; every unexpired secret signs each delivery. */
  secrets: EndpointSecret[];
  /** http and private/loopback addresses allowed (local development, tests). */
  allowInsecure: boolean;
  /** Payloads carry the customer's details (`data.cliente`, CPF/CNPJ masked). */
  includeCliente: boolean;
  /** Start of the current run of failed attempts; `null` after a success. */
  failingSince: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Input of {@link CampsoftStore.createEndpoint}. */
export interface NewEndpoint {
  /** Optional fixed id (`ep_…`); generated otherwise. */
  id?: string;
  tenant?: string | null;
  url: string;
  eventTypes: string[];
  description?: string;
  enabled?: boolean;
  secret: string;
  allowInsecure?: boolean;
  includeCliente?: boolean;
}

/** Input of {@link CampsoftStore.updateEndpoint}; absent fields stay. */
export interface EndpointPatch {
  url?: string;
  eventTypes?: string[];
  description?: string;
  enabled?: boolean;
  disabledReason?: string | null;
  secrets?: EndpointSecret[];
  allowInsecure?: boolean;
  includeCliente?: boolean;
  failingSince?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Deliveries
// ---------------------------------------------------------------------------------------------

/** `pending` (waiting for an attempt, maybe after failures), `delivered`, `failed` (exhausted). */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One delivery: one event to one endpoint. */
export interface DeliveryRecord {
  /** `dlv_…` */
  id: string;
  eventId: string;
  endpointId: string;
  tenant: string;
  eventType: string;
  status: DeliveryStatus;
  /** Attempts in the current round (a replay or a recovery starts a new round). */
  attempts: number;
  /** Next attempt due at; `null` when delivered or failed. */
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** A claimed delivery with what is needed to send it. */
export interface ClaimedDelivery extends DeliveryRecord {
  /** Exact bytes to send. */
  body: string;
  endpoint: Pick<
    EndpointRecord,
    'id' | 'url' | 'secrets' | 'allowInsecure' | 'includeCliente' | 'failingSince'
  >;
}

/** Input of {@link CampsoftStore.claimDeliveries}. */
export interface ClaimOptions {
  /** Claimer identity (instance id). */
  owner: string;
  /** At most this many. */
  limit: number;
  /** The claim lapses after this long, so a crashed claimer's work is taken over. */
  claimMs: number;
  /** At most this many claimed per endpoint, counting `busy` (default: no bound). */
  maxPerEndpoint?: number;
  /** Deliveries the caller already has in flight, per endpoint id. */
  busy?: Record<string, number>;
}

/** The result of one attempt. */
export interface AttemptRecord {
  deliveryId: string;
  /** The claimer; the row is updated only while its claim holds or is free. */
  owner: string;
  attemptedAt: number;
  /** HTTP status, `null` when no answer (timeout, refused, SSRF guard). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** `delivered`, `retry` (then `nextAttemptAt`) or `failed` (exhausted). */
  outcome: 'delivered' | 'retry' | 'failed';
  nextAttemptAt: number | null;
}

/** A stored attempt. */
export interface AttemptRow {
  deliveryId: string;
  attemptedAt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  outcome: 'delivered' | 'retry' | 'failed';
}

/** What {@link CampsoftStore.recordAttempt} changed. */
export interface AttemptResult {
  /** False when the claim had passed to another owner or the delivery was gone. */
  applied: boolean;
  /** The endpoint's `failingSince` after this attempt. */
  endpointFailingSince: number | null;
}

/** Filters of {@link CampsoftStore.listDeliveries}. */
export interface DeliveryQuery {
  status?: DeliveryStatus;
  eventType?: string;
  /** `createdAt >= since` */
  since?: number;
  /** `createdAt < until` */
  until?: number;
  /** Page size (default 50, at most 500). */
  limit?: number;
  /** `nextCursor` from the previous page. */
  cursor?: string;
}

/** A page of deliveries, newest first. */
export interface DeliveryPage {
  items: DeliveryRecord[];
  nextCursor: string | null;
}

/** Headline figures for monitoring. */
export interface DeliverySummary {
  pending: number;
  /** Pending deliveries whose last attempt failed. */
  failing: number;
  /** Exhausted deliveries kept as `failed`. */
  failed: number;
  deliveredLastHour: number;
  /** Age of the oldest pending delivery, `null` when none. */
  oldestPendingAgeMs: number | null;
  endpoints: { enabled: number; disabled: number };
}

/** One hour of attempts. */
export interface StatsBucket {
  /** Start of the hour (epoch ms). */
  hourStart: number;
  delivered: number;
  /** Failed attempts (retried or exhausted). */
  failed: number;
}

/** Scope of summary and stats. */
export interface StatsScope {
  tenant?: string;
  endpointId?: string;
}

// ---------------------------------------------------------------------------------------------
// Idempotency (Idempotency-Key on the SVA write routes)
// ---------------------------------------------------------------------------------------------

/** Identity of an idempotency record: scoped by tenant and API key. */
export interface IdempotencyKey {
  tenant: string;
  apiKeyName: string;
  key: string;
}

/** Input of {@link CampsoftStore.beginIdempotent}. */
export interface IdempotencyBegin extends IdempotencyKey {
  /** Hash of method, path and body. */
  fingerprint: string;
  /** Record kept this long (default 24 h). */
  ttlMs?: number;
  /** An in-flight record older than this is taken to be abandoned (default 60 s). */
  inFlightMs?: number;
}

/** A stored response to replay. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Json;
}

/**
 * `new`: go ahead (the key is now in flight). `replay`: same key and fingerprint finished,
 * answer with `response`. `conflict`: same key still in flight (409). `mismatch`: same key,
 * another fingerprint (422).
 */
export type IdempotencyOutcome =
  | { state: 'new' }
  | { state: 'replay'; response: StoredResponse }
  | { state: 'conflict' }
  | { state: 'mismatch' };

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

/** Input of {@link CampsoftStore.appendAudit}. */
export interface NewAuditRecord {
  tenant: string;
  apiKeyName: string;
  /** e.g. `ativarSva`. */
  action: string;
  /** When it happened; store's `now()` when absent. */
  at?: number;
  /** Everything else (request, IXC operations, outcome, duration), as the caller shapes it. */
  record: JsonObject;
}

/** A stored audit record. */
export interface AuditEntry {
  /** Grows with each append. */
  id: number;
  at: number;
  tenant: string;
  apiKeyName: string;
  action: string;
  record: JsonObject;
}

/** A page of audit records, newest first. */
export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

// ---------------------------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------------------------

/** Which backend a store runs on. */
export type StoreKind = 'sqlite' | 'postgres';

/**
 * The store. Obtain one with {@link openStore}.
 *
 * @example
 * ```ts
 * import { openStore } from 'ixc-campsoft/webhooks';
 * const store = await openStore('campsoft.db'); // or 'postgres://user@host/db'
 * await store.setCursor('acme', 'cliente', { watermark: '2026-01-05 10:00:00' });
 * await store.close();
 * ```
 */
export interface CampsoftStore {
  readonly kind: StoreKind;

  /** Apply pending schema migrations (idempotent; `openStore` runs it unless told not to). */
  migrate(): Promise<void>;
  /** Schema version after migrations. */
  schemaVersion(): Promise<number>;
  /** Close connections. */
  close(): Promise<void>;

  // Cursors -----------------------------------------------------------------------------------
  /** Cursor of (tenant, stream), `null` when never written (first run: take a baseline). */
  getCursor(tenant: string, stream: string): Promise<Json | null>;
  /** Write a cursor outside a detection commit. */
  setCursor(tenant: string, stream: string, cursor: Json): Promise<void>;
  /** Every cursor, of one tenant or all. */
  listCursors(tenant?: string): Promise<CursorRecord[]>;

  // Snapshots ---------------------------------------------------------------------------------
  /** Snapshots of the given ids (missing ids are absent from the result). */
  getSnapshots(tenant: string, kind: string, entityIds: string[]): Promise<Snapshot[]>;
  /**
   * Snapshots of one kind in id order (numeric order for integer ids), for reconciliation:
   * those with id after `afterId`, at most `limit` (default 500).
   */
  listSnapshots(
    tenant: string,
    kind: string,
    options?: { afterId?: string; limit?: number },
  ): Promise<Snapshot[]>;

  // Detection ---------------------------------------------------------------------------------
  /**
   * One detection page in one transaction: snapshot upserts/deletes, new events
   * (`ON CONFLICT DO NOTHING`) fanned out into one pending delivery per enabled endpoint
   * subscribed to the type (and tenant), and the cursor.
   */
  commitDetection(commit: DetectionCommit): Promise<CommitResult>;
  /**
   * A change made through our API: update the snapshots (so the poller sees no difference)
   * and store + fan out its events, in one transaction.
   */
  recordLocalChange(change: LocalChange): Promise<CommitResult>;
  /**
   * Store events outside detection (operational or test events). `endpointIds` restricts
   * fan-out to those endpoints (subscription filters ignored, enabled required).
   */
  emitEvents(events: OutboxEvent[], options?: { endpointIds?: string[] }): Promise<CommitResult>;
  /** One stored event. */
  getEvent(id: string): Promise<StoredEvent | null>;

  // Leases ------------------------------------------------------------------------------------
  /** Take lease `name` when free, expired or already ours; `null` when someone else holds it. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Extend our lease; `null` when it is no longer ours (expired and taken). */
  renewLease(name: string, owner: string, ttlMs: number): Promise<Lease | null>;
  /** Give the lease up when ours. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** The current holder, `null` when free or expired. */
  getLease(name: string): Promise<Lease | null>;

  // Endpoints ---------------------------------------------------------------------------------
  createEndpoint(input: NewEndpoint): Promise<EndpointRecord>;
  getEndpoint(id: string): Promise<EndpointRecord | null>;
  /** Oldest first. */
  listEndpoints(filter?: { tenant?: string; enabled?: boolean }): Promise<EndpointRecord[]>;
  /** `null` when there is no such endpoint. */
  updateEndpoint(id: string, patch: EndpointPatch): Promise<EndpointRecord | null>;
  /** Deletes its deliveries too; false when there was none. */
  deleteEndpoint(id: string): Promise<boolean>;

  // Deliveries --------------------------------------------------------------------------------
  /**
   * Claim due deliveries (`pending`, `nextAttemptAt <= now`, endpoint enabled, unclaimed or
   * claim expired), oldest due first and in detection order. PostgreSQL uses
   * `FOR UPDATE SKIP LOCKED`; both record owner and claim expiry.
   */
  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /** Record an attempt, update the delivery and the endpoint's `failingSince`, free the claim. */
  recordAttempt(attempt: AttemptRecord): Promise<AttemptResult>;
  /**
   * Record many attempts in one transaction, with the same effect as recording them one after
   * the other in this order (each delivery, its history and its endpoint's `failingSince`);
   * results in input order. Dispatchers write every outcome that finished while the previous
   * batch was being written this way.
   */
  recordAttempts(attempts: AttemptRecord[]): Promise<AttemptResult[]>;
  /**
   * {@link CampsoftStore.recordAttempts}, then {@link CampsoftStore.claimDeliveries}, in one
   * transaction: a dispatcher's next claim shares the commit of the outcomes it writes.
   */
  recordAndClaim(
    attempts: AttemptRecord[],
    claim: ClaimOptions,
  ): Promise<{ results: AttemptResult[]; claimed: ClaimedDelivery[] }>;
  /**
   * Free claims of `owner` that were never attempted (a dispatcher stopping, or dropping work
   * whose claim would lapse before it could be sent): those still pending are due again at
   * once for every instance. Returns how many were freed.
   */
  releaseClaims(owner: string, deliveryIds: string[]): Promise<number>;
  getDelivery(id: string): Promise<DeliveryRecord | null>;
  /** Deliveries of an endpoint, newest first. */
  listDeliveries(endpointId: string, query?: DeliveryQuery): Promise<DeliveryPage>;
  /** Attempts of a delivery, oldest first. */
  listAttempts(deliveryId: string): Promise<AttemptRow[]>;
  /** Send again now (any status); starts a new round of attempts. `null` when unknown. */
  replayDelivery(id: string): Promise<DeliveryRecord | null>;
  /**
   * Every `failed` delivery of the endpoint created in `[since, until)` back to pending, due
   * now. Returns how many.
   */
  recoverDeliveries(endpointId: string, since: number, until: number): Promise<number>;
  summary(scope?: StatsScope): Promise<DeliverySummary>;
  /** The last `hours` hourly buckets of attempts, oldest first, empty hours included. */
  stats(hours: number, scope?: StatsScope): Promise<StatsBucket[]>;

  // Idempotency -------------------------------------------------------------------------------
  /** Atomically look up or start a keyed request. */
  beginIdempotent(input: IdempotencyBegin): Promise<IdempotencyOutcome>;
  /** Store the answer of a started request (replayed for `ttlMs`, default 24 h, from now). */
  completeIdempotent(
    key: IdempotencyKey,
    response: StoredResponse,
    options?: { ttlMs?: number },
  ): Promise<void>;
  /** Forget a started request (it failed before doing anything), so a retry runs again. */
  abandonIdempotent(key: IdempotencyKey): Promise<void>;

  // Audit -------------------------------------------------------------------------------------
  appendAudit(record: NewAuditRecord): Promise<AuditEntry>;
  /** Newest first; `page` from 1, `pageSize` default 50. */
  listAudit(options?: { tenant?: string; page?: number; pageSize?: number }): Promise<AuditPage>;

  // Housekeeping ------------------------------------------------------------------------------
  /**
   * Delete delivered deliveries and their attempts older than `deliveredBefore`, events
   * with no delivery left older than it, and expired idempotency records. Returns rows gone.
   */
  prune(options: { deliveredBefore: number }): Promise<number>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** SQLite busy timeout in ms (default 5000). */
  busyTimeoutMs?: number;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL schema to use (default `public`); created when missing. */
  schema?: string;
}

/** Signature of `openStore`. */
export type OpenStore = (target: string, options?: OpenStoreOptions) => Promise<CampsoftStore>;
