import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFS } from '../../src/testing/engine/schema/index.js';
import { IXC_HTML_ERROR, type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { novoCliente } from './helpers.js';

let ixc: IxcSimulator;

beforeAll(async () => {
  ixc = await startIxcSimulator();
});
afterAll(async () => {
  await ixc.close();
});
afterEach(() => {
  ixc.engine.faults.clear();
  ixc.engine.reset();
});

function request(
  table: string,
  body: unknown = { rp: 5 },
  init: RequestInit & { listar?: boolean } = {},
): Promise<Response> {
  const { listar = true, ...rest } = init;
  return fetch(`${ixc.url}/webservice/v1/${table}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(ixc.token)}`,
      'content-type': 'application/json',
      ...(listar ? { ixcsoft: 'listar' } : {}),
    },
    body: JSON.stringify(body),
    ...rest,
  });
}

describe('replacing faults', () => {
  it('answers a status with Retry-After (seconds) and nginx page, without doing the work', async () => {
    ixc.engine.faults.add({ table: 'cliente', status: 503, retryAfter: 2 });
    const res = await request(
      'cliente',
      { razao: 'X', tipo_pessoa: 'F', cnpj_cpf: '1' },
      { listar: false },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toContain('503 Service Temporarily Unavailable');
    expect(ixc.engine.tables.count('cliente')).toBe(15);
  });

  it('answers 429 with an HTTP-date Retry-After and a custom body', async () => {
    const date = new Date(Date.now() + 30_000).toUTCString();
    ixc.engine.faults.add({
      status: 429,
      retryAfter: date,
      body: '{"type":"error","message":"Calma"}',
    });
    const res = await request('cliente');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(date);
    expect(res.headers.get('content-type')).toBe('text/x-json; charset=utf-8');
    expect(await res.json()).toEqual({ type: 'error', message: 'Calma' });
  });

  it('answers IXC red HTML, on 200 by default or with a status', async () => {
    const rule = ixc.engine.faults.add({ html: true, times: 1 });
    const res = await request('cliente');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(IXC_HTML_ERROR);
    expect(rule.active).toBe(false);
    ixc.engine.faults.add({ html: { status: 504 } });
    expect((await request('cliente')).status).toBe(504);
  });

  it('answers {"type":"error"} on 200 with a <br /> message', async () => {
    ixc.engine.faults.add({ ixcError: 'Parcela já está recebida ou cancelada!<br />' });
    const res = await request('cliente');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      type: 'error',
      message: 'Parcela já está recebida ou cancelada!<br />',
    });
  });

  it('answers malformed JSON on 200', async () => {
    ixc.engine.faults.add({ malformed: true });
    const res = await request('cliente');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/x-json');
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('envelope-shaping faults', () => {
  it('omits registros even when rows exist', async () => {
    ixc.engine.faults.add({ omitRegistros: true });
    expect(await (await request('cliente')).json()).toEqual({ page: '1', total: '15' });
  });

  it('sends total as a number', async () => {
    ixc.engine.faults.add({ totalAsNumber: true });
    const body = (await (await request('cliente')).json()) as {
      total: unknown;
      registros: unknown[];
    };
    expect(body.total).toBe(15);
    expect(body.registros).toHaveLength(5);
  });

  it('answers in flexigrid form', async () => {
    ixc.engine.faults.add({ flexigrid: true, table: 'vd_contratos' });
    const body = (await (await request('vd_contratos', { rp: 2 })).json()) as {
      page: string;
      total: string;
      rows: { id: string; cell: string[] }[];
    };
    expect(body.page).toBe('1');
    expect(body.total).toBe('12');
    expect(body.rows.map((r) => r.id)).toEqual(['1', '2']);
    expect(body.rows[0]?.cell).toHaveLength(TABLE_DEFS.vd_contratos.columns.length);
    expect(body.rows[0]?.cell).toContain('Fibra 300 Mega');
  });
});

describe('socket faults on a real connection', () => {
  it('reset before headers makes fetch reject, after the server did the work', async () => {
    ixc.engine.faults.add({ kind: 'insert', reset: true });
    await expect(
      request('cliente', { ...novoCliente, razao: 'Ambíguo' }, { listar: false }),
    ).rejects.toThrow(TypeError);
    expect(ixc.engine.tables.find('cliente', (r) => r.razao === 'Ambíguo')).toHaveLength(1);
    expect(ixc.engine.requests.at(-1)).toMatchObject({
      kind: 'insert',
      status: 0,
      faults: ['reset'],
    });
  });

  it('reset mid-body delivers headers then fails while reading the body', async () => {
    ixc.engine.faults.add({ reset: 'mid-body' });
    const res = await request('cliente', { rp: 15 });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('hang never answers: the client times out, and close() still returns', async () => {
    ixc.engine.faults.add({ hang: true });
    await expect(request('cliente', {}, { signal: AbortSignal.timeout(150) })).rejects.toThrow(
      /abort|timeout/i,
    );
    const other = await startIxcSimulator();
    other.engine.faults.add({ hang: true });
    const pending = fetch(`${other.url}/webservice/v1/cliente`, {
      method: 'POST',
      headers: { ixcsoft: 'listar', authorization: `Basic ${btoa(other.token)}` },
      body: '{}',
    });
    await new Promise((r) => setTimeout(r, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
  });

  it('trickle sends the whole body slowly, in many chunks', async () => {
    ixc.engine.faults.add({ trickle: { bytes: 200, everyMs: 5 } });
    const started = performance.now();
    const res = await request('cliente', { rp: 3 });
    const reader = res.body?.getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(JSON.parse(text).registros).toHaveLength(3);
    expect(chunks).toBeGreaterThan(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(
      5 * (Math.ceil(text.length / 200) - 1) - 5,
    );
  });

  it('truncate sends half of the JSON and ends cleanly', async () => {
    const full = await (await request('cliente')).text();
    ixc.engine.faults.add({ truncate: true });
    const res = await request('cliente');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBe(Math.floor(Buffer.byteLength(full) / 2));
    expect(() => JSON.parse(text)).toThrow();
  });

  it('adds latency', async () => {
    ixc.engine.faults.add({ latencyMs: 120 });
    const started = performance.now();
    await request('cliente');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});

describe('rule selection', () => {
  it('hits `times` requests, then retires', async () => {
    const rule = ixc.engine.faults.add({ status: 502, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request('cliente')).status);
    expect(statuses).toEqual([502, 502, 200]);
    expect(rule.hits).toBe(2);
    expect(rule.active).toBe(false);
    expect(ixc.engine.faults.list()).toEqual([]);
  });

  it('matches by table, method, kind and predicate', async () => {
    ixc.engine.faults.add({
      table: ['produtos'],
      method: 'post',
      kind: 'list',
      match: (r) => r.body.includes('SVA'),
      status: 500,
    });
    expect(
      (await request('produtos', { qtype: 'produtos.descricao_alt', query: 'SVA', oper: 'L' }))
        .status,
    ).toBe(500);
    expect((await request('produtos', { rp: 1 })).status).toBe(200);
    expect(
      (await request('cliente', { qtype: 'cliente.razao', query: 'SVA', oper: 'L' })).status,
    ).toBe(200);
  });

  it('draws probabilities from the seed, reproducibly', async () => {
    const run = async (): Promise<number[]> => {
      const sim = await startIxcSimulator({ seed: 99 });
      sim.engine.faults.add({ probability: 0.5, status: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await fetch(`${sim.url}/webservice/v1/cliente`, {
          method: 'POST',
          headers: { ixcsoft: 'listar', authorization: `Basic ${btoa(sim.token)}` },
          body: '{"rp":1}',
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      await sim.close();
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('stacks latency, lets the first outcome win and does not spend shadowed rules', async () => {
    ixc.engine.faults.add({ latencyMs: 30 });
    ixc.engine.faults.add({ status: 503, times: 1 });
    const shadowed = ixc.engine.faults.add({ status: 500, times: 1 });
    const started = performance.now();
    expect((await request('cliente')).status).toBe(503);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    expect(shadowed.hits).toBe(0);
    expect((await request('cliente')).status).toBe(500);
    expect(ixc.engine.requests.at(-1)?.faults).toEqual(['latencyMs', 'status']);
  });

  it('removes a single rule or all of them', async () => {
    const rule = ixc.engine.faults.add({ status: 500 });
    ixc.engine.faults.add({ status: 501, table: 'produtos' });
    rule.remove();
    expect((await request('cliente')).status).toBe(200);
    expect((await request('produtos')).status).toBe(501);
    ixc.engine.faults.clear();
    expect((await request('produtos')).status).toBe(200);
  });

  it('runs taps before the request, e.g. to shift pages between two page reads', async () => {
    ixc.engine.faults.add({
      match: (r) => r.body.includes('"page":2'),
      times: 1,
      tap: () => {
        ixc.engine.tables.insert('cliente', { id: 0, razao: 'Intrusa' });
        ixc.engine.tables.remove('cliente', 1, { audit: false });
      },
    });
    const page1 = (await (await request('cliente', { page: 1, rp: 5 })).json()) as {
      registros: { id: string }[];
    };
    const page2 = (await (await request('cliente', { page: 2, rp: 5 })).json()) as {
      registros: { id: string }[];
      total: string;
    };
    expect(page1.registros.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    // Row 1 vanished before page 2 was cut, so row 6 slid onto page 1 and is never seen.
    expect(page2.registros.map((r) => r.id)).toEqual(['7', '8', '9', '10', '11']);
    expect(page2.total).toBe('15');
  });
});
