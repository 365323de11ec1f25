/**
 * Each refusal of the SVA methods names its cause, carries the ids a caller needs to fix the
 * call, and writes nothing to IXC.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isIxcInputError,
  isIxcNotFoundError,
  isSvaAccountCancelledError,
  isSvaAccountNotFoundError,
  isSvaContractAmbiguousError,
  isSvaContractCancelledError,
  isSvaContractNotFoundError,
  isSvaError,
  isSvaProductNotSvaError,
} from '../../../src/index.js';
import { type SvaHarness, snapshot, startHarness, writes } from './helpers.js';

let h: SvaHarness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.sim.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.sim.engine.clearRequests();
});

async function refused(call: () => Promise<unknown>): Promise<unknown> {
  const before = snapshot(h.sim);
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  expect(writes(h.sim)).toEqual([]);
  expect(snapshot(h.sim)).toEqual(before);
  return error;
}

describe('ativarSva refusals', () => {
  it('unknown customer', async () => {
    const err = await refused(() => h.client.ativarSva(999, { produtoId: 3 }));
    expect(isIxcNotFoundError(err) && err.table === 'cliente' && err.id === '999').toBe(true);
  });

  it('a product that is not an SVA, or does not exist', async () => {
    const notSva = await refused(() => h.client.ativarSva(1, { produtoId: 26 }));
    expect(isSvaProductNotSvaError(notSva) && notSva.problem).toBe('not-sva');
    const unknown = await refused(() => h.client.ativarSva(1, { produtoId: 999 }));
    expect(isSvaProductNotSvaError(unknown) && unknown.produtoId === 999 && unknown.problem).toBe(
      'unknown',
    );
    expect(isSvaError(unknown) && unknown.clienteId).toBe(1);
  });

  it('an SVA inactive in the catalogue, or without an integration', async () => {
    h.sim.engine.tables.update('produtos', 3, { ativo: '' });
    const inactive = await refused(() => h.client.ativarSva(1, { produtoId: 3 }));
    expect(isSvaProductNotSvaError(inactive) && inactive.problem).toBe('inactive');
    h.sim.engine.tables.insert('produtos', {
      id: 40,
      descricao: 'Campsoft Kids',
      ativo: 'S',
      plataforma_integracao: 'Campsoft',
    });
    // Two Campsoft integrations: which one the product belongs to cannot be told.
    h.sim.engine.tables.insert('sva_configuracoes', { id: 2, plataforma: 'Campsoft' });
    const none = await refused(() => h.client.ativarSva(1, { produtoId: 40 }));
    expect(isSvaProductNotSvaError(none) && none.problem).toBe('no-integration');
  });

  it('several active contracts and none given', async () => {
    const err = await refused(() => h.client.ativarSva(7, { produtoId: 3 }));
    expect(isSvaContractAmbiguousError(err) && err.contratoIds).toEqual([8, 9, 10]);
    expect((err as Error).message).toContain('8, 9, 10');
  });

  it('a cancelled contract', async () => {
    const err = await refused(() => h.client.ativarSva(7, { produtoId: 3, contratoId: 11 }));
    expect(isSvaContractCancelledError(err) && [err.contratoId, err.status]).toEqual([11, 'I']);
    const desistiu = await refused(() => h.client.ativarSva(9, { produtoId: 3, contratoId: 13 }));
    expect(isSvaContractCancelledError(desistiu) && desistiu.status).toBe('D');
  });

  it('a contract of another customer, and a customer without an active contract', async () => {
    const other = await refused(() => h.client.ativarSva(1, { produtoId: 3, contratoId: 8 }));
    expect(isSvaContractNotFoundError(other) && other.contratoId).toBe(8);
    const inactive = await refused(() => h.client.ativarSva(8, { produtoId: 3 }));
    expect(isSvaContractNotFoundError(inactive) && inactive.contratoId).toBeNull();
    const none = await refused(() => h.client.ativarSva(15, { produtoId: 3 }));
    expect(isSvaContractNotFoundError(none) && none.contratoId).toBeNull();
  });

  it('bad input, before any request', async () => {
    const bad = [
      () => h.client.ativarSva(0, { produtoId: 3 }),
      () => h.client.ativarSva('1 OR 1', { produtoId: 3 }),
      () => h.client.ativarSva(1, { produtoId: -3 }),
      () => h.client.ativarSva(1, { produtoId: 3, valor: -1 }),
      () => h.client.ativarSva(1, { produtoId: 3, usuario: 'a\u0000b' }),
      () => h.client.ativarSva(1, { produtoId: 3, extra: 1 } as never),
      () => h.client.bloquearSva(1, 'x'),
    ];
    for (const call of bad) {
      const err = await call().catch((e: unknown) => e);
      expect(isIxcInputError(err)).toBe(true);
    }
    expect(h.sim.engine.requests).toEqual([]);
  });
});

describe('status change refusals', () => {
  it('an account of another customer, or no such account', async () => {
    for (const call of [
      () => h.client.bloquearSva(1, 6),
      () => h.client.desbloquearSva(1, 999),
      () => h.client.cancelarSva(2, 6),
    ]) {
      const err = await refused(call);
      expect(isSvaAccountNotFoundError(err)).toBe(true);
    }
  });

  it('an unknown customer', async () => {
    const err = await refused(() => h.client.cancelarSva(999, 6));
    expect(isIxcNotFoundError(err)).toBe(true);
  });

  it('blocking or unblocking a deactivated account', async () => {
    for (const call of [() => h.client.bloquearSva(7, 7), () => h.client.desbloquearSva(7, 7)]) {
      const err = await refused(call);
      expect(isSvaAccountCancelledError(err) && err.contaId).toBe(7);
    }
  });
});
