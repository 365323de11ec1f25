/**
 * The SVA routes over the router against the simulator on the demo dataset: what IXC holds
 * after each request, the answer's status and body, dry runs, the problem each error gives,
 * scopes and tenants, and the webhook events a write records at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SvaResultSchema } from '../../src/index.js';
import { createCampsoftRouter } from '../../src/router/index.js';
import { openStore } from '../../src/store/index.js';
import {
  ADMIN,
  body,
  clientOf,
  READER,
  rowsOf,
  SVA_KEYS,
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

const activate = (extra: Record<string, unknown> = {}, key?: string) =>
  h.send('POST', '/clientes/1/svas', { body: { produtoId: 3, ...extra }, key });

describe('POST /clientes/{id}/svas', () => {
  it('activates: 201 with the SvaResult, one line and one account in IXC', async () => {
    const res = await activate({}, WRITER);
    expect(res.status).toBe(201);
    const { data } = await body(res);
    expect(SvaResultSchema.parse(data).outcome).toBe('created');
    expect(data.conta.status).toBe('ativo');
    expect(data.operations.map((o: { table: string }) => o.table)).toEqual([
      'vd_contratos_produtos',
      'sva_usuarios',
    ]);
    const { linhas, contas } = rowsOf(h.sim, 1, 3);
    expect(linhas).toHaveLength(1);
    expect(contas).toHaveLength(1);
    expect(contas[0]!.id).toBe(String(data.conta.id));
  });

  it('answers 200 unchanged when the SVA is already active, and writes nothing', async () => {
    expect((await activate()).status).toBe(201);
    h.sim.engine.clearRequests();
    const res = await activate();
    expect(res.status).toBe(200);
    expect((await body(res)).data.outcome).toBe('unchanged');
    expect(writes(h.sim)).toEqual([]);
  });

  it('a dry run answers 200 with the planned operations and writes nothing', async () => {
    const res = await h.send('POST', '/clientes/1/svas?dryRun=1', { body: { produtoId: 3 } });
    expect(res.status).toBe(200);
    const { data } = await body(res);
    expect(data).toMatchObject({ dryRun: true, outcome: 'created', contratoId: 1 });
    expect(data.operations.map((o: { method: string }) => o.method)).toEqual(['POST', 'POST']);
    expect(writes(h.sim)).toEqual([]);
    expect(rowsOf(h.sim, 1, 3).contas).toEqual([]);
  });
});

describe('PATCH and DELETE /clientes/{id}/svas/{contaId}', () => {
  it('blocks, unblocks and cancels, each reflected in IXC', async () => {
    const contaId = (await body(await activate())).data.conta.id as number;
    const path = `/clientes/1/svas/${contaId}`;
    const status = () => h.sim.engine.tables.get('sva_usuarios', contaId)?.status_integracao;

    const blocked = await h.send('PATCH', path, { body: { status: 'bloqueado' } });
    expect([blocked.status, (await body(blocked)).data.outcome]).toEqual([200, 'blocked']);
    expect(status()).toBe('B');

    const unblocked = await h.send('PATCH', path, { body: { status: 'ativo' } });
    expect([unblocked.status, (await body(unblocked)).data.outcome]).toEqual([200, 'unblocked']);
    expect(status()).toBe('A');

    const cancelled = await h.send('DELETE', path);
    expect([cancelled.status, (await body(cancelled)).data.outcome]).toEqual([200, 'cancelled']);
    expect(status()).toBe('D');
    expect(rowsOf(h.sim, 1, 3).linhas).toEqual([]);
  });

  it('dry runs of block and cancel write nothing', async () => {
    const contaId = (await body(await activate())).data.conta.id as number;
    h.sim.engine.clearRequests();
    const path = `/clientes/1/svas/${contaId}?dryRun=1`;
    const block = await h.send('PATCH', path, { body: { status: 'bloqueado' } });
    expect((await body(block)).data).toMatchObject({ dryRun: true, outcome: 'blocked' });
    const cancel = await h.send('DELETE', path);
    const plan = (await body(cancel)).data;
    expect(plan).toMatchObject({ dryRun: true, outcome: 'cancelled' });
    expect(plan.operations.map((o: { method: string }) => o.method)).toEqual(['DELETE', 'PUT']);
    expect(writes(h.sim)).toEqual([]);
    expect(h.sim.engine.tables.get('sva_usuarios', contaId)?.status_integracao).toBe('A');
  });
});

describe('errors are problem+json with a status that says what to do', () => {
  const cases: [string, () => Promise<Response>, number, string][] = [
    [
      'unknown customer',
      () => h.send('POST', '/clientes/999/svas', { body: { produtoId: 3 } }),
      404,
      'not-found',
    ],
    ['a product that is not an SVA', () => activate({ produtoId: 26 }), 422, 'unprocessable'],
    [
      'two active contracts and none given',
      () => h.send('POST', '/clientes/7/svas', { body: { produtoId: 3 } }),
      409,
      'conflict',
    ],
    [
      'a cancelled contract',
      () => h.send('POST', '/clientes/7/svas', { body: { produtoId: 3, contratoId: 11 } }),
      422,
      'unprocessable',
    ],
    ['a contract of another customer', () => activate({ contratoId: 8 }), 404, 'not-found'],
    [
      'an unknown account',
      () => h.send('PATCH', '/clientes/1/svas/99999', { body: { status: 'bloqueado' } }),
      404,
      'not-found',
    ],
    [
      'an unknown account on cancel',
      () => h.send('DELETE', '/clientes/1/svas/99999'),
      404,
      'not-found',
    ],
  ];
  for (const [name, request, status, kind] of cases) {
    it(name, async () => {
      const res = await request();
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const doc = await body(res);
      expect(doc).toMatchObject({ status, type: `urn:ixc-campsoft:problem:${kind}` });
      expect(doc.instance).toMatch(/^\/api\/v1\/clientes\//);
      expect(writes(h.sim)).toEqual([]);
    });
  }

  it('names the contracts to choose from when ambiguous', async () => {
    const doc = await body(await h.send('POST', '/clientes/7/svas', { body: { produtoId: 3 } }));
    expect(doc.contratoIds).toEqual([8, 9, 10]);
  });

  it('a partial write is 502 with the operations done; the same request again finishes', async () => {
    h.sim.engine.faults.add({ table: 'sva_usuarios', kind: 'insert', ixcError: 'Erro!', times: 1 });
    const res = await activate();
    expect(res.status).toBe(502);
    const doc = await body(res);
    expect(doc.type).toBe('urn:ixc-campsoft:problem:partial-write');
    expect(doc.operations).toHaveLength(1);
    expect(doc.operations[0]).toMatchObject({ method: 'POST', table: 'vd_contratos_produtos' });
    expect(h.sim.engine.tables.get('vd_contratos_produtos', doc.operations[0].ixcId)).toBeDefined();
    expect(doc.failed).toMatchObject({ table: 'sva_usuarios' });
    const retry = await activate();
    expect(retry.status).toBe(201);
    const { linhas, contas } = rowsOf(h.sim, 1, 3);
    expect([linhas.length, contas.length]).toEqual([1, 1]);
  });
});

describe('who may write', () => {
  it('a read key gets 403 on every write, and nothing is written', async () => {
    const created = (await body(await activate())).data.conta.id as number;
    h.sim.engine.clearRequests();
    const answers = await Promise.all([
      activate({}, READER),
      h.send('PATCH', `/clientes/1/svas/${created}`, {
        key: READER,
        body: { status: 'bloqueado' },
      }),
      h.send('DELETE', `/clientes/1/svas/${created}`, { key: READER }),
      h.send('POST', '/clientes/1/svas?dryRun=1', { key: READER, body: { produtoId: 3 } }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(writes(h.sim)).toEqual([]);
    expect((await h.send('GET', '/svas', { key: READER })).status).toBe(200);
  });

  it('a key bound to one tenant is refused on another', async () => {
    const KEY_A = 'svas-test-tenant-a-key-0123456789';
    const router = createCampsoftRouter({
      tenants: { 'isp-a': clientOf(h.sim), 'isp-b': clientOf(h.sim) },
      apiKeys: [{ key: KEY_A, tenants: ['isp-a'], name: 'a', scopes: ['svas:write'] }],
      services: { store: h.store },
    });
    const res = await router.fetch(
      new Request('http://host.test/api/v1/clientes/1/svas', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${KEY_A}`,
          'x-campsoft-tenant': 'isp-b',
          'content-type': 'application/json',
        },
        body: '{"produtoId":3}',
      }),
    );
    expect(res.status).toBe(403);
    expect(writes(h.sim)).toEqual([]);
  });
});

describe('GET /svas', () => {
  it('lists the catalogue for a read key', async () => {
    const res = await h.send('GET', '/svas', { key: READER });
    const { data } = await body(res);
    expect(data).toHaveLength(25);
    expect(data.find((s: { id: number }) => s.id === 3)).toMatchObject({ nome: 'Deezer Premium' });
  });
});

describe('webhook events of a write', () => {
  it('records sva.added and sva.status_changed at once, with the snapshot the poller compares', async () => {
    // A store of its own: the engine's ids restart at each reset, the snapshots would not.
    const store = await openStore(':memory:');
    const router = createCampsoftRouter({
      client: h.client,
      apiKeys: SVA_KEYS,
      services: { store },
    });
    const send = (method: string, path: string, payload?: unknown) =>
      router.fetch(
        new Request(`http://host.test/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: payload === undefined ? undefined : JSON.stringify(payload),
        }),
      );
    const endpoint = await store.createEndpoint({
      url: 'https://example.test/hook',
      eventTypes: ['sva.*'],
      secret: `whsec_${Buffer.alloc(24, 1).toString('base64')}`,
    });
    const created = await send('POST', '/clientes/1/svas', { produtoId: 3 });
    const contaId = (await body(created)).data.conta.id as number;
    await send('PATCH', `/clientes/1/svas/${contaId}`, { status: 'bloqueado' });
    await send('POST', `/clientes/1/svas/${contaId}?dryRun=1`);
    await send('DELETE', `/clientes/1/svas/${contaId}`);
    const page = await store.listDeliveries(endpoint.id);
    expect(page.items.map((d) => d.eventType).reverse()).toEqual([
      'sva.added',
      'sva.status_changed',
      'sva.status_changed',
    ]);
    const [snap] = await store.getSnapshots('default', 'sva', [String(contaId)]);
    expect(snap).toMatchObject({ sequence: 3, fields: { status_integracao: 'D', cliente: '1' } });
    const event = await store.getEvent(page.items[0]!.eventId);
    const payload = JSON.parse(event!.body);
    expect(payload).toMatchObject({ type: 'sva.status_changed' });
    expect(payload.data).toMatchObject({
      tenant: 'default',
      clienteId: 1,
      contratoId: 1,
      contaSvaId: contaId,
      previous: 'bloqueado',
      current: 'desativado',
      sequence: 3,
    });
    await store.close();
  });
});
