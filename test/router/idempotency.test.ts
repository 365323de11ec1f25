/**
 * `Idempotency-Key` on the SVA writes: replay of the first answer, 422 for another body, 409
 * while the first is running, scoped per API key, and 20 concurrent identical activations
 * (with one key, and without keys) that make one line and one account.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from '../../src/router/idempotency.js';
import {
  body,
  rowsOf,
  type SvaRouterHarness,
  startSvaRouter,
  WRITER,
  writes,
} from './svas-harness.js';

let h: SvaRouterHarness;

beforeAll(async () => {
  h = await startSvaRouter();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.engine.reset();
  h.sim.engine.faults.clear();
  h.sim.engine.clearRequests();
});

const keyed = (key: string, payload: unknown = { produtoId: 3 }, apiKey?: string) =>
  h.send('POST', '/clientes/1/svas', {
    body: payload,
    key: apiKey,
    headers: { 'idempotency-key': key },
  });

describe('Idempotency-Key', () => {
  it('replays the first answer (status, body) with Idempotent-Replayed, writing nothing', async () => {
    const first = await keyed('k-replay');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await body(first);
    h.sim.engine.clearRequests();
    // Same body, keys in another order and other spacing: the same request.
    const again = await h.send('POST', '/clientes/1/svas', {
      body: '{ "produtoId" : 3 }',
      headers: { 'idempotency-key': 'k-replay' },
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await body(again)).toEqual(firstBody);
    expect(writes(h.sim)).toEqual([]);
  });

  it('the same key with another body is 422, and runs nothing', async () => {
    expect((await keyed('k-other')).status).toBe(201);
    h.sim.engine.clearRequests();
    const res = await keyed('k-other', { produtoId: 4 });
    expect(res.status).toBe(422);
    expect((await body(res)).type).toBe('urn:ixc-campsoft:problem:idempotency-key-mismatch');
    expect(writes(h.sim)).toEqual([]);
  });

  it('the same key while the first request runs is 409', async () => {
    h.sim.engine.faults.add({ table: 'sva_usuarios', kind: 'insert', latencyMs: 400, times: 1 });
    const first = keyed('k-busy');
    await new Promise((r) => setTimeout(r, 150));
    const second = await keyed('k-busy');
    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await body(second)).type).toBe('urn:ixc-campsoft:problem:idempotency-key-in-use');
    expect((await first).status).toBe(201);
    expect(rowsOf(h.sim, 1, 3).contas).toHaveLength(1);
  });

  it('keys are per API key: another key with the same Idempotency-Key runs on its own', async () => {
    expect((await keyed('k-shared')).status).toBe(201);
    const other = await keyed('k-shared', { produtoId: 3 }, WRITER);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect((await body(other)).data.outcome).toBe('unchanged');
  });

  it('a 5xx answer is not kept: the same key again finishes the job', async () => {
    h.sim.engine.faults.add({ table: 'sva_usuarios', kind: 'insert', ixcError: 'Erro', times: 1 });
    expect((await keyed('k-partial')).status).toBe(502);
    const retry = await keyed('k-partial');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const { linhas, contas } = rowsOf(h.sim, 1, 3);
    expect([linhas.length, contas.length]).toEqual([1, 1]);
  });

  it('a malformed key is a 400 before anything runs', async () => {
    const res = await keyed('x'.repeat(300));
    expect(res.status).toBe(400);
    expect(writes(h.sim)).toEqual([]);
  });

  it('the fingerprint ignores key order and separates path, method and dry run', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe(
      '{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}',
    );
    const a = requestFingerprint('POST', '/api/v1/clientes/1/svas', false, { produtoId: 3 });
    expect(requestFingerprint('post', '/api/v1/clientes/1/svas', false, { produtoId: 3 })).toBe(a);
    expect(requestFingerprint('POST', '/api/v1/clientes/2/svas', false, { produtoId: 3 })).not.toBe(
      a,
    );
    expect(requestFingerprint('POST', '/api/v1/clientes/1/svas', true, { produtoId: 3 })).not.toBe(
      a,
    );
  });
});

describe('20 concurrent identical activations', () => {
  it('with the same key: one line and one account; the others replay or get 409', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => keyed('k-storm')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const { linhas, contas } = rowsOf(h.sim, 1, 3);
    expect([linhas.length, contas.length]).toEqual([1, 1]);
    expect(writes(h.sim)).toEqual(['POST vd_contratos_produtos', 'POST sva_usuarios']);
  });

  it('without keys: one line and one account, one 201 and nineteen 200 unchanged', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.send('POST', '/clientes/1/svas', { body: { produtoId: 3 } }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(19).fill(200), 201]);
    const { linhas, contas } = rowsOf(h.sim, 1, 3);
    expect([linhas.length, contas.length]).toEqual([1, 1]);
  });
});
