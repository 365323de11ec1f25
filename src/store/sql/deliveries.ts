/**
 * Deliveries: attempts, replay and recovery, and the monitoring views (claims are in
 * `claims.ts`).
 *
 * @packageDocumentation
 */
import type {
  AttemptRecord,
  AttemptResult,
  AttemptRow,
  DeliveryPage,
  DeliveryQuery,
  DeliveryRecord,
  DeliverySummary,
  StatsBucket,
  StatsScope,
} from '../types.js';
import { recordAttempts } from './attempts.js';
import type { SqlDatabase, SqlExecutor, SqlValue } from './executor.js';
import {
  type AttemptDbRow,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  toAttempt,
  toDelivery,
} from './rows.js';

const HOUR = 3_600_000;

/** Record one attempt: a batch of one (see {@link recordAttempts}). */
export async function recordAttempt(
  db: SqlDatabase,
  now: () => number,
  a: AttemptRecord,
): Promise<AttemptResult> {
  const [result] = await recordAttempts(db, now, [a]);
  return result!;
}

export async function getDelivery(db: SqlExecutor, id: string): Promise<DeliveryRecord | null> {
  const rows = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM campsoft_deliveries d WHERE d.id = ?`,
    [id],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function listDeliveries(
  db: SqlExecutor,
  endpointId: string,
  q: DeliveryQuery = {},
): Promise<DeliveryPage> {
  const limit = Math.max(1, Math.min(q.limit ?? 50, 500));
  const where = ['d.endpoint_id = ?'];
  const params: SqlValue[] = [endpointId];
  if (q.status) where.push('d.status = ?') && params.push(q.status);
  if (q.eventType) where.push('d.event_type = ?') && params.push(q.eventType);
  if (q.since !== undefined) where.push('d.created_at >= ?') && params.push(q.since);
  if (q.until !== undefined) where.push('d.created_at < ?') && params.push(q.until);
  if (q.cursor !== undefined && /^\d+$/.test(q.cursor)) {
    where.push('d.seq < ?');
    params.push(Number(q.cursor));
  }
  const rows = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM campsoft_deliveries d WHERE ${where.join(' AND ')}
     ORDER BY d.seq DESC LIMIT ${limit + 1}`,
    params,
  );
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return {
    items: items.map(toDelivery),
    nextCursor: more ? String(items[items.length - 1]!.seq) : null,
  };
}

export async function listAttempts(db: SqlExecutor, deliveryId: string): Promise<AttemptRow[]> {
  const rows = await db.query<AttemptDbRow>(
    `SELECT delivery_id, attempted_at, status_code, error, duration_ms, outcome
     FROM campsoft_attempts WHERE delivery_id = ? ORDER BY seq`,
    [deliveryId],
  );
  return rows.map(toAttempt);
}

export async function replayDelivery(db: SqlDatabase, now: () => number, id: string) {
  const n = await db.run(
    `UPDATE campsoft_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
       claimed_by = NULL, claim_expires_at = NULL WHERE id = ?`,
    [now(), id],
  );
  return n === 0 ? null : getDelivery(db, id);
}

export function recoverDeliveries(
  db: SqlDatabase,
  now: () => number,
  endpointId: string,
  since: number,
  until: number,
): Promise<number> {
  return db.run(
    `UPDATE campsoft_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
       claimed_by = NULL, claim_expires_at = NULL
     WHERE endpoint_id = ? AND status = 'failed' AND created_at >= ? AND created_at < ?`,
    [now(), endpointId, since, until],
  );
}

function scoped(scope: StatsScope, alias: string): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (scope.tenant !== undefined) parts.push(`${alias}.tenant = ?`) && params.push(scope.tenant);
  if (scope.endpointId !== undefined) {
    parts.push(`${alias}.endpoint_id = ?`);
    params.push(scope.endpointId);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export async function summary(
  db: SqlExecutor,
  at: number,
  scope: StatsScope = {},
): Promise<DeliverySummary> {
  const s = scoped(scope, 'd');
  const [pending] = await db.query<{ pending: number; failing: number; oldest: number | null }>(
    `SELECT COUNT(*) AS pending, SUM(CASE WHEN d.attempts > 0 THEN 1 ELSE 0 END) AS failing,
       MIN(d.created_at) AS oldest
     FROM campsoft_deliveries d JOIN campsoft_endpoints e ON e.id = d.endpoint_id
     WHERE d.status = 'pending' AND e.enabled = 1${s.sql}`,
    s.params,
  );
  const [failed] = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM campsoft_deliveries d WHERE d.status = 'failed'${s.sql}`,
    s.params,
  );
  const [delivered] = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM campsoft_deliveries d WHERE d.delivered_at >= ?${s.sql}`,
    [at - HOUR, ...s.params],
  );
  const epWhere: string[] = [];
  const epParams: SqlValue[] = [];
  if (scope.endpointId !== undefined) epWhere.push('id = ?') && epParams.push(scope.endpointId);
  if (scope.tenant !== undefined) {
    epWhere.push('(tenant = ? OR tenant IS NULL)');
    epParams.push(scope.tenant);
  }
  const eps = await db.query<{ enabled: number; n: number }>(
    `SELECT enabled, COUNT(*) AS n FROM campsoft_endpoints
     ${epWhere.length ? `WHERE ${epWhere.join(' AND ')}` : ''} GROUP BY enabled`,
    epParams,
  );
  const oldest =
    pending?.oldest === null || pending?.oldest === undefined ? null : Number(pending.oldest);
  return {
    pending: Number(pending?.pending ?? 0),
    failing: Number(pending?.failing ?? 0),
    failed: Number(failed?.n ?? 0),
    deliveredLastHour: Number(delivered?.n ?? 0),
    oldestPendingAgeMs: oldest === null ? null : Math.max(0, at - oldest),
    endpoints: {
      enabled: Number(eps.find((e) => Number(e.enabled) === 1)?.n ?? 0),
      disabled: Number(eps.find((e) => Number(e.enabled) !== 1)?.n ?? 0),
    },
  };
}

export async function stats(
  db: SqlExecutor,
  at: number,
  hours: number,
  scope: StatsScope = {},
): Promise<StatsBucket[]> {
  const n = Math.max(1, Math.min(Math.floor(hours), 24 * 31));
  const first = (Math.floor(at / HOUR) - n + 1) * HOUR;
  const s = scoped(scope, 'a');
  const rows = await db.query<{ hour: number; delivered: number; failed: number }>(
    `SELECT a.attempted_at / ${HOUR} AS hour,
       SUM(CASE WHEN a.outcome = 'delivered' THEN 1 ELSE 0 END) AS delivered,
       SUM(CASE WHEN a.outcome = 'delivered' THEN 0 ELSE 1 END) AS failed
     FROM campsoft_attempts a WHERE a.attempted_at >= ?${s.sql} GROUP BY 1`,
    [first, ...s.params],
  );
  const byHour = new Map(rows.map((r) => [Math.floor(Number(r.hour)), r]));
  const out: StatsBucket[] = [];
  for (let i = 0; i < n; i++) {
    const hourStart = first + i * HOUR;
    const r = byHour.get(hourStart / HOUR);
    out.push({ hourStart, delivered: Number(r?.delivered ?? 0), failed: Number(r?.failed ?? 0) });
  }
  return out;
}
