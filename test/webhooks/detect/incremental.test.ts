import { afterEach, describe, expect, it } from 'vitest';
import { type Tenant, tenant } from './harness.js';

let t: Tenant;
afterEach(async () => {
  await t?.store.close();
});

const contratoQueries = (x: Tenant) =>
  x.engine.requests.filter((r) => r.kind === 'list' && r.table === 'cliente_contrato');

const internetEvents = async (x: Tenant) =>
  (await x.events()).filter((e) => e.type === 'contrato.internet_status_changed');

describe('incremental poll by ultima_atualizacao', () => {
  it('reads every row written in one second when that second fills several pages', async () => {
    t = await tenant({ watcher: { pageSize: 2, overlapSeconds: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    // Five contracts in the same second: more than two pages of one `ultima_atualizacao`.
    for (const id of [1, 2, 5, 7, 8])
      t.engine.tables.update('cliente_contrato', id, { status_internet: 'CA' });
    t.engine.clearRequests();
    await t.watcher.pollOnce();
    const events = await internetEvents(t);
    expect(events.map((e) => e.data.contratoId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      1, 2, 5, 7, 8,
    ]);
    expect(new Set(events.map((e) => e.data.ixcUpdatedAt))).toEqual(
      new Set(['2026-12-01T09:01:00-03:00']),
    );
    // The second is read by id once a page holds nothing else.
    expect(contratoQueries(t).some((r) => r.body.grid_param?.includes('"OP":">"'))).toBe(true);
  });

  it('reads two rows of one second that a page boundary splits, each once', async () => {
    t = await tenant({ watcher: { pageSize: 2, overlapSeconds: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CA' });
    t.clock.advance(1_000);
    t.engine.tables.update('cliente_contrato', 2, { status_internet: 'CA' });
    t.engine.tables.update('cliente_contrato', 3, { status_internet: 'A' });
    t.engine.tables.update('cliente_contrato', 5, { status_internet: 'CM' });
    await t.watcher.pollOnce();
    const events = await internetEvents(t);
    expect(events.map((e) => e.data.contratoId).sort()).toEqual([1, 2, 3, 5]);
    // And nothing more on the next poll, which re-reads the last second.
    expect((await t.watcher.pollOnce()).events).toBe(0);
  });

  it('catches a row committed late with a time before the watermark, inside the overlap', async () => {
    t = await tenant({ watcher: { overlapSeconds: 300, reconcileEveryMs: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(600_000);
    t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CM' });
    await t.watcher.pollOnce();
    // A long transaction commits now a change stamped 2 minutes before the newest row seen.
    t.engine.tables.update('cliente_contrato', 2, {
      status_internet: 'FA',
      ultima_atualizacao: '2026-12-01 09:08:00',
    });
    await t.watcher.pollOnce();
    const events = await internetEvents(t);
    expect(events.map((e) => [e.data.contratoId, e.data.currentCode])).toEqual([
      [1, 'CM'],
      [2, 'FA'],
    ]);
  });

  it('misses such a row without overlap: what the overlap is for', async () => {
    t = await tenant({ watcher: { overlapSeconds: 0, reconcileEveryMs: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(600_000);
    t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CM' });
    await t.watcher.pollOnce();
    t.engine.tables.update('cliente_contrato', 2, {
      status_internet: 'FA',
      ultima_atualizacao: '2026-12-01 09:08:00',
    });
    await t.watcher.pollOnce();
    expect((await internetEvents(t)).map((e) => e.data.contratoId)).toEqual([1]);
  });

  it('resumes from its cursor after a failure mid-poll: nothing lost, nothing twice', async () => {
    t = await tenant({ watcher: { pageSize: 2, overlapSeconds: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    const ids = [1, 2, 5, 7, 8, 15, 16];
    for (const id of ids) {
      t.engine.tables.update('cliente_contrato', id, { status_internet: 'CM' });
      t.clock.advance(1_000);
    }
    let seen = 0;
    t.engine.faults.add({
      table: 'cliente_contrato',
      times: 1,
      match: () => ++seen === 3,
      status: 500,
    });
    await expect(t.watcher.pollOnce()).rejects.toThrow();
    const partial = await internetEvents(t);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(ids.length);
    // A new process with the same store.
    const restarted = t.watcherWith({ owner: 'instance-a' });
    await restarted.pollOnce();
    const events = await internetEvents(t);
    expect(events.map((e) => e.data.contratoId).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(ids);
    expect(new Set(events.map((e) => e.data.contratoId)).size).toBe(ids.length);
  });

  it('stores one event when the same change is detected twice', async () => {
    t = await tenant();
    await t.watcher.pollOnce();
    const [before] = await t.store.getSnapshots('acme', 'contrato', ['1']);
    const cursor = await t.store.getCursor('acme', 'cliente_contrato');
    t.clock.advance(60_000);
    t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CM' });
    expect((await t.watcher.pollOnce()).events).toBe(1);
    // Put the old snapshot and cursor back, as if the commit had been lost after delivery.
    await t.store.commitDetection({
      tenant: 'acme',
      stream: 'cliente_contrato',
      cursor,
      snapshots: [
        {
          op: 'upsert',
          kind: 'contrato',
          entityId: '1',
          fields: before!.fields,
          sequence: before!.sequence,
        },
      ],
      events: [],
    });
    t.clock.advance(5_000);
    expect((await t.watcher.pollOnce()).events).toBe(0);
    expect(await internetEvents(t)).toHaveLength(1);
  });

  it('does not announce a change backwards when an API write lands between its read and its commit', async () => {
    t = await tenant();
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    t.engine.tables.update('cliente_contrato', 1, { status_velocidade: 'R' });
    const store = t.store;
    const real = store.getSnapshots.bind(store);
    let raced = false;
    // Our own API blocks contract 1 right after the poller read the row (still 'A').
    store.getSnapshots = async (tenantName, kind, ids) => {
      if (!raced && kind === 'contrato' && ids.includes('1')) {
        raced = true;
        t.clock.advance(1);
        t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CM' });
        const [s] = await real(tenantName, kind, ['1']);
        await store.recordLocalChange({
          tenant: tenantName,
          snapshots: [
            {
              op: 'upsert',
              kind,
              entityId: '1',
              fields: { ...s!.fields, status_internet: 'CM' },
              sequence: s!.sequence + 1,
              expectedSequence: s!.sequence,
            },
          ],
          events: [],
        });
      }
      return real(tenantName, kind, ids);
    };
    await t.watcher.pollOnce();
    expect(raced).toBe(true);
    expect(await t.events()).toEqual([]);
    t.clock.advance(5_000);
    await t.watcher.pollOnce();
    const events = await t.events();
    expect(events.map((e) => [e.type, e.data.currentCode])).toEqual([
      ['contrato.speed_status_changed', 'R'],
    ]);
  });

  it('reports lag from the newest ultima_atualizacao seen, read at IXC offset', async () => {
    t = await tenant();
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    t.engine.tables.update('cliente_contrato', 1, { status_internet: 'CM' });
    t.clock.advance(4_000);
    await t.watcher.pollOnce();
    const m = t.watcher.metrics();
    expect(m.lagMs).toBe(4_000);
    expect(m.eventsDetected).toBe(1);
    expect(m.byType['contrato.internet_status_changed']).toBe(1);
    expect(m.polls).toBe(2);
    expect(m.ixcRequests).toBeGreaterThan(0);
  });
});
