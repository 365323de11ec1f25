/**
 * Hard deletes that IXC logged are announced at the next poll, not hours later at the
 * reconciliation; one IXC request per poll covers every table.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Tenant, tenant } from './harness.js';

let t: Tenant;
afterEach(async () => {
  await t?.store.close();
});

async function baselined(watcher: Parameters<typeof tenant>[0] = {}): Promise<Tenant> {
  // Reconciliation off: whatever is seen here is seen by the log.
  const x = await tenant({ watcher: { reconcileEveryMs: 0 }, ...watcher });
  await x.watcher.pollOnce();
  x.clock.advance(60_000);
  return x;
}

const logRequests = (x: Tenant) =>
  x.engine.requests.filter((r) => r.kind === 'list' && r.table === 'ixc_logs').length;

describe('deletes followed in ixc_logs', () => {
  it('announces a deleted contract and a deleted line at the next poll', async () => {
    t = await baselined();
    expect(t.engine.tables.remove('cliente_contrato', 11)).toBe(true);
    expect(t.engine.tables.remove('vd_contratos_produtos', 27, { audit: 'api' })).toBe(true);
    const polled = await t.watcher.pollOnce();
    expect(polled.events).toBe(2);
    const events = await t.events();
    expect(events.map((e) => [e.type, e.data.previous, e.data.current])).toEqual(
      expect.arrayContaining([
        ['contrato.removed', 'inativo', null],
        ['contrato.produto_removed', 'servicos', null],
      ]),
    );
    expect(events.find((e) => e.type === 'contrato.removed')?.data).toMatchObject({
      clienteId: 7,
      contratoId: 11,
    });
    expect(events.find((e) => e.type === 'contrato.produto_removed')?.data).toMatchObject({
      contratoId: 9,
      produtoContratoId: 27,
    });
    // Read again: nothing more.
    t.clock.advance(60_000);
    expect((await t.watcher.pollOnce()).events).toBe(0);
    expect(await t.events()).toHaveLength(2);
  });

  it('costs one log request per idle poll, and ignores deletes of other tables', async () => {
    t = await baselined();
    t.engine.clearRequests();
    await t.watcher.pollOnce();
    // One for the SVA log, one for deletes.
    expect(logRequests(t)).toBe(2);
    t.engine.tables.remove('cliente_contrato_servicos', 1);
    t.engine.clearRequests();
    expect((await t.watcher.pollOnce()).events).toBe(0);
    // The idle poll's five requests: no contract was read by id.
    expect(t.engine.requests.filter((r) => r.kind === 'list')).toHaveLength(5);
  });

  it('leaves a delete IXC did not log to the reconciliation', async () => {
    t = await baselined();
    t.engine.tables.remove('cliente_contrato', 11, { audit: false });
    expect((await t.watcher.pollOnce()).events).toBe(0);
  });

  it('does not announce a row that is still there (a logged delete that IXC rolled back)', async () => {
    t = await baselined();
    const row = t.engine.tables.get('cliente_contrato', 11);
    t.engine.tables.remove('cliente_contrato', 11);
    t.engine.tables.insert('cliente_contrato', { ...row, id: '11' } as Record<string, string>, {
      audit: false,
    });
    expect((await t.watcher.pollOnce()).events).toBe(0);
  });

  it('another instance goes on from the cursor in the store, announcing once', async () => {
    t = await baselined();
    t.engine.tables.remove('cliente_contrato', 11);
    await t.watcher.stop(); // releases the tenant's lease
    const other = t.watcherWith({ owner: 'instance-b', reconcileEveryMs: 0 });
    expect((await other.pollOnce()).events).toBe(1);
    t.clock.advance(60_000);
    expect((await other.pollOnce()).events).toBe(0);
    expect(await t.events()).toHaveLength(1);
  });

  it("with sva: 'snapshot' (an IXC user that cannot read ixc_logs) reads no log", async () => {
    t = await baselined({ watcher: { reconcileEveryMs: 0, sva: 'snapshot' } });
    t.engine.clearRequests();
    t.engine.tables.remove('cliente_contrato', 11);
    expect((await t.watcher.pollOnce()).events).toBe(0);
    expect(logRequests(t)).toBe(0);
  });
});
