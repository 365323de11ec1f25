import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Tenant, tenant } from './harness.js';

let t: Tenant;
afterEach(async () => {
  await t?.store.close();
});

const TTL = 60_000;

describe('one poller per tenant', () => {
  it('lets a second instance skip while the first holds the lease, and take over when released', async () => {
    t = await tenant({ watcher: { leaseTtlMs: TTL } });
    const b = t.watcherWith({ owner: 'instance-b' });
    expect((await t.watcher.pollOnce()).status).toBe('polled');
    t.engine.clearRequests();
    const skipped = await b.pollOnce();
    expect(skipped).toMatchObject({ status: 'skipped', ixcRequests: 0 });
    expect(t.engine.requests).toHaveLength(0);
    expect(b.metrics()).toMatchObject({ leader: false, pollsSkipped: 1 });
    await t.watcher.stop();
    expect(await t.store.getLease('ixc-campsoft:detect:acme')).toBeNull();
    expect((await b.pollOnce()).status).toBe('polled');
    expect((await t.watcher.pollOnce()).status).toBe('skipped');
  });

  it('hands over when the holder stops renewing, and fences the old holder out mid-poll', async () => {
    t = await tenant({ watcher: { leaseTtlMs: TTL, pageSize: 2, overlapSeconds: 0 } });
    const b = t.watcherWith({ owner: 'instance-b' });
    await t.watcher.pollOnce();
    t.clock.advance(TTL + 1);
    expect((await b.pollOnce()).status).toBe('polled');
    expect((await t.watcher.pollOnce()).status).toBe('skipped');

    // b is polling a long backlog when it stalls past its lease; a takes over meanwhile.
    for (const id of [1, 2, 5, 7, 8]) {
      t.engine.tables.update('cliente_contrato', id, { status_internet: 'CA' });
      t.clock.advance(1_000);
    }
    let calls = 0;
    t.engine.faults.add({
      table: 'cliente_contrato',
      match: () => ++calls === 2,
      times: 1,
      tap: async () => {
        t.clock.advance(TTL + 1);
        await t.store.acquireLease('ixc-campsoft:detect:acme', 'instance-a', TTL);
      },
    });
    const fenced = await b.pollOnce();
    expect(fenced.status).toBe('lease_lost');
    expect(b.metrics()).toMatchObject({ leaseLost: 1, leader: false });
    // a finishes the work; every change is there exactly once.
    expect((await t.watcher.pollOnce()).status).toBe('polled');
    const ids = (await t.events()).map((e) => e.data.contratoId);
    expect(ids.sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2, 5, 7, 8]);
  });

  it('renews its lease while a long poll runs', async () => {
    t = await tenant({ watcher: { leaseTtlMs: TTL, pageSize: 2 } });
    const b = t.watcherWith({ owner: 'instance-b' });
    // Each IXC request takes a third of the lease: without renewal it would lapse.
    t.engine.faults.add({ tap: () => t.clock.advance(TTL / 3) });
    expect((await t.watcher.pollOnce()).status).toBe('polled');
    expect((await b.pollOnce()).status).toBe('skipped');
  });
});

describe('start and stop', () => {
  it('stops at a safe point: the page being read is committed, the rest waits for the next poll', async () => {
    t = await tenant({ watcher: { pageSize: 2, overlapSeconds: 0 } });
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    const ids = [1, 2, 5, 7, 8];
    for (const id of ids) {
      t.engine.tables.update('cliente_contrato', id, { status_internet: 'CA' });
      t.clock.advance(1_000);
    }
    let stopping: Promise<void> | undefined;
    t.engine.faults.add({
      table: 'cliente_contrato',
      times: 1,
      tap: () => {
        stopping = t.watcher.stop();
      },
    });
    const result = await t.watcher.pollOnce();
    await stopping;
    expect(result.status).toBe('stopped');
    const first = (await t.events()).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(ids.length);
    expect(await t.store.getLease('ixc-campsoft:detect:acme')).toBeNull();
    await t.watcher.pollOnce();
    expect((await t.events()).map((e) => e.data.contratoId).sort()).toEqual(ids.sort());
  });

  it('polls on its own once started, until stopped', async () => {
    t = await tenant({ watcher: { pollIntervalMs: 5 } });
    const errors: unknown[] = [];
    const w = t.watcherWith({ owner: 'instance-c', onError: (e) => errors.push(e) });
    w.start();
    await vi.waitUntil(() => w.metrics().polls >= 2, { timeout: 5_000 });
    await w.stop();
    const polls = w.metrics().polls;
    await new Promise((r) => setTimeout(r, 30));
    expect(w.metrics().polls).toBe(polls);
    expect(errors).toEqual([]);
  });
});
