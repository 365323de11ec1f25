/**
 * Claims that several dispatchers can share: due deliveries are chosen by plain reads, then
 * claimed by one UPDATE that locks only them and checks again that each is still due and
 * unclaimed, so a row another instance claimed meanwhile is left out, never claimed twice.
 *
 * A claim is a visibility timeout: the delivery is taken again once the claim lapses. It
 * writes only columns no index holds, so on PostgreSQL it is a heap-only (HOT) update, with
 * room kept free in each page for it, and on SQLite it rewrites the row alone; a claim
 * that moved the due time would have written every index of the table. The next choice reads
 * past the claims in flight, a few concurrencies' worth per instance.
 *
 * @packageDocumentation
 */
import type { AttemptRecord, AttemptResult, ClaimedDelivery, ClaimOptions } from '../types.js';
import { recordIn } from './attempts.js';
import {
  type Dialect,
  placeholders,
  type SqlDatabase,
  type SqlExecutor,
  type SqlValue,
} from './executor.js';
import {
  DELIVERY_COLUMNS,
  type DeliveryRow,
  type EndpointRow,
  parseJson,
  toDelivery,
} from './rows.js';

type EndpointColumns = Pick<
  EndpointRow,
  'url' | 'secrets' | 'allow_insecure' | 'include_cliente' | 'failing_since'
>;
type ClaimedRow = DeliveryRow & { body: string } & EndpointColumns;

const ENDPOINT_COLUMNS =
  'v.body, e.url, e.secrets, e.allow_insecure, e.include_cliente, e.failing_since';
/** The delivery columns as an UPDATE's RETURNING and a CTE named `c` spell them. */
const RETURNED_COLUMNS = DELIVERY_COLUMNS.replaceAll('d.', '');
const CTE_COLUMNS = DELIVERY_COLUMNS.replaceAll('d.', 'c.');

/** `column NOT IN (…)`: a fixed text on PostgreSQL (an array), a list on SQLite. */
function notIn(
  dialect: Dialect,
  column: string,
  values: readonly (string | number)[],
  type: 'TEXT' | 'BIGINT',
): { sql: string; params: SqlValue[] } {
  if (dialect.kind === 'postgres') {
    return { sql: ` AND ${column} <> ALL(CAST(? AS ${type}[]))`, params: [values] };
  }
  if (values.length === 0) return { sql: '', params: [] };
  return { sql: ` AND ${column} NOT IN ${placeholders(values.length)}`, params: [...values] };
}

/** Choose due deliveries, honouring a per-endpoint bound; plain reads, nothing locked. */
async function choose(
  db: SqlExecutor,
  dialect: Dialect,
  at: number,
  options: ClaimOptions,
): Promise<number[]> {
  const max = options.maxPerEndpoint ?? Number.POSITIVE_INFINITY;
  const load = new Map(Object.entries(options.busy ?? {}));
  const chosen: number[] = [];
  const window = Math.min(Math.max(options.limit * 2, 20), 1000);
  // A backlog on one endpoint must not starve the others: saturated endpoints are left
  // out of the next pass.
  for (let pass = 0; pass < 4 && chosen.length < options.limit; pass++) {
    const full = notIn(
      dialect,
      'd.endpoint_id',
      [...load].filter(([, n]) => n >= max).map(([id]) => id),
      'TEXT',
    );
    const taken = notIn(dialect, 'd.seq', chosen, 'BIGINT');
    const rows = await db.query<{ seq: number; endpoint_id: string }>(
      `SELECT d.seq, d.endpoint_id FROM campsoft_deliveries d
       JOIN campsoft_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.enabled = 1
         AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= ?)${full.sql}${taken.sql}
       ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
      [at, at, ...full.params, ...taken.params, window],
      { name: 'campsoft_claim_choose' },
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
  return chosen;
}

type ClaimedEndpoint = ClaimedDelivery['endpoint'];

function toClaimedEndpoint(id: string, r: EndpointColumns): ClaimedEndpoint {
  return {
    id,
    url: r.url,
    secrets: parseJson(r.secrets),
    allowInsecure: Number(r.allow_insecure) === 1,
    includeCliente: Number(r.include_cliente) === 1,
    failingSince: r.failing_since === null ? null : Number(r.failing_since),
  };
}

/**
 * In the order chosen (due time, then detection order), each endpoint read once per claim:
 * a claim holds many deliveries of few endpoints.
 */
function inOrder<R extends DeliveryRow & { body: string }>(
  chosen: readonly number[],
  rows: R[],
  endpointOf: (row: R) => ClaimedEndpoint,
): ClaimedDelivery[] {
  const rank = new Map(chosen.map((seq, i) => [seq, i]));
  rows.sort((x, y) => rank.get(Number(x.seq))! - rank.get(Number(y.seq))!);
  return rows.map((r) => {
    // Extended in place: a spread of the record would copy each of its fields again.
    const d = toDelivery(r) as ClaimedDelivery;
    d.body = r.body;
    d.endpoint = endpointOf(r);
    return d;
  });
}

/** Endpoints parsed once per claim, from the claimed rows' own columns. */
function endpointsFromRows(): (row: ClaimedRow) => ClaimedEndpoint {
  const seen = new Map<string, ClaimedEndpoint>();
  return (r) => {
    let e = seen.get(r.endpoint_id);
    if (!e) {
      e = toClaimedEndpoint(r.endpoint_id, r);
      seen.set(r.endpoint_id, e);
    }
    return e;
  };
}

/**
 * Claim within `tx` (a transaction, or on PostgreSQL a plain connection: its claim is one
 * statement). PostgreSQL locks (skipping rows another instance holds), claims and reads in
 * one statement with a fixed text, prepared once per connection; SQLite holds the write lock
 * for the whole transaction, so what was chosen is still due.
 */
async function claimIn(
  tx: SqlExecutor,
  dialect: Dialect,
  at: number,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  const chosen = await choose(tx, dialect, at, options);
  if (chosen.length === 0) return [];
  const expires = at + options.claimMs;
  if (dialect.kind === 'postgres') {
    const rows = await tx.query<ClaimedRow>(
      `WITH chosen AS (
         SELECT d.seq FROM campsoft_deliveries d
         WHERE d.seq = ANY(CAST(? AS BIGINT[])) AND d.status = 'pending'
           AND d.next_attempt_at <= ? AND (d.claim_expires_at IS NULL OR d.claim_expires_at <= ?)
         ${dialect.skipLocked}
       ), c AS (
         UPDATE campsoft_deliveries d SET claimed_by = ?, claim_expires_at = ?
         FROM chosen WHERE d.seq = chosen.seq
         RETURNING ${DELIVERY_COLUMNS}
       )
       SELECT ${CTE_COLUMNS}, ${ENDPOINT_COLUMNS}
       FROM c JOIN campsoft_events v ON v.id = c.event_id
       JOIN campsoft_endpoints e ON e.id = c.endpoint_id`,
      [chosen, at, at, options.owner, expires],
      { name: 'campsoft_claim' },
    );
    return inOrder(chosen, rows, endpointsFromRows());
  }
  // The claimed rows come back from the UPDATE; bodies and endpoints are read by key.
  // NOT INDEXED: left to itself SQLite reads the claim index for `status` and the due time,
  // every due row of the outbox, and filters them by seq; by rowid it reads the chosen alone.
  const claimed = await tx.query<DeliveryRow>(
    `UPDATE campsoft_deliveries NOT INDEXED SET claimed_by = ?, claim_expires_at = ?
     WHERE seq IN ${placeholders(chosen.length)} AND status = 'pending'
       AND next_attempt_at <= ? AND (claim_expires_at IS NULL OR claim_expires_at <= ?)
     RETURNING ${RETURNED_COLUMNS}`,
    [options.owner, expires, ...chosen, at, at],
  );
  if (claimed.length === 0) return [];
  const eventIds = claimed.map((r) => r.event_id);
  const bodies = new Map(
    (
      await tx.query<{ id: string; body: string }>(
        `SELECT id, body FROM campsoft_events WHERE id IN ${placeholders(eventIds.length)}`,
        eventIds,
      )
    ).map((r) => [r.id, r.body]),
  );
  const endpointIds = [...new Set(claimed.map((r) => r.endpoint_id))];
  const endpoints = new Map(
    (
      await tx.query<EndpointColumns & { id: string }>(
        `SELECT id, url, secrets, allow_insecure, include_cliente, failing_since
         FROM campsoft_endpoints WHERE id IN ${placeholders(endpointIds.length)}`,
        endpointIds,
      )
    ).map((r) => [r.id, toClaimedEndpoint(r.id, r)]),
  );
  const rows = claimed as (DeliveryRow & { body: string })[];
  for (const r of rows) r.body = bodies.get(r.event_id)!;
  return inOrder(chosen, rows, (r) => endpoints.get(r.endpoint_id)!);
}

/** Claim due deliveries, honouring a per-endpoint bound. */
export function claimDeliveries(
  db: SqlDatabase,
  now: () => number,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  // On PostgreSQL the choice is plain reads and the claim one statement that re-checks every
  // row: no transaction needed around them.
  if (db.dialect.kind === 'postgres') return claimIn(db, db.dialect, now(), options);
  return db.transaction((tx) => claimIn(tx, db.dialect, now(), options));
}

/**
 * Record attempts, then claim, in one transaction: the dispatcher's next claim rides on the
 * commit its outcomes need anyway.
 */
export function recordAndClaim(
  db: SqlDatabase,
  now: () => number,
  attempts: readonly AttemptRecord[],
  claim: ClaimOptions,
): Promise<{ results: AttemptResult[]; claimed: ClaimedDelivery[] }> {
  return db.transaction(async (tx) => {
    const at = now();
    const results = await recordIn(tx, db.dialect, at, attempts);
    const claimed = await claimIn(tx, db.dialect, at, claim);
    return { results, claimed };
  });
}
