/**
 * Delivery against a real local receiver: the retry schedule by time travel, and the
 * receiver's faults (down then back, 500, timeout, slow body, 410, 429 Retry-After,
 * redirect, wrong or rotated secret).
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CampsoftStore, type EndpointRecord, openStore } from '../../src/store/index.js';
import { type DispatchEvent, WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { generateSecret } from '../../src/webhooks/signing.js';
import { type TestClock, testClock } from '../store/backends.js';
import { startReceiver, type TestReceiver } from './receiver.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

let clock: TestClock;
let store: CampsoftStore;
let receiver: TestReceiver;
let secret: string;
let endpoint: EndpointRecord;
let events: DispatchEvent[];
let logs: string[];
const dispatchers: WebhookDispatcher[] = [];

function dispatcher(options: Partial<ConstructorParameters<typeof WebhookDispatcher>[0]> = {}) {
  const d = new WebhookDispatcher({
    store,
    now: clock.now,
    random: () => 0.5,
    timeoutMs: 2000,
    onEvent: (e) => events.push(e),
    log: (line) => logs.push(line),
    ...options,
  });
  dispatchers.push(d);
  return d;
}

async function emit(...ids: string[]) {
  await store.emitEvents(
    ids.map((id) => ({
      id,
      tenant: 'acme',
      type: 'contrato.status_changed',
      payload: {
        type: 'contrato.status_changed',
        timestamp: new Date(clock.now()).toISOString(),
        data: { id },
      },
    })),
  );
}

async function delivery(eventId: string) {
  const page = await store.listDeliveries(endpoint.id, { limit: 500 });
  const d = page.items.find((x) => x.eventId === eventId);
  if (!d) throw new Error(`no delivery of ${eventId}`);
  return d;
}

beforeEach(async () => {
  // Close to the real time, so standardwebhooks' own 5-minute check passes.
  clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  store = await openStore(':memory:', { now: clock.now });
  receiver = await startReceiver();
  secret = generateSecret();
  endpoint = await store.createEndpoint({
    url: receiver.url,
    eventTypes: ['*'],
    secret,
    allowInsecure: true,
  });
  events = [];
  logs = [];
});

afterEach(async () => {
  for (const d of dispatchers.splice(0)) await d.close();
  await receiver.close();
  await store.close();
});

describe('delivery', () => {
  it('posts the stored body, signed so that standardwebhooks verifies it', async () => {
    await emit('evt_1');
    const result = await dispatcher().runOnce();
    expect(result).toEqual({ claimed: 1, delivered: 1, retried: 0, failed: 0 });
    const [got] = receiver.received;
    expect(got!.headers['webhook-id']).toBe('evt_1');
    expect(got!.headers['webhook-timestamp']).toBe(String(clock.now() / 1000));
    expect(got!.headers['content-type']).toBe('application/json');
    expect(
      new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>),
    ).toMatchObject({ data: { id: 'evt_1' } });
    expect(got!.body).toBe((await store.getEvent('evt_1'))!.body);
    expect(await delivery('evt_1')).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 204,
    });
  });

  it('retries on the Svix schedule, then keeps the delivery as failed', async () => {
    receiver.setDefault({ status: 500, body: 'database down' });
    await emit('evt_1');
    const d = dispatcher();
    const expected = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H];
    await d.runOnce();
    for (const wait of expected) {
      const due = (await delivery('evt_1')).nextAttemptAt!;
      expect(due - clock.now()).toBe(wait);
      clock.advance(wait - 1);
      expect((await d.runOnce()).claimed).toBe(0);
      clock.advance(1);
      expect((await d.runOnce()).claimed).toBe(1);
    }
    expect(receiver.received).toHaveLength(8);
    expect(await delivery('evt_1')).toMatchObject({
      status: 'failed',
      attempts: 8,
      nextAttemptAt: null,
      lastStatusCode: 500,
      lastError: 'HTTP 500: database down',
    });
    expect(events.map((e) => e.type)).toEqual([...Array(7).fill('retry'), 'failed']);
    // Same webhook-id on every attempt, a fresh timestamp on each.
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set(['evt_1']));
    expect(new Set(receiver.received.map((r) => r.headers['webhook-timestamp'])).size).toBe(8);
  });

  it('spreads retries by ±20 % with the injected random', async () => {
    receiver.setDefault({ status: 500 });
    await emit('evt_low');
    await dispatcher({ random: () => 0 }).runOnce();
    expect((await delivery('evt_low')).nextAttemptAt! - clock.now()).toBe(4 * S);
    await emit('evt_high');
    await dispatcher({ random: () => 0.999999 }).runOnce();
    expect((await delivery('evt_high')).nextAttemptAt! - clock.now()).toBe(6 * S);
  });

  it('catches up in detection order when a receiver that was down is back', async () => {
    await receiver.down();
    await emit('evt_1', 'evt_2', 'evt_3');
    const d = dispatcher({ perEndpointConcurrency: 1 });
    for (let i = 0; i < 3; i++) await d.runOnce();
    expect((await delivery('evt_1')).lastError).toMatch(/ECONNREFUSED/);
    clock.advance(5 * S);
    for (let i = 0; i < 3; i++) await d.runOnce();
    expect((await delivery('evt_3')).attempts).toBe(2);
    await receiver.up();
    await emit('evt_4');
    for (let i = 0; i < 4; i++) await d.runOnce();
    expect(receiver.received.map((r) => r.id)).toEqual(['evt_4', 'evt_1', 'evt_2', 'evt_3']);
    expect((await store.summary()).pending).toBe(0);
    expect((await store.getEndpoint(endpoint.id))?.failingSince).toBeNull();
  });

  it('gives up on a receiver that does not answer in time', async () => {
    receiver.setDefault({ hang: true });
    await emit('evt_1');
    const started = performance.now();
    await dispatcher({ timeoutMs: 300 }).runOnce();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await delivery('evt_1')).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: 'timeout',
    });
  });

  it('counts a 2xx whose body never ends as delivered, without waiting for it', async () => {
    receiver.setDefault({ status: 200, slowBody: true });
    await emit('evt_1');
    const started = performance.now();
    await dispatcher({ timeoutMs: 10_000 }).runOnce();
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await delivery('evt_1')).status).toBe('delivered');
  });

  it('reads only a small part of a large error body', async () => {
    receiver.setDefault({ status: 500, body: 'e'.repeat(5_000_000) });
    await emit('evt_1');
    await dispatcher().runOnce();
    expect((await delivery('evt_1')).lastError!.length).toBeLessThanOrEqual(220);
  });

  it('records an error whose body never ends after a short grace, with what arrived', async () => {
    receiver.setDefault({ status: 503, slowBody: true });
    await emit('evt_1');
    const started = performance.now();
    await dispatcher({ timeoutMs: 10_000 }).runOnce();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await delivery('evt_1')).toMatchObject({
      status: 'pending',
      lastStatusCode: 503,
      lastError: 'HTTP 503: x',
    });
  });

  it('keeps connections alive across deliveries, errors with a body included', async () => {
    receiver.script(
      ...Array.from({ length: 10 }, (_, i) =>
        i % 3 === 0 ? { status: 500, body: 'not now' } : { status: 204 },
      ),
    );
    await emit(...Array.from({ length: 10 }, (_, i) => `evt_${i}`));
    const d = dispatcher({ perEndpointConcurrency: 1 });
    for (let i = 0; i < 10; i++) expect((await d.runOnce()).claimed).toBe(1);
    expect(receiver.received).toHaveLength(10);
    expect(receiver.connections()).toBe(1);
  });

  it('waits past an informational 103 for the real answer', async () => {
    // The answers come later than the grace a body gets after the status line.
    receiver.script(
      { earlyHints: true, delayMs: 1500, status: 500, body: 'later' },
      { earlyHints: true, delayMs: 1500 },
    );
    await emit('evt_1', 'evt_2');
    await dispatcher({ timeoutMs: 5000 }).runOnce();
    expect(await delivery('evt_1')).toMatchObject({
      lastStatusCode: 500,
      lastError: 'HTTP 500: later',
    });
    expect(await delivery('evt_2')).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
  });

  it('counts a reset connection as a failure', async () => {
    receiver.script({ reset: true });
    await emit('evt_1');
    await dispatcher().runOnce();
    expect(await delivery('evt_1')).toMatchObject({ status: 'pending', lastStatusCode: null });
  });

  it('disables the endpoint on 410 Gone and tells subscribers of operational events', async () => {
    const ops = await startReceiver();
    try {
      const watcher = await store.createEndpoint({
        url: ops.url,
        eventTypes: ['webhook.endpoint_disabled'],
        secret,
        allowInsecure: true,
      });
      receiver.setDefault({ status: 410 });
      await emit('evt_1');
      const d = dispatcher();
      await d.runOnce();
      expect(await store.getEndpoint(endpoint.id)).toMatchObject({
        enabled: false,
        disabledReason: 'gone',
      });
      expect(logs.join('\n')).toMatch(/disabled \(the receiver answered 410 Gone\)/);
      expect(events.map((e) => e.type)).toEqual(['retry', 'endpoint_disabled']);
      await emit('evt_2');
      await d.runOnce();
      expect(receiver.received.map((r) => r.id)).toEqual(['evt_1']);
      expect(ops.received).toHaveLength(1);
      expect(JSON.parse(ops.received[0]!.body)).toMatchObject({
        type: 'webhook.endpoint_disabled',
        data: { endpointId: endpoint.id, reason: 'gone' },
      });
      expect((await store.listDeliveries(watcher.id)).items).toHaveLength(1);
    } finally {
      await ops.close();
    }
  });

  it('honours Retry-After on 429 and 503, capped', async () => {
    receiver.script(
      { status: 429, headers: { 'retry-after': '120' } },
      { status: 503, headers: { 'retry-after': new Date(clock.now() + 3 * H).toUTCString() } },
      { status: 429, headers: { 'retry-after': '99999999' } },
      { status: 429 },
    );
    await emit('evt_1');
    const d = dispatcher({ retryAfterCapMs: 6 * H });
    await d.runOnce();
    expect((await delivery('evt_1')).nextAttemptAt! - clock.now()).toBe(120 * S);
    clock.advance(120 * S);
    await d.runOnce();
    const afterDate = (await delivery('evt_1')).nextAttemptAt! - clock.now();
    expect(afterDate).toBeGreaterThan(3 * H - 125 * S);
    expect(afterDate).toBeLessThanOrEqual(3 * H);
    clock.advance(afterDate);
    await d.runOnce();
    expect((await delivery('evt_1')).nextAttemptAt! - clock.now()).toBe(6 * H);
    clock.advance(6 * H);
    await d.runOnce();
    // No Retry-After: the schedule's delay after a 4th failure.
    expect((await delivery('evt_1')).nextAttemptAt! - clock.now()).toBe(2 * H);
  });

  it('never follows a redirect', async () => {
    const target = await startReceiver();
    try {
      receiver.setDefault({ status: 302, headers: { location: target.url } });
      await emit('evt_1');
      await dispatcher().runOnce();
      expect(target.received).toHaveLength(0);
      expect(await delivery('evt_1')).toMatchObject({ status: 'pending', lastStatusCode: 302 });
      expect((await delivery('evt_1')).lastError).toMatch(
        /redirect to http:\/\/127\.0\.0\.1:\d+\/hooks not followed/,
      );
    } finally {
      await target.close();
    }
  });

  it('signs with both secrets during a rotation, then only with the new one', async () => {
    const fresh = generateSecret();
    await store.updateEndpoint(endpoint.id, {
      secrets: [
        { secret: fresh, createdAt: clock.now(), expiresAt: null },
        { secret, createdAt: clock.now() - H, expiresAt: clock.now() + H },
      ],
    });
    await emit('evt_1');
    const d = dispatcher();
    await d.runOnce();
    const first = receiver.received[0]!;
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() =>
      new Webhook(secret).verify(first.body, first.headers as Record<string, string>),
    ).not.toThrow();
    expect(() =>
      new Webhook(fresh).verify(first.body, first.headers as Record<string, string>),
    ).not.toThrow();
    clock.advance(H);
    await emit('evt_2');
    await d.runOnce();
    const second = receiver.received[1]!;
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() =>
      new Webhook(secret).verify(second.body, second.headers as Record<string, string>),
    ).toThrow();
  });

  it('retries when the receiver rejects the signature (wrong secret on its side)', async () => {
    const theirs = generateSecret();
    const strict = await startReceiver();
    try {
      await store.updateEndpoint(endpoint.id, { url: strict.url });
      // The receiver answers 401 unless the signature verifies with its own secret.
      strict.setDefault({ status: 401 });
      await emit('evt_1');
      await dispatcher().runOnce();
      const got = strict.received[0]!;
      expect(() =>
        new Webhook(theirs).verify(got.body, got.headers as Record<string, string>),
      ).toThrow();
      expect(await delivery('evt_1')).toMatchObject({ status: 'pending', lastStatusCode: 401 });
    } finally {
      await strict.close();
    }
  });

  it('disables an endpoint failing for 5 days, not before', async () => {
    receiver.setDefault({ status: 500 });
    const d = dispatcher({
      schedule: [
        0,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
        12 * H,
      ],
    });
    const start = clock.now();
    let n = 0;
    while (clock.now() - start < 5 * 24 * H - 1) {
      await emit(`evt_${n++}`);
      await d.runOnce();
      clock.advance(12 * H);
      if (clock.now() - start >= 5 * 24 * H) clock.set(start + 5 * 24 * H - 1);
    }
    await d.runOnce();
    expect((await store.getEndpoint(endpoint.id))?.enabled).toBe(true);
    clock.advance(1);
    await emit('evt_last');
    await d.runOnce();
    expect(await store.getEndpoint(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
    });
    expect(logs.some((l) => l.includes('failing for 5 days'))).toBe(true);
    expect(events.filter((e) => e.type === 'endpoint_disabled')).toHaveLength(1);
  });

  it('keeps at most the configured number of attempts in flight per endpoint', async () => {
    receiver.setDefault({ status: 204, delayMs: 100 });
    await emit(...Array.from({ length: 12 }, (_, i) => `evt_${i}`));
    const d = dispatcher({ perEndpointConcurrency: 3 });
    d.start();
    await waitFor(async () => (await store.summary()).pending === 0);
    await d.stop();
    expect(receiver.received).toHaveLength(12);
    expect(receiver.maxConcurrent()).toBe(3);
  });

  it('stops gracefully: attempts in flight finish and are recorded', async () => {
    receiver.setDefault({ status: 204, delayMs: 300 });
    const d = dispatcher({ pollIntervalMs: 20 });
    d.start();
    await emit('evt_1');
    d.wake();
    await waitFor(async () => receiver.received.length === 1);
    await d.stop();
    expect((await delivery('evt_1')).status).toBe('delivered');
    await emit('evt_2');
    await new Promise((r) => setTimeout(r, 60));
    expect(receiver.received).toHaveLength(1);
  });

  it('records outcomes that finish together in one store call', async () => {
    const calls: number[] = [];
    const recordAttempts: CampsoftStore['recordAttempts'] = async (list) => {
      calls.push(list.length);
      await new Promise((r) => setTimeout(r, 50));
      return store.recordAttempts(list);
    };
    const slow = new Proxy(store, {
      get: (target, key) => {
        if (key === 'recordAttempts') return recordAttempts;
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await emit(...Array.from({ length: 12 }, (_, i) => `evt_${i}`));
    const result = await dispatcher({ store: slow, perEndpointConcurrency: 12 }).runOnce();
    expect(result).toMatchObject({ claimed: 12, delivered: 12 });
    expect(calls.reduce((a, b) => a + b, 0)).toBe(12);
    // One transaction per attempt would be 12 calls.
    expect(calls.length).toBeLessThanOrEqual(3);
    expect((await store.summary()).deliveredLastHour).toBe(12);
  });

  it('sends a delivery claimed by an instance that died once its claim lapses', async () => {
    await emit('evt_1');
    const [lost] = await store.claimDeliveries({ owner: 'crashed', limit: 1, claimMs: 60_000 });
    expect(lost?.eventId).toBe('evt_1');
    const d = dispatcher();
    expect((await d.runOnce()).claimed).toBe(0);
    clock.advance(60_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.received.map((r) => r.id)).toEqual(['evt_1']);
  });

  it('raises a claimTtlMs shorter than an attempt and its recording, so it still sends', async () => {
    await emit('evt_1', 'evt_2');
    // 1 ms would give back everything it claims before sending it.
    const short = dispatcher({ owner: 'short', claimTtlMs: 1 });
    expect(await short.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
    expect(receiver.received.map((r) => r.id).sort()).toEqual(['evt_1', 'evt_2']);
  });

  it('gives back what it claimed and did not send when stopped', async () => {
    receiver.setDefault({ status: 204, delayMs: 300 });
    await emit('evt_1', 'evt_2', 'evt_3');
    const a = dispatcher({ owner: 'a', perEndpointConcurrency: 1 });
    a.start();
    await waitFor(async () => receiver.received.length === 1);
    // One on the wire, two claimed ahead (three times the bound) waiting for its only slot.
    expect(a.metrics()).toMatchObject({ inFlight: 1, queued: 2 });
    await a.stop();
    expect(receiver.received).toHaveLength(1);
    const b = dispatcher({ owner: 'b' });
    // No wait for a lapse: the claim was given back.
    expect(await b.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
    expect(receiver.received.map((r) => r.id).sort()).toEqual(['evt_1', 'evt_2', 'evt_3']);
  });

  it('two dispatchers on one store never send the same delivery twice', async () => {
    receiver.setDefault({ status: 204, delayMs: 5 });
    await emit(...Array.from({ length: 40 }, (_, i) => `evt_${i}`));
    const a = dispatcher({ owner: 'a' });
    const b = dispatcher({ owner: 'b' });
    for (let i = 0; i < 5; i++) await Promise.all([a.runOnce(), b.runOnce()]);
    expect(receiver.received).toHaveLength(40);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(40);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000) {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
