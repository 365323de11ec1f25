/**
 * Fuzzed bodies and ids on the SVA write routes: anything that is not a valid request gets a
 * 400 problem+json, and IXC receives no write.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, type SvaRouterHarness, startSvaRouter, writes } from './svas-harness.js';

let h: SvaRouterHarness;
beforeAll(async () => {
  h = await startSvaRouter();
});
afterAll(() => h.close());

/** A model of a valid activation body, over what JSON carries. */
const validAtivar = (payload: unknown): boolean => {
  const text = JSON.stringify(payload);
  if (text === undefined) return false;
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const posInt = (x: unknown) => Number.isSafeInteger(x) && (x as number) > 0;
  const u = o.usuario;
  return (
    Object.keys(o).every((k) => ['produtoId', 'contratoId', 'valor', 'usuario'].includes(k)) &&
    posInt(o.produtoId) &&
    (o.contratoId === undefined || posInt(o.contratoId)) &&
    (o.valor === undefined || (typeof o.valor === 'number' && o.valor >= 0 && o.valor <= 1e6)) &&
    (u === undefined ||
      (typeof u === 'string' &&
        u.trim().length >= 1 &&
        u.trim().length <= 100 &&
        !/\p{Cc}/u.test(u)))
  );
};

const junk = fc.oneof(
  fc.anything(),
  fc.record(
    { produtoId: fc.oneof(fc.integer({ max: 0 }), fc.double(), fc.string(), fc.constant(null)) },
    { requiredKeys: [] },
  ),
  fc.record({ produtoId: fc.constant(3), extra: fc.anything() }),
  fc.record({ produtoId: fc.constant(3), valor: fc.oneof(fc.constant(-1), fc.string()) }),
  fc.record({
    produtoId: fc.constant(3),
    usuario: fc.constantFrom('', 'a\u0000b', 'x'.repeat(101)),
  }),
);

describe('fuzzed requests', () => {
  it('bodies that are not a valid activation: 400 problem+json, nothing written', async () => {
    h.sim.engine.clearRequests();
    await fc.assert(
      fc.asyncProperty(junk, async (payload) => {
        fc.pre(!validAtivar(payload));
        const text = JSON.stringify(payload) ?? 'undefined';
        const res = await h.send('POST', '/clientes/1/svas', { body: text });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await body(res)).status).toBe(400);
      }),
      { numRuns: 60 },
    );
    expect(writes(h.sim)).toEqual([]);
  });

  it('ids and statuses that are not valid: 400, nothing written', async () => {
    h.sim.engine.clearRequests();
    const badId = fc.oneof(
      fc.constantFrom('0', '-1', '1.5', 'abc', '1e3', '9'.repeat(16), '%zz', '%20'),
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/^\d+$/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(badId, fc.string(), async (id, status) => {
        fc.pre(status !== 'bloqueado' && status !== 'ativo');
        const path = `/clientes/${encodeURIComponent(id)}/svas/${encodeURIComponent(id)}`;
        const patch = await h.send('PATCH', `/clientes/1/svas/1`, { body: { status } });
        expect(patch.status).toBe(400);
        const del = await h.send('DELETE', path);
        expect([400, 404]).toContain(del.status);
        if (del.status === 404) expect(id).toMatch(/[/?#]/);
      }),
      { numRuns: 40 },
    );
    expect(writes(h.sim)).toEqual([]);
  });
});
