/**
 * The webhook management routes over HTTP: a router on 127.0.0.1:0 with a real store
 * (SQLite in memory), the management service, a watcher polling the simulator engine and a
 * dispatcher posting to a local receiver. Polls and delivery rounds are driven by hand.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileErrors, validate } from '@readme/openapi-parser';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampsoftRouter, toNodeHandler } from '../../src/router/index.js';
import type { IxcEngine } from '../../src/testing/index.js';
import {
  type CampsoftStore,
  IxcWatcher,
  openStore,
  WEBHOOK_EVENT_TYPES,
  WebhookDispatcher,
  WebhookService,
} from '../../src/webhooks/index.js';
import { startReceiver, type TestReceiver } from '../webhooks/receiver.js';
import { ADMIN_KEY, engineClient, KEY, TEST_KEYS } from './helpers.js';

let server: Server;
let base: string;
let store: CampsoftStore;
let engine: IxcEngine;
let watcher: IxcWatcher;
let dispatcher: WebhookDispatcher;
let receiver: TestReceiver;
// Moved forward to make a scheduled retry due, instead of waiting for it.
let skew = 0;
const now = () => Date.now() + skew;

beforeAll(async () => {
  const wired = engineClient();
  engine = wired.engine;
  store = await openStore(':memory:', { now });
  // One retry a minute after the first failure; the second failure is final.
  dispatcher = new WebhookDispatcher({
    store,
    now,
    schedule: [0, 60_000],
    jitter: 0,
    log: () => {},
  });
  watcher = new IxcWatcher({ client: wired.client, store, tenant: 'default' });
  const webhooks = new WebhookService({ store, dispatcher, allowInsecure: true, now });
  const router = createCampsoftRouter({
    client: wired.client,
    apiKeys: TEST_KEYS,
    services: { store, webhooks, webhookWatchers: [watcher] },
  });
  server = createServer(toNodeHandler(router));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  receiver = await startReceiver({ status: 204 });
  await watcher.pollOnce(); // the baseline: no events
});
afterAll(async () => {
  await dispatcher?.close();
  await receiver?.close();
  await new Promise<void>((r) => server?.close(() => r()));
  await store?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are checked by assertions.
async function api(method: string, path: string, body?: unknown, key = ADMIN_KEY): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: text && JSON.parse(text),
  };
}

describe('webhook endpoints', () => {
  it('creates one, showing its secret once, then lists, reads, changes and deletes it', async () => {
    const created = await api('POST', '/webhooks/endpoints', {
      url: 'https://hooks.example.com/ixc',
      eventTypes: ['contrato.*'],
      description: 'billing',
    });
    expect(created.status).toBe(201);
    const ep = created.body.data;
    expect(ep).toMatchObject({ url: 'https://hooks.example.com/ixc', eventTypes: ['contrato.*'] });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);

    const listed = await api('GET', '/webhooks/endpoints');
    expect(listed.body.data.map((e: { id: string }) => e.id)).toContain(ep.id);
    expect(JSON.stringify(listed.body)).not.toContain(ep.secret);
    const one = await api('GET', `/webhooks/endpoints/${ep.id}`);
    expect(one.body.data).toMatchObject({ id: ep.id, description: 'billing', enabled: true });
    expect(JSON.stringify(one.body)).not.toContain(ep.secret);

    const changed = await api('PATCH', `/webhooks/endpoints/${ep.id}`, { enabled: false });
    expect(changed.body.data).toMatchObject({ enabled: false, disabledReason: 'manual' });

    const rotated = await api('POST', `/webhooks/endpoints/${ep.id}/rotate-secret`, {
      expireOldAfterSec: 60,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(ep.secret);
    expect(rotated.body.data.secrets).toHaveLength(2);

    expect((await api('DELETE', `/webhooks/endpoints/${ep.id}`)).body.data).toEqual({
      id: ep.id,
      deleted: true,
    });
    const gone = await api('GET', `/webhooks/endpoints/${ep.id}`);
    expect(gone.status).toBe(404);
    expect(gone.type).toContain('application/problem+json');
  });

  it('refuses bad input with a 400 problem naming the field, and stores nothing', async () => {
    const before = (await api('GET', '/webhooks/endpoints')).body.data.length;
    for (const body of [
      { url: 'ftp://hooks.example.com/x' },
      { url: 'https://169.254.169.254/latest' },
      { url: 'https://hooks.example.com/x', eventTypes: ['no such type'] },
      { url: 'https://hooks.example.com/x', eventTypes: ['contrato.nothing'] },
      { url: `https://hooks.example.com/${'a'.repeat(5000)}` },
      { url: 'https://hooks.example.com/x', extra: 1 },
    ]) {
      const res = await api('POST', '/webhooks/endpoints', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await api('GET', '/webhooks/endpoints')).body.data.length).toBe(before);
    expect((await api('GET', '/webhooks/endpoints/not-an-id')).status).toBe(400);
    expect((await api('GET', '/webhooks/endpoints/ep_missing')).status).toBe(404);
  });

  it('needs the webhooks:admin scope', async () => {
    const res = await api('GET', '/webhooks/summary', undefined, KEY);
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('webhooks:admin');
  });
});

describe('deliveries', () => {
  it('shows a status change as a signed delivery, its failure, a replay and a recovery', async () => {
    const created = await api('POST', '/webhooks/endpoints', {
      url: receiver.url,
      allowInsecure: true,
    });
    const ep = created.body.data;
    receiver.script({ status: 500, body: 'down' });

    engine.buttons.bloquearManual(1);
    const poll = await watcher.pollOnce();
    expect(poll.events).toBeGreaterThan(0);
    await dispatcher.runOnce();

    const listed = await api('GET', `/webhooks/endpoints/${ep.id}/deliveries`);
    const failedOne = listed.body.data.find(
      (d: { eventType: string }) => d.eventType === 'contrato.internet_status_changed',
    );
    expect(failedOne).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
    });
    expect(Date.parse(failedOne.nextAttemptAt)).toBeGreaterThan(now());

    const replayed = await api('POST', `/webhooks/deliveries/${failedOne.id}/replay`);
    expect(replayed.status).toBe(202);
    await dispatcher.runOnce();
    const after = await api('GET', `/webhooks/endpoints/${ep.id}/deliveries?status=delivered`);
    expect(after.body.data.map((d: { id: string }) => d.id)).toContain(failedOne.id);
    const got = receiver.received.filter((r) => r.id === failedOne.eventId);
    expect(got).toHaveLength(2);
    const event = new Webhook(ep.secret).verify(
      got[1]!.body,
      got[1]!.headers as Record<string, string>,
    ) as { type: string; data: { current: string; contratoId: number } };
    expect(event).toMatchObject({
      type: 'contrato.internet_status_changed',
      data: { current: 'bloqueio_manual', contratoId: 1 },
    });

    // Two failures in a row exhaust this dispatcher's schedule: the delivery is failed.
    receiver.script({ status: 503 }, { status: 503 });
    const test = await api('POST', `/webhooks/endpoints/${ep.id}/test`);
    expect(test.status).toBe(202);
    await dispatcher.runOnce();
    skew += 61_000;
    await dispatcher.runOnce();
    const failed = await api('GET', `/webhooks/endpoints/${ep.id}/deliveries?status=failed`);
    expect(failed.body.data.map((d: { id: string }) => d.id)).toEqual([test.body.data.deliveryId]);

    const recovered = await api('POST', `/webhooks/endpoints/${ep.id}/recover`, {
      since: new Date(now() - 3_600_000).toISOString(),
    });
    expect(recovered.status).toBe(202);
    expect(recovered.body.data.recovered).toBe(1);
    await dispatcher.runOnce();
    const delivered = await api('GET', `/webhooks/endpoints/${ep.id}/deliveries?status=failed`);
    expect(delivered.body.data).toEqual([]);

    const bad = await api('POST', `/webhooks/endpoints/${ep.id}/recover`, {
      since: '2026-01-02T00:00:00Z',
      until: '2026-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect((await api('GET', `/webhooks/endpoints/${ep.id}/deliveries?limit=0`)).status).toBe(400);
  });

  it('sums up pending, delivered in the last hour and detection lag, and counts per hour', async () => {
    const summary = (await api('GET', '/webhooks/summary')).body.data;
    expect(summary.pending).toBe(0);
    expect(summary.deliveredLastHour).toBe(2);
    expect(summary.oldestPendingAgeMs).toBeNull();
    expect(summary.detectionLagMs).toBeGreaterThanOrEqual(0);
    expect(summary.detectionLagMs).toBeLessThan(60_000);

    const stats = (await api('GET', '/webhooks/stats?hours=6')).body;
    expect(stats.hours).toBe(6);
    expect(stats.data).toHaveLength(6);
    // The attempts above span a few minutes of the test's clock, which may cross an hour.
    const total = (k: 'delivered' | 'failed') =>
      stats.data.reduce((n: number, h: Record<string, number>) => n + h[k]!, 0);
    expect(total('delivered')).toBe(2);
    expect(total('failed')).toBe(3);
    expect(stats.data.slice(0, -2).every((h: { delivered: number }) => h.delivered === 0)).toBe(
      true,
    );
    expect((await api('GET', '/webhooks/stats?hours=0')).status).toBe(400);
  });
});

describe('without a webhook service', () => {
  it('answers the webhook routes with 404', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: TEST_KEYS });
    const res = await router.fetch(
      new Request('http://x/api/v1/webhooks/summary', {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      }),
    );
    expect(res.status).toBe(404);
    expect((await res.json()).detail).toContain('not enabled');
  });
});

describe('OpenAPI', () => {
  it('documents the management routes and, under webhooks, every event', async () => {
    const { client } = engineClient();
    const doc = createCampsoftRouter({ client, apiKeys: TEST_KEYS }).openapi() as {
      paths: Record<string, Record<string, { operationId: string; 'x-required-scope': string }>>;
      webhooks: Record<string, { post: { requestBody: unknown } }>;
    };
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/webhooks/'))
      .flatMap(([, item]) => Object.values(item));
    expect(ops).toHaveLength(12);
    for (const op of ops) expect(op['x-required-scope']).toBe('webhooks:admin');
  });
});
