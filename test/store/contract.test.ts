/**
 * The store contract, run against SQLite and against a real PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CampsoftStore,
  LeaseLostError,
  type OutboxEvent,
  type SnapshotChange,
} from '../../src/store/index.js';
import { backends, type TestClock, testClock, usePostgres } from './backends.js';

usePostgres();

const HOUR = 3_600_000;

function event(
  id: string,
  type = 'contrato.status_changed',
  tenant = 'acme',
  entity?: string,
): OutboxEvent {
  return {
    id,
    tenant,
    type,
    payload: { type, timestamp: '2026-01-05T12:00:00.000Z', data: { tenant, id } },
    ...(entity && { entity: { kind: 'contrato', id: entity } }),
  };
}

function upsert(
  entityId: string,
  status: string,
  sequence: number,
  expectedSequence?: number,
): SnapshotChange {
  return {
    op: 'upsert',
    kind: 'contrato',
    entityId,
    fields: { status },
    sequence,
    ...(expectedSequence !== undefined && { expectedSequence }),
  };
}

describe.each(backends())('store contract on $name', (backend) => {
  let clock: TestClock;
  let store: CampsoftStore;
  const opened: CampsoftStore[] = [];

  beforeEach(async (ctx) => {
    if (!backend.available) ctx.skip();
    clock = testClock();
    store = await backend.open(clock);
    opened.push(store);
  });

  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  async function endpoint(
    eventTypes: string[] = ['*'],
    extra: { tenant?: string | null; enabled?: boolean } = {},
  ) {
    return store.createEndpoint({
      url: 'https://hooks.example.com/in',
      eventTypes,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      ...extra,
    });
  }

  describe('migrations', () => {
    it('reports the schema version and migrating again changes nothing', async () => {
      const version = await store.schemaVersion();
      expect(version).toBeGreaterThanOrEqual(1);
      await store.setCursor('acme', 'cliente', { watermark: 'x' });
      await store.migrate();
      expect(await store.schemaVersion()).toBe(version);
      expect(await store.getCursor('acme', 'cliente')).toEqual({ watermark: 'x' });
    });
  });

  describe('cursors', () => {
    it('are null until written, then kept per tenant and stream', async () => {
      expect(await store.getCursor('acme', 'cliente')).toBeNull();
      await store.setCursor('acme', 'cliente', { watermark: '2026-01-05 10:00:00', ids: [1, 2] });
      clock.advance(1000);
      await store.setCursor('other', 'cliente', { watermark: 'b' });
      expect(await store.getCursor('acme', 'cliente')).toEqual({
        watermark: '2026-01-05 10:00:00',
        ids: [1, 2],
      });
      expect(await store.getCursor('acme', 'cliente_contrato')).toBeNull();
      const all = await store.listCursors();
      expect(all.map((c) => [c.tenant, c.stream, c.updatedAt])).toEqual([
        ['acme', 'cliente', clock.now() - 1000],
        ['other', 'cliente', clock.now()],
      ]);
      expect(await store.listCursors('other')).toHaveLength(1);
    });
  });

  describe('commitDetection', () => {
    it('writes snapshots, events, deliveries and the cursor together', async () => {
      await endpoint();
      const result = await store.commitDetection({
        tenant: 'acme',
        stream: 'cliente_contrato',
        cursor: { watermark: '2026-01-05 11:59:58' },
        snapshots: [upsert('8', 'A', 1), upsert('9', 'I', 1)],
        events: [event('evt_a'), event('evt_b')],
      });
      expect(result).toEqual({ eventsInserted: 2, deliveriesCreated: 2, conflicts: [] });
      expect(await store.getCursor('acme', 'cliente_contrato')).toEqual({
        watermark: '2026-01-05 11:59:58',
      });
      const snaps = await store.getSnapshots('acme', 'contrato', ['8', '9', '404']);
      expect(snaps.map((s) => [s.entityId, s.fields, s.sequence]).sort()).toEqual([
        ['8', { status: 'A' }, 1],
        ['9', { status: 'I' }, 1],
      ]);
      const stored = await store.getEvent('evt_a');
      expect(JSON.parse(stored!.body)).toEqual(event('evt_a').payload);
    });

    it('stores an event id once however often it is detected', async () => {
      await endpoint();
      const page = { tenant: 'acme', stream: 's', snapshots: [], events: [event('evt_same')] };
      expect((await store.commitDetection(page)).eventsInserted).toBe(1);
      const again = await store.commitDetection({
        ...page,
        events: [event('evt_same'), event('evt_same')],
      });
      expect(again).toMatchObject({ eventsInserted: 0, deliveriesCreated: 0 });
      const [ep] = await store.listEndpoints();
      expect((await store.listDeliveries(ep!.id)).items).toHaveLength(1);
    });

    it('fans out to enabled endpoints by event type and tenant', async () => {
      const all = await endpoint(['*']);
      const contratos = await endpoint(['contrato.*']);
      const sva = await endpoint(['sva.added']);
      const disabled = await endpoint(['*'], { enabled: false });
      const otherTenant = await endpoint(['*'], { tenant: 'other' });
      const sameTenant = await endpoint(['*'], { tenant: 'acme' });
      await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        snapshots: [],
        events: [
          event('evt_1', 'contrato.created'),
          event('evt_2', 'sva.added'),
          event('evt_3', 'cliente.status_changed'),
        ],
      });
      const count = async (id: string) => (await store.listDeliveries(id)).items.length;
      expect(await count(all.id)).toBe(3);
      expect(await count(contratos.id)).toBe(1);
      expect(await count(sva.id)).toBe(1);
      expect(await count(disabled.id)).toBe(0);
      expect(await count(otherTenant.id)).toBe(0);
      expect(await count(sameTenant.id)).toBe(3);
    });

    it('deletes snapshots and lists them in numeric id order', async () => {
      const ids = ['10', '2', '100', '9', '1'];
      await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        snapshots: ids.map((id) => upsert(id, 'A', 1)),
        events: [],
      });
      const first = await store.listSnapshots('acme', 'contrato', { limit: 3 });
      expect(first.map((s) => s.entityId)).toEqual(['1', '2', '9']);
      const rest = await store.listSnapshots('acme', 'contrato', { afterId: '9' });
      expect(rest.map((s) => s.entityId)).toEqual(['10', '100']);
      await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        snapshots: [{ op: 'delete', kind: 'contrato', entityId: '10' }],
        events: [],
      });
      expect((await store.listSnapshots('acme', 'contrato')).map((s) => s.entityId)).toEqual([
        '1',
        '2',
        '9',
        '100',
      ]);
      expect(await store.listSnapshots('other', 'contrato')).toEqual([]);
    });

    it('writes nothing when the fencing lease is lost', async () => {
      await endpoint();
      await store.acquireLease('poll:acme', 'a', 10_000);
      clock.advance(10_001);
      await store.acquireLease('poll:acme', 'b', 10_000);
      await expect(
        store.commitDetection({
          tenant: 'acme',
          stream: 's',
          cursor: { w: 2 },
          snapshots: [upsert('8', 'A', 1)],
          events: [event('evt_fenced')],
          lease: { name: 'poll:acme', owner: 'a' },
        }),
      ).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.getCursor('acme', 's')).toBeNull();
      expect(await store.getSnapshots('acme', 'contrato', ['8'])).toEqual([]);
      expect(await store.getEvent('evt_fenced')).toBeNull();
      const held = await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        cursor: { w: 2 },
        snapshots: [],
        events: [],
        lease: { name: 'poll:acme', owner: 'b' },
      });
      expect(held.conflicts).toEqual([]);
      expect(await store.getCursor('acme', 's')).toEqual({ w: 2 });
    });
  });

  describe('local changes', () => {
    it('an API write updates the snapshot, so a poller holding the old one loses its race', async () => {
      await endpoint();
      await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        snapshots: [upsert('8', 'A', 1)],
        events: [],
      });
      const local = await store.recordLocalChange({
        tenant: 'acme',
        snapshots: [upsert('8', 'B', 2, 1)],
        events: [event('evt_local', 'contrato.status_changed', 'acme', '8')],
      });
      expect(local).toEqual({ eventsInserted: 1, deliveriesCreated: 1, conflicts: [] });
      // The poller read sequence 1 before the write and now sees the new status.
      const poll = await store.commitDetection({
        tenant: 'acme',
        stream: 's',
        snapshots: [upsert('8', 'B', 2, 1), upsert('9', 'A', 1, 0)],
        events: [
          event('evt_poll', 'contrato.status_changed', 'acme', '8'),
          event('evt_new', 'contrato.created', 'acme', '9'),
        ],
      });
      expect(poll.conflicts).toEqual([{ kind: 'contrato', id: '8' }]);
      expect(poll.eventsInserted).toBe(1);
      expect(await store.getEvent('evt_poll')).toBeNull();
      expect(await store.getEvent('evt_new')).not.toBeNull();
      const [snap] = await store.getSnapshots('acme', 'contrato', ['8']);
      expect(snap).toMatchObject({ fields: { status: 'B' }, sequence: 2 });
    });

    it('expectedSequence 0 means "no snapshot yet"', async () => {
      await store.recordLocalChange({
        tenant: 'acme',
        snapshots: [upsert('5', 'A', 1, 0)],
        events: [],
      });
      const second = await store.recordLocalChange({
        tenant: 'acme',
        snapshots: [upsert('5', 'A', 1, 0)],
        events: [],
      });
      expect(second.conflicts).toEqual([{ kind: 'contrato', id: '5' }]);
    });

    it('emitEvents can target chosen endpoints only', async () => {
      const a = await endpoint(['contrato.*']);
      const b = await endpoint(['*']);
      const r = await store.emitEvents([event('evt_test', 'webhook.test')], {
        endpointIds: [a.id],
      });
      expect(r.deliveriesCreated).toBe(1);
      expect((await store.listDeliveries(a.id)).items).toHaveLength(1);
      expect((await store.listDeliveries(b.id)).items).toHaveLength(0);
    });
  });

  describe('leases', () => {
    it('has one holder until it expires, then changes hands with a new generation', async () => {
      const a = await store.acquireLease('poll:acme', 'a', 30_000);
      expect(a).toMatchObject({ owner: 'a', expiresAt: clock.now() + 30_000, generation: 1 });
      expect(await store.acquireLease('poll:acme', 'b', 30_000)).toBeNull();
      expect((await store.acquireLease('poll:acme', 'a', 30_000))?.generation).toBe(1);
      clock.advance(20_000);
      expect((await store.renewLease('poll:acme', 'a', 30_000))?.expiresAt).toBe(
        clock.now() + 30_000,
      );
      clock.advance(29_999);
      expect(await store.acquireLease('poll:acme', 'b', 30_000)).toBeNull();
      clock.advance(1);
      const b = await store.acquireLease('poll:acme', 'b', 30_000);
      expect(b).toMatchObject({ owner: 'b', generation: 2 });
      expect(await store.renewLease('poll:acme', 'a', 30_000)).toBeNull();
      expect((await store.getLease('poll:acme'))?.owner).toBe('b');
      await store.releaseLease('poll:acme', 'a');
      expect((await store.getLease('poll:acme'))?.owner).toBe('b');
      await store.releaseLease('poll:acme', 'b');
      expect(await store.getLease('poll:acme')).toBeNull();
      expect((await store.acquireLease('poll:acme', 'a', 1000))?.generation).toBe(3);
      expect(await store.acquireLease('poll:other', 'b', 1000)).not.toBeNull();
    });

    it('gives a lease to exactly one of many concurrent claimants', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.acquireLease('poll:race', `o${i}`, 30_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('endpoints', () => {
    it('are created, read, listed, updated and deleted', async () => {
      const ep = await endpoint(['sva.*'], { tenant: 'acme' });
      expect(ep).toMatchObject({
        id: expect.stringMatching(/^ep_/),
        enabled: true,
        disabledReason: null,
        allowInsecure: false,
        failingSince: null,
        createdAt: clock.now(),
      });
      expect(ep.secrets).toEqual([
        {
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          createdAt: clock.now(),
          expiresAt: null,
        },
      ]);
      clock.advance(1000);
      const global = await endpoint(['*'], { tenant: null });
      await endpoint(['*'], { tenant: 'other' });
      expect((await store.listEndpoints({ tenant: 'acme' })).map((e) => e.id)).toEqual([
        ep.id,
        global.id,
      ]);
      expect(await store.getEndpoint(ep.id)).toEqual(ep);
      const disabled = await store.updateEndpoint(ep.id, {
        enabled: false,
        disabledReason: 'gone',
        failingSince: 5,
      });
      expect(disabled).toMatchObject({
        enabled: false,
        disabledReason: 'gone',
        failingSince: 5,
        updatedAt: clock.now(),
      });
      expect((await store.listEndpoints({ enabled: false })).map((e) => e.id)).toEqual([ep.id]);
      const again = await store.updateEndpoint(ep.id, {
        enabled: true,
        url: 'https://new.example.com/',
        eventTypes: ['*'],
      });
      expect(again).toMatchObject({
        enabled: true,
        disabledReason: null,
        failingSince: null,
        url: 'https://new.example.com/',
        eventTypes: ['*'],
      });
      expect(await store.updateEndpoint('ep_missing', { enabled: false })).toBeNull();
      await store.emitEvents([event('evt_x')]);
      expect(await store.deleteEndpoint(ep.id)).toBe(true);
      expect(await store.deleteEndpoint(ep.id)).toBe(false);
      expect(await store.getEndpoint(ep.id)).toBeNull();
      expect((await store.listDeliveries(ep.id)).items).toEqual([]);
    });
  });

  describe('deliveries', () => {
    async function oneDelivery(type = 'contrato.status_changed') {
      const ep = await endpoint();
      await store.emitEvents([event('evt_1', type)]);
      return ep;
    }

    it('gives deliveries unique ids that sort by the second they were made', async () => {
      const ep = await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2')]);
      clock.advance(1000);
      await store.emitEvents([event('evt_3')]);
      const items = (await store.listDeliveries(ep.id)).items;
      const idOf = (eventId: string) => items.find((d) => d.eventId === eventId)!.id;
      for (const d of items) expect(d.id).toMatch(/^dlv_[0-9a-f]{24}$/);
      expect(idOf('evt_1')).not.toBe(idOf('evt_2'));
      expect(idOf('evt_1') < idOf('evt_3') && idOf('evt_2') < idOf('evt_3')).toBe(true);
      expect(idOf('evt_3').slice(4, 12)).toBe(
        Math.floor(clock.now() / 1000)
          .toString(16)
          .padStart(8, '0'),
      );
    });

    it('claims due deliveries once, in detection order, until the claim lapses', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3')]);
      const first = await store.claimDeliveries({ owner: 'a', limit: 2, claimMs: 60_000 });
      expect(first.map((d) => d.eventId)).toEqual(['evt_1', 'evt_2']);
      expect(JSON.parse(first[0]!.body)).toMatchObject({ type: 'contrato.status_changed' });
      expect(first[0]!.endpoint.url).toBe('https://hooks.example.com/in');
      const second = await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 });
      expect(second.map((d) => d.eventId)).toEqual(['evt_3']);
      expect(await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 })).toEqual([]);
      clock.advance(60_000);
      expect(await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 })).toHaveLength(
        3,
      );
    });

    it('records outcomes and claims the next deliveries in one call', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3'), event('evt_4')]);
      const [one, two] = await store.claimDeliveries({ owner: 'a', limit: 2, claimMs: 60_000 });
      const at = clock.now();
      const base = { owner: 'a', attemptedAt: at, error: null, durationMs: 3 };
      const { results, claimed } = await store.recordAndClaim(
        [
          {
            ...base,
            deliveryId: one!.id,
            statusCode: 204,
            outcome: 'delivered',
            nextAttemptAt: null,
          },
          {
            ...base,
            deliveryId: two!.id,
            statusCode: 500,
            error: 'HTTP 500',
            outcome: 'retry',
            nextAttemptAt: at + 5000,
          },
        ],
        { owner: 'a', limit: 10, claimMs: 60_000 },
      );
      expect(results.map((r) => r.applied)).toEqual([true, true]);
      // The retry is not due yet; the two never attempted are, in detection order.
      expect(claimed.map((d) => d.eventId)).toEqual(['evt_3', 'evt_4']);
      expect(claimed[0]!.endpoint.url).toBe('https://hooks.example.com/in');
      expect(await store.getDelivery(one!.id)).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(await store.getDelivery(two!.id)).toMatchObject({ status: 'pending', attempts: 1 });
      expect(await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 })).toEqual([]);
      const none = await store.recordAndClaim([], { owner: 'a', limit: 10, claimMs: 60_000 });
      expect(none).toEqual({ results: [], claimed: [] });
    });

    it('bounds claims per endpoint and does not starve the others', async () => {
      const busy = await endpoint(['contrato.*']);
      const quiet = await endpoint(['sva.*']);
      await store.emitEvents(Array.from({ length: 30 }, (_, i) => event(`evt_c${i}`)));
      await store.emitEvents([event('evt_s', 'sva.added')]);
      const claimed = await store.claimDeliveries({
        owner: 'a',
        limit: 10,
        claimMs: 60_000,
        maxPerEndpoint: 3,
        busy: { [busy.id]: 1 },
      });
      expect(claimed.filter((d) => d.endpointId === busy.id)).toHaveLength(2);
      expect(claimed.filter((d) => d.endpointId === quiet.id)).toHaveLength(1);
    });

    it('skips disabled endpoints and deliveries not yet due', async () => {
      const ep = await oneDelivery();
      const [d] = await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 });
      await store.recordAttempt({
        deliveryId: d!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 500,
        error: 'HTTP 500',
        durationMs: 12,
        outcome: 'retry',
        nextAttemptAt: clock.now() + 5000,
      });
      expect(await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 })).toEqual([]);
      clock.advance(5000);
      await store.updateEndpoint(ep.id, { enabled: false, disabledReason: 'manual' });
      expect(await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 })).toEqual([]);
      await store.updateEndpoint(ep.id, { enabled: true });
      expect(await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 })).toHaveLength(1);
    });

    it('records attempts, the failure clock, and catches up when the receiver is back', async () => {
      const ep = await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2')]);
      const t0 = clock.now();
      for (const d of await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 })) {
        const r = await store.recordAttempt({
          deliveryId: d.id,
          owner: 'a',
          attemptedAt: clock.now(),
          statusCode: null,
          error: 'ECONNREFUSED',
          durationMs: 3,
          outcome: 'retry',
          nextAttemptAt: clock.now() + HOUR,
        });
        expect(r).toEqual({ applied: true, endpointFailingSince: t0 });
      }
      expect((await store.getEndpoint(ep.id))?.failingSince).toBe(t0);
      await store.emitEvents([event('evt_3')]);
      clock.advance(5000);
      const [fresh] = await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 });
      expect(fresh?.eventId).toBe('evt_3');
      const ok = await store.recordAttempt({
        deliveryId: fresh!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 204,
        error: null,
        durationMs: 8,
        outcome: 'delivered',
        nextAttemptAt: null,
      });
      expect(ok.endpointFailingSince).toBeNull();
      // The two waiting an hour are due now, oldest first.
      const caught = await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 });
      expect(caught.map((d) => d.eventId)).toEqual(['evt_1', 'evt_2']);
      const delivered = await store.getDelivery(fresh!.id);
      expect(delivered).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 204,
        deliveredAt: clock.now(),
        nextAttemptAt: null,
      });
      const history = await store.listAttempts(caught[0]!.id);
      expect(history).toEqual([
        {
          deliveryId: caught[0]!.id,
          attemptedAt: t0,
          statusCode: null,
          error: 'ECONNREFUSED',
          durationMs: 3,
          outcome: 'retry',
        },
      ]);
    });

    it('keeps exhausted deliveries as failed, and ignores an attempt from a lapsed claim', async () => {
      await oneDelivery();
      const [d] = await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 });
      clock.advance(1001);
      const [taken] = await store.claimDeliveries({ owner: 'b', limit: 1, claimMs: 1000 });
      expect(taken?.id).toBe(d!.id);
      const late = await store.recordAttempt({
        deliveryId: d!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 500,
        error: 'x',
        durationMs: 1,
        outcome: 'retry',
        nextAttemptAt: clock.now() + 5,
      });
      expect(late.applied).toBe(false);
      await store.recordAttempt({
        deliveryId: d!.id,
        owner: 'b',
        attemptedAt: clock.now(),
        statusCode: 500,
        error: 'HTTP 500',
        durationMs: 1,
        outcome: 'failed',
        nextAttemptAt: null,
      });
      expect(await store.getDelivery(d!.id)).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
        attempts: 1,
      });
      expect(await store.listAttempts(d!.id)).toHaveLength(2);
    });

    it('records a batch of mixed outcomes in one call, each as if recorded alone', async () => {
      const ep = await endpoint(['contrato.*']);
      const other = await endpoint(['sva.*']);
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3'), event('evt_4')]);
      await store.emitEvents([event('evt_s', 'sva.added')]);
      const claimed = await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 });
      const by = new Map(claimed.map((d) => [d.eventId, d]));
      // evt_1's claim lapses and b takes it: our late outcome must not apply.
      const t0 = clock.now();
      const attempt = (id: string, outcome: 'delivered' | 'retry' | 'failed', code: number) => ({
        deliveryId: by.get(id)!.id,
        owner: 'a',
        attemptedAt: t0,
        statusCode: code,
        error: outcome === 'delivered' ? null : `HTTP ${code}`,
        durationMs: 7,
        outcome,
        nextAttemptAt: outcome === 'retry' ? t0 + 5000 : null,
      });
      clock.advance(60_000);
      const [stolen] = await store.claimDeliveries({ owner: 'b', limit: 1, claimMs: 60_000 });
      expect(stolen?.eventId).toBe('evt_1');
      const results = await store.recordAttempts([
        attempt('evt_1', 'delivered', 204),
        attempt('evt_2', 'retry', 500),
        attempt('evt_3', 'failed', 500),
        attempt('evt_4', 'delivered', 200),
        attempt('evt_s', 'retry', 503),
      ]);
      expect(results.map((r) => r.applied)).toEqual([false, true, true, true, true]);
      // ep: a failure after a success starts the clock at that failure; so does other's.
      expect(results.map((r) => r.endpointFailingSince)).toEqual([null, t0, t0, null, t0]);
      expect(await store.getDelivery(by.get('evt_2')!.id)).toMatchObject({
        status: 'pending',
        attempts: 1,
        nextAttemptAt: t0 + 5000,
        lastStatusCode: 500,
      });
      expect(await store.getDelivery(by.get('evt_3')!.id)).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
      });
      expect(await store.getDelivery(by.get('evt_4')!.id)).toMatchObject({
        status: 'delivered',
        deliveredAt: t0,
      });
      // b still holds evt_1; our attempt is kept in its history all the same.
      expect((await store.getDelivery(stolen!.id))?.status).toBe('pending');
      expect(await store.listAttempts(stolen!.id)).toHaveLength(1);
      // The last of ep's attempts in the batch was a success: its clock is stopped.
      expect((await store.getEndpoint(ep.id))?.failingSince).toBeNull();
      expect((await store.getEndpoint(other.id))?.failingSince).toBe(t0);
      expect(await store.recordAttempts([])).toEqual([]);
    });

    it('a batch that ends with a success catches up an endpoint that was down', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3')]);
      const [one, two, three] = await store.claimDeliveries({
        owner: 'a',
        limit: 3,
        claimMs: 60_000,
      });
      const t0 = clock.now();
      const base = { owner: 'a', error: null, durationMs: 1 };
      const results = await store.recordAttempts([
        {
          ...base,
          deliveryId: one!.id,
          attemptedAt: t0,
          statusCode: 500,
          outcome: 'retry',
          nextAttemptAt: t0 + HOUR,
        },
        {
          ...base,
          deliveryId: two!.id,
          attemptedAt: t0 + 4000,
          statusCode: 500,
          outcome: 'retry',
          nextAttemptAt: t0 + HOUR,
        },
        {
          ...base,
          deliveryId: three!.id,
          attemptedAt: t0 + 5000,
          statusCode: 204,
          outcome: 'delivered',
          nextAttemptAt: null,
        },
      ]);
      expect(results.map((r) => r.endpointFailingSince)).toEqual([t0, t0, null]);
      const again = await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 });
      expect(again.map((d) => d.eventId)).toEqual(['evt_1', 'evt_2']);
    });

    it('keeps retries on the schedule when a receiver only rejects some deliveries', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2')]);
      const [bad, good] = await store.claimDeliveries({ owner: 'a', limit: 2, claimMs: 60_000 });
      const t0 = clock.now();
      const base = { owner: 'a', error: null, durationMs: 1 };
      await store.recordAttempts([
        {
          ...base,
          deliveryId: bad!.id,
          attemptedAt: t0,
          statusCode: 500,
          outcome: 'retry',
          nextAttemptAt: t0 + 5000,
        },
        {
          ...base,
          deliveryId: good!.id,
          attemptedAt: t0 + 20,
          statusCode: 204,
          outcome: 'delivered',
          nextAttemptAt: null,
        },
      ]);
      expect(await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 })).toEqual([]);
      expect((await store.getDelivery(bad!.id))?.nextAttemptAt).toBe(t0 + 5000);
    });

    it('a success in a later batch stops the clock without catching up the retries', async () => {
      const ep = await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3')]);
      const [bad, good, later] = await store.claimDeliveries({
        owner: 'a',
        limit: 3,
        claimMs: 60_000,
      });
      const t0 = clock.now();
      const base = { owner: 'a', error: null, durationMs: 1 };
      const ok = (d: typeof good, attemptedAt: number) => ({
        ...base,
        deliveryId: d!.id,
        attemptedAt,
        statusCode: 204,
        outcome: 'delivered' as const,
        nextAttemptAt: null,
      });
      await store.recordAttempts([
        {
          ...base,
          deliveryId: bad!.id,
          attemptedAt: t0,
          statusCode: 500,
          outcome: 'retry',
          nextAttemptAt: t0 + HOUR,
        },
      ]);
      expect((await store.getEndpoint(ep.id))?.failingSince).toBe(t0);
      // One second later the receiver answers: it was not down, its clock stops.
      const [stopped] = await store.recordAttempts([ok(good, t0 + 1000)]);
      expect(stopped?.endpointFailingSince).toBeNull();
      expect((await store.getEndpoint(ep.id))?.failingSince).toBeNull();
      // A success well past the catch-up delay finds no clock: the retry keeps its slot.
      clock.advance(10_000);
      await store.recordAttempts([ok(later, t0 + 10_000)]);
      expect((await store.getDelivery(bad!.id))?.nextAttemptAt).toBe(t0 + HOUR);
    });

    it('a claim that is never recorded (a crashed instance) is due again when it lapses', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2')]);
      const lost = await store.claimDeliveries({ owner: 'crashed', limit: 10, claimMs: 30_000 });
      expect(lost).toHaveLength(2);
      clock.advance(29_999);
      expect(await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 30_000 })).toEqual([]);
      expect(await store.summary()).toMatchObject({ pending: 2 });
      clock.advance(1);
      const taken = await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 30_000 });
      expect(taken.map((d) => d.eventId)).toEqual(['evt_1', 'evt_2']);
      expect(taken.map((d) => d.attempts)).toEqual([0, 0]);
    });

    it('gives back unsent claims of their owner only, due again at once', async () => {
      await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2')]);
      const mine = await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 60_000 });
      expect(await store.releaseClaims('b', [mine[0]!.id])).toBe(0);
      expect(await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 })).toEqual([]);
      expect(
        await store.releaseClaims(
          'a',
          mine.map((d) => d.id),
        ),
      ).toBe(2);
      const again = await store.claimDeliveries({ owner: 'b', limit: 10, claimMs: 60_000 });
      expect(again.map((d) => d.eventId)).toEqual(['evt_1', 'evt_2']);
      expect(await store.releaseClaims('a', [])).toBe(0);
    });

    it("lists an endpoint's deliveries newest first with filters and pages", async () => {
      const ep = await endpoint();
      for (let i = 0; i < 5; i++) {
        await store.emitEvents([event(`evt_${i}`, i % 2 ? 'sva.added' : 'contrato.created')]);
        clock.advance(1000);
      }
      const page1 = await store.listDeliveries(ep.id, { limit: 2 });
      expect(page1.items.map((d) => d.eventId)).toEqual(['evt_4', 'evt_3']);
      const page2 = await store.listDeliveries(ep.id, { limit: 2, cursor: page1.nextCursor! });
      expect(page2.items.map((d) => d.eventId)).toEqual(['evt_2', 'evt_1']);
      const page3 = await store.listDeliveries(ep.id, { limit: 2, cursor: page2.nextCursor! });
      expect(page3).toMatchObject({ nextCursor: null });
      expect(page3.items.map((d) => d.eventId)).toEqual(['evt_0']);
      const svas = await store.listDeliveries(ep.id, { eventType: 'sva.added' });
      expect(svas.items.map((d) => d.eventId)).toEqual(['evt_3', 'evt_1']);
      const start = clock.now() - 5000;
      const ranged = await store.listDeliveries(ep.id, {
        since: start + 1000,
        until: start + 3000,
      });
      expect(ranged.items.map((d) => d.eventId)).toEqual(['evt_2', 'evt_1']);
      expect((await store.listDeliveries(ep.id, { status: 'delivered' })).items).toEqual([]);
    });

    it('replays one delivery and recovers failed ones in a time range', async () => {
      const ep = await endpoint();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        await store.emitEvents([event(`evt_${i}`)]);
        const [d] = await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 });
        await store.recordAttempt({
          deliveryId: d!.id,
          owner: 'a',
          attemptedAt: clock.now(),
          statusCode: 500,
          error: 'x',
          durationMs: 1,
          outcome: 'failed',
          nextAttemptAt: null,
        });
        ids.push(d!.id);
        clock.advance(HOUR);
      }
      const t0 = clock.now() - 3 * HOUR;
      expect(await store.recoverDeliveries(ep.id, t0 + HOUR, t0 + 3 * HOUR)).toBe(2);
      expect((await store.getDelivery(ids[0]!))?.status).toBe('failed');
      expect(await store.getDelivery(ids[1]!)).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: clock.now(),
      });
      const replayed = await store.replayDelivery(ids[0]!);
      expect(replayed).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await store.replayDelivery('dlv_missing')).toBeNull();
      expect(await store.claimDeliveries({ owner: 'a', limit: 10, claimMs: 1000 })).toHaveLength(3);
    });

    it('sums up pending, failing, failed and delivered, with hourly stats', async () => {
      const ep = await endpoint();
      await store.emitEvents([event('evt_1'), event('evt_2'), event('evt_3')]);
      const [a, b, c] = await store.claimDeliveries({ owner: 'a', limit: 3, claimMs: 1000 });
      clock.advance(HOUR);
      await store.recordAttempt({
        deliveryId: a!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 200,
        error: null,
        durationMs: 1,
        outcome: 'delivered',
        nextAttemptAt: null,
      });
      await store.recordAttempt({
        deliveryId: b!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 500,
        error: 'x',
        durationMs: 1,
        outcome: 'retry',
        nextAttemptAt: clock.now() + 5000,
      });
      await store.recordAttempt({
        deliveryId: c!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 500,
        error: 'x',
        durationMs: 1,
        outcome: 'failed',
        nextAttemptAt: null,
      });
      const summary = await store.summary();
      expect(summary).toEqual({
        pending: 1,
        failing: 1,
        failed: 1,
        deliveredLastHour: 1,
        oldestPendingAgeMs: HOUR,
        endpoints: { enabled: 1, disabled: 0 },
      });
      expect((await store.summary({ tenant: 'other' })).pending).toBe(0);
      expect((await store.summary({ endpointId: ep.id })).pending).toBe(1);
      const buckets = await store.stats(3);
      expect(buckets).toHaveLength(3);
      expect(buckets[2]).toEqual({
        hourStart: Math.floor(clock.now() / HOUR) * HOUR,
        delivered: 1,
        failed: 2,
      });
      expect(buckets[0]).toMatchObject({ delivered: 0, failed: 0 });
      clock.advance(2 * HOUR);
      expect((await store.summary()).deliveredLastHour).toBe(0);
    });

    it('prunes old delivered deliveries and keeps the rest', async () => {
      await oneDelivery();
      const [d] = await store.claimDeliveries({ owner: 'a', limit: 1, claimMs: 1000 });
      await store.recordAttempt({
        deliveryId: d!.id,
        owner: 'a',
        attemptedAt: clock.now(),
        statusCode: 200,
        error: null,
        durationMs: 1,
        outcome: 'delivered',
        nextAttemptAt: null,
      });
      await store.emitEvents([event('evt_pending')]);
      clock.advance(HOUR);
      expect(await store.prune({ deliveredBefore: clock.now() })).toBeGreaterThanOrEqual(3);
      expect(await store.getDelivery(d!.id)).toBeNull();
      expect(await store.getEvent('evt_1')).toBeNull();
      expect(await store.getEvent('evt_pending')).not.toBeNull();
    });
  });

  describe('idempotency', () => {
    const key = {
      tenant: 'acme',
      apiKeyName: 'campsoft',
      key: '9f1c2f6e-0f0e-4a55-8d2b-6b1b9b7f3c11',
    };
    const response = {
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: { data: { outcome: 'created' } },
    };

    it('follows the draft: new, in flight, replay, mismatch', async () => {
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f1' })).toEqual({ state: 'new' });
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f1' })).toEqual({
        state: 'conflict',
      });
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f2' })).toEqual({
        state: 'mismatch',
      });
      await store.completeIdempotent(key, response);
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f1' })).toEqual({
        state: 'replay',
        response,
      });
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f2' })).toEqual({
        state: 'mismatch',
      });
      expect(
        await store.beginIdempotent({ ...key, apiKeyName: 'other', fingerprint: 'f2' }),
      ).toEqual({ state: 'new' });
      expect(await store.beginIdempotent({ ...key, tenant: 'other', fingerprint: 'f2' })).toEqual({
        state: 'new',
      });
    });

    it('forgets answers after 24 h and abandoned requests after a minute', async () => {
      await store.beginIdempotent({ ...key, fingerprint: 'f1' });
      await store.completeIdempotent(key, response);
      clock.advance(24 * HOUR - 1);
      expect((await store.beginIdempotent({ ...key, fingerprint: 'f1' })).state).toBe('replay');
      clock.advance(1);
      expect(await store.beginIdempotent({ ...key, fingerprint: 'f2' })).toEqual({ state: 'new' });
      clock.advance(59_999);
      expect((await store.beginIdempotent({ ...key, fingerprint: 'f2' })).state).toBe('conflict');
      clock.advance(1);
      expect((await store.beginIdempotent({ ...key, fingerprint: 'f2' })).state).toBe('new');
      await store.abandonIdempotent(key);
      expect((await store.beginIdempotent({ ...key, fingerprint: 'f3' })).state).toBe('new');
    });

    it('lets exactly one of many concurrent identical requests run', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => store.beginIdempotent({ ...key, fingerprint: 'f1' })),
      );
      expect(outcomes.filter((o) => o.state === 'new')).toHaveLength(1);
      expect(outcomes.filter((o) => o.state === 'conflict')).toHaveLength(19);
    });
  });

  describe('audit', () => {
    it('appends and lists newest first, paged and per tenant', async () => {
      for (let i = 0; i < 5; i++) {
        await store.appendAudit({
          tenant: i < 3 ? 'acme' : 'other',
          apiKeyName: 'campsoft',
          action: 'ativarSva',
          record: { clienteId: i, operations: [] },
        });
        clock.advance(1000);
      }
      const page = await store.listAudit({ pageSize: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((e) => e.record.clienteId)).toEqual([4, 3]);
      const last = await store.listAudit({ page: 3, pageSize: 2 });
      expect(last.items.map((e) => e.record.clienteId)).toEqual([0]);
      const acme = await store.listAudit({ tenant: 'acme' });
      expect(acme).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      expect(acme.items[0]).toMatchObject({
        at: clock.now() - 3000,
        apiKeyName: 'campsoft',
        action: 'ativarSva',
      });
    });
  });
});
