import { describe, expect, it } from 'vitest';
import { createIxcEngine, type IxcEngine } from '../../src/testing/index.js';

function engineAt(instant: string): IxcEngine {
  const engine = createIxcEngine();
  engine.clock.set(instant);
  return engine;
}

describe('activity generator', () => {
  it('performs perMinute actions per minute of engine time, as an operator', () => {
    const engine = engineAt('2026-12-01T15:00:00Z');
    const activity = engine.activity({ seed: 7, perMinute: 30 });
    expect(activity.tick()).toEqual([]);
    const logsBefore = engine.tables.count('ixc_logs');
    engine.advance(2 * 60_000);
    const events = activity.tick();
    expect(events.length).toBeGreaterThan(45);
    expect(events.length).toBeLessThanOrEqual(60);
    expect(new Set(events.map((e) => e.action)).size).toBeGreaterThanOrEqual(6);
    expect(events[0]?.at).toBe('2026-12-01 12:02:00');
    // advance() also ran the scheduled jobs (executou sistema); the rest is the operator's.
    const logs = engine.tables.rows('ixc_logs').slice(logsBefore);
    const byOperator = logs.filter((r) => r.executou === 'usuario');
    expect(byOperator.length).toBeGreaterThanOrEqual(events.length);
    expect(logs.every((r) => r.executou === 'usuario' || r.executou === 'sistema')).toBe(true);
  });

  it('leaves every change where a reader can see it', () => {
    const engine = engineAt('2026-12-01T15:00:00Z');
    const activity = engine.activity({ seed: 3, perMinute: 60 });
    engine.advance(60_000);
    for (const event of activity.tick()) {
      const row = engine.tables.get(event.table, event.id);
      expect(row, `${event.action} ${event.table} ${event.id}`).toBeDefined();
      if (event.action === 'nova_conta_sva') expect(row?.status_integracao).toMatch(/[AB]/);
      if (event.action === 'novo_contrato') expect(row?.status).toMatch(/[ANI]/);
    }
  });

  it('is reproducible: same seed, data and clock, same actions', () => {
    const run = (seed: number) => {
      const engine = engineAt('2026-12-01T15:00:00Z');
      const activity = engine.activity({ seed, perMinute: 20 });
      engine.advance(3 * 60_000);
      return activity.tick();
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('picks only the chosen actions and caps a tick', () => {
    const engine = engineAt('2026-12-01T15:00:00Z');
    const activity = engine.activity({ perMinute: 600, actions: ['pagamento'], maxPerTick: 5 });
    engine.advance(60_000);
    const events = activity.tick();
    expect(events).toHaveLength(5);
    for (const event of events) {
      expect(event.action).toBe('pagamento');
      expect(engine.tables.get('fn_areceber', event.id)?.status).toBe('R');
    }
  });

  it('start() ticks on a real interval until stop()', async () => {
    const engine = createIxcEngine();
    const run = engine.activity({ perMinute: 60_000 }).start({ everyMs: 10 });
    const before = engine.tables.count('ixc_logs');
    await new Promise((resolve) => setTimeout(resolve, 80));
    run.stop();
    const after = engine.tables.count('ixc_logs');
    expect(after).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(engine.tables.count('ixc_logs')).toBe(after);
  });
});
