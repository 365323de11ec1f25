import { afterEach, describe, expect, it } from 'vitest';
import { type Tenant, tenant } from './harness.js';

let t: Tenant;
afterEach(async () => {
  await t?.store.close();
});

async function baselined(): Promise<Tenant> {
  const x = await tenant();
  await x.watcher.pollOnce();
  x.clock.advance(60_000);
  return x;
}

describe('each event type from changes made in the simulator', () => {
  it('takes a silent baseline, then reports a customer switched off', async () => {
    t = await tenant();
    const first = await t.watcher.pollOnce();
    expect(first.status).toBe('polled');
    expect(first.baselines.sort()).toEqual(
      ['cliente', 'cliente_contrato', 'sva_usuarios', 'vd_contratos_produtos'].sort(),
    );
    expect(await t.events()).toEqual([]);
    t.clock.advance(60_000);
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    const second = await t.watcher.pollOnce();
    expect(second.events).toBe(1);
    const [event] = await t.events();
    expect(event).toMatchObject({
      type: 'cliente.status_changed',
      timestamp: '2026-12-01T12:01:00.000Z',
      data: {
        tenant: 'acme',
        clienteId: 1,
        field: 'ativo',
        previous: 'ativo',
        current: 'inativo',
        previousCode: 'S',
        currentCode: 'N',
        sequence: 2,
        ixcUpdatedAt: '2026-12-01T09:01:00-03:00',
        detectedAt: '2026-12-01T12:01:00.000Z',
      },
    });
    expect(Object.keys(event?.data ?? {})).not.toContain('cliente');
  });

  it('reports the three status columns of a contract, each as its own event with its own sequence', async () => {
    t = await baselined();
    t.engine.tables.update('cliente_contrato', 1, {
      status: 'I',
      status_internet: 'CM',
      status_velocidade: 'R',
    });
    await t.watcher.pollOnce();
    const events = await t.events();
    const byType = Object.fromEntries(events.map((e) => [e.type, e.data]));
    expect(Object.keys(byType).sort()).toEqual([
      'contrato.internet_status_changed',
      'contrato.speed_status_changed',
      'contrato.status_changed',
    ]);
    expect(byType['contrato.internet_status_changed']).toMatchObject({
      clienteId: 1,
      contratoId: 1,
      field: 'status_internet',
      previous: 'ativo',
      current: 'bloqueio_manual',
      previousCode: 'A',
      currentCode: 'CM',
    });
    expect(byType['contrato.status_changed']).toMatchObject({
      previous: 'ativo',
      current: 'inativo',
    });
    expect(byType['contrato.speed_status_changed']).toMatchObject({
      previous: 'normal',
      current: 'reduzida',
      currentCode: 'R',
    });
    expect(events.map((e) => e.data.sequence).sort()).toEqual([2, 3, 4]);
  });

  it('reports a new contract and a product line added to a contract, with the customer', async () => {
    t = await baselined();
    const contrato = t.engine.tables.insert('cliente_contrato', {
      id_cliente: 15,
      tipo: 'I',
      id_vd_contrato: 1,
      status: 'P',
      status_internet: 'AA',
    });
    const linha = t.engine.tables.insert('vd_contratos_produtos', {
      id_contrato: 8,
      tipo: 'SVA',
      id_produto: 3,
      qtde: 1,
      valor_unit: '9.900000000',
    });
    // A plan's own line (no contract) is not a contract's product.
    t.engine.tables.insert('vd_contratos_produtos', {
      id_vd_contrato: 2,
      tipo: 'SVA',
      id_produto: 4,
    });
    await t.watcher.pollOnce();
    const events = await t.events();
    expect(events.map((e) => e.type).sort()).toEqual([
      'contrato.created',
      'contrato.produto_added',
    ]);
    expect(events.find((e) => e.type === 'contrato.created')?.data).toMatchObject({
      clienteId: 15,
      contratoId: Number(contrato.id),
      previous: null,
      current: 'pre_contrato',
      currentCode: 'P',
      sequence: 1,
    });
    expect(events.find((e) => e.type === 'contrato.produto_added')?.data).toMatchObject({
      clienteId: 7,
      contratoId: 8,
      produtoContratoId: Number(linha.id),
      produtoId: 3,
      field: 'tipo',
      current: 'sva',
      currentCode: 'SVA',
    });
  });

  it('reports SVA accounts blocked, added and removed (no ultima_atualizacao on sva_usuarios)', async () => {
    t = await baselined();
    t.engine.tables.update('sva_usuarios', 1, { status_integracao: 'B' });
    const added = t.engine.tables.insert('sva_usuarios', {
      id_contrato: 2,
      id_integracao: 1,
      id_produto_contrato: 3,
      usar_email: 'S',
      status_integracao: 'A',
      user: 'novo@exemplo.com.br',
    });
    t.engine.tables.remove('sva_usuarios', 9);
    await t.watcher.pollOnce();
    const events = await t.events();
    const byType = Object.fromEntries(events.map((e) => [e.type, e.data]));
    expect(Object.keys(byType).sort()).toEqual(['sva.added', 'sva.removed', 'sva.status_changed']);
    expect(byType['sva.status_changed']).toMatchObject({
      clienteId: 7,
      contratoId: 8,
      contaSvaId: 1,
      field: 'status_integracao',
      previous: 'ativo',
      current: 'bloqueado',
      previousCode: 'A',
      currentCode: 'B',
      ixcUpdatedAt: null,
    });
    expect(byType['sva.added']).toMatchObject({
      clienteId: 2,
      contratoId: 2,
      contaSvaId: Number(added.id),
      previous: null,
      current: 'ativo',
    });
    expect(byType['sva.removed']).toMatchObject({
      clienteId: 10,
      contratoId: 14,
      contaSvaId: 9,
      previous: 'ativo',
      current: null,
    });
    const user = JSON.stringify(events);
    expect(user).not.toContain('@exemplo.com.br');
  });

  it('announces every contract, line and account on the first run when asked', async () => {
    t = await tenant({ watcher: { baseline: 'events' } });
    await t.watcher.pollOnce();
    const counts: Record<string, number> = {};
    for (const e of await t.events()) counts[e.type] = (counts[e.type] ?? 0) + 1;
    expect(counts).toEqual({
      'contrato.created': t.engine.tables.count('cliente_contrato'),
      'contrato.produto_added': t.engine.tables.find(
        'vd_contratos_produtos',
        (r) => r.id_contrato !== '0',
      ).length,
      'sva.added': t.engine.tables.count('sva_usuarios'),
    });
  });

  it('sends nothing when nothing changed', async () => {
    t = await baselined();
    const again = await t.watcher.pollOnce();
    expect(again.events).toBe(0);
    expect(await t.events()).toEqual([]);
  });
});
