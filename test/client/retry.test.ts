/**
 * Retry and backoff through the transport's injected clock, random source and sleep: the
 * waits are asserted exactly, and no test waits for them.
 */
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isIxcAbortError, isIxcServerError } from '../../src/index.js';
import { buildQuery } from '../../src/ixc/query.js';
import { parseRetryAfter, type RetryPolicy, retryDelay } from '../../src/ixc/retry.js';
import { IxcTransport, type TransportConfig } from '../../src/ixc/transport.js';
import { BASE, list, requestsTo, route, TOKEN, useIxcMock } from '../helpers/ixc-mock.js';

useIxcMock();

const policy: RetryPolicy = { ...DEFAULT_RETRY };
const body = buildQuery('cliente', { filters: [{ column: 'id', value: 7 }], rp: 1 });

function transport(extra: Partial<TransportConfig> = {}) {
  const waits: number[] = [];
  const t = new IxcTransport({
    apiUrl: `${BASE}/webservice/v1/`,
    token: TOKEN,
    timeout: 5_000,
    maxRetries: 2,
    retry: policy,
    headers: {},
    fetch: undefined,
    tls: undefined,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...extra,
  });
  return { t, waits };
}

describe('retryDelay', () => {
  it('doubles from baseDelay, caps at maxDelay, and jitters within [½, 1] of the step', () => {
    const low = [1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, new Error('x'), policy, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((n) =>
      retryDelay(n, new Error('x'), policy, () => 0.999_999),
    );
    expect(low).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  });

  it('parses Retry-After as seconds or an HTTP date against the given clock', () => {
    expect(parseRetryAfter('0.1')).toBe(100);
    expect(parseRetryAfter('120')).toBe(120_000);
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('is frozen by default: a caller cannot change every client at once', () => {
    expect(Object.isFrozen(DEFAULT_RETRY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY.statuses)).toBe(true);
  });
});

describe('transport retries', () => {
  it('waits the backoff of each retry, drawn from the injected random source', async () => {
    route('cliente', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 502 }),
      () => list([{ id: 7, razao: 'Maria' }]),
    ]);
    const { t, waits } = transport();
    const result = await t.list('cliente', body);
    expect(waits).toEqual([250, 500]);
    expect(result.info).toMatchObject({ table: 'cliente', status: 200, attempts: 3 });
  });

  it('caps Retry-After at maxRetryAfter', async () => {
    route('cliente', [
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '3600' } }),
      () => list([{ id: 7, razao: 'Maria' }]),
    ]);
    const { t, waits } = transport({ retry: { ...policy, maxRetryAfter: 10 } });
    await t.list('cliente', body);
    expect(waits).toEqual([10]);
  });

  it('stops after maxRetries, and a per-call maxRetries wins over the client', async () => {
    route('cliente', () => new HttpResponse(null, { status: 500 }));
    const { t, waits } = transport();
    await expect(t.list('cliente', body)).rejects.toSatisfy(isIxcServerError);
    expect(requestsTo('cliente')).toHaveLength(3);
    expect(waits).toHaveLength(2);
    await expect(t.list('cliente', body, { maxRetries: 0 })).rejects.toSatisfy(isIxcServerError);
    expect(requestsTo('cliente')).toHaveLength(4);
  });

  it('turns an abort during the backoff into IxcAbortError, without another attempt', async () => {
    route('cliente', () => new HttpResponse(null, { status: 503 }));
    const controller = new AbortController();
    const { t } = transport({
      sleep: () => {
        controller.abort();
        return Promise.reject(new Error('aborted'));
      },
    });
    const error = await t.list('cliente', body, { signal: controller.signal }).catch((e) => e);
    expect(isIxcAbortError(error)).toBe(true);
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('measures time with the injected clock', async () => {
    route('cliente', () => list([{ id: 7, razao: 'Maria' }]));
    let tick = 0;
    const { t } = transport({ now: () => (tick += 10) });
    const result = await t.list('cliente', body);
    expect(result.info.ms).toBeGreaterThan(0);
    expect(result.info.ms % 10).toBe(0);
  });
});
