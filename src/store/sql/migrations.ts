/**
 * Schema migrations, shared by both dialects. Tables are prefixed `campsoft_` so the store can
 * share a database with an application. Each migration runs once, in order, in a transaction
 * that also records the new version.
 *
 * @packageDocumentation
 */
import type { Dialect, SqlDatabase } from './executor.js';

/** Migrations, oldest first; `{id}` is the dialect's auto-incrementing key. */
/** Marks a migration statement PostgreSQL alone runs (a storage setting SQLite has no word for). */
const POSTGRES_ONLY = '{postgres}';

const MIGRATIONS: readonly string[][] = [
  [
    `CREATE TABLE campsoft_cursors (
      tenant TEXT NOT NULL, stream TEXT NOT NULL, cursor TEXT NOT NULL,
      updated_at BIGINT NOT NULL, PRIMARY KEY (tenant, stream))`,
    `CREATE TABLE campsoft_snapshots (
      tenant TEXT NOT NULL, kind TEXT NOT NULL, entity_id TEXT NOT NULL, fields TEXT NOT NULL,
      sequence BIGINT NOT NULL, updated_at BIGINT NOT NULL,
      PRIMARY KEY (tenant, kind, entity_id))`,
    // Reconciliation pages snapshots in numeric id order: by length, then text.
    `CREATE INDEX campsoft_snapshots_order
      ON campsoft_snapshots (tenant, kind, length(entity_id), entity_id)`,
    `CREATE TABLE campsoft_events (
      id TEXT PRIMARY KEY, tenant TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
      entity_kind TEXT, entity_id TEXT, created_at BIGINT NOT NULL)`,
    `CREATE INDEX campsoft_events_created ON campsoft_events (created_at)`,
    `CREATE TABLE campsoft_endpoints (
      id TEXT PRIMARY KEY, tenant TEXT, url TEXT NOT NULL, event_types TEXT NOT NULL,
      description TEXT NOT NULL, enabled INTEGER NOT NULL, disabled_reason TEXT,
      secrets TEXT NOT NULL, allow_insecure INTEGER NOT NULL, failing_since BIGINT,
      created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
    `CREATE TABLE campsoft_deliveries (
      seq {id}, id TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL, endpoint_id TEXT NOT NULL,
      tenant TEXT NOT NULL, event_type TEXT NOT NULL, status TEXT NOT NULL,
      attempts INTEGER NOT NULL, next_attempt_at BIGINT, last_attempt_at BIGINT,
      last_status_code INTEGER, last_error TEXT, last_duration_ms INTEGER,
      created_at BIGINT NOT NULL, delivered_at BIGINT, claimed_by TEXT, claim_expires_at BIGINT,
      UNIQUE (event_id, endpoint_id))`,
    `CREATE INDEX campsoft_deliveries_due ON campsoft_deliveries (next_attempt_at, seq)
      WHERE status = 'pending'`,
    `CREATE INDEX campsoft_deliveries_endpoint ON campsoft_deliveries (endpoint_id, seq)`,
    `CREATE INDEX campsoft_deliveries_delivered ON campsoft_deliveries (delivered_at)`,
    `CREATE INDEX campsoft_deliveries_status ON campsoft_deliveries (status, endpoint_id)`,
    `CREATE TABLE campsoft_attempts (
      seq {id}, delivery_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, tenant TEXT NOT NULL,
      attempted_at BIGINT NOT NULL, status_code INTEGER, error TEXT,
      duration_ms INTEGER NOT NULL, outcome TEXT NOT NULL)`,
    `CREATE INDEX campsoft_attempts_delivery ON campsoft_attempts (delivery_id, seq)`,
    `CREATE INDEX campsoft_attempts_time ON campsoft_attempts (attempted_at)`,
    `CREATE TABLE campsoft_leases (
      name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL,
      generation BIGINT NOT NULL)`,
    `CREATE TABLE campsoft_idempotency (
      tenant TEXT NOT NULL, api_key_name TEXT NOT NULL, key TEXT NOT NULL,
      fingerprint TEXT NOT NULL, state TEXT NOT NULL, response TEXT,
      started_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
      PRIMARY KEY (tenant, api_key_name, key))`,
    `CREATE INDEX campsoft_idempotency_expiry ON campsoft_idempotency (expires_at)`,
    `CREATE TABLE campsoft_audit (
      id {id}, at BIGINT NOT NULL, tenant TEXT NOT NULL, api_key_name TEXT NOT NULL,
      action TEXT NOT NULL, record TEXT NOT NULL)`,
    `CREATE INDEX campsoft_audit_tenant ON campsoft_audit (tenant, id)`,
  ],
  [
    // Claims read due deliveries in (next_attempt_at, seq) order. Without statistics both
    // SQLite and PostgreSQL preferred the (status, endpoint_id) index and sorted every pending
    // row on each claim; this one answers the claim's filter and order from the index alone
    // and serves the status counts too, so the other two go (one index less to write at each
    // attempt).
    `CREATE INDEX campsoft_deliveries_claim ON campsoft_deliveries (status, next_attempt_at, seq)`,
    `DROP INDEX campsoft_deliveries_due`,
    `DROP INDEX campsoft_deliveries_status`,
  ],
  // Endpoints may opt in to the customer's (masked) details in each payload.
  ['ALTER TABLE campsoft_endpoints ADD COLUMN include_cliente INTEGER NOT NULL DEFAULT 0'],
  // A claim writes no indexed column: with room left in each page PostgreSQL makes it a
  // heap-only update instead of a new entry in each of the table's six indexes.
  [`${POSTGRES_ONLY}ALTER TABLE campsoft_deliveries SET (fillfactor = 70)`],
  // Each delivery is updated twice per attempt (claim, outcome), and with 30 % free many
  // claims found no room in their page. Pages written from now on keep half of each free.
  [`${POSTGRES_ONLY}ALTER TABLE campsoft_deliveries SET (fillfactor = 50)`],
];

/** The schema version after every migration. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function render(sql: string, dialect: Dialect): string | null {
  if (sql.startsWith(POSTGRES_ONLY)) {
    return dialect.kind === 'postgres' ? sql.slice(POSTGRES_ONLY.length) : null;
  }
  return sql.replaceAll('{id}', dialect.autoId);
}

/** Read the applied version (0 before the first migration). */
export async function readVersion(db: SqlDatabase): Promise<number> {
  const rows = await db
    .query<{ version: number }>('SELECT version FROM campsoft_schema')
    .catch(() => []);
  return rows[0]?.version ?? 0;
}

/** Apply what is missing, under a lock that makes concurrent openers wait their turn. */
export async function migrate(db: SqlDatabase): Promise<number> {
  return db.migrationLock(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS campsoft_schema (version INTEGER NOT NULL)');
    const rows = await tx.query<{ version: number }>('SELECT version FROM campsoft_schema');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await tx.run('INSERT INTO campsoft_schema (version) VALUES (0)');
    for (; version < MIGRATIONS.length; version++) {
      for (const sql of MIGRATIONS[version]!) {
        const statement = render(sql, db.dialect);
        if (statement !== null) await tx.run(statement);
      }
      await tx.run('UPDATE campsoft_schema SET version = ?', [version + 1]);
    }
    return version;
  });
}
