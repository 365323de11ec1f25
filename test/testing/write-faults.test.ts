import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIxcEngine, type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { call, novoCliente } from './helpers.js';

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

const insert = (table: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${ixc.url}/webservice/v1/${table}`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(ixc.token)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });

const count = () => ixc.engine.tables.count('cliente');

describe('commit then fail', () => {
  it('504 after commit: the row exists though the client saw a gateway error', async () => {
    ixc.engine.faults.add({
      table: 'cliente',
      kind: 'insert',
      times: 1,
      commit: 'after',
      status: 504,
    });
    const res = await insert('cliente', novoCliente);
    expect(res.status).toBe(504);
    expect(await res.text()).toContain('504 Gateway Time-out');
    expect(count()).toBe(16);
    expect(ixc.engine.requests.at(-1)).toMatchObject({
      kind: 'insert',
      status: 504,
      committed: true,
      faults: ['status', 'commit:after'],
    });
    // The rule is spent: a retry would insert a second customer.
    expect((await (await insert('cliente', novoCliente)).json()).id).toBe('17');
  });

  it('502 after commit on one request picked by a predicate', async () => {
    ixc.engine.faults.add({
      commit: 'after',
      status: 502,
      match: (r) => r.body.includes('"Segundo"'),
    });
    expect((await insert('cliente', { ...novoCliente, razao: 'Primeiro' })).status).toBe(200);
    expect((await insert('cliente', { ...novoCliente, razao: 'Segundo' })).status).toBe(502);
    expect(ixc.engine.tables.find('cliente', (r) => r.razao === 'Segundo')).toHaveLength(1);
  });

  it('reset after commit (the default for resets): fetch rejects, the row exists', async () => {
    ixc.engine.faults.add({ table: 'cliente', kind: 'insert', reset: true });
    await expect(insert('cliente', novoCliente)).rejects.toThrow(TypeError);
    expect(count()).toBe(16);
    expect(ixc.engine.requests.at(-1)?.committed).toBe(true);
  });

  it('hang past the client timeout: the client aborts, the row exists', async () => {
    ixc.engine.faults.add({ table: 'cliente', kind: 'insert', hang: true, commit: 'after' });
    await expect(insert('cliente', novoCliente, AbortSignal.timeout(150))).rejects.toThrow();
    expect(count()).toBe(16);
  });

  it('an IXC error after commit (answer lost in a proxy rewriting it)', async () => {
    ixc.engine.faults.add({ kind: 'insert', commit: 'after', ixcError: 'Falha temporária' });
    expect(await (await insert('cliente', novoCliente)).json()).toEqual({
      type: 'error',
      message: 'Falha temporária',
    });
    expect(count()).toBe(16);
  });
});

describe('fail before commit', () => {
  it('504 before commit (the default for statuses): nothing written', async () => {
    ixc.engine.faults.add({ table: 'cliente', kind: 'insert', times: 1, status: 504 });
    expect((await insert('cliente', novoCliente)).status).toBe(504);
    expect(count()).toBe(15);
    expect(ixc.engine.requests.at(-1)?.committed).toBe(false);
  });

  it('reset before commit: fetch rejects and nothing is written', async () => {
    ixc.engine.faults.add({ table: 'cliente', reset: true, commit: 'before' });
    await expect(insert('cliente', novoCliente)).rejects.toThrow(TypeError);
    expect(count()).toBe(15);
    expect(ixc.engine.requests.at(-1)).toMatchObject({
      committed: false,
      faults: ['reset', 'commit:before'],
    });
  });

  it('truncate before commit delivers half of the HTML error and writes nothing', async () => {
    ixc.engine.faults.add({ kind: 'insert', truncate: true, commit: 'before' });
    const text = await (await insert('cliente', novoCliente)).text();
    expect(text.startsWith('<div')).toBe(true);
    expect(count()).toBe(15);
  });

  it('applies per table: other tables are written normally', async () => {
    ixc.engine.faults.add({ table: 'sva_usuarios', status: 502, commit: 'before' });
    expect((await insert('cliente', novoCliente)).status).toBe(200);
    expect(count()).toBe(16);
  });

  it('leaves reads alone: commit only concerns writes', async () => {
    ixc.engine.faults.add({ table: 'cliente', commit: 'after', status: 503, kind: 'list' });
    const res = await fetch(`${ixc.url}/webservice/v1/cliente`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(ixc.token)}`, ixcsoft: 'listar' },
      body: '{}',
    });
    expect(res.status).toBe(503);
    expect(ixc.engine.requests.at(-1)?.committed).toBeUndefined();
  });
});

describe('write faults through the engine (no socket)', () => {
  it('a button hit by commit-then-fail blocks the contract though the answer is a 502', async () => {
    const engine = createIxcEngine();
    engine.faults.add({
      kind: 'button',
      table: 'cliente_contrato_15300',
      commit: 'after',
      status: 502,
    });
    const res = await call(engine, 'cliente_contrato_15300', {
      body: { id_contrato: '1' },
      listar: false,
    });
    expect(res.status).toBe(502);
    expect(engine.tables.get('cliente_contrato', 1)?.status_internet).toBe('CM');
    expect(engine.requests.at(-1)).toMatchObject({ kind: 'button', committed: true });
  });

  it('a PUT failed before commit changes nothing; engine.fetch turns a reset into a TypeError', async () => {
    const engine = createIxcEngine();
    engine.faults.add({ table: 'sva_usuarios', kind: 'update', commit: 'before', reset: true });
    const conta = engine.tables.get('sva_usuarios', 1);
    await expect(
      engine.fetch(
        new Request('http://ixc.test/webservice/v1/sva_usuarios/1', {
          method: 'PUT',
          headers: {
            authorization: `Basic ${btoa(engine.token)}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ ...conta, status_integracao: 'B' }),
        }),
      ),
    ).rejects.toThrow(TypeError);
    expect(engine.tables.get('sva_usuarios', 1)?.status_integracao).toBe('A');
    expect(engine.requests.at(-1)?.committed).toBe(false);
  });
});
