import { afterEach, describe, expect, it } from 'vitest';
import { type Tenant, tenant } from './harness.js';

let t: Tenant;
afterEach(async () => {
  await t?.store.close();
});

const HOUR = 3_600_000;

describe('full reconciliation', () => {
  it('catches hard deletes and changes that did not move ultima_atualizacao, once its period is due', async () => {
    t = await tenant({ watcher: { reconcileEveryMs: HOUR } });
    await t.watcher.pollOnce();
    t.clock.advance(60_000);
    const quiet = { audit: false } as const;
    // Gone from IXC: invisible to a timestamp, and not in ixc_logs.
    t.engine.tables.remove('cliente_contrato', 11, quiet);
    t.engine.tables.remove('vd_contratos_produtos', 27, quiet);
    t.engine.tables.remove('sva_usuarios', 10, quiet);
    // A job that rewrites a row and leaves ultima_atualizacao alone.
    const old = t.engine.tables.get('cliente_contrato', 3)?.ultima_atualizacao as string;
    t.engine.tables.update(
      'cliente_contrato',
      3,
      { status_internet: 'CM', ultima_atualizacao: old },
      quiet,
    );
    t.engine.tables.update('sva_usuarios', 11, { status_integracao: 'A' }, quiet);
    const polled = await t.watcher.pollOnce();
    expect(polled.reconciled).toBe(false);
    expect(await t.events()).toEqual([]);

    t.clock.advance(HOUR);
    const due = await t.watcher.pollOnce();
    expect(due.reconciled).toBe(true);
    const events = await t.events();
    expect(events.map((e) => e.type).sort()).toEqual([
      'contrato.internet_status_changed',
      'contrato.produto_removed',
      'contrato.removed',
      'sva.removed',
      'sva.status_changed',
    ]);
    const get = (type: string) => events.find((e) => e.type === type)?.data;
    expect(get('contrato.removed')).toMatchObject({
      clienteId: 7,
      contratoId: 11,
      previous: 'inativo',
      current: null,
    });
    expect(get('contrato.produto_removed')).toMatchObject({
      clienteId: 7,
      contratoId: 9,
      produtoContratoId: 27,
      previous: 'servicos',
      current: null,
    });
    expect(get('contrato.internet_status_changed')).toMatchObject({
      contratoId: 3,
      previousCode: 'CA',
      currentCode: 'CM',
      ixcUpdatedAt: `${old.replace(' ', 'T')}-03:00`,
    });
    expect(get('sva.removed')).toMatchObject({ contaSvaId: 10, clienteId: 3 });
    expect(get('sva.status_changed')).toMatchObject({
      contaSvaId: 11,
      previous: 'bloqueado',
      current: 'ativo',
    });

    // Not again before the next period.
    t.clock.advance(60_000);
    const after = await t.watcher.pollOnce();
    expect(after.reconciled).toBe(false);
    expect(after.events).toBe(0);
  });

  it('spreads a reconciliation over polls and resumes it from its cursor', async () => {
    t = await tenant({
      watcher: { reconcileEveryMs: HOUR, pageSize: 5, reconcilePagesPerPoll: 2 },
    });
    await t.watcher.pollOnce();
    t.clock.advance(HOUR + 1);
    t.engine.tables.remove('sva_usuarios', 11, { audit: false });
    let polls = 0;
    let done = false;
    while (!done && polls < 50) {
      // A new instance every poll: the reconciliation's place is in the store.
      done = (await t.watcherWith({ owner: 'instance-a' }).pollOnce()).reconciled;
      polls++;
    }
    expect(done).toBe(true);
    expect(polls).toBeGreaterThan(3);
    expect((await t.events()).map((e) => [e.type, e.data.contaSvaId])).toEqual([
      ['sva.removed', 11],
    ]);
  });

  it('with sva: "snapshot", walks the SVA accounts every poll and needs no log', async () => {
    t = await tenant({ watcher: { sva: 'snapshot', reconcileEveryMs: 0 } });
    await t.watcher.pollOnce();
    t.engine.tables.update('sva_usuarios', 2, { status_integracao: 'D' }, { audit: false });
    t.engine.tables.remove('sva_usuarios', 5, { audit: false });
    await t.watcher.pollOnce();
    expect((await t.events()).map((e) => [e.type, e.data.contaSvaId, e.data.current])).toEqual([
      ['sva.status_changed', 2, 'desativado'],
      ['sva.removed', 5, null],
    ]);
  });
});
