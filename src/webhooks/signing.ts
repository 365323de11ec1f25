/**
 * Standard Webhooks 1.0 signing: `webhook-id`, `webhook-timestamp` (Unix seconds of this
 * attempt) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one
 * signature per active secret during a rotation. Secrets are `whsec_<base64>`; the HMAC key
 * is the decoded bytes.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes } from 'node:crypto';
import { WebhookVerificationError } from './errors.js';

const PREFIX = 'whsec_';

/**
 * A new random secret, `whsec_` + base64 of `bytes` (24–64, default 32) random bytes.
 *
 * @example
 * ```ts
 * const secret = generateSecret(); // 'whsec_…'
 * ```
 */
export function generateSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 24 || bytes > 64) {
    throw new RangeError('A webhook secret has 24 to 64 random bytes');
  }
  return PREFIX + randomBytes(bytes).toString('base64');
}

/**
 * The HMAC key of a secret: the base64 after `whsec_` (the prefix is optional, as in the
 * reference libraries).
 *
 * @example
 * ```ts
 * decodeSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length; // 24
 * ```
 */
export function decodeSecret(secret: string): Buffer {
  const text = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  if (text === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new WebhookVerificationError('invalid_secret', 'The webhook secret is not base64');
  }
  return Buffer.from(text, 'base64');
}

function asBuffer(body: string | Uint8Array): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
}

/**
 * One signature, `v1,<base64>`, over `id.timestamp.body`.
 *
 * @example
 * ```ts
 * sign('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 * ```
 */
export function sign(
  secret: string,
  id: string,
  timestampSec: number,
  body: string | Uint8Array,
): string {
  const hmac = createHmac('sha256', decodeSecret(secret));
  hmac.update(`${id}.${timestampSec}.`);
  hmac.update(asBuffer(body));
  return `v1,${hmac.digest('base64')}`;
}

/** Input of {@link signatureHeaders}. */
export interface SignInput {
  /** The event id; must not contain `.`. */
  id: string;
  /** Unix seconds of this attempt. */
  timestampSec: number;
  /** The exact bytes sent. */
  body: string | Uint8Array;
  /** Every active secret, newest first. */
  secrets: string[];
}

/**
 * The three Standard Webhooks headers, plus the JSON content type.
 *
 * @example
 * ```ts
 * const headers = signatureHeaders({ id: 'evt_1', timestampSec: 1767614400, body, secrets: [secret] });
 * await fetch(url, { method: 'POST', headers, body });
 * ```
 */
export function signatureHeaders(input: SignInput): Record<string, string> {
  if (input.id.includes('.') || input.id === '') {
    throw new RangeError('A webhook id must be non-empty and must not contain "."');
  }
  if (input.secrets.length === 0) throw new RangeError('At least one secret is needed to sign');
  const ts = Math.floor(input.timestampSec);
  return {
    'content-type': 'application/json',
    'webhook-id': input.id,
    'webhook-timestamp': String(ts),
    'webhook-signature': input.secrets.map((s) => sign(s, input.id, ts, input.body)).join(' '),
  };
}
