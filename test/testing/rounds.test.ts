import { describe, expect, it } from 'vitest';
import { countRounds, createIxcEngine, mulberry32 } from '../../src/testing/index.js';
import { call } from './helpers.js';

const span = (startedAt: number, finishedAt: number) => ({ startedAt, finishedAt });

describe('countRounds', () => {
  it('counts nothing as zero rounds and one request as one', () => {
    expect(countRounds([])).toBe(0);
    expect(countRounds([span(0, 5)])).toBe(1);
  });

  it('counts sequential requests one round each, including back-to-back ones', () => {
    expect(countRounds([span(0, 5), span(5, 9), span(12, 20)])).toBe(3);
  });

  it('merges overlapping requests into one round, whatever the log order', () => {
    expect(countRounds([span(10, 30), span(0, 12), span(11, 15)])).toBe(1);
    expect(countRounds([span(0, 10), span(2, 8), span(10, 20), span(11, 25), span(26, 27)])).toBe(
      3,
    );
  });

  it('keeps a round open while any of its requests is in flight', () => {
    // B starts inside A, C starts after A ends but while B still runs: one wave.
    expect(countRounds([span(0, 10), span(5, 20), span(12, 15)])).toBe(1);
    expect(countRounds([span(0, 10), span(2, Number.NaN), span(50, 60)])).toBe(1);
  });

  it('measures real engine traffic issued sequentially and in parallel', async () => {
    const engine = createIxcEngine({ latencyMs: 15 });
    await call(engine, 'vd_contratos');
    await Promise.all([
      call(engine, 'cliente'),
      call(engine, 'cliente_contrato'),
      call(engine, 'produtos'),
    ]);
    await Promise.all([call(engine, 'sva_usuarios'), call(engine, 'cliente_contrato_servicos')]);
    expect(engine.requests).toHaveLength(6);
    expect(engine.requests.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(countRounds(engine.requests)).toBe(3);
  });

  it('draws latency ranges from the seed', async () => {
    const engine = createIxcEngine({ latencyMs: [5, 60], seed: 4 });
    for (let i = 0; i < 5; i++) await call(engine, 'produtos');
    const random = mulberry32(4);
    const expected = engine.requests.map(() => 5 + random() * 55);
    engine.requests.forEach((r, i) => {
      const took = r.finishedAt - r.startedAt;
      expect(took).toBeGreaterThanOrEqual((expected[i] ?? 0) - 2);
      expect(took).toBeLessThan((expected[i] ?? 0) + 40);
    });
  });

  it('can be switched off for load runs', async () => {
    const engine = createIxcEngine({ logRequests: false });
    await call(engine, 'produtos');
    expect(engine.requests).toHaveLength(0);
  });
});
