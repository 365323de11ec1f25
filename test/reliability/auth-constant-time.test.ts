/**
 * Constant-time key comparison, checked on the code path (not with a stopwatch): every
 * request that presents a key compares fixed-length SHA-256 digests with
 * `crypto.timingSafeEqual`, against every configured key, match or not, and the stored keys
 * are hashed once at creation, never per request.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const spies = vi.hoisted(() => ({
  equal: [] as [Buffer, Buffer][],
  hashes: [] as string[],
}));

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    spies.equal.push([Buffer.from(a as Buffer), Buffer.from(b as Buffer)]);
    return actual.timingSafeEqual(a, b);
  };
  const createHash = (algorithm: string, options?: object) => {
    spies.hashes.push(algorithm);
    return actual.createHash(algorithm, options as never);
  };
  return {
    ...actual,
    default: { ...actual, timingSafeEqual, createHash },
    timingSafeEqual,
    createHash,
  };
});

const { createHash } = await vi.importActual<typeof import('node:crypto')>('node:crypto');
const { IxcCampsoftClient } = await import('../../src/index.js');
const { createCampsoftRouter } = await import('../../src/router/index.js');
const { createIxcEngine } = await import('../../src/testing/index.js');

const KEYS = [
  'ct-key-one-0123456789abcdef',
  'ct-key-two-0123456789abcdef',
  'ct-key-three-0123456789abcd',
];
const digest = (k: string) => createHash('sha256').update(k, 'utf8').digest();

const engine = createIxcEngine();
const client = new IxcCampsoftClient({
  baseUrl: 'http://ixc.test',
  token: engine.token,
  fetch: (i, init) => engine.fetch(new Request(i, init)),
});
const router = createCampsoftRouter({
  client,
  apiKeys: KEYS.map((key) => ({ key, tenants: '*' as const })),
});

function call(headers: Record<string, string>) {
  return router.handle({ method: 'GET', url: '/api/v1/clientes/abc', headers });
}

beforeEach(() => {
  spies.equal.length = 0;
  spies.hashes.length = 0;
});

describe('API key comparison', () => {
  it.each([
    ['a one-character guess', 'x'],
    ['a guess with the right prefix', `${KEYS[0]!.slice(0, 20)}zzzzzzz`],
    ['a very long guess', 'k'.repeat(4_096)],
    ['a guess one character off', `${KEYS[1]!.slice(0, -1)}X`],
  ])('%s: one 32-byte digest comparison per configured key, no early exit', async (_, guess) => {
    const res = await call({ authorization: `Bearer ${guess}` });
    expect(res?.status).toBe(401);
    expect(spies.equal).toHaveLength(KEYS.length);
    const candidate = digest(guess);
    for (const [a, b] of spies.equal) {
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
      expect(a.equals(candidate)).toBe(true);
    }
    expect(spies.equal.map(([, b]) => b.toString('hex')).sort()).toEqual(
      KEYS.map((k) => digest(k).toString('hex')).sort(),
    );
    // Only the presented key is hashed per request: stored keys were hashed at creation.
    expect(spies.hashes.filter((a) => a === 'sha256')).toHaveLength(1);
  });

  it.each(KEYS.map((k, i) => [i, k]))(
    'the right key (#%i) still compares against every key',
    async (_, key) => {
      const res = await call({ 'x-api-key': key as string });
      // Authenticated, then refused for the bad id: auth passed.
      expect(res?.status).toBe(400);
      expect(spies.equal).toHaveLength(KEYS.length);
      expect(spies.equal.filter(([a, b]) => a.equals(b))).toHaveLength(1);
    },
  );

  it('the raw key is never compared, only digests', async () => {
    await call({ authorization: `Bearer ${KEYS[2]}` });
    for (const [a, b] of spies.equal) {
      for (const key of KEYS) {
        expect(a.includes(Buffer.from(key))).toBe(false);
        expect(b.includes(Buffer.from(key))).toBe(false);
      }
    }
  });
});
