/**
 * Receiver side: `verifyWebhook` checks a Standard Webhooks delivery exactly as the
 * reference libraries do (constant-time comparison, a timestamp tolerance in both
 * directions, any one of several signatures).
 *
 * @packageDocumentation
 */
import { timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './errors.js';
import { sign } from './signing.js';

/** Request headers as Node, fetch or a framework give them. */
export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

/** Options of {@link verifyWebhook}. */
export interface VerifyOptions {
  /** Accepted distance between `webhook-timestamp` and now, either way (default 300 s). */
  toleranceSec?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

/** A verified delivery. */
export interface VerifiedWebhook<T = unknown> {
  /** `webhook-id`: dedupe on it, it stays the same across retries. */
  id: string;
  /** `webhook-timestamp` (Unix seconds of this attempt). */
  timestamp: number;
  /** The parsed JSON body. */
  payload: T;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const value =
    record[name] ??
    Object.entries(record).find(([key]) => key.toLowerCase() === name)?.[1] ??
    undefined;
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verify a delivery and return its parsed body. Pass the raw body exactly as received:
 * re-serialised JSON does not verify. `secret` may be a list (your side of a rotation).
 *
 * @throws {WebhookVerificationError} with a `reason`.
 * @example
 * ```ts
 * import { verifyWebhook } from 'ixc-campsoft/webhooks';
 * app.post('/hooks', express.raw({ type: 'application/json' }), (req, res) => {
 *   const { id, payload } = verifyWebhook(req.body, req.headers, process.env.CAMPSOFT_WEBHOOK_SECRET!);
 *   if (seen.has(id)) return res.sendStatus(204);
 *   handle(payload);
 *   res.sendStatus(204);
 * });
 * ```
 */
export function verifyWebhook<T = unknown>(
  rawBody: string | Uint8Array,
  headers: WebhookHeaders,
  secret: string | string[],
  options: VerifyOptions = {},
): VerifiedWebhook<T> {
  const id = header(headers, 'webhook-id');
  const ts = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !ts || !signatures) {
    throw new WebhookVerificationError(
      'missing_headers',
      'Missing webhook-id, webhook-timestamp or webhook-signature',
    );
  }
  if (!/^\d{1,12}$/.test(ts)) {
    throw new WebhookVerificationError(
      'invalid_timestamp',
      'webhook-timestamp is not Unix seconds',
    );
  }
  const timestamp = Number(ts);
  const nowSec = Math.floor((options.now ?? Date.now)() / 1000);
  const tolerance = options.toleranceSec ?? 300;
  if (timestamp < nowSec - tolerance) {
    throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old');
  }
  if (timestamp > nowSec + tolerance) {
    throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is in the future');
  }
  const offered = signatures
    .split(' ')
    .map((s) => s.split(','))
    .filter((parts) => parts[0] === 'v1' && parts[1])
    .map((parts) => Buffer.from(parts[1]!, 'base64'));
  for (const s of Array.isArray(secret) ? secret : [secret]) {
    const expected = Buffer.from(sign(s, id, timestamp, rawBody).slice(3), 'base64');
    if (offered.some((o) => o.length === expected.length && timingSafeEqual(o, expected))) {
      const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
      return { id, timestamp, payload: JSON.parse(text) as T };
    }
  }
  throw new WebhookVerificationError('no_matching_signature', 'No signature matches the secret');
}
