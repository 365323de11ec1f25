/**
 * Cursors, snapshots and the outbox: a detection page, an API write and an operational event
 * each commit snapshots, events and their fan-out into deliveries in one transaction.
 *
 * @packageDocumentation
 */
import { LeaseLostError } from '../errors.js';
import type {
  CommitResult,
  CursorRecord,
  EntityRef,
  Json,
  OutboxEvent,
  Snapshot,
  SnapshotChange,
  StoredEvent,
} from '../types.js';
import { chunks, placeholders, type SqlDatabase, type SqlExecutor } from './executor.js';
import {
  type EndpointRow,
  newDeliveryId,
  parseJson,
  type SnapshotRow,
  subscribes,
  toSnapshot,
} from './rows.js';

type Upsert = Extract<SnapshotChange, { op: 'upsert' }>;

export async function getCursor(db: SqlExecutor, tenant: string, stream: string) {
  const rows = await db.query<{ cursor: string }>(
    'SELECT cursor FROM campsoft_cursors WHERE tenant = ? AND stream = ?',
    [tenant, stream],
  );
  return rows[0] ? parseJson(rows[0].cursor) : null;
}

export async function setCursor(
  db: SqlExecutor,
  tenant: string,
  stream: string,
  cursor: Json,
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO campsoft_cursors (tenant, stream, cursor, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant, stream) DO UPDATE SET cursor = excluded.cursor,
       updated_at = excluded.updated_at`,
    [tenant, stream, JSON.stringify(cursor), now],
  );
}

export async function listCursors(db: SqlExecutor, tenant?: string): Promise<CursorRecord[]> {
  const rows = await db.query<{
    tenant: string;
    stream: string;
    cursor: string;
    updated_at: number;
  }>(
    `SELECT tenant, stream, cursor, updated_at FROM campsoft_cursors
     ${tenant === undefined ? '' : 'WHERE tenant = ?'} ORDER BY tenant, stream`,
    tenant === undefined ? [] : [tenant],
  );
  return rows.map((r) => ({
    tenant: r.tenant,
    stream: r.stream,
    cursor: parseJson(r.cursor),
    updatedAt: Number(r.updated_at),
  }));
}

const SNAPSHOT_COLUMNS = 'tenant, kind, entity_id, fields, sequence, updated_at';

export async function getSnapshots(
  db: SqlExecutor,
  tenant: string,
  kind: string,
  ids: string[],
): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await db.query<SnapshotRow>(
      `SELECT ${SNAPSHOT_COLUMNS} FROM campsoft_snapshots
       WHERE tenant = ? AND kind = ? AND entity_id IN ${placeholders(part.length)}`,
      [tenant, kind, ...part],
    );
    out.push(...rows.map(toSnapshot));
  }
  return out;
}

export async function listSnapshots(
  db: SqlExecutor,
  tenant: string,
  kind: string,
  options: { afterId?: string; limit?: number } = {},
): Promise<Snapshot[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 500, 10_000));
  const after = options.afterId;
  const rows = await db.query<SnapshotRow>(
    `SELECT ${SNAPSHOT_COLUMNS} FROM campsoft_snapshots WHERE tenant = ? AND kind = ?
     ${after === undefined ? '' : 'AND (length(entity_id) > ? OR (length(entity_id) = ? AND entity_id > ?))'}
     ORDER BY length(entity_id), entity_id LIMIT ?`,
    after === undefined
      ? [tenant, kind, limit]
      : [tenant, kind, after.length, after.length, after, limit],
  );
  return rows.map(toSnapshot);
}

export async function getEvent(db: SqlExecutor, id: string): Promise<StoredEvent | null> {
  const rows = await db.query<{
    id: string;
    tenant: string;
    type: string;
    body: string;
    entity_kind: string | null;
    entity_id: string | null;
    created_at: number;
  }>('SELECT * FROM campsoft_events WHERE id = ?', [id]);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    tenant: r.tenant,
    type: r.type,
    body: r.body,
    entity:
      r.entity_kind !== null && r.entity_id !== null
        ? { kind: r.entity_kind, id: r.entity_id }
        : null,
    createdAt: Number(r.created_at),
  };
}

const refKey = (kind: string, id: string) => `${kind}\u0000${id}`;

async function writeSnapshots(
  tx: SqlExecutor,
  tenant: string,
  changes: SnapshotChange[],
  now: number,
): Promise<EntityRef[]> {
  const conflicts: EntityRef[] = [];
  // Unconditional upserts go in multi-row statements; one statement may not touch a row twice.
  const plain = new Map<string, Upsert>();
  const deletes = new Map<string, string[]>();
  for (const change of changes) {
    const key = refKey(change.kind, change.entityId);
    if (change.op === 'delete') {
      plain.delete(key);
      const ids = deletes.get(change.kind) ?? [];
      ids.push(change.entityId);
      deletes.set(change.kind, ids);
    } else if (change.expectedSequence === undefined) {
      plain.set(key, change);
    } else {
      const applied = await casUpsert(tx, tenant, change, now);
      if (!applied) conflicts.push({ kind: change.kind, id: change.entityId });
    }
  }
  for (const [kind, ids] of deletes) {
    for (const part of chunks(ids, 500)) {
      await tx.run(
        `DELETE FROM campsoft_snapshots WHERE tenant = ? AND kind = ? AND entity_id IN ${placeholders(part.length)}`,
        [tenant, kind, ...part],
      );
    }
  }
  for (const part of chunks([...plain.values()], 100)) {
    await tx.run(
      `INSERT INTO campsoft_snapshots (${SNAPSHOT_COLUMNS}) VALUES
       ${part.map(() => placeholders(6)).join(', ')}
       ON CONFLICT (tenant, kind, entity_id) DO UPDATE SET fields = excluded.fields,
         sequence = excluded.sequence, updated_at = excluded.updated_at`,
      part.flatMap((u) => [tenant, u.kind, u.entityId, JSON.stringify(u.fields), u.sequence, now]),
    );
  }
  return conflicts;
}

/** Compare-and-set on the sequence, atomic on both backends. */
async function casUpsert(tx: SqlExecutor, tenant: string, u: Upsert, now: number) {
  const values = [tenant, u.kind, u.entityId, JSON.stringify(u.fields), u.sequence, now];
  if (u.expectedSequence === 0) {
    const n = await tx.run(
      `INSERT INTO campsoft_snapshots (${SNAPSHOT_COLUMNS}) VALUES ${placeholders(6)}
       ON CONFLICT (tenant, kind, entity_id) DO NOTHING`,
      values,
    );
    return n === 1;
  }
  const n = await tx.run(
    `UPDATE campsoft_snapshots SET fields = ?, sequence = ?, updated_at = ?
     WHERE tenant = ? AND kind = ? AND entity_id = ? AND sequence = ?`,
    [values[3]!, u.sequence, now, tenant, u.kind, u.entityId, u.expectedSequence!],
  );
  return n === 1;
}

/** Insert events (duplicates ignored) and fan the new ones out to subscribed endpoints. */
export async function storeEvents(
  tx: SqlExecutor,
  events: OutboxEvent[],
  now: number,
  only?: string[],
): Promise<{ eventsInserted: number; deliveriesCreated: number }> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  if (unique.length === 0) return { eventsInserted: 0, deliveriesCreated: 0 };
  const inserted: OutboxEvent[] = [];
  for (const part of chunks(unique, 100)) {
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO campsoft_events (id, tenant, type, body, entity_kind, entity_id, created_at)
       VALUES ${part.map(() => placeholders(7)).join(', ')}
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      part.flatMap((e) => [
        e.id,
        e.tenant,
        e.type,
        JSON.stringify(e.payload),
        e.entity?.kind ?? null,
        e.entity?.id ?? null,
        now,
      ]),
    );
    const ids = new Set(rows.map((r) => r.id));
    // Keep detection order: RETURNING does not promise it.
    inserted.push(...part.filter((e) => ids.has(e.id)));
  }
  const endpoints = await tx.query<Pick<EndpointRow, 'id' | 'tenant' | 'event_types'>>(
    'SELECT id, tenant, event_types FROM campsoft_endpoints WHERE enabled = 1 ORDER BY created_at, id',
  );
  const targets = endpoints.map((e) => ({
    id: e.id,
    tenant: e.tenant,
    types: parseJson<string[]>(e.event_types),
  }));
  const rows: (string | number)[][] = [];
  for (const event of inserted) {
    for (const ep of targets) {
      const wanted = only
        ? only.includes(ep.id)
        : (ep.tenant === null || ep.tenant === event.tenant) && subscribes(ep.types, event.type);
      if (!wanted) continue;
      rows.push([
        newDeliveryId(now),
        event.id,
        ep.id,
        event.tenant,
        event.type,
        'pending',
        0,
        now,
        now,
      ]);
    }
  }
  for (const part of chunks(rows, 100)) {
    await tx.run(
      `INSERT INTO campsoft_deliveries (id, event_id, endpoint_id, tenant, event_type, status,
         attempts, next_attempt_at, created_at)
       VALUES ${part.map(() => placeholders(9)).join(', ')}
       ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
      part.flat(),
    );
  }
  return { eventsInserted: inserted.length, deliveriesCreated: rows.length };
}

async function assertLease(
  tx: SqlExecutor,
  db: SqlDatabase,
  name: string,
  owner: string,
  now: number,
) {
  const rows = await tx.query<{ owner: string; expires_at: number }>(
    `SELECT owner, expires_at FROM campsoft_leases WHERE name = ?${db.dialect.forUpdate}`,
    [name],
  );
  const lease = rows[0];
  if (!lease || lease.owner !== owner || Number(lease.expires_at) <= now) {
    throw new LeaseLostError(name);
  }
}

/** Snapshots, events and (optionally) a cursor in one transaction. */
export function commitChange(
  db: SqlDatabase,
  now: () => number,
  change: {
    tenant: string;
    snapshots: SnapshotChange[];
    events: OutboxEvent[];
    stream?: string;
    cursor?: Json;
    lease?: { name: string; owner: string };
  },
): Promise<CommitResult> {
  return db.transaction(async (tx) => {
    const at = now();
    if (change.lease) await assertLease(tx, db, change.lease.name, change.lease.owner, at);
    const conflicts = await writeSnapshots(tx, change.tenant, change.snapshots, at);
    const lost = new Set(conflicts.map((c) => refKey(c.kind, c.id)));
    const events = change.events.filter(
      (e) =>
        !(e.entity && e.tenant === change.tenant && lost.has(refKey(e.entity.kind, e.entity.id))),
    );
    const stored = await storeEvents(tx, events, at);
    if (change.stream !== undefined && change.cursor !== undefined) {
      await setCursor(tx, change.tenant, change.stream, change.cursor, at);
    }
    return { ...stored, conflicts };
  });
}
