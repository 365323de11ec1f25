/**
 * Recording attempt outcomes, many in one transaction: one set-based update of the
 * deliveries, one multi-row insert of the attempts, and the endpoints' failure clocks worked
 * out per endpoint in attempt order. A dispatcher records whatever finished while the previous
 * batch was being written (group commit), so the store's cost per attempt falls as the load
 * grows instead of being one transaction, and on PostgreSQL seven round trips, per attempt.
 *
 * @packageDocumentation
 */
import type { AttemptRecord, AttemptResult } from '../types.js';
import {
  type Dialect,
  placeholders,
  type SqlDatabase,
  type SqlExecutor,
  type SqlValue,
} from './executor.js';

/** Rows per statement: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

/**
 * A success after failures that started at least this long before it (the schedule's first
 * retry delay) makes the endpoint's waiting retries due at once.
 */
export const CATCH_UP_AFTER_MS = 5_000;

const STATUS_OF = { delivered: 'delivered', retry: 'pending', failed: 'failed' } as const;

interface Target {
  endpoint_id: string;
  tenant: string;
}

const errorText = (e: string | null) => (e === null ? null : e.slice(0, 1000));

/** Chunks of at most `size` in which no delivery id appears twice (one UPDATE row each). */
function distinctChunks(list: readonly AttemptRecord[], size: number): AttemptRecord[][] {
  const out: AttemptRecord[][] = [];
  let current: AttemptRecord[] = [];
  let ids = new Set<string>();
  for (const a of list) {
    if (current.length >= size || ids.has(a.deliveryId)) {
      out.push(current);
      current = [];
      ids = new Set();
    }
    current.push(a);
    ids.add(a.deliveryId);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** `unnest(CAST(? AS T1[]), …)`: one array per column, a text fixed whatever the row count. */
function unnestOf(types: readonly string[]): string {
  return `unnest(${types.map((t) => `CAST(? AS ${t}[])`).join(', ')})`;
}

/** Rows as one array per column, the values `unnestOf` binds. */
function asColumns(rows: readonly SqlValue[][], width: number): SqlValue[] {
  return Array.from({ length: width }, (_, i) => rows.map((r) => r[i] as string | number | null));
}

/** Types of the columns {@link updateDeliveries} binds, in order. */
const DELIVERY_TYPES = [
  'TEXT',
  'TEXT',
  'BIGINT',
  'BIGINT',
  'INTEGER',
  'TEXT',
  'INTEGER',
  'BIGINT',
  'TEXT',
];
const RECORD_SET = `UPDATE campsoft_deliveries AS d SET status = v.column2,
       attempts = d.attempts + 1, next_attempt_at = v.column3, last_attempt_at = v.column4,
       last_status_code = v.column5, last_error = v.column6, last_duration_ms = v.column7,
       delivered_at = COALESCE(v.column8, d.delivered_at), claimed_by = NULL,
       claim_expires_at = NULL`;
const RECORD_WHERE = `WHERE d.id = v.column1 AND d.status = 'pending'
       AND (d.claimed_by = v.column9 OR d.claimed_by IS NULL OR d.claim_expires_at <= ?)
     RETURNING id, endpoint_id, tenant`;
// VALUES columns are named column1… on SQLite as the unnest alias names them on PostgreSQL.
const RECORD_POSTGRES = `${RECORD_SET}
     FROM ${unnestOf(DELIVERY_TYPES)} AS v(${DELIVERY_TYPES.map((_, i) => `column${i + 1}`).join(', ')})
     ${RECORD_WHERE}`;
const RECORD_ROW = `(${DELIVERY_TYPES.map((t) => (t === 'TEXT' ? '?' : `CAST(? AS ${t})`)).join(', ')})`;

/** Apply one chunk to the deliveries; returns the ids it changed with their endpoint. */
async function updateDeliveries(
  tx: SqlExecutor,
  dialect: Dialect,
  chunk: readonly AttemptRecord[],
  at: number,
): Promise<Map<string, Target>> {
  const rows: SqlValue[][] = chunk.map((a) => [
    a.deliveryId,
    STATUS_OF[a.outcome],
    a.outcome === 'retry' ? a.nextAttemptAt : null,
    a.attemptedAt,
    a.statusCode,
    errorText(a.error),
    Math.round(a.durationMs),
    a.outcome === 'delivered' ? a.attemptedAt : null,
    a.owner,
  ]);
  const updated: (Target & { id: string })[] =
    dialect.kind === 'postgres'
      ? await tx.query(RECORD_POSTGRES, [...asColumns(rows, DELIVERY_TYPES.length), at], {
          name: 'campsoft_record_deliveries',
        })
      : await tx.query(
          `${RECORD_SET} FROM (VALUES ${rows.map(() => RECORD_ROW).join(', ')}) AS v
           ${RECORD_WHERE}`,
          [...rows.flat(), at],
        );
  return new Map(updated.map((r) => [r.id, { endpoint_id: r.endpoint_id, tenant: r.tenant }]));
}

/** Endpoint and tenant of deliveries an attempt was recorded for but not applied to. */
async function lookUp(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, Target>> {
  const out = new Map<string, Target>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const rows = await tx.query<Target & { id: string }>(
      `SELECT id, endpoint_id, tenant FROM campsoft_deliveries WHERE id IN ${placeholders(part.length)}`,
      part,
    );
    for (const r of rows) out.set(r.id, { endpoint_id: r.endpoint_id, tenant: r.tenant });
  }
  return out;
}

const ATTEMPT_TYPES = ['TEXT', 'TEXT', 'TEXT', 'BIGINT', 'INTEGER', 'TEXT', 'INTEGER', 'TEXT'];
const INSERT_ATTEMPTS = `INSERT INTO campsoft_attempts (delivery_id, endpoint_id, tenant,
     attempted_at, status_code, error, duration_ms, outcome)`;
const INSERT_ATTEMPTS_POSTGRES = `${INSERT_ATTEMPTS} SELECT * FROM ${unnestOf(ATTEMPT_TYPES)}`;

async function insertAttempts(
  tx: SqlExecutor,
  dialect: Dialect,
  list: readonly { a: AttemptRecord; target: Target }[],
): Promise<void> {
  const rows: SqlValue[][] = list.map(({ a, target }) => [
    a.deliveryId,
    target.endpoint_id,
    target.tenant,
    a.attemptedAt,
    a.statusCode,
    errorText(a.error),
    Math.round(a.durationMs),
    a.outcome,
  ]);
  if (dialect.kind === 'postgres') {
    await tx.run(INSERT_ATTEMPTS_POSTGRES, asColumns(rows, ATTEMPT_TYPES.length), {
      name: 'campsoft_record_attempts',
    });
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await tx.run(
      `${INSERT_ATTEMPTS} VALUES ${part.map(() => placeholders(8)).join(', ')}`,
      part.flat(),
    );
  }
}

/** The endpoints' failure clocks as stored. */
async function failingSince(
  tx: SqlExecutor,
  dialect: Dialect,
  ids: readonly string[],
): Promise<Map<string, number | null>> {
  type Row = { id: string; failing_since: number | null };
  const rows: Row[] = [];
  if (dialect.kind === 'postgres') {
    rows.push(
      ...(await tx.query<Row>(
        'SELECT id, failing_since FROM campsoft_endpoints WHERE id = ANY(CAST(? AS TEXT[]))',
        [ids],
        { name: 'campsoft_record_failing' },
      )),
    );
  } else {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      rows.push(
        ...(await tx.query<Row>(
          `SELECT id, failing_since FROM campsoft_endpoints WHERE id IN ${placeholders(part.length)}`,
          part,
        )),
      );
    }
  }
  return new Map(
    rows.map((r) => [r.id, r.failing_since === null ? null : Number(r.failing_since)]),
  );
}

/**
 * One endpoint's failure clock through its attempts of the batch, in order: a success stops
 * it (and, when it had run for {@link CATCH_UP_AFTER_MS}, makes the endpoint's waiting
 * retries due now); a failure
 * starts it unless it runs. Endpoint rows are only written (and locked) when the clock
 * changes, so attempts of several instances to one endpoint do not queue behind each other.
 */
async function updateFailing(
  tx: SqlExecutor,
  endpointId: string,
  prior: number | null,
  attempts: readonly { index: number; a: AttemptRecord }[],
  results: AttemptResult[],
  at: number,
): Promise<void> {
  let current = prior;
  // A success after a clock that was running before the batch (the stored one, which
  // another instance may have stopped meanwhile) or that this batch started.
  let catchUpStored = false;
  let catchUpOwn = false;
  // A success soon after the stored clock started: the receiver was not down, so the clock
  // stops without a catch-up (left running, the next success would catch up every retry).
  let stopStored = false;
  let started: { index: number }[] = [];
  for (const { index, a } of attempts) {
    if (a.outcome === 'delivered') {
      // Only a receiver that was down for a while is caught up with: one that rejects some
      // deliveries between successes keeps their retries on the schedule.
      const wasDown = current !== null && a.attemptedAt - current >= CATCH_UP_AFTER_MS;
      if (wasDown && current === prior) catchUpStored = true;
      else if (wasDown) catchUpOwn = true;
      else if (current !== null && current === prior) stopStored = true;
      current = null;
      started = [];
      results[index]!.endpointFailingSince = null;
    } else {
      current ??= a.attemptedAt;
      started.push({ index });
      results[index]!.endpointFailingSince = current;
    }
  }
  let catchUp = catchUpOwn;
  if (catchUpStored) {
    const cleared = await tx.query<{ id: string }>(
      'UPDATE campsoft_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL RETURNING id',
      [endpointId],
    );
    catchUp ||= cleared.length > 0;
  }
  if (catchUp) {
    // The receiver is back: catch up now, in detection order, not at each retry's slot.
    await tx.run(
      `UPDATE campsoft_deliveries SET next_attempt_at = ?
       WHERE endpoint_id = ? AND status = 'pending' AND attempts > 0 AND next_attempt_at > ?`,
      [at, endpointId, at],
    );
  }
  if (stopStored && !catchUpStored) {
    // Stopped, or restarted by a failure after the success; only the clock we read moves.
    const moved = await tx.run(
      'UPDATE campsoft_endpoints SET failing_since = ? WHERE id = ? AND failing_since = ?',
      [current, endpointId, prior],
    );
    if (moved > 0 || current === null) return;
  } else if (current === null || (current === prior && !catchUpStored)) return;
  const set = await tx.run(
    'UPDATE campsoft_endpoints SET failing_since = ? WHERE id = ? AND failing_since IS NULL',
    [current, endpointId],
  );
  if (set === 0) {
    // Another instance started the clock first: theirs is the one that counts.
    const rows = await tx.query<{ failing_since: number | null }>(
      'SELECT failing_since FROM campsoft_endpoints WHERE id = ?',
      [endpointId],
    );
    const since = rows[0]?.failing_since;
    const value = since === null || since === undefined ? null : Number(since);
    for (const { index } of started) results[index]!.endpointFailingSince = value;
  }
}

/**
 * Record attempts inside a transaction `tx` opened at `at`, each as {@link recordAttempt}
 * would one after the other: the delivery updated while its claim holds (or is free), the
 * attempt kept in the history either way, the endpoint's failure clock moved. Results are in
 * input order.
 */
export async function recordIn(
  tx: SqlExecutor,
  dialect: Dialect,
  at: number,
  list: readonly AttemptRecord[],
): Promise<AttemptResult[]> {
  const results: AttemptResult[] = list.map(() => ({
    applied: false,
    endpointFailingSince: null,
  }));
  if (list.length === 0) return results;
  const targets = new Map<string, Target>();
  let offset = 0;
  for (const chunk of distinctChunks(list, CHUNK)) {
    const updated = await updateDeliveries(tx, dialect, chunk, at);
    chunk.forEach((a, i) => {
      const target = updated.get(a.deliveryId);
      if (!target) return;
      results[offset + i]!.applied = true;
      targets.set(a.deliveryId, target);
    });
    offset += chunk.length;
  }
  const missing = [...new Set(list.map((a) => a.deliveryId))].filter((id) => !targets.has(id));
  if (missing.length > 0) for (const [id, t] of await lookUp(tx, missing)) targets.set(id, t);
  const kept: { a: AttemptRecord; target: Target }[] = [];
  const byEndpoint = new Map<string, { index: number; a: AttemptRecord }[]>();
  list.forEach((a, index) => {
    // A delivery that is gone keeps no history, as when recorded on its own.
    const target = targets.get(a.deliveryId);
    if (!target) return;
    kept.push({ a, target });
    const mine = byEndpoint.get(target.endpoint_id) ?? [];
    mine.push({ index, a });
    byEndpoint.set(target.endpoint_id, mine);
  });
  if (kept.length === 0) return results;
  await insertAttempts(tx, dialect, kept);
  const ids = [...byEndpoint.keys()].sort();
  const prior = await failingSince(tx, dialect, ids);
  // Sorted, so two instances lock endpoint rows in the same order.
  for (const id of ids) {
    if (!prior.has(id)) continue;
    await updateFailing(tx, id, prior.get(id) ?? null, byEndpoint.get(id)!, results, at);
  }
  return results;
}

/** Record attempts in one transaction (see {@link recordIn}). */
export function recordAttempts(
  db: SqlDatabase,
  now: () => number,
  list: readonly AttemptRecord[],
): Promise<AttemptResult[]> {
  if (list.length === 0) return Promise.resolve([]);
  return db.transaction((tx) => recordIn(tx, db.dialect, now(), list));
}

/**
 * Give claims back without an attempt (a dispatcher stopping with claimed work it did not
 * start): they are due again at once for any instance. Only the owner's claims are freed.
 */
export function releaseClaims(
  db: SqlDatabase,
  owner: string,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return db.transaction(async (tx) => {
    let n = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      // A claim leaves the due time as it was: freed, the delivery is due at once, in its place.
      n += await tx.run(
        `UPDATE campsoft_deliveries SET claimed_by = NULL, claim_expires_at = NULL
         WHERE id IN ${placeholders(part.length)} AND claimed_by = ? AND status = 'pending'`,
        [...part, owner],
      );
    }
    return n;
  });
}
