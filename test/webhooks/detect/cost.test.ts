import { afterAll, describe, expect, it } from 'vitest';
import type { IxcDataset } from '../../../src/testing/index.js';
import { type Tenant, tenant } from './harness.js';

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** `contratos` contracts on 1 000 customers, stamped a minute apart over the last months. */
function dataset(contratos: number): IxcDataset {
  const cliente = Array.from({ length: 1000 }, (_, i) => ({
    id: String(i + 1),
    ativo: 'S',
    razao: `Cliente ${i + 1}`,
    ultima_atualizacao: stamp(Date.UTC(2026, 0, 1) + i * 60_000),
  }));
  const base = Date.UTC(2026, 5, 1);
  const cliente_contrato = Array.from({ length: contratos }, (_, i) => ({
    id: String(i + 1),
    id_cliente: String((i % 1000) + 1),
    tipo: 'I',
    status: 'A',
    status_internet: 'A',
    status_velocidade: 'N',
    ultima_atualizacao: stamp(base + i * 60_000),
  }));
  return { cliente, cliente_contrato };
}

const sizes = [1_000, 100_000] as const;
const cost: Record<number, { idle: number; changed: number; events: number }> = {};
const open: Tenant[] = [];
afterAll(async () => {
  for (const t of open) await t.store.close();
});

describe('the cost of a poll follows the number of changes, not the size of the tables', () => {
  for (const n of sizes) {
    it(`measures idle and busy polls with ${n} contracts`, { timeout: 240_000 }, async () => {
      const t = await tenant({ dataset: dataset(n), watcher: { reconcileEveryMs: 0 } });
      open.push(t);
      await t.watcher.pollOnce();
      t.clock.advance(60_000);
      t.engine.clearRequests();
      await t.watcher.pollOnce();
      const idle = t.listRequests();
      t.clock.advance(60_000);
      for (let k = 0; k < 40; k++) {
        t.engine.tables.update('cliente_contrato', 1 + Math.floor((k * n) / 40), {
          status_internet: 'CM',
        });
      }
      t.clock.advance(1_000);
      t.engine.clearRequests();
      const busy = await t.watcher.pollOnce();
      cost[n] = { idle, changed: t.listRequests(), events: busy.events };
    });
  }

  it('makes the same number of IXC requests at 1 000 and at 100 000 contracts', () => {
    const [small, large] = sizes.map((n) => cost[n]);
    expect(small && large).toBeTruthy();
    expect(small?.events).toBe(40);
    expect(large?.events).toBe(40);
    // One request per watched stream when idle: customers, contracts, lines, the SVA log.
    // Three timestamped tables, the SVA log and the delete log.
    expect(small?.idle).toBe(5);
    expect(large?.idle).toBe(small?.idle);
    expect(large?.changed).toBe(small?.changed);
  });
});
