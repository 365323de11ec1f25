/**
 * Idempotency records for `Idempotency-Key` (IETF draft): scoped by tenant and API key, kept
 * 24 h, decided atomically so two identical requests racing each other see one `new`.
 *
 * @packageDocumentation
 */
import type {
  IdempotencyBegin,
  IdempotencyKey,
  IdempotencyOutcome,
  StoredResponse,
} from '../types.js';
import type { SqlDatabase } from './executor.js';
import { parseJson } from './rows.js';

const DAY = 86_400_000;
const KEY = 'tenant = ? AND api_key_name = ? AND key = ?';

const keyParams = (k: IdempotencyKey) => [k.tenant, k.apiKeyName, k.key];

export function beginIdempotent(
  db: SqlDatabase,
  now: () => number,
  input: IdempotencyBegin,
): Promise<IdempotencyOutcome> {
  return db.transaction(async (tx) => {
    const at = now();
    const expiresAt = at + (input.ttlMs ?? DAY);
    const inserted = await tx.run(
      `INSERT INTO campsoft_idempotency (tenant, api_key_name, key, fingerprint, state,
         response, started_at, expires_at) VALUES (?, ?, ?, ?, 'in_flight', NULL, ?, ?)
       ON CONFLICT (tenant, api_key_name, key) DO NOTHING`,
      [...keyParams(input), input.fingerprint, at, expiresAt],
    );
    if (inserted === 1) return { state: 'new' };
    const [row] = await tx.query<{
      fingerprint: string;
      state: string;
      response: string | null;
      started_at: number;
      expires_at: number;
    }>(
      `SELECT fingerprint, state, response, started_at, expires_at FROM campsoft_idempotency
       WHERE ${KEY}${db.dialect.forUpdate}`,
      keyParams(input),
    );
    if (!row) return { state: 'conflict' };
    const expired = Number(row.expires_at) <= at;
    const same = row.fingerprint === input.fingerprint;
    // The first request died without an answer: the same request may run again.
    const abandoned =
      row.state === 'in_flight' && Number(row.started_at) + (input.inFlightMs ?? 60_000) <= at;
    if (expired || (same && abandoned)) {
      await tx.run(
        `UPDATE campsoft_idempotency SET fingerprint = ?, state = 'in_flight', response = NULL,
           started_at = ?, expires_at = ? WHERE ${KEY}`,
        [input.fingerprint, at, expiresAt, ...keyParams(input)],
      );
      return { state: 'new' };
    }
    if (!same) return { state: 'mismatch' };
    if (row.state !== 'done' || row.response === null) return { state: 'conflict' };
    return { state: 'replay', response: parseJson<StoredResponse>(row.response) };
  });
}

export async function completeIdempotent(
  db: SqlDatabase,
  at: number,
  key: IdempotencyKey,
  response: StoredResponse,
  ttlMs = DAY,
): Promise<void> {
  await db.run(
    `UPDATE campsoft_idempotency SET state = 'done', response = ?, expires_at = ? WHERE ${KEY}`,
    [JSON.stringify(response), at + ttlMs, ...keyParams(key)],
  );
}

export async function abandonIdempotent(db: SqlDatabase, key: IdempotencyKey): Promise<void> {
  await db.run(
    `DELETE FROM campsoft_idempotency WHERE ${KEY} AND state = 'in_flight'`,
    keyParams(key),
  );
}
