/**
 * {@link CampsoftStore} over a {@link SqlDatabase}: the same logic on SQLite and PostgreSQL.
 *
 * @packageDocumentation
 */
import type {
  AttemptRecord,
  CampsoftStore,
  ClaimOptions,
  DeliveryQuery,
  DetectionCommit,
  EndpointPatch,
  IdempotencyBegin,
  IdempotencyKey,
  Json,
  LocalChange,
  NewAuditRecord,
  NewEndpoint,
  OutboxEvent,
  StatsScope,
  StoredResponse,
  StoreKind,
} from '../types.js';
import * as attempts from './attempts.js';
import * as audit from './audit.js';
import { claimDeliveries, recordAndClaim } from './claims.js';
import * as deliveries from './deliveries.js';
import * as detection from './detection.js';
import * as endpoints from './endpoints.js';
import type { SqlDatabase } from './executor.js';
import * as idem from './idempotency.js';
import * as leases from './leases.js';
import { migrate, readVersion } from './migrations.js';

/**
 * The SQL store. Use {@link openStore} rather than constructing it.
 *
 * @example
 * ```ts
 * const store = await openStore(':memory:');
 * const lease = await store.acquireLease('poll:acme', 'instance-1', 30_000);
 * ```
 */
export class SqlStore implements CampsoftStore {
  readonly kind: StoreKind;
  readonly #db: SqlDatabase;
  readonly #now: () => number;

  constructor(db: SqlDatabase, now: () => number) {
    this.#db = db;
    this.#now = now;
    this.kind = db.dialect.kind;
  }

  async migrate(): Promise<void> {
    await migrate(this.#db);
  }
  schemaVersion(): Promise<number> {
    return readVersion(this.#db);
  }
  close(): Promise<void> {
    return this.#db.close();
  }

  getCursor(tenant: string, stream: string) {
    return detection.getCursor(this.#db, tenant, stream);
  }
  setCursor(tenant: string, stream: string, cursor: Json) {
    return detection.setCursor(this.#db, tenant, stream, cursor, this.#now());
  }
  listCursors(tenant?: string) {
    return detection.listCursors(this.#db, tenant);
  }
  getSnapshots(tenant: string, kind: string, entityIds: string[]) {
    return detection.getSnapshots(this.#db, tenant, kind, entityIds);
  }
  listSnapshots(tenant: string, kind: string, options?: { afterId?: string; limit?: number }) {
    return detection.listSnapshots(this.#db, tenant, kind, options);
  }
  commitDetection(commit: DetectionCommit) {
    return detection.commitChange(this.#db, this.#now, commit);
  }
  recordLocalChange(change: LocalChange) {
    return detection.commitChange(this.#db, this.#now, change);
  }
  async emitEvents(events: OutboxEvent[], options: { endpointIds?: string[] } = {}) {
    const stored = await this.#db.transaction((tx) =>
      detection.storeEvents(tx, events, this.#now(), options.endpointIds),
    );
    return { ...stored, conflicts: [] };
  }
  getEvent(id: string) {
    return detection.getEvent(this.#db, id);
  }

  acquireLease(name: string, owner: string, ttlMs: number) {
    return leases.acquireLease(this.#db, this.#now(), name, owner, ttlMs);
  }
  renewLease(name: string, owner: string, ttlMs: number) {
    return leases.renewLease(this.#db, this.#now(), name, owner, ttlMs);
  }
  releaseLease(name: string, owner: string) {
    return leases.releaseLease(this.#db, name, owner);
  }
  getLease(name: string) {
    return leases.getLease(this.#db, this.#now(), name);
  }

  createEndpoint(input: NewEndpoint) {
    return endpoints.createEndpoint(this.#db, this.#now(), input);
  }
  getEndpoint(id: string) {
    return endpoints.getEndpoint(this.#db, id);
  }
  listEndpoints(filter?: { tenant?: string; enabled?: boolean }) {
    return endpoints.listEndpoints(this.#db, filter);
  }
  updateEndpoint(id: string, patch: EndpointPatch) {
    return endpoints.updateEndpoint(this.#db, this.#now(), id, patch);
  }
  deleteEndpoint(id: string) {
    return endpoints.deleteEndpoint(this.#db, id);
  }

  claimDeliveries(options: ClaimOptions) {
    return claimDeliveries(this.#db, this.#now, options);
  }
  recordAttempt(attempt: AttemptRecord) {
    return deliveries.recordAttempt(this.#db, this.#now, attempt);
  }
  recordAttempts(list: AttemptRecord[]) {
    return attempts.recordAttempts(this.#db, this.#now, list);
  }
  recordAndClaim(list: AttemptRecord[], claim: ClaimOptions) {
    return recordAndClaim(this.#db, this.#now, list, claim);
  }
  releaseClaims(owner: string, deliveryIds: string[]) {
    return attempts.releaseClaims(this.#db, owner, deliveryIds);
  }
  getDelivery(id: string) {
    return deliveries.getDelivery(this.#db, id);
  }
  listDeliveries(endpointId: string, query?: DeliveryQuery) {
    return deliveries.listDeliveries(this.#db, endpointId, query);
  }
  listAttempts(deliveryId: string) {
    return deliveries.listAttempts(this.#db, deliveryId);
  }
  replayDelivery(id: string) {
    return deliveries.replayDelivery(this.#db, this.#now, id);
  }
  recoverDeliveries(endpointId: string, since: number, until: number) {
    return deliveries.recoverDeliveries(this.#db, this.#now, endpointId, since, until);
  }
  summary(scope?: StatsScope) {
    return deliveries.summary(this.#db, this.#now(), scope);
  }
  stats(hours: number, scope?: StatsScope) {
    return deliveries.stats(this.#db, this.#now(), hours, scope);
  }

  beginIdempotent(input: IdempotencyBegin) {
    return idem.beginIdempotent(this.#db, this.#now, input);
  }
  completeIdempotent(key: IdempotencyKey, response: StoredResponse, options?: { ttlMs?: number }) {
    return idem.completeIdempotent(this.#db, this.#now(), key, response, options?.ttlMs);
  }
  abandonIdempotent(key: IdempotencyKey) {
    return idem.abandonIdempotent(this.#db, key);
  }

  appendAudit(record: NewAuditRecord) {
    return audit.appendAudit(this.#db, this.#now(), record);
  }
  listAudit(options?: { tenant?: string; page?: number; pageSize?: number }) {
    return audit.listAudit(this.#db, options);
  }

  prune(options: { deliveredBefore: number }): Promise<number> {
    const before = options.deliveredBefore;
    return this.#db.transaction(async (tx) => {
      let n = await tx.run(
        `DELETE FROM campsoft_attempts WHERE delivery_id IN (SELECT id FROM campsoft_deliveries
           WHERE status = 'delivered' AND delivered_at < ?)`,
        [before],
      );
      n += await tx.run(
        "DELETE FROM campsoft_deliveries WHERE status = 'delivered' AND delivered_at < ?",
        [before],
      );
      n += await tx.run(
        `DELETE FROM campsoft_events WHERE created_at < ? AND NOT EXISTS
           (SELECT 1 FROM campsoft_deliveries d WHERE d.event_id = campsoft_events.id)`,
        [before],
      );
      n += await tx.run('DELETE FROM campsoft_idempotency WHERE expires_at <= ?', [this.#now()]);
      return n;
    });
  }
}
