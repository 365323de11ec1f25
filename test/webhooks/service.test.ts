/**
 * The management service: what a `/api/v1/webhooks/...` caller sees.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { WebhookInputError, WebhookNotFoundError } from '../../src/webhooks/errors.js';
import { WebhookService } from '../../src/webhooks/service.js';
import { verifyWebhook } from '../../src/webhooks/verify.js';
import { type TestClock, testClock } from '../store/backends.js';
import { startReceiver, type TestReceiver } from './receiver.js';

const H = 3_600_000;
let clock: TestClock;
let store: CampsoftStore;
let service: WebhookService;
let receiver: TestReceiver;
let dispatcher: WebhookDispatcher;

beforeEach(async () => {
  clock = testClock();
  store = await openStore(':memory:', { now: clock.now });
  receiver = await startReceiver();
  dispatcher = new WebhookDispatcher({
    store,
    now: clock.now,
    random: () => 0.5,
    log: () => undefined,
  });
  service = new WebhookService({
    store,
    now: clock.now,
    dispatcher,
    allowInsecure: true,
    eventTypes: [
      'cliente.status_changed',
      'contrato.status_changed',
      'contrato.created',
      'sva.added',
    ],
  });
});

afterEach(async () => {
  await dispatcher.close();
  await receiver.close();
  await store.close();
});

async function invalid(promise: Promise<unknown>): Promise<WebhookInputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookInputError);
  return error as WebhookInputError;
}

describe('endpoints', () => {
  it('creates an endpoint and shows its secret only then', async () => {
    const { endpoint, secret } = await service.createEndpoint({
      url: 'https://hooks.campsoft.com.br/ixc',
      eventTypes: ['contrato.*'],
      description: 'Campsoft',
    });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      url: 'https://hooks.campsoft.com.br/ixc',
      eventTypes: ['contrato.*'],
      enabled: true,
      tenant: null,
      createdAt: new Date(clock.now()).toISOString(),
    });
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const again = await service.getEndpoint(endpoint.id);
    expect(JSON.stringify(again)).not.toContain(secret.slice(6));
    expect(JSON.stringify(await service.listEndpoints())).not.toContain(secret.slice(6));
    expect(again.secrets).toEqual([{ createdAt: endpoint.createdAt, expiresAt: null }]);
  });

  it.each([
    [{ url: 'http://10.0.0.1/x', allowInsecure: false }, 'url'],
    [{ url: 'https://169.254.169.254/latest/meta-data' }, 'url'],
    [{ url: 'gopher://hooks.example.com/' }, 'url'],
    [{ url: `https://hooks.example.com/${'x'.repeat(3000)}` }, 'url'],
    [{ url: '' }, 'url'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['Contrato Status'] }, 'eventTypes.0'],
    [{ url: 'https://hooks.example.com/', eventTypes: [] }, 'eventTypes'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['contrato.deleted'] }, 'eventTypes'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['nada.*'] }, 'eventTypes'],
    [{ url: 'https://hooks.example.com/', secret: 'whsec_mine' }, ''],
    [{ url: 42 }, 'url'],
    [null, 'url'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (input, path) => {
    const error = await invalid(service.createEndpoint(input));
    expect(error.status).toBe(400);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(await store.listEndpoints()).toEqual([]);
  });

  it('accepts a unicode host (as punycode) and prefix filters of known types', async () => {
    const { endpoint } = await service.createEndpoint({
      url: 'https://webhooks.exámple.com.br/',
      eventTypes: ['sva.*', 'webhook.endpoint_disabled'],
    });
    expect(endpoint.eventTypes).toEqual(['sva.*', 'webhook.endpoint_disabled']);
  });

  it('refuses insecure endpoints unless the service allows them', async () => {
    const strict = new WebhookService({ store, now: clock.now });
    const error = await invalid(
      strict.createEndpoint({ url: 'http://127.0.0.1:9/x', allowInsecure: true }),
    );
    expect(error.issues[0]!.message).toMatch(/CAMPSOFT_WEBHOOK_ALLOW_INSECURE/);
    expect(
      (await service.createEndpoint({ url: 'http://127.0.0.1:9/x', allowInsecure: true })).endpoint
        .allowInsecure,
    ).toBe(true);
  });

  it('updates, disables, enables again and deletes', async () => {
    const { endpoint } = await service.createEndpoint({ url: 'https://a.example.com/' });
    clock.advance(1000);
    const off = await service.updateEndpoint(endpoint.id, { enabled: false });
    expect(off).toMatchObject({ enabled: false, disabledReason: 'manual' });
    const on = await service.updateEndpoint(endpoint.id, {
      enabled: true,
      url: 'https://b.example.com/',
      eventTypes: ['sva.added'],
    });
    expect(on).toMatchObject({
      enabled: true,
      disabledReason: null,
      url: 'https://b.example.com/',
      eventTypes: ['sva.added'],
    });
    await invalid(service.updateEndpoint(endpoint.id, {}));
    await invalid(service.updateEndpoint(endpoint.id, { url: 'https://192.168.0.1/' }));
    expect((await service.getEndpoint(endpoint.id)).url).toBe('https://b.example.com/');
    expect(await service.deleteEndpoint(endpoint.id)).toEqual({ deleted: true });
    await expect(service.getEndpoint(endpoint.id)).rejects.toBeInstanceOf(WebhookNotFoundError);
    await expect(service.getEndpoint('../../etc')).rejects.toBeInstanceOf(WebhookNotFoundError);
  });

  it("keeps other tenants' endpoints out of sight", async () => {
    const { endpoint } = await service.createEndpoint(
      { url: 'https://a.example.com/' },
      { tenant: 'acme' },
    );
    expect(endpoint.tenant).toBe('acme');
    await expect(service.getEndpoint(endpoint.id, { tenant: 'other' })).rejects.toBeInstanceOf(
      WebhookNotFoundError,
    );
    await expect(service.deleteEndpoint(endpoint.id, { tenant: 'other' })).rejects.toBeInstanceOf(
      WebhookNotFoundError,
    );
    expect(await service.listEndpoints({ tenant: 'other' })).toEqual([]);
    expect(await service.listEndpoints({ tenant: 'acme' })).toHaveLength(1);
  });

  it('rotates the secret: both sign during the overlap, then only the new one', async () => {
    const { endpoint, secret: old } = await service.createEndpoint({
      url: receiver.url,
      allowInsecure: true,
    });
    const rotated = await service.rotateSecret(endpoint.id, { expireOldAfterSec: 3600 });
    expect(rotated.secret).not.toBe(old);
    expect(rotated.previousSecretsExpireAt).toBe(new Date(clock.now() + H).toISOString());
    expect(rotated.endpoint.secrets).toHaveLength(2);
    const test = await service.sendTestEvent(endpoint.id);
    await dispatcher.runOnce();
    const got = receiver.received[0]!;
    for (const s of [old, rotated.secret]) {
      expect(verifyWebhook(got.body, got.headers, s, { now: clock.now }).id).toBe(test.eventId);
    }
    clock.advance(H);
    await service.sendTestEvent(endpoint.id);
    await dispatcher.runOnce();
    const later = receiver.received[1]!;
    expect(() => verifyWebhook(later.body, later.headers, old, { now: clock.now })).toThrow();
    expect(
      verifyWebhook(later.body, later.headers, rotated.secret, { now: clock.now }).payload,
    ).toMatchObject({ type: 'webhook.test' });
  });
});

describe('deliveries', () => {
  async function failingEndpoint() {
    const { endpoint } = await service.createEndpoint({
      url: receiver.url,
      allowInsecure: true,
      eventTypes: ['contrato.*'],
    });
    receiver.setDefault({ status: 500 });
    return endpoint;
  }

  async function emit(id: string) {
    await store.emitEvents([
      {
        id,
        tenant: 'acme',
        type: 'contrato.created',
        payload: { type: 'contrato.created', timestamp: '', data: {} },
      },
    ]);
  }

  it('lists deliveries with query-string filters, replays and recovers', async () => {
    const endpoint = await failingEndpoint();
    dispatcher = new WebhookDispatcher({
      store,
      now: clock.now,
      schedule: [0],
      log: () => undefined,
    });
    await emit('evt_1');
    clock.advance(H);
    await emit('evt_2');
    await dispatcher.runOnce();
    const failed = await service.listDeliveries(endpoint.id, { status: 'failed', limit: '1' });
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]).toMatchObject({
      eventId: 'evt_2',
      status: 'failed',
      attempts: 1,
      lastStatusCode: 500,
      nextAttemptAt: null,
    });
    expect(failed.nextCursor).not.toBeNull();
    await invalid(service.listDeliveries(endpoint.id, { limit: '0' }));
    await invalid(service.listDeliveries(endpoint.id, { status: 'lost' }));
    receiver.setDefault({ status: 204 });
    const replayed = await service.replay(failed.items[0]!.id);
    expect(replayed).toMatchObject({ status: 'pending', attempts: 0 });
    await expect(service.replay('dlv_nope')).rejects.toBeInstanceOf(WebhookNotFoundError);
    const start = new Date(clock.now() - 2 * H).toISOString();
    await invalid(service.recover(endpoint.id, { since: start, until: start }));
    await invalid(service.recover(endpoint.id, { since: 'yesterday' }));
    expect(await service.recover(endpoint.id, { since: start })).toMatchObject({ recovered: 1 });
    await dispatcher.runOnce();
    expect(
      (await service.listDeliveries(endpoint.id, { status: 'delivered' })).items
        .map((d) => d.eventId)
        .sort(),
    ).toEqual(['evt_1', 'evt_2']);
    await dispatcher.close();
  });

  it('sends a test event to one endpoint only', async () => {
    const { endpoint, secret } = await service.createEndpoint({
      url: receiver.url,
      allowInsecure: true,
      eventTypes: ['sva.added'],
    });
    const other = await service.createEndpoint({ url: receiver.url, allowInsecure: true });
    const { eventId, deliveryId } = await service.sendTestEvent(endpoint.id);
    expect(deliveryId).toMatch(/^dlv_/);
    await dispatcher.runOnce();
    expect(receiver.received.map((r) => r.id)).toEqual([eventId]);
    expect(
      verifyWebhook(receiver.received[0]!.body, receiver.received[0]!.headers, secret, {
        now: clock.now,
      }).payload,
    ).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } });
    expect((await service.listDeliveries(other.endpoint.id)).items).toEqual([]);
    await service.updateEndpoint(endpoint.id, { enabled: false });
    await invalid(service.sendTestEvent(endpoint.id));
  });

  it("sums up, with detection lag from the detectors' cursors, and hourly stats", async () => {
    const endpoint = await failingEndpoint();
    await store.setCursor('acme', 'cliente', { watermark: 'x' });
    clock.advance(30_000);
    await store.setCursor('acme', 'cliente_contrato', { watermark: 'y' });
    await emit('evt_1');
    await dispatcher.runOnce();
    clock.advance(10_000);
    const summary = await service.summary({ tenant: 'acme' });
    expect(summary).toMatchObject({
      pending: 1,
      failing: 1,
      failed: 0,
      deliveredLastHour: 0,
      oldestPendingAgeSec: 10,
      endpoints: { enabled: 1, disabled: 0 },
    });
    expect(summary.detection.lagSec).toBe(40);
    expect(summary.detection.streams.map((s) => [s.stream, s.ageSec])).toEqual([
      ['cliente', 40],
      ['cliente_contrato', 10],
    ]);
    expect((await service.summary({ tenant: 'other' })).detection).toEqual({
      lagSec: null,
      streams: [],
    });
    const stats = await service.stats({ hours: '3' });
    expect(stats.hours).toBe(3);
    expect(stats.buckets.map((b) => b.failed)).toEqual([0, 0, 1]);
    await invalid(service.stats({ hours: 'many' }));
    expect(endpoint.id).toMatch(/^ep_/);
  });
});
