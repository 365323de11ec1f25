/**
 * Our signatures verify with the official `standardwebhooks` library, and our
 * `verifyWebhook` accepts what it signs.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/webhooks/errors.js';
import {
  decodeSecret,
  generateSecret,
  sign,
  signatureHeaders,
} from '../../src/webhooks/signing.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('signing', () => {
  it('reproduces the reference test vector', () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(decodeSecret(a)).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
    expect(decodeSecret(generateSecret(24))).toHaveLength(24);
    expect(() => generateSecret(16)).toThrow(RangeError);
  });

  it('is accepted by the standardwebhooks library, with every secret of a rotation', () => {
    const oldSecret = generateSecret();
    const newSecret = generateSecret();
    const body = JSON.stringify({
      type: 'contrato.status_changed',
      timestamp: new Date().toISOString(),
      data: { contratoId: 8, current: 'bloqueio_manual' },
    });
    const headers = signatureHeaders({
      id: 'evt_abc',
      timestampSec: Date.now() / 1000,
      body,
      secrets: [newSecret, oldSecret],
    });
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newSecret).verify(`${body} `, headers)).toThrow();
  });

  it('refuses ids with a dot and signing without a secret', () => {
    expect(() =>
      signatureHeaders({
        id: 'evt.1',
        timestampSec: 1,
        body: '{}',
        secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      }),
    ).toThrow(RangeError);
    expect(() =>
      signatureHeaders({ id: 'evt_1', timestampSec: 1, body: '{}', secrets: [] }),
    ).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  const secret = generateSecret();
  const now = () => 1_767_614_400_000;
  const body =
    '{"type":"sva.added","timestamp":"2026-01-05T12:00:00.000Z","data":{"contaSvaId":12}}';
  const signed = () => new Webhook(secret).sign('evt_1', new Date(now()), body);
  const headers = (extra: Record<string, string> = {}) => ({
    'webhook-id': 'evt_1',
    'webhook-timestamp': String(now() / 1000),
    'webhook-signature': signed(),
    ...extra,
  });

  function reason(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookVerificationError);
      return (error as WebhookVerificationError).reason;
    }
    throw new Error('verified');
  }

  it('accepts what standardwebhooks signs, from a string, a Buffer or fetch Headers', () => {
    expect(verifyWebhook(body, headers(), secret, { now })).toEqual({
      id: 'evt_1',
      timestamp: now() / 1000,
      payload: JSON.parse(body),
    });
    expect(verifyWebhook(Buffer.from(body), headers(), secret, { now }).id).toBe('evt_1');
    expect(verifyWebhook(body, new Headers(headers()), secret, { now }).id).toBe('evt_1');
    expect(
      verifyWebhook(
        body,
        {
          'Webhook-Id': 'evt_1',
          'Webhook-Timestamp': String(now() / 1000),
          'Webhook-Signature': signed(),
        },
        secret,
        { now },
      ).id,
    ).toBe('evt_1');
  });

  it('accepts any one of several signatures and several secrets', () => {
    const h = headers({ 'webhook-signature': `v1,AAAA ${signed()}` });
    expect(verifyWebhook(body, h, [generateSecret(), secret], { now }).id).toBe('evt_1');
  });

  it('refuses a wrong secret, a changed body, missing headers and stale or future timestamps', () => {
    expect(reason(() => verifyWebhook(body, headers(), generateSecret(), { now }))).toBe(
      'no_matching_signature',
    );
    expect(reason(() => verifyWebhook(body.replace('12', '13'), headers(), secret, { now }))).toBe(
      'no_matching_signature',
    );
    expect(reason(() => verifyWebhook(body, { 'webhook-id': 'evt_1' }, secret, { now }))).toBe(
      'missing_headers',
    );
    expect(
      reason(() => verifyWebhook(body, headers({ 'webhook-timestamp': 'soon' }), secret, { now })),
    ).toBe('invalid_timestamp');
    expect(
      reason(() => verifyWebhook(body, headers(), secret, { now: () => now() + 301_000 })),
    ).toBe('timestamp_too_old');
    expect(
      reason(() => verifyWebhook(body, headers(), secret, { now: () => now() - 301_000 })),
    ).toBe('timestamp_too_new');
    expect(verifyWebhook(body, headers(), secret, { now: () => now() + 299_000 }).id).toBe('evt_1');
    expect(
      verifyWebhook(body, headers(), secret, { now: () => now() + 3_000_000, toleranceSec: 3600 })
        .id,
    ).toBe('evt_1');
    expect(reason(() => verifyWebhook(body, headers(), 'not base64!', { now }))).toBe(
      'invalid_secret',
    );
  });

  it('never puts the secret in an error message', () => {
    try {
      verifyWebhook(body, headers(), secret.replace(/.$/, 'A'), { now });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret.slice(6, 20));
    }
  });
});
