import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countRounds, createIxcEngine } from '../../src/testing/index.js';
import { createIxcHandlers } from '../../src/testing/msw.js';

const engine = createIxcEngine({ latencyMs: 10 });
const BASE = 'https://ixc.provedor.test';
const server = setupServer(...createIxcHandlers(engine, { baseUrl: `${BASE}/webservice/v1/` }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  engine.faults.clear();
  engine.clearRequests();
});
afterAll(() => server.close());

const listar = (table: string, body: unknown = {}, init: RequestInit = {}): Promise<Response> =>
  fetch(`${BASE}/webservice/v1/${table}`, {
    method: 'POST',
    headers: {
      ixcsoft: 'listar',
      authorization: `Basic ${btoa(engine.token)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    ...init,
  });

describe('msw handlers', () => {
  it('press buttons and serve get_boleto PDF bytes', async () => {
    const pressed = await listar('cliente_contrato_15300', { id_contrato: '2' });
    expect(await pressed.json()).toEqual({
      type: 'success',
      message: 'Contrato bloqueado com sucesso!',
    });
    expect(engine.tables.get('cliente_contrato', 2)?.status_internet).toBe('CM');
    engine.buttons.liberarManual(2);
    const pdf = await listar('get_boleto', { boletos: '4', base64: 'N' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.4');
    const engineSide = engine.buttons.boleto(4);
    expect(
      engineSide.type === 'success' && Buffer.from(engineSide.pdf).equals(Buffer.from(bytes)),
    ).toBe(true);
  });

  it('serve the protocol at the mocked host', async () => {
    const res = await listar('cliente_contrato', {
      qtype: 'cliente_contrato.id_cliente',
      query: '7',
      oper: '=',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/x-json; charset=utf-8');
    const body = (await res.json()) as { total: string; registros: { id: string }[] };
    expect(body.total).toBe('4');
    expect(body.registros.map((r) => r.id)).toEqual(['8', '9', '10', '11']);
  });

  it('enforce auth, inserts and unknown tables like the HTTP face', async () => {
    expect(
      (
        await fetch(`${BASE}/webservice/v1/cliente`, {
          method: 'POST',
          headers: { ixcsoft: 'listar' },
        })
      ).status,
    ).toBe(401);
    const insert = await fetch(`${BASE}/webservice/v1/produtos`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(engine.token)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ descricao: 'Novo SVA', tipo: 'S', id_sva_integracao: '1' }),
    });
    expect(await insert.json()).toEqual({
      type: 'success',
      message: 'Registro inserido com sucesso!',
      id: '30',
    });
    expect(await (await listar('planos')).json()).toEqual({
      type: 'error',
      message: 'Recurso planos não está disponível!',
    });
  });

  it('count concurrent requests as one round', async () => {
    await listar('vd_contratos');
    await Promise.all([listar('cliente'), listar('produtos')]);
    expect(engine.requests).toHaveLength(3);
    expect(countRounds(engine.requests)).toBe(2);
  });

  it('turn a reset into a network error', async () => {
    engine.faults.add({ reset: true });
    await expect(listar('cliente')).rejects.toThrow(TypeError);
  });

  it('fail the body stream on a mid-body reset', async () => {
    engine.faults.add({ reset: 'mid-body' });
    const res = await listar('cliente');
    await expect(res.text()).rejects.toThrow();
  });

  it('keep a hang pending until the caller aborts', async () => {
    engine.faults.add({ hang: true });
    await expect(listar('cliente', {}, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });

  it('deliver a complete trickled body and a cut truncated one', async () => {
    engine.faults.add({ trickle: { bytes: 512, everyMs: 1 }, times: 1 });
    expect(
      ((await (await listar('cliente', { rp: 2 })).json()) as { registros: unknown[] }).registros,
    ).toHaveLength(2);
    engine.faults.add({ truncate: true, times: 1 });
    const cut = await (await listar('cliente', { rp: 2 })).text();
    expect(() => JSON.parse(cut)).toThrow();
  });

  it('answer status faults with Retry-After', async () => {
    engine.faults.add({ status: 429, retryAfter: 3 });
    const res = await listar('cliente');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });
});

describe('engine.fetch', () => {
  it('answers a Request directly and throws on a reset', async () => {
    const e = createIxcEngine();
    const req = () =>
      new Request('http://anything/webservice/v1/produtos', {
        method: 'POST',
        headers: { ixcsoft: 'listar', authorization: `Basic ${btoa(e.token)}` },
        body: '{"qtype":"produtos.id_sva_integracao","query":"0","oper":">","rp":100}',
      });
    const body = (await (await e.fetch(req())).json()) as { total: string };
    expect(body.total).toBe('25');
    e.faults.add({ reset: true, times: 1 });
    await expect(e.fetch(req())).rejects.toThrow(/fetch failed/);
  });
});
