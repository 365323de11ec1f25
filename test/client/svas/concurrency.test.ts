/**
 * Concurrent SVA changes on one contract are serialised: 20 identical activations at once
 * make one line and one account, whether they come through one client or several.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeyedMutex, type SvaLock } from '../../../src/index.js';
import { contasDe, linhasDe, type SvaHarness, startHarness, writes } from './helpers.js';

let h: SvaHarness;

beforeAll(async () => {
  // A little latency so that concurrent requests really overlap on the server.
  h = await startHarness({ latencyMs: [1, 4] });
});
afterAll(() => h.sim.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.sim.engine.clearRequests();
});

describe('concurrent activations', () => {
  it('20 identical activations through one client make one line and one account', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.client.ativarSva(1, { produtoId: 3 })),
    );
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'unchanged')).toHaveLength(19);
    expect(new Set(results.map((r) => r.conta.id)).size).toBe(1);
    expect(linhasDe(h.sim, 1, 3)).toHaveLength(1);
    expect(contasDe(h.sim, 1)).toHaveLength(1);
    expect(writes(h.sim)).toEqual(['POST vd_contratos_produtos', 'POST sva_usuarios']);
  });

  it('20 activations spread over 4 clients of one process share the lock', async () => {
    const clients = Array.from({ length: 4 }, () => h.clientWith());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => clients[i % 4]!.ativarSva(1, { produtoId: 3 })),
    );
    expect(linhasDe(h.sim, 1, 3)).toHaveLength(1);
    expect(contasDe(h.sim, 1)).toHaveLength(1);
  });

  it('without the lock, the same 20 activations duplicate rows (what the lock prevents)', async () => {
    const none: SvaLock = { withLock: (_key, fn) => fn() };
    const unlocked = h.clientWith({ svaLock: none });
    await Promise.all(Array.from({ length: 20 }, () => unlocked.ativarSva(1, { produtoId: 3 })));
    expect(linhasDe(h.sim, 1, 3).length).toBeGreaterThan(1);
  });

  it('activation, block, unblock and cancel racing on one contract end as some serial order would', async () => {
    const first = await h.client.ativarSva(1, { produtoId: 3 });
    const id = first.conta.id;
    const calls = ['block', 'activate', 'cancel', 'unblock'] as const;
    const settled = await Promise.allSettled([
      h.client.bloquearSva(1, id),
      h.client.ativarSva(1, { produtoId: 3 }),
      h.client.cancelarSva(1, id),
      h.client.desbloquearSva(1, id),
    ]);
    const outcomes = settled.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'refused'));
    const observed = {
      outcomes,
      status: h.sim.engine.tables.get('sva_usuarios', id)?.status_integracao,
      linhas: linhasDe(h.sim, 1, 3).length,
      contas: contasDe(h.sim, 1).length,
    };
    const explained = permutations([0, 1, 2, 3]).map((order) => {
      const m = { status: 'A', linhas: 1, contas: 1, outcomes: ['', '', '', ''] as string[] };
      let fresh = false; // a new account made after the original was cancelled
      for (const i of order) m.outcomes[i] = step(m, calls[i]!);
      function step(st: typeof m, call: (typeof calls)[number]): string {
        if (fresh && call === 'activate') return 'unchanged';
        if (call === 'activate') {
          if (st.status === 'A') return 'unchanged';
          if (st.status === 'B') {
            st.status = 'A';
            return 'reactivated';
          }
          fresh = true;
          st.linhas = 1;
          st.contas++;
          return 'created';
        }
        if (call === 'cancel') {
          if (st.status === 'D') return 'unchanged';
          st.status = 'D';
          st.linhas = 0;
          return 'cancelled';
        }
        if (st.status === 'D') return 'refused';
        const target = call === 'block' ? 'B' : 'A';
        if (st.status === target) return 'unchanged';
        st.status = target;
        return call === 'block' ? 'blocked' : 'unblocked';
      }
      return { outcomes: m.outcomes, status: m.status, linhas: m.linhas, contas: m.contas };
    });
    expect(explained).toContainEqual(observed);
  });

  it('changes on different contracts do not wait for each other', async () => {
    const order: string[] = [];
    const lock = new KeyedMutex();
    const slow: SvaLock = {
      withLock: (key, fn) =>
        lock.withLock(key, async () => {
          order.push(`start ${key.split('/').pop()}`);
          const out = await fn();
          order.push(`end ${key.split('/').pop()}`);
          return out;
        }),
    };
    const c = h.clientWith({ svaLock: slow });
    await Promise.all([c.ativarSva(1, { produtoId: 3 }), c.ativarSva(2, { produtoId: 1 })]);
    expect(order.slice(0, 2).every((e) => e.startsWith('start'))).toBe(true);
  });
});

describe('KeyedMutex', () => {
  it('runs callers of one key one at a time, in arrival order, and releases on failure', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, fail = false) =>
      mutex.withLock('k', async () => {
        running++;
        expect(running).toBe(1);
        log.push(name);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(mutex.size).toBe(0);
  });

  it('lets other keys run at once', async () => {
    const mutex = new KeyedMutex();
    let release!: () => void;
    const held = mutex.withLock('a', () => new Promise<void>((r) => (release = r)));
    expect(await mutex.withLock('b', async () => 'b')).toBe('b');
    release();
    await held;
    expect(mutex.size).toBe(0);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
