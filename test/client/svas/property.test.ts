/**
 * Property tests: random sequences of activate / block / unblock / cancel against a model of
 * what IXC should then hold, with and without write faults (a call that fails is repeated
 * until it succeeds, as the error tells callers to do).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IxcCampsoftClient,
  isSvaAccountCancelledError,
  isSvaWriteError,
  type SvaResult,
} from '../../../src/index.js';
import type { FaultRule } from '../../../src/testing/index.js';
import { contasDe, linhasDe, type SvaHarness, startHarness } from './helpers.js';

let h: SvaHarness;
/** The client in use: a short timeout only where hangs are injected. */
let client: IxcCampsoftClient;
let fast: IxcCampsoftClient;
/** Calls repeated after an SvaWriteError. */
let retries = 0;

beforeAll(async () => {
  h = await startHarness();
  fast = h.clientWith({ timeout: 800 });
});
afterAll(() => h.sim.close());

type Call = 'ativar' | 'bloquear' | 'desbloquear' | 'cancelar';

/** The model: the current account of customer 1's Deezer (product 3) on contract 1. */
interface Model {
  conta: { id: number; status: 'A' | 'B' | 'D' } | null;
  /** Accounts ever created (cancelled ones stay, deactivated). */
  contas: number;
}

/** What the model expects a call to answer, and the state after it. */
function expected(m: Model, call: Call): string {
  const s = m.conta?.status;
  switch (call) {
    case 'ativar':
      if (s === 'A') return 'unchanged';
      if (s === 'B') {
        m.conta!.status = 'A';
        return 'reactivated';
      }
      m.contas++;
      m.conta = { id: -1, status: 'A' };
      return 'created';
    case 'cancelar':
      if (!m.conta) return 'skip';
      if (s === 'D') return 'unchanged';
      m.conta.status = 'D';
      return 'cancelled';
    default: {
      if (!m.conta) return 'skip';
      if (s === 'D') return 'refused';
      const target = call === 'bloquear' ? 'B' : 'A';
      if (s === target) return 'unchanged';
      m.conta.status = target;
      return call === 'bloquear' ? 'blocked' : 'unblocked';
    }
  }
}

async function perform(call: Call, contaId: number): Promise<SvaResult> {
  if (call === 'ativar') return client.ativarSva(1, { produtoId: 3 });
  if (call === 'bloquear') return client.bloquearSva(1, contaId);
  if (call === 'desbloquear') return client.desbloquearSva(1, contaId);
  return client.cancelarSva(1, contaId);
}

/** Runs a call, repeating it after an SvaWriteError as callers are told to; answers the outcome. */
async function performUntilDone(call: Call, contaId: number): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      return (await perform(call, contaId)).outcome;
    } catch (error) {
      if (isSvaAccountCancelledError(error)) return 'refused';
      if (!isSvaWriteError(error)) throw error;
      retries++;
    }
  }
  throw new Error('no success after 10 attempts');
}

function checkIxc(m: Model) {
  const linhas = linhasDe(h.sim, 1, 3);
  const contas = contasDe(h.sim, 1);
  expect(contas).toHaveLength(m.contas);
  // The line exists exactly while the current account is not deactivated.
  expect(linhas).toHaveLength(m.conta && m.conta.status !== 'D' ? 1 : 0);
  if (m.conta) {
    const row = h.sim.engine.tables.get('sva_usuarios', m.conta.id);
    expect(row?.status_integracao).toBe(m.conta.status);
    if (linhas[0]) expect(row?.id_produto_contrato).toBe(linhas[0].id);
  }
  // No two live accounts for the same SVA on the contract.
  expect(contas.filter((c) => c.status_integracao !== 'D').length).toBeLessThanOrEqual(1);
}

const calls = fc.array(fc.constantFrom<Call>('ativar', 'bloquear', 'desbloquear', 'cancelar'), {
  minLength: 1,
  maxLength: 8,
});

const faultRules: fc.Arbitrary<FaultRule> = fc.oneof(
  fc.constant<FaultRule>({ reset: true }),
  fc.constant<FaultRule>({ hang: true }),
  fc.constant<FaultRule>({ status: 502 }),
  fc.constant<FaultRule>({ ixcError: 'Falha ao gravar!' }),
  fc.constant<FaultRule>({ html: true }),
);
const faults = fc.array(
  fc.record({
    rule: faultRules,
    kind: fc.constantFrom('insert' as const, 'update' as const, 'delete' as const),
    probability: fc.constantFrom(0.3, 0.6),
  }),
  { maxLength: 3 },
);

async function runSequence(sequence: Call[]) {
  const m: Model = { conta: null, contas: 0 };
  for (const call of sequence) {
    const before = structuredClone(m);
    const want = expected(m, call);
    if (want === 'skip') continue;
    const got = await performUntilDone(call, before.conta?.id ?? 0);
    expect(got, `${call} from ${JSON.stringify(before)}`).toBe(want);
    if (want === 'created') {
      const live = contasDe(h.sim, 1).filter((c) => c.status_integracao === 'A');
      m.conta = { id: Number(live[0]!.id), status: 'A' };
    }
    checkIxc(m);
  }
}

describe('random sequences of SVA changes', () => {
  it('match the model', async () => {
    await fc.assert(
      fc.asyncProperty(calls, async (sequence) => {
        client = h.client;
        h.sim.engine.reset();
        h.sim.engine.faults.clear();
        await runSequence(sequence);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('match the model when writes fail at random and failed calls are repeated', async () => {
    await fc.assert(
      fc.asyncProperty(
        calls,
        faults,
        fc.integer({ min: 1, max: 1000 }),
        async (sequence, rules, seed) => {
          client = fast;
          h.sim.engine.reset();
          h.sim.engine.faults.clear();
          for (const { rule, kind, probability } of rules) {
            // Bounded, so every call eventually gets through.
            h.sim.engine.faults.add({ ...rule, kind, probability, times: 2 + (seed % 3) });
          }
          await runSequence(sequence);
        },
      ),
      { numRuns: 25 },
    );
    // The faults did bite: some calls had to be repeated.
    expect(retries).toBeGreaterThan(0);
  }, 120_000);
});
