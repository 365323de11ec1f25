import { describe, expect, it } from 'vitest';
import { IXC_JSON_TYPE } from '../../src/testing/engine/responses.js';
import { TABLE_DEFS } from '../../src/testing/engine/schema/index.js';
import { createIxcEngine, DEMO_TOKEN } from '../../src/testing/index.js';
import { basic, call, grid, ids, listar } from './helpers.js';

const engine = createIxcEngine();

describe('authentication', () => {
  it('accepts Basic base64(token)', async () => {
    const res = await call(engine, 'cliente', { body: { rp: 1 } });
    expect(res.status).toBe(200);
    expect(engine.token).toBe(DEMO_TOKEN);
    expect(DEMO_TOKEN).toMatch(/^1:[0-9a-f]{64}$/);
  });

  it('answers 401 without credentials or with a wrong token', async () => {
    expect((await call(engine, 'cliente', { headers: { authorization: undefined } })).status).toBe(
      401,
    );
    const wrong = `Basic ${btoa(`1:${'0'.repeat(64)}`)}`;
    expect((await call(engine, 'cliente', { headers: { authorization: wrong } })).status).toBe(401);
    const raw = `Basic ${engine.token}`; // not base64-encoded
    expect((await call(engine, 'cliente', { headers: { authorization: raw } })).status).toBe(401);
  });

  it('answers 400 to a non-Basic scheme, as IXC documents', async () => {
    const res = await call(engine, 'cliente', {
      headers: { authorization: `Bearer ${engine.token}` },
    });
    expect(res.status).toBe(400);
  });

  it('uses a custom token', async () => {
    const custom = createIxcEngine({ token: `42:${'ab'.repeat(32)}`, dataset: {} });
    expect((await call(custom, 'cliente')).status).toBe(200);
    const other = await custom.handle({
      method: 'POST',
      path: '/webservice/v1/cliente',
      headers: { ixcsoft: 'listar', authorization: basic(engine) },
      body: '',
    });
    expect(other.status).toBe(401);
    expect(() => createIxcEngine({ token: 'no-user-id' })).toThrow(/userId/);
  });
});

describe('routing', () => {
  it('treats POST with `ixcsoft: listar` as a query, header name and value in any case', async () => {
    const res = await call(engine, 'cliente', {
      headers: { ixcsoft: undefined, IXCSoft: 'Listar' },
      body: { qtype: 'cliente.id', query: '7', oper: '=' },
    });
    expect(JSON.parse(res.body).registros[0].id).toBe('7');
  });

  it('treats GET with a body and the header as a query', async () => {
    const res = await call(engine, 'cliente', {
      method: 'GET',
      body: { qtype: 'cliente.id', query: '3', oper: '=' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).registros.map((r: { id: string }) => r.id)).toEqual(['3']);
  });

  it('answers 404 to a GET without the header', async () => {
    const res = await call(engine, 'cliente', {
      method: 'GET',
      listar: false,
      body: { qtype: 'cliente.id' },
    });
    expect(res.status).toBe(404);
  });

  it('answers 404 outside /webservice/v1 and 405 to other verbs', async () => {
    const outside = await engine.handle({
      method: 'POST',
      path: '/api/v1/cliente',
      headers: {},
      body: '',
    });
    expect(outside.status).toBe(404);
    const patch = await call(engine, 'cliente', { method: 'PATCH', id: 1, listar: false });
    expect(patch.status).toBe(405);
  });

  it('ignores a query string on the path', async () => {
    const res = await engine.handle({
      method: 'POST',
      path: '/webservice/v1/cliente?foo=bar',
      headers: { ixcsoft: 'listar', authorization: basic(engine) },
      body: '{"qtype":"cliente.id","query":"2","oper":"="}',
    });
    expect(JSON.parse(res.body).total).toBe('1');
  });
});

describe('request bodies', () => {
  const query = {
    qtype: 'cliente_contrato.id_cliente',
    query: '7',
    oper: '=',
    page: '1',
    rp: '10',
  };

  it('accepts JSON and form-encoded bodies alike', async () => {
    const json = await call(engine, 'cliente_contrato', { body: query });
    const form = await call(engine, 'cliente_contrato', { body: query, form: true });
    expect(form.body).toBe(json.body);
    expect(JSON.parse(json.body).total).toBe('4');
  });

  it('sniffs the body when the content type is missing', async () => {
    const res = await call(engine, 'cliente_contrato', {
      headers: { 'content-type': undefined },
      body: new URLSearchParams(query).toString(),
    });
    expect(JSON.parse(res.body).total).toBe('4');
  });

  it('accepts page and rp as numbers, and defaults page to 1 and rp to 20', async () => {
    const numbers = await listar(engine, 'cliente_contrato', { page: 2, rp: 5 });
    expect(numbers.page).toBe('2');
    expect(numbers.registros?.map((r) => r.id)).toEqual(['6', '7', '8', '9', '10']);
    const defaults = await listar(engine, 'cliente_contrato', {});
    expect(defaults.page).toBe('1');
    expect(defaults.total).toBe('21');
    expect(defaults.registros).toHaveLength(20);
    const custom = createIxcEngine({ defaultRp: 7 });
    expect((await listar(custom, 'cliente_contrato')).registros).toHaveLength(7);
  });

  it('answers an empty body with the first page of everything', async () => {
    const res = await call(engine, 'vd_contratos');
    expect(JSON.parse(res.body).total).toBe('12');
  });
});

describe('listing envelope', () => {
  it('answers text/x-json with an IXC_Session cookie', async () => {
    const res = await call(engine, 'cliente', { body: { rp: 1 } });
    expect(res.headers['content-type']).toBe(IXC_JSON_TYPE);
    expect(res.headers['set-cookie']).toMatch(/^IXC_Session=/);
  });

  it('sends page and total as strings and every column of every row as a string', async () => {
    for (const table of [
      'cliente',
      'cliente_contrato',
      'vd_contratos',
      'vd_contratos_produtos',
      'produtos',
    ] as const) {
      const env = await listar(engine, table, { rp: 100 });
      expect(typeof env.page).toBe('string');
      expect(typeof env.total).toBe('string');
      for (const row of env.registros ?? []) {
        expect(Object.keys(row)).toEqual(TABLE_DEFS[table].columns);
        for (const value of Object.values(row)) expect(typeof value).toBe('string');
      }
    }
  });

  it('returns IXC column names and empty values as IXC writes them', async () => {
    const [cliente] =
      (await listar(engine, 'cliente', { qtype: 'cliente.id', query: '7', oper: '=' })).registros ??
      [];
    expect(cliente).toMatchObject({
      id: '7',
      Sexo: 'M',
      senha: 'Segredo#0007',
      data_cadastro: '2018-10-22',
    });
    expect(cliente).toMatchObject({
      fantasia: '',
      id_conta: '0',
      emp_remuneracao: '0.00',
      crm_data_novo: '0000-00-00',
    });
    const [plano] =
      (await listar(engine, 'vd_contratos', { qtype: 'vd_contratos.id', query: '4', oper: '=' }))
        .registros ?? [];
    expect(plano).toMatchObject({ Ativo: 'N', valor_contrato: '59.900000000' });
    expect(plano).not.toHaveProperty('ativo');
    const [linha] = (await listar(engine, 'vd_contratos_produtos', { rp: 1 })).registros ?? [];
    expect(linha?.valor_unit).toMatch(/^\d+\.\d{9}$/);
    expect(linha?.valor_ate_vencimento).toMatch(/^\d+\.\d{2}$/);
  });

  it('escapes like PHP json_encode (\\uXXXX, \\/)', async () => {
    const res = await call(engine, 'vd_contratos', {
      body: { qtype: 'vd_contratos.id', query: '4', oper: '=' },
    });
    expect(res.body).toContain('R\\u00e1dio 10 Mega');
    expect(JSON.parse(res.body).registros[0].nome).toBe('Rádio 10 Mega (legado)');
    const empresa = await call(engine, 'cliente', {
      body: { qtype: 'cliente.id', query: '5', oper: '=' },
    });
    expect(empresa.body).toContain('"cnpj_cpf":"12.345.678\\/0001-95"');
    expect(JSON.parse(empresa.body).registros[0].cnpj_cpf).toBe('12.345.678/0001-95');
  });

  it('omits registros on zero rows by default', async () => {
    const res = await call(engine, 'cliente', {
      body: { qtype: 'cliente.id', query: '999', oper: '=' },
    });
    expect(res.body).toBe('{"page":"1","total":"0"}');
  });

  it('sends registros: [] on zero rows with emptyResult "empty-array"', async () => {
    const e = createIxcEngine({ emptyResult: 'empty-array' });
    const res = await call(e, 'cliente', {
      body: { qtype: 'cliente.id', query: '999', oper: '=' },
    });
    expect(JSON.parse(res.body)).toEqual({ page: '1', total: '0', registros: [] });
  });

  it('sends total as a number with totalAsNumber', async () => {
    const e = createIxcEngine({ totalAsNumber: true });
    const env = await listar(e, 'cliente', { rp: 1 });
    expect(env.total).toBe(15);
  });

  it('pages past the end with the real total and no rows', async () => {
    const env = await listar(engine, 'cliente', { page: 9, rp: 5 });
    expect(env).toEqual({ page: '9', total: '15' });
  });
});

describe('errors', () => {
  const isRedDiv = (body: string): boolean =>
    body.startsWith('<div') &&
    body.includes('#FF0000') &&
    body.includes('Ocorreu um erro ao processar');

  it('answers an unknown table with "Recurso … não está disponível!" on HTTP 200', async () => {
    const res = await call(engine, 'clientes', { body: { rp: 1 } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      type: 'error',
      message: 'Recurso clientes não está disponível!',
    });
    const insert = await call(engine, 'nada', { listar: false, body: { a: '1' } });
    expect(JSON.parse(insert.body).message).toBe('Recurso nada não está disponível!');
  });

  it('answers an unknown column in qtype, grid_param or sortname with the red HTML div on 200', async () => {
    const bodies = [
      { qtype: 'cliente.nao_existe', query: '1', oper: '=' },
      { qtype: 'cliente_contrato.id', query: '1', oper: '=' },
      { grid_param: grid({ TB: 'cliente.nope', OP: '=', P: '1' }) },
      { sortname: 'cliente.nope' },
      { qtype: 'cliente', query: '7', oper: '=' },
    ];
    for (const body of bodies) {
      const res = await call(engine, 'cliente', { body });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(isRedDiv(res.body)).toBe(true);
    }
  });

  it('answers a malformed grid_param or operator with the red HTML div', async () => {
    for (const body of [
      { grid_param: '[{"TB":"cliente.id",' },
      { grid_param: '{"TB":"cliente.id","OP":"=","P":"1"}' },
      { grid_param: [{ TB: 'cliente.id', OP: '=', P: '1' }] },
      { qtype: 'cliente.id', query: '1', oper: 'like' },
      '{not json',
    ]) {
      expect(isRedDiv((await call(engine, 'cliente', { body })).body)).toBe(true);
    }
  });

  it('accepts a bare column name and MySQL-style case-insensitive columns', async () => {
    expect(await ids(engine, 'cliente', { qtype: 'id', query: '5', oper: '=' })).toEqual(['5']);
    expect(
      await ids(engine, 'vd_contratos', { qtype: 'vd_contratos.ativo', query: 'N', oper: '=' }),
    ).toEqual(['4', '6', '10']);
    expect(
      await ids(engine, 'vd_contratos', {
        grid_param: grid({ TB: 'vd_contratos.Ativo', OP: '=', P: 'N' }),
      }),
    ).toEqual(['4', '6', '10']);
  });
});
