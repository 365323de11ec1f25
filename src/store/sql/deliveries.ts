/**
 * Deliveries: claims that several dispatchers can share, attempts, and the monitoring views.
 *
 * @packageDocumentation
 */
import type {
  AttemptRecord,
  AttemptResult,
  AttemptRow,
  ClaimedDelivery,
  ClaimOptions,
  DeliveryPage,
  DeliveryQuery,
  DeliveryRecord,
  DeliverySummary,
  StatsBucket,
  StatsScope,
} from '../types.js';
import { placeholders, type SqlDatabase, type SqlExecutor, type SqlValue } from './executor.js';
import {
  type AttemptDbRow,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  type EndpointRow,
  parseJson,
  toAttempt,
  toDelivery,
} from './rows.js';

const HOUR = 3_600_000;

/** Claim due deliveries, honouring a per-endpoint bound. */
export function claimDeliveries(
  db: SqlDatabase,
  now: () => number,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const at = now();
    const max = options.maxPerEndpoint ?? Number.POSITIVE_INFINITY;
    const load = new Map(Object.entries(options.busy ?? {}));
    const chosen: number[] = [];
    const window = Math.min(Math.max(options.limit * 4, 20), 1000);
    // A backlog on one endpoint must not starve the others: saturated endpoints are left
    // out of the next pass.
    for (let pass = 0; pass < 4 && chosen.length < options.limit; pass++) {
      const full = [...load].filter(([, n]) => n >= max).map(([id]) => id);
      const params: SqlValue[] = [at, at, ...full];
      if (chosen.length > 0) params.push(...chosen);
      const rows = await tx.query<{ seq: number; endpoint_id: string }>(
        `SELECT d.seq, d.endpoint_id FROM campsoft_deliveries d
         JOIN campsoft_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.enabled = 1
           AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= ?)
           ${full.length ? `AND d.endpoint_id NOT IN ${placeholders(full.length)}` : ''}
           ${chosen.length ? `AND d.seq NOT IN ${placeholders(chosen.length)}` : ''}
         ORDER BY d.next_attempt_at, d.seq LIMIT ${window}${db.dialect.skipLocked}`,
        params,
      );
      let saturated = false;
      for (const row of rows) {
        if (chosen.length >= options.limit) break;
        const n = load.get(row.endpoint_id) ?? 0;
        if (n >= max) {
          saturated = true;
          continue;
        }
        load.set(row.endpoint_id, n + 1);
        chosen.push(Number(row.seq));
      }
      if (rows.length < window || !saturated) break;
    }
    if (chosen.length === 0) return [];
    await tx.run(
      `UPDATE campsoft_deliveries SET claimed_by = ?, claim_expires_at = ?
       WHERE seq IN ${placeholders(chosen.length)}`,
      [options.owner, at + options.claimMs, ...chosen],
    );
    const rows = await tx.query<
      DeliveryRow & { body: string } & Pick<
          EndpointRow,
          'url' | 'secrets' | 'allow_insecure' | 'include_cliente' | 'failing_since'
        >
    >(
      `SELECT ${DELIVERY_COLUMNS}, v.body, e.url, e.secrets, e.allow_insecure, e.include_cliente,
         e.failing_since
       FROM campsoft_deliveries d
       JOIN campsoft_events v ON v.id = d.event_id
       JOIN campsoft_endpoints e ON e.id = d.endpoint_id
       WHERE d.seq IN ${placeholders(chosen.length)} ORDER BY d.next_attempt_at, d.seq`,
      chosen,
    );
    return rows.map((r) => ({
      ...toDelivery(r),
      body: r.body,
      endpoint: {
        id: r.endpoint_id,
        url: r.url,
        secrets: parseJson(r.secrets),
        allowInsecure: Number(r.allow_insecure) === 1,
        includeCliente: Number(r.include_cliente) === 1,
        failingSince: r.failing_since === null ? null : Number(r.failing_since),
      },
    }));
  });
}

const STATUS_OF = { delivered: 'delivered', retry: 'pending', failed: 'failed' } as const;

/** Record an attempt; on the first success after failures, the endpoint's backlog is due now. */
export function recordAttempt(
  db: SqlDatabase,
  now: () => number,
  a: AttemptRecord,
): Promise<AttemptResult> {
  return db.transaction(async (tx) => {
    const at = now();
    const delivered = a.outcome === 'delivered';
    const updated = await tx.query<{ endpoint_id: string; tenant: string }>(
      `UPDATE campsoft_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
         last_attempt_at = ?, last_status_code = ?, last_error = ?, last_duration_ms = ?,
         delivered_at = COALESCE(?, delivered_at), claimed_by = NULL, claim_expires_at = NULL
       WHERE id = ? AND status = 'pending'
         AND (claimed_by = ? OR claimed_by IS NULL OR claim_expires_at <= ?)
       RETURNING endpoint_id, tenant`,
      [
        STATUS_OF[a.outcome],
        a.outcome === 'retry' ? a.nextAttemptAt : null,
        a.attemptedAt,
        a.statusCode,
        a.error === null ? null : a.error.slice(0, 1000),
        Math.round(a.durationMs),
        delivered ? a.attemptedAt : null,
        a.deliveryId,
        a.owner,
        at,
      ],
    );
    let target = updated[0];
    if (!target) {
      target = (
        await tx.query<{ endpoint_id: string; tenant: string }>(
          'SELECT endpoint_id, tenant FROM campsoft_deliveries WHERE id = ?',
          [a.deliveryId],
        )
      )[0];
      if (!target) return { applied: false, endpointFailingSince: null };
    }
    await tx.run(
      `INSERT INTO campsoft_attempts (delivery_id, endpoint_id, tenant, attempted_at,
         status_code, error, duration_ms, outcome) VALUES ${placeholders(8)}`,
      [
        a.deliveryId,
        target.endpoint_id,
        target.tenant,
        a.attemptedAt,
        a.statusCode,
        a.error === null ? null : a.error.slice(0, 1000),
        Math.round(a.durationMs),
        a.outcome,
      ],
    );
    const failingSince = await updateFailing(tx, target.endpoint_id, delivered, a.attemptedAt, at);
    return { applied: updated.length === 1, endpointFailingSince: failingSince };
  });
}

async function updateFailing(
  tx: SqlExecutor,
  endpointId: string,
  delivered: boolean,
  attemptedAt: number,
  at: number,
): Promise<number | null> {
  // Conditional updates only touch (and lock) the endpoint row when its state changes, so
  // concurrent attempts to one endpoint do not queue behind each other.
  if (delivered) {
    const cleared = await tx.query<{ id: string }>(
      'UPDATE campsoft_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL RETURNING id',
      [endpointId],
    );
    if (cleared.length > 0) {
      // The receiver is back: catch up now, in detection order, not at each retry's slot.
      await tx.run(
        `UPDATE campsoft_deliveries SET next_attempt_at = ?
         WHERE endpoint_id = ? AND status = 'pending' AND attempts > 0 AND next_attempt_at > ?`,
        [at, endpointId, at],
      );
    }
    return null;
  }
  await tx.run(
    'UPDATE campsoft_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL',
    [attemptedAt, endpointId],
  );
  const rows = await tx.query<{ failing_since: number | null }>(
    'SELECT failing_since FROM campsoft_endpoints WHERE id = ?',
    [endpointId],
  );
  const since = rows[0]?.failing_since;
  return since === null || since === undefined ? null : Number(since);
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
