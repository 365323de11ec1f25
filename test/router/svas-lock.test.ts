/**
 * The store-backed SVA lock: two clients that share only a SQLite file (as two instances of
 * `serve` share PostgreSQL) serialise their activations of one contract, so 10 concurrent
 * activations through both make one line and one account.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/client/svas/lock.js';
import { isSvaLockTimeoutError, StoreSvaLock } from '../../src/router/sva-lock.js';
import { openStore } from '../../src/store/index.js';
import type { CampsoftStore } from '../../src/store/types.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { clientOf, rowsOf } from './svas-harness.js';

let sim: IxcSimulator;
let dir: string;
let stores: CampsoftStore[];

beforeAll(async () => {
  sim = await startIxcSimulator({ latencyMs: [2, 8] });
  dir = mkdtempSync(join(tmpdir(), 'svas-lock-'));
  const file = join(dir, 'campsoft.db');
  stores = [await openStore(file), await openStore(file)];
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('StoreSvaLock', () => {
  it('two clients on one SQLite file make one line and one account from 10 concurrent activations', async () => {
    sim.engine.reset();
    // Each client has its own lock and in-process mutex: only the store links them.
    const a = clientOf(sim, { svaLock: new StoreSvaLock(stores[0]!, { retryMs: 5 }) });
    const b = clientOf(sim, { svaLock: new StoreSvaLock(stores[1]!, { retryMs: 5 }) });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).ativarSva(1, { produtoId: 3 })),
    );
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    const { linhas, contas } = rowsOf(sim, 1, 3);
    expect([linhas.length, contas.length]).toEqual([1, 1]);
  });

  it('without a shared lock the same race duplicates, so the test above can fail', async () => {
    // Slow reads make the two first planners overlap; on a loaded machine one race may still
    // come out clean, so the race is run up to five times and must duplicate in one of them.
    const slow = sim.engine.faults.add({ kind: 'list', latencyMs: 150 });
    const made: number[] = [];
    for (let run = 0; run < 5 && !made.some((n) => n > 2); run++) {
      sim.engine.reset();
      const a = clientOf(sim, { svaLock: new KeyedMutex() });
      const b = clientOf(sim, { svaLock: new KeyedMutex() });
      await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).ativarSva(1, { produtoId: 3 })),
      );
      // Two lines, two accounts, or both: either breaks what the test above asserts.
      const { linhas, contas } = rowsOf(sim, 1, 3);
      made.push(linhas.length + contas.length);
    }
    slow.remove();
    expect(Math.max(...made)).toBeGreaterThan(2);
  });

  it('gives up with SvaLockTimeoutError when another instance keeps the lease', async () => {
    let t = 0;
    const lock = new StoreSvaLock(stores[1]!, {
      timeoutMs: 100,
      retryMs: 10,
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    await stores[0]!.acquireLease('sva:held', 'someone-else', 60_000);
    const err = await lock.withLock('held', async () => 'ran').catch((e: unknown) => e);
    expect(isSvaLockTimeoutError(err)).toBe(true);
    await stores[0]!.releaseLease('sva:held', 'someone-else');
    expect(await lock.withLock('held', async () => 'ran')).toBe('ran');
  });
});
