/**
 * `Idempotency-Key` on the write routes, after the IETF draft
 * (draft-ietf-httpapi-idempotency-key-header): the first answer to a key is stored for 24 h
 * per tenant and API key name; the same key with the same request replays it (with
 * `Idempotent-Replayed: true`), with another request is a 422, and while the first is still
 * running is a 409. The fingerprint is the method, the path, the dry-run flag and the body
 * as canonical JSON (keys sorted), so key order and spacing do not matter.
 *
 * Answers of 5xx are not stored: the record is dropped, so a retry with the same key runs
 * again (an SVA change planned from IXC's state finishes what a partial write left).
 */
import { createHash } from 'node:crypto';
import type { CampsoftStore, Json } from '../store/types.js';
import type { RoutePrincipal } from './table.js';
import { type ProblemWhere, type WriteAnswer, writeProblem } from './write-problem.js';

/** How long a key's answer is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Longest key accepted. */
export const MAX_IDEMPOTENCY_KEY = 255;

/** JSON text with object keys sorted at every depth: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of method, path, dry-run flag and canonical body. */
export function requestFingerprint(
  method: string,
  path: string,
  dryRun: boolean,
  body: unknown,
): string {
  const text = `${method.toUpperCase()} ${path}${dryRun ? '?dryRun' : ''}\n${canonicalJson(body ?? null)}`;
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The key of a request: absent, a valid key, or a reason for a 400. A key is 1–255 visible
 * ASCII characters, optionally sent as a structured-field string (`"abc"`), as the draft
 * specifies.
 */
export function parseIdempotencyKey(
  raw: string | undefined,
): { ok: true; key: string | undefined } | { ok: false; detail: string } {
  if (raw === undefined) return { ok: true, key: undefined };
  let key = raw.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(key)) {
    return {
      ok: false,
      detail: `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} visible ASCII characters.`,
    };
  }
  return { ok: true, key };
}

/** One keyed write. */
export interface IdempotentRequest {
  store: CampsoftStore;
  tenant: string;
  principal: RoutePrincipal;
  key: string;
  fingerprint: string;
  where: ProblemWhere;
}

/**
 * Runs `run` once per key: replays a stored answer, refuses a reused or busy key, or runs and
 * stores the answer (not a 5xx). If `run` throws, the key is forgotten and the error passes.
 *
 * @example
 * ```ts
 * const answer = await idempotent({ store, tenant, principal, key, fingerprint, where }, () => work());
 * ```
 */
export async function idempotent(
  req: IdempotentRequest,
  run: () => Promise<WriteAnswer>,
): Promise<WriteAnswer & { replayed?: boolean }> {
  const id = { tenant: req.tenant, apiKeyName: req.principal.name, key: req.key };
  const begun = await req.store.beginIdempotent({
    ...id,
    fingerprint: req.fingerprint,
    ttlMs: IDEMPOTENCY_TTL_MS,
  });
  if (begun.state === 'replay') {
    const { status, headers, body } = begun.response;
    return {
      status,
      headers: { ...headers, 'idempotent-replayed': 'true' },
      body: body as Record<string, unknown>,
      replayed: true,
    };
  }
  if (begun.state === 'conflict') {
    return writeProblem(
      'idempotency-key-in-use',
      'A request with this Idempotency-Key is still being processed; retry later.',
      req.where,
      {},
      { 'retry-after': '1' },
    );
  }
  if (begun.state === 'mismatch') {
    return writeProblem(
      'idempotency-key-mismatch',
      'This Idempotency-Key was used with another request (method, path or body); use a new key.',
      req.where,
    );
  }
  let answer: WriteAnswer;
  try {
    answer = await run();
  } catch (error) {
    await req.store.abandonIdempotent(id).catch(() => undefined);
    throw error;
  }
  if (answer.status >= 500) {
    await req.store.abandonIdempotent(id);
  } else {
    await req.store.completeIdempotent(
      id,
      { status: answer.status, headers: answer.headers, body: answer.body as Json },
      { ttlMs: IDEMPOTENCY_TTL_MS },
    );
  }
  return answer;
}
