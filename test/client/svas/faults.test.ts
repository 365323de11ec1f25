/**
 * SVA changes when IXC misbehaves mid-write: a lost answer after IXC applied the write is
 * recovered by reading back; a write that was not applied stops the change with a typed
 * error that says what was done, and the same call again finishes it. Either way IXC ends
 * with one line and one account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type IxcCampsoftClient,
  isIxcWriteIgnoredError,
  isIxcWriteRejectedError,
  isIxcWriteUnknownError,
  isSvaWriteError,
  type SvaWriteError,
} from '../../../src/index.js';
import type { FaultRule } from '../../../src/testing/index.js';
import { contasDe, linhasDe, type SvaHarness, startHarness, writes } from './helpers.js';

let h: SvaHarness;
let fast: IxcCampsoftClient;

beforeAll(async () => {
  h = await startHarness();
  fast = h.clientWith({ timeout: 800 });
});
afterAll(() => h.sim.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.sim.engine.faults.clear();
  h.sim.engine.clearRequests();
});

const LINE = { table: 'vd_contratos_produtos', kind: 'insert', times: 1 } as const;
const ACCOUNT = { table: 'sva_usuarios', kind: 'insert', times: 1 } as const;

/** Customer 1 ends with exactly one Deezer line and one active account on it. */
function expectOneLineOneAccount() {
  const linhas = linhasDe(h.sim, 1, 3);
  const contas = contasDe(h.sim, 1);
  expect(linhas).toHaveLength(1);
  expect(contas).toHaveLength(1);
  expect(contas[0]).toMatchObject({ id_produto_contrato: linhas[0]!.id, status_integracao: 'A' });
}

async function failing(call: Promise<unknown>): Promise<SvaWriteError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isSvaWriteError(err)).toBe(true);
  return err as SvaWriteError;
}

describe('answer lost after IXC applied the write: read back and go on', () => {
  const cases: [string, FaultRule][] = [
    ['line insert, connection reset', { ...LINE, reset: true }],
    ['line insert, reset mid-body', { ...LINE, reset: 'mid-body' }],
    ['account insert, connection reset', { ...ACCOUNT, reset: true }],
    ['account insert, hang past the timeout', { ...ACCOUNT, hang: true }],
    ['line insert applied, then a 504', { ...LINE, commit: 'after', status: 504 }],
    ['account insert applied, then a 502', { ...ACCOUNT, commit: 'after', status: 502 }],
    ['account insert applied, then a cut body', { ...ACCOUNT, commit: 'after', truncate: true }],
    [
      'line insert applied, then IXC type:error',
      { ...LINE, commit: 'after', ixcError: 'Erro ao gerar financeiro!' },
    ],
    ['account insert applied, then the HTML error', { ...ACCOUNT, commit: 'after', html: true }],
  ];
  for (const [name, rule] of cases) {
    it(name, async () => {
      h.sim.engine.faults.add(rule);
      const r = await fast.ativarSva(1, { produtoId: 3 });
      expect(r.outcome).toBe('created');
      expect(r.operations.map((o) => o.result)).toContain('recovered');
      expectOneLineOneAccount();
      // Each write was sent once.
      expect(writes(h.sim)).toEqual(['POST vd_contratos_produtos', 'POST sva_usuarios']);
    });
  }

  it('a PUT applied, then a 504', async () => {
    h.sim.engine.faults.add({ kind: 'update', commit: 'after', status: 504, times: 1 });
    const r = await h.client.desbloquearSva(7, 5);
    expect(r.operations[0]?.result).toBe('recovered');
    expect(h.sim.engine.tables.get('sva_usuarios', 5)?.status_integracao).toBe('A');
  });

  it('a PUT whose answer was lost', async () => {
    h.sim.engine.faults.add({ table: 'sva_usuarios', kind: 'update', reset: true, times: 1 });
    const r = await h.client.bloquearSva(7, 6);
    expect(r.outcome).toBe('blocked');
    expect(r.operations[0]?.result).toBe('recovered');
    expect(h.sim.engine.tables.get('sva_usuarios', 6)?.status_integracao).toBe('B');
  });

  it('a DELETE whose answer was lost, then the PUT', async () => {
    const created = await h.client.ativarSva(1, { produtoId: 3 });
    h.sim.engine.faults.add({ kind: 'delete', reset: true, times: 1 });
    const r = await h.client.cancelarSva(1, created.conta.id);
    expect(r.operations.map((o) => [o.method, o.result])).toEqual([
      ['DELETE', 'recovered'],
      ['PUT', 'done'],
    ]);
    expect(linhasDe(h.sim, 1, 3)).toEqual([]);
  });
});

describe('write not applied: typed error saying what was done, and a retry that finishes', () => {
  const cases: [string, FaultRule, number][] = [
    ['line insert, IXC type:error', { ...LINE, ixcError: 'Erro ao inserir!<br />' }, 0],
    ['line insert, HTML error', { ...LINE, html: true }, 0],
    ['line insert, 502 before applying', { ...LINE, status: 502 }, 0],
    ['account insert, IXC type:error', { ...ACCOUNT, ixcError: 'Erro ao inserir!' }, 1],
    ['account insert, HTML error', { ...ACCOUNT, html: true }, 1],
    ['account insert, 504 before applying', { ...ACCOUNT, status: 504 }, 1],
    ['line insert, reset before applying', { ...LINE, commit: 'before', reset: true }, 0],
    ['account insert, reset before applying', { ...ACCOUNT, commit: 'before', reset: true }, 1],
    ['account insert, hang before applying', { ...ACCOUNT, commit: 'before', hang: true }, 1],
  ];
  for (const [name, rule, doneBefore] of cases) {
    it(name, async () => {
      h.sim.engine.faults.add(rule);
      const err = await failing(fast.ativarSva(1, { produtoId: 3 }));
      expect(err.applied).toBe('no');
      expect(err.done).toHaveLength(doneBefore);
      expect(err.failed?.table).toBe(doneBefore === 0 ? 'vd_contratos_produtos' : 'sva_usuarios');
      expect(err.pending).toHaveLength(1 - doneBefore);
      const lost = rule.status !== undefined || rule.reset !== undefined || rule.hang === true;
      expect((lost ? isIxcWriteUnknownError : isIxcWriteRejectedError)(err.cause)).toBe(true);
      if (doneBefore === 1) {
        const lineId = err.done[0]!.ixcId!;
        expect(h.sim.engine.tables.get('vd_contratos_produtos', lineId)?.id_produto).toBe('3');
        expect(err.message).toContain(`POST vd_contratos_produtos ${lineId}`);
        expect(err.failed?.body?.id_produto_contrato).toBe(String(lineId));
      }
      expect(contasDe(h.sim, 1)).toEqual([]);

      h.sim.engine.clearRequests();
      const retry = await h.client.ativarSva(1, { produtoId: 3 });
      expect(retry.outcome).toBe('created');
      expect(writes(h.sim)).toEqual(
        doneBefore === 1
          ? ['POST sva_usuarios']
          : ['POST vd_contratos_produtos', 'POST sva_usuarios'],
      );
      expectOneLineOneAccount();
    });
  }

  it('cancel: the line is removed, the PUT refused; the retry deactivates the account', async () => {
    const created = await h.client.ativarSva(1, { produtoId: 3 });
    h.sim.engine.faults.add({ kind: 'update', ixcError: 'Não foi possível alterar', times: 1 });
    const err = await failing(h.client.cancelarSva(1, created.conta.id));
    expect(err.done.map((o) => [o.method, o.table, o.id])).toEqual([
      ['DELETE', 'vd_contratos_produtos', created.produto!.linhaId],
    ]);
    expect(err.failed).toMatchObject({
      method: 'PUT',
      table: 'sva_usuarios',
      id: created.conta.id,
    });
    h.sim.engine.clearRequests();
    const retry = await h.client.cancelarSva(1, created.conta.id);
    expect(retry.outcome).toBe('cancelled');
    expect(writes(h.sim)).toEqual([`PUT sva_usuarios ${created.conta.id}`]);
    expect(h.sim.engine.tables.get('sva_usuarios', created.conta.id)?.status_integracao).toBe('D');
  });

  it('a PUT IXC acknowledges but does not store is caught by the read-back', async () => {
    h.sim.engine.faults.add({
      kind: 'update',
      status: 200,
      body: '{"type":"success","message":"Registro atualizado com sucesso!","id":"6"}',
      times: 1,
    });
    const err = await failing(h.client.bloquearSva(7, 6));
    expect(isIxcWriteIgnoredError(err.cause) && err.cause.fields).toEqual(['status_integracao']);
    expect(err.failed).toMatchObject({ method: 'PUT', id: 6 });
    expect((await h.client.bloquearSva(7, 6)).outcome).toBe('blocked');
  });

  it('an answer lost and IXC unreachable for the read-back: applied is unknown', async () => {
    let lost = false;
    h.sim.engine.faults.add({
      ...ACCOUNT,
      reset: true,
      tap: () => {
        lost = true;
      },
    });
    h.sim.engine.faults.add({
      table: 'sva_usuarios',
      kind: 'list',
      status: 503,
      match: () => lost,
    });
    const err = await failing(h.client.ativarSva(1, { produtoId: 3 }));
    expect(err.applied).toBe('unknown');
    expect(err.done).toHaveLength(1);
    h.sim.engine.faults.clear();
    // IXC did apply it: the retry finds the account and changes nothing.
    const retry = await h.client.ativarSva(1, { produtoId: 3 });
    expect(retry.outcome).toBe('unchanged');
    expectOneLineOneAccount();
  });

  it('a caller abort between two writes stops before the second', async () => {
    const controller = new AbortController();
    h.sim.engine.faults.add({
      ...LINE,
      latencyMs: 5,
      tap: () => controller.abort(),
    });
    const err = await failing(
      h.client.ativarSva(1, { produtoId: 3 }, { signal: controller.signal }),
    );
    expect(err.done.length + (err.applied === 'unknown' ? 1 : 0)).toBeLessThanOrEqual(1);
    expect(contasDe(h.sim, 1)).toEqual([]);
    const retry = await h.client.ativarSva(1, { produtoId: 3 });
    expect(retry.outcome).toBe('created');
    expectOneLineOneAccount();
  });
});
