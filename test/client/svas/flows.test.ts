/**
 * The SVA methods against the simulator over HTTP, on the demo dataset: what IXC holds after
 * each call, what the call returns, and that a dry run writes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SvaResultSchema } from '../../../src/index.js';
import { contasDe, linhasDe, type SvaHarness, snapshot, startHarness, writes } from './helpers.js';

let h: SvaHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.sim.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.sim.engine.clearRequests();
});

describe('listSvas', () => {
  it('lists the 25 Campsoft SVAs of the catalogue with price and integration, and no other product', async () => {
    const svas = await h.client.listSvas();
    expect(svas.map((s) => s.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const deezer = svas.find((s) => s.id === 3)!;
    expect(deezer).toMatchObject({ nome: 'Deezer Premium', valor: 10, ativo: true, pacoteId: 103 });
    expect(deezer.integracao?.id).toBe(1);
    expect(h.sim.engine.requests.filter((r) => r.table === 'produtos')).toHaveLength(3);
  });

  it('names the Campsoft integration and never returns its secrets', async () => {
    const svas = await h.client.listSvas();
    expect(svas[0]?.integracao).toEqual({ id: 1, plataforma: 'Campsoft' });
    const config = h.sim.engine.tables.get('sva_configuracoes', 1)!;
    const text = JSON.stringify(svas);
    for (const column of ['senha', 'token', 'refresh_token', 'api_key', 'api_secret']) {
      expect(config[column]?.length).toBeGreaterThan(4);
      expect(text).not.toContain(config[column]);
    }
  });

  it('leaves out SVAs of another platform', async () => {
    h.sim.engine.tables.insert('sva_configuracoes', { id: 3, plataforma: 'Skeelo' });
    h.sim.engine.tables.insert('produtos', {
      id: 41,
      descricao: 'Skeelo nativo',
      ativo: 'S',
      id_sva_integracao: 3,
    });
    expect((await h.client.listSvas()).some((s) => s.id === 41)).toBe(false);
    const err = await h.client.ativarSva(1, { produtoId: 41 }).catch((e: unknown) => e);
    expect((err as { problem?: string }).problem).toBe('not-sva');
  });

  it('finds a product that is an SVA only by its Campsoft platform, and filters by ativo', async () => {
    h.sim.engine.tables.insert('produtos', {
      id: 40,
      descricao: 'Campsoft Kids',
      ativo: '',
      valor: '4.90',
      plataforma_integracao: 'Campsoft',
    });
    const all = await h.client.listSvas();
    expect(all.find((s) => s.id === 40)).toMatchObject({ nome: 'Campsoft Kids', ativo: false });
    expect((await h.client.listSvas({ ativo: true })).some((s) => s.id === 40)).toBe(false);
    expect((await h.client.listSvas({ ativo: false })).map((s) => s.id)).toEqual([40]);
  });
});

describe('ativarSva', () => {
  it('adds the SVA line and the account to the only active contract', async () => {
    const r = await h.client.ativarSva(1, { produtoId: 3 });
    expect(r.outcome).toBe('created');
    const [linha, ...others] = linhasDe(h.sim, 1, 3);
    expect(others).toEqual([]);
    expect(linha).toMatchObject({
      tipo: 'SVA',
      id_contrato: '1',
      id_vd_contrato: '0',
      id_plano: '0',
      qtde: '1',
      valor_unit: '10.000000000',
      fixar_ip: '0',
      descricao: 'Deezer Premium',
    });
    const contas = contasDe(h.sim, 1);
    expect(contas).toHaveLength(1);
    expect(contas[0]).toMatchObject({
      id: String(r.conta.id),
      id_integracao: '1',
      id_produto_contrato: linha!.id,
      status_integracao: 'A',
      usar_email: 'S',
      user: 'maria.aparecida@exemplo.com.br',
    });
    expect(writes(h.sim)).toEqual(['POST vd_contratos_produtos', 'POST sva_usuarios']);
    expect(r.operations.map((o) => [o.method, o.table, o.result, o.ixcId])).toEqual([
      ['POST', 'vd_contratos_produtos', 'done', Number(linha!.id)],
      ['POST', 'sva_usuarios', 'done', r.conta.id],
    ]);
    expect(SvaResultSchema.parse(r)).toEqual(r);
  });

  it('returns the product exactly as getProdutos shows it', async () => {
    const r = await h.client.ativarSva(1, { produtoId: 3 });
    const produtos = await h.client.getProdutos(1);
    expect(produtos.find((p) => p.contaSva?.id === r.conta.id)).toEqual(r.produto);
    expect(r.produto).toMatchObject({
      origem: 'contrato',
      produtoId: 3,
      sva: true,
      valorUnitario: 10,
    });
  });

  it('uses the price and login given', async () => {
    const r = await h.client.ativarSva(1, { produtoId: 3, valor: 7.5, usuario: 'maria.deezer' });
    expect(linhasDe(h.sim, 1, 3)[0]?.valor_unit).toBe('7.500000000');
    expect(r.conta.usuario).toBe('maria.deezer');
    expect(h.sim.engine.tables.get('sva_usuarios', r.conta.id)?.usar_email).toBe('N');
  });

  it('creates only the account when the plan already carries the SVA', async () => {
    // Contract 5 (customer 5) is on plan 11, whose line 23 is Kaspersky Plus (product 6).
    const r = await h.client.ativarSva(5, { produtoId: 6 });
    expect(r.outcome).toBe('created');
    expect(writes(h.sim)).toEqual(['POST sva_usuarios']);
    expect(h.sim.engine.tables.get('sva_usuarios', r.conta.id)?.id_produto_contrato).toBe('23');
    expect(r.produto).toMatchObject({ origem: 'plano', linhaId: 23, produtoId: 6 });
  });

  it('reactivates a blocked account with a full-record PUT that keeps every other column', async () => {
    // Account 11: contract 3 (customer 3), plan line 5 (Telemedicina Família), blocked.
    const before = h.sim.engine.tables.get('sva_usuarios', 11)!;
    const r = await h.client.ativarSva(3, { produtoId: 5 });
    expect(r.outcome).toBe('reactivated');
    expect(writes(h.sim)).toEqual(['PUT sva_usuarios 11']);
    const after = h.sim.engine.tables.get('sva_usuarios', 11)!;
    expect(after.status_integracao).toBe('A');
    expect({ ...after, status_integracao: 'B', ultima_atualizacao: '' }).toEqual({
      ...before,
      ultima_atualizacao: '',
    });
    expect(r.conta).toMatchObject({
      id: 11,
      status: 'ativo',
      subscriptionId: before.subscription_id,
    });
    const put = h.sim.engine.requests.find((q) => q.kind === 'update')!;
    expect(r.operations[0]?.body?.senha).toBe('[REDACTED]');
    expect(put.body.senha).toBe(before.senha);
  });

  it('reactivates a deactivated account of the contract given', async () => {
    // Account 7: contract 10 (customer 7), plan line 14 (Idiomas Já, product 7), deactivated.
    const r = await h.client.ativarSva(7, { produtoId: 7, contratoId: 10 });
    expect(r.outcome).toBe('reactivated');
    expect(h.sim.engine.tables.get('sva_usuarios', 7)?.status_integracao).toBe('A');
  });

  it('changes nothing when the SVA is already active', async () => {
    // Account 6: contract 10, plan line 13 (Campsoft Cursos, product 1), active.
    const r = await h.client.ativarSva(7, { produtoId: 1, contratoId: 10 });
    expect(r.outcome).toBe('unchanged');
    expect(r.operations).toEqual([]);
    expect(r.conta.id).toBe(6);
    expect(writes(h.sim)).toEqual([]);
    const again = await h.client.ativarSva(1, { produtoId: 3 });
    expect((await h.client.ativarSva(1, { produtoId: 3 })).outcome).toBe('unchanged');
    expect(again.outcome).toBe('created');
    expect(linhasDe(h.sim, 1, 3)).toHaveLength(1);
    expect(contasDe(h.sim, 1)).toHaveLength(1);
  });
});

describe('bloquearSva / desbloquearSva', () => {
  it('blocks and unblocks an account, each once', async () => {
    const blocked = await h.client.bloquearSva(7, 6);
    expect(blocked.outcome).toBe('blocked');
    expect(blocked.conta.status).toBe('bloqueado');
    expect(h.sim.engine.tables.get('sva_usuarios', 6)?.status_integracao).toBe('B');
    expect((await h.client.bloquearSva(7, 6)).outcome).toBe('unchanged');
    const unblocked = await h.client.desbloquearSva(7, '6');
    expect(unblocked.outcome).toBe('unblocked');
    expect(h.sim.engine.tables.get('sva_usuarios', 6)?.status_integracao).toBe('A');
    expect((await h.client.desbloquearSva(7, 6)).outcome).toBe('unchanged');
    expect(writes(h.sim)).toEqual(['PUT sva_usuarios 6', 'PUT sva_usuarios 6']);
    expect(unblocked.produto).toMatchObject({ linhaId: 13, produtoId: 1, nome: 'Campsoft Cursos' });
  });

  it('keeps the password and every other column on the PUT', async () => {
    const before = h.sim.engine.tables.get('sva_usuarios', 5)!;
    await h.client.desbloquearSva(7, 5);
    const after = h.sim.engine.tables.get('sva_usuarios', 5)!;
    expect({ ...after, ultima_atualizacao: '' }).toEqual({
      ...before,
      status_integracao: 'A',
      ultima_atualizacao: '',
    });
  });
});

describe('cancelarSva', () => {
  it('removes the line it added before deactivating the account', async () => {
    const created = await h.client.ativarSva(1, { produtoId: 3 });
    h.sim.engine.clearRequests();
    const r = await h.client.cancelarSva(1, created.conta.id);
    expect(r.outcome).toBe('cancelled');
    const lineId = created.produto!.linhaId;
    expect(writes(h.sim)).toEqual([
      `DELETE vd_contratos_produtos ${lineId}`,
      `PUT sva_usuarios ${created.conta.id}`,
    ]);
    expect(h.sim.engine.tables.get('vd_contratos_produtos', lineId)).toBeUndefined();
    expect(h.sim.engine.tables.get('sva_usuarios', created.conta.id)?.status_integracao).toBe('D');
    expect(r.conta.status).toBe('desativado');
    // getProdutos shows the deactivated account on its own now that its line is gone.
    const produtos = await h.client.getProdutos(1);
    expect(produtos.find((p) => p.contaSva?.id === r.conta.id)).toEqual(r.produto);
    expect((await h.client.cancelarSva(1, created.conta.id)).outcome).toBe('unchanged');
  });

  it('keeps a plan line and only deactivates the account', async () => {
    const r = await h.client.cancelarSva(7, 6);
    expect(r.outcome).toBe('cancelled');
    expect(writes(h.sim)).toEqual(['PUT sva_usuarios 6']);
    expect(h.sim.engine.tables.get('vd_contratos_produtos', 13)).toBeDefined();
  });

  it('a new activation after a cancel creates a new line and account', async () => {
    const first = await h.client.ativarSva(1, { produtoId: 3 });
    await h.client.cancelarSva(1, first.conta.id);
    const second = await h.client.ativarSva(1, { produtoId: 3 });
    expect(second.outcome).toBe('created');
    expect(second.conta.id).not.toBe(first.conta.id);
    expect(linhasDe(h.sim, 1, 3)).toHaveLength(1);
  });
});

describe('dry runs', () => {
  it('plan the same operations the real call then makes, and write nothing', async () => {
    const cases = [
      () => h.client.ativarSva(1, { produtoId: 3 }, { dryRun: true }),
      () => h.client.ativarSva(3, { produtoId: 5 }, { dryRun: true }),
      () => h.client.bloquearSva(7, 6, { dryRun: true }),
      () => h.client.desbloquearSva(7, 5, { dryRun: true }),
      () => h.client.cancelarSva(7, 6, { dryRun: true }),
    ];
    const before = snapshot(h.sim);
    const plans = [];
    for (const run of cases) plans.push(await run());
    expect(snapshot(h.sim)).toEqual(before);
    expect(writes(h.sim)).toEqual([]);
    expect(plans.map((p) => [p.dryRun, p.outcome, p.operations.length])).toEqual([
      [true, 'created', 2],
      [true, 'reactivated', 1],
      [true, 'blocked', 1],
      [true, 'unblocked', 1],
      [true, 'cancelled', 1],
    ]);
    expect(plans[0]!.operations[1]?.body?.id_produto_contrato).toBe('$0');

    const real = await h.client.ativarSva(1, { produtoId: 3 });
    const strip = ({ result: _r, ixcId: _i, ...op }: (typeof real.operations)[number]) => op;
    const planned = plans[0]!.operations;
    expect(real.operations.map(strip)).toEqual(
      planned.map((op, i) =>
        i === 1
          ? { ...op, body: { ...op.body, id_produto_contrato: String(real.operations[0]!.ixcId) } }
          : op,
      ),
    );
  });

  it('shows an empty plan when nothing would change', async () => {
    const plan = await h.client.ativarSva(7, { produtoId: 1, contratoId: 10 }, { dryRun: true });
    expect(plan).toEqual({ dryRun: true, outcome: 'unchanged', contratoId: 10, operations: [] });
  });
});
