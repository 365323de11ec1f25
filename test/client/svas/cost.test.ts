/**
 * What SVA changes cost in IXC requests and sequential rounds, and that the cost does not
 * grow with the customer's other contracts and products: the same figures for a customer
 * with 1 contract and with 20 contracts carrying 5 SVAs each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRounds } from '../../../src/testing/index.js';
import { growCustomer1, type SvaHarness, startHarness } from './helpers.js';

let h: SvaHarness;

beforeAll(async () => {
  // Server-side latency so that requests sent together overlap (see countRounds).
  h = await startHarness({ latencyMs: 80 });
});
afterAll(() => h.sim.close());

type Figures = Record<string, { requests: number; rounds: number }>;

async function measure(): Promise<Figures> {
  const out: Figures = {};
  const run = async (name: string, call: () => Promise<unknown>) => {
    h.sim.engine.clearRequests();
    await call();
    out[name] = {
      requests: h.sim.engine.requests.length,
      rounds: countRounds(h.sim.engine.requests),
    };
  };
  let contaId = 0;
  await run('activation (line + account)', async () => {
    contaId = (await h.client.ativarSva(1, { produtoId: 3, contratoId: 1 })).conta.id;
  });
  await run('activation, unchanged', () => h.client.ativarSva(1, { produtoId: 3, contratoId: 1 }));
  await run('block', () => h.client.bloquearSva(1, contaId));
  await run('activation, reactivated', () =>
    h.client.ativarSva(1, { produtoId: 3, contratoId: 1 }),
  );
  await run('cancel (line + account)', () => h.client.cancelarSva(1, contaId));
  await run('dry run of an activation', () =>
    h.client.ativarSva(1, { produtoId: 3, contratoId: 1 }, { dryRun: true }),
  );
  return out;
}

describe('cost of SVA changes', () => {
  it('is a fixed number of requests and rounds, whatever the number of contracts and products', async () => {
    h.sim.engine.reset();
    const small = await measure();
    h.sim.engine.reset();
    growCustomer1(h.sim);
    expect(h.sim.engine.tables.find('cliente_contrato', (c) => c.id_cliente === '1')).toHaveLength(
      20,
    );
    const big = await measure();
    expect(big).toEqual(small);
    expect(small).toEqual({
      'activation (line + account)': { requests: 12, rounds: 5 },
      'activation, unchanged': { requests: 8, rounds: 2 },
      block: { requests: 9, rounds: 4 },
      'activation, reactivated': { requests: 10, rounds: 4 },
      'cancel (line + account)': { requests: 9, rounds: 5 },
      'dry run of an activation': { requests: 8, rounds: 2 },
    });
  });
});
