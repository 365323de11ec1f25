/**
 * Leases: one holder per name across every process sharing the store. One atomic upsert on
 * both backends (PostgreSQL row-locks the conflicting row, SQLite holds the write lock).
 *
 * @packageDocumentation
 */
import type { Lease } from '../types.js';
import type { SqlExecutor } from './executor.js';

interface LeaseRow {
  name: string;
  owner: string;
  expires_at: number;
  generation: number;
}

const toLease = (r: LeaseRow): Lease => ({
  name: r.name,
  owner: r.owner,
  expiresAt: Number(r.expires_at),
  generation: Number(r.generation),
});

export async function acquireLease(
  db: SqlExecutor,
  at: number,
  name: string,
  owner: string,
  ttlMs: number,
): Promise<Lease | null> {
  const rows = await db.query<LeaseRow>(
    `INSERT INTO campsoft_leases (name, owner, expires_at, generation) VALUES (?, ?, ?, 1)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
       generation = CASE WHEN campsoft_leases.owner = excluded.owner
         AND campsoft_leases.expires_at > ? THEN campsoft_leases.generation
         ELSE campsoft_leases.generation + 1 END
     WHERE campsoft_leases.owner = excluded.owner OR campsoft_leases.expires_at <= ?
     RETURNING name, owner, expires_at, generation`,
    [name, owner, at + ttlMs, at, at],
  );
  return rows[0] ? toLease(rows[0]) : null;
}

export async function renewLease(
  db: SqlExecutor,
  at: number,
  name: string,
  owner: string,
  ttlMs: number,
): Promise<Lease | null> {
  const rows = await db.query<LeaseRow>(
    // A lapsed lease nobody took over is still ours to extend: nobody else ran meanwhile.
    `UPDATE campsoft_leases SET expires_at = ? WHERE name = ? AND owner = ?
     RETURNING name, owner, expires_at, generation`,
    [at + ttlMs, name, owner],
  );
  return rows[0] ? toLease(rows[0]) : null;
}

export async function releaseLease(db: SqlExecutor, name: string, owner: string) {
  // Expire rather than delete, so the generation keeps growing.
  await db.run('UPDATE campsoft_leases SET expires_at = 0 WHERE name = ? AND owner = ?', [
    name,
    owner,
  ]);
}

export async function getLease(db: SqlExecutor, at: number, name: string): Promise<Lease | null> {
  const rows = await db.query<LeaseRow>(
    'SELECT name, owner, expires_at, generation FROM campsoft_leases WHERE name = ? AND expires_at > ?',
    [name, at],
  );
  return rows[0] ? toLease(rows[0]) : null;
}
