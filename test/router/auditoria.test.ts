/**
 * The audit trail: each write (dry runs too) makes one stored record and one log line with
 * the key's name, customer, contract, operations and outcome; `GET /auditoria` lists them
 * newest first for `audit:read` keys only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { body, READER, type SvaRouterHarness, startSvaRouter, WRITER } from './svas-harness.js';

let h: SvaRouterHarness;

beforeAll(async () => {
  h = await startSvaRouter();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.lines.length = 0;
});

describe('audit', () => {
  it('lists the writes newest first with key name, operations and ids, outcome, duration', async () => {
    const before = (await body(await h.send('GET', '/auditoria?pageSize=1'))).paging.total;
    await h.send('POST', '/clientes/1/svas?dryRun=1', { key: WRITER, body: { produtoId: 3 } });
    const created = await body(
      await h.send('POST', '/clientes/1/svas', { key: WRITER, body: { produtoId: 3 } }),
    );
    const contaId = created.data.conta.id as number;
    await h.send('PATCH', `/clientes/1/svas/${contaId}`, { body: { status: 'bloqueado' } });
    await h.send('POST', '/clientes/999/svas', { body: { produtoId: 3 } });

    const res = await h.send('GET', '/auditoria?pageSize=4');
    expect(res.status).toBe(200);
    const { data, paging } = await body(res);
    expect(paging.total).toBe(before + 4);
    expect(data.map((r: { action: string; outcome: string }) => [r.action, r.outcome])).toEqual([
      ['ativarSva', 'failed'],
      ['alterarSva', 'blocked'],
      ['ativarSva', 'created'],
      ['ativarSva', 'dry_run'],
    ]);
    const [failed, blocked, activation, dry] = data;
    expect(failed).toMatchObject({
      apiKeyName: 'admin',
      clienteId: 999,
      status: 404,
      error: 'not-found',
    });
    expect(blocked).toMatchObject({ apiKeyName: 'admin', contaId, contratoId: 1, status: 200 });
    expect(activation).toMatchObject({
      apiKeyName: 'sva-portal',
      tenant: 'default',
      clienteId: 1,
      contratoId: 1,
      contaId,
      request: { produtoId: 3 },
      dryRun: false,
      status: 201,
    });
    expect(
      activation.operations.map((o: { table: string; ixcId: number }) => [o.table, o.ixcId]),
    ).toEqual([
      ['vd_contratos_produtos', created.data.produto.linhaId],
      ['sva_usuarios', contaId],
    ]);
    expect(activation.durationMs).toBeGreaterThan(0);
    expect(activation.requestId).toMatch(/.+/);
    expect(dry).toMatchObject({ dryRun: true, status: 200 });
    expect(Date.parse(activation.at)).toBeLessThanOrEqual(Date.parse(blocked.at));
  });

  it('writes one log line per write with ids and without bodies', async () => {
    await h.send('POST', '/clientes/1/svas', {
      body: { produtoId: 3, usuario: 'ana@example.com' },
    });
    const audits = h.lines.filter((l) => l.obj.audit === true);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.obj).toMatchObject({
      action: 'ativarSva',
      apiKeyName: 'admin',
      clienteId: 1,
      outcome: 'created',
      status: 201,
    });
    expect((audits[0]!.obj.operations as string[])[0]).toMatch(
      /^POST vd_contratos_produtos \d+ done$/,
    );
    expect(JSON.stringify(h.lines)).not.toContain('ana@example.com');
  });

  it('needs audit:read', async () => {
    expect((await h.send('GET', '/auditoria', { key: READER })).status).toBe(403);
    expect((await h.send('GET', '/auditoria', { key: WRITER })).status).toBe(403);
  });
});
