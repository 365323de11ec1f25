import { beforeEach, describe, expect, it } from 'vitest';
import { createIxcEngine, type IxcEngine } from '../../src/testing/index.js';
import { call, grid, listar, novoCliente, novoContrato, write } from './helpers.js';

// 2025-06-01 15:00:00 UTC is 12:00:00 in Brasília (UTC−3), the wall clock IXC writes.
let clock = Date.UTC(2025, 5, 1, 15, 0, 0);
let engine: IxcEngine;

beforeEach(() => {
  clock = Date.UTC(2025, 5, 1, 15, 0, 0);
  engine = createIxcEngine({ now: () => new Date(clock) });
});

const logsOf = (e: IxcEngine, tabela: string) =>
  e.tables.find('ixc_logs', (r) => r.tabela === tabela);

describe('insert (POST without ixcsoft header)', () => {
  it('assigns the next id, answers IXC success and stores read-side formats', async () => {
    const answer = await write(engine, 'POST', 'cliente', {
      ...novoCliente,
      id: '999',
      ultima_atualizacao: 'CURRENT_TIMESTAMP',
      campo_inexistente: 'x',
    });
    expect(answer).toEqual({
      type: 'success',
      message: 'Registro inserido com sucesso!',
      id: '16',
    });
    const row = engine.tables.get('cliente', 16);
    expect(row).toMatchObject({
      id: '16',
      razao: 'Cliente Novo da Silva',
      data_nascimento: '1990-09-21',
      data_cadastro: '2025-06-01',
      ultima_atualizacao: '2025-06-01 12:00:00',
      id_conta: '0',
    });
    expect(row).not.toHaveProperty('campo_inexistente');
    expect(engine.tables.get('cliente', 999)).toBeUndefined();
  });

  it('accepts a form-encoded insert (IXC PHP client style) and normalises money', async () => {
    const res = await call(engine, 'vd_contratos_produtos', {
      listar: false,
      form: true,
      body: {
        tipo: 'SVA',
        id_plano: '0',
        fixar_ip: '0',
        id_contrato: '1',
        id_produto: '3',
        descricao: 'Deezer',
        qtde: '1',
        valor_unit: '9,9',
        valor_ate_vencimento: '9.9',
      },
    });
    const { id } = JSON.parse(res.body) as { id: string };
    expect(engine.tables.get('vd_contratos_produtos', id)).toMatchObject({
      id_vd_contrato: '0',
      valor_unit: '9.900000000',
      valor_ate_vencimento: '9.90',
    });
  });

  it('appends an ixc_logs row (executou api) for every write', async () => {
    const before = engine.tables.count('ixc_logs');
    await write(engine, 'POST', 'cliente', novoCliente);
    const log = engine.tables.rows('ixc_logs').at(-1);
    expect(engine.tables.count('ixc_logs')).toBe(before + 1);
    expect(log).toMatchObject({
      executou: 'api',
      tipo: 'inseriu',
      tabela: 'cliente',
      id_tabela: '16',
      operador: '1',
      data: '2025-06-01 12:00:00',
    });
    expect(log?.campos).toContain('razao');
  });

  it('fails with {"type":"error"} on HTTP 200 when a required field is missing', async () => {
    const res = await call(engine, 'cliente', {
      listar: false,
      body: { ...novoCliente, cnpj_cpf: '' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      type: 'error',
      message: 'O campo cnpj_cpf é obrigatório!',
    });
    expect(engine.tables.count('cliente')).toBe(15);
  });

  it('rejects a query body posted without the ixcsoft header, inserting nothing', async () => {
    const res = await call(engine, 'cliente', {
      listar: false,
      body: { qtype: 'cliente.id', query: '1', oper: '=', page: '1', rp: '20' },
    });
    expect(JSON.parse(res.body).type).toBe('error');
    const grid_only = await call(engine, 'cliente_contrato', {
      listar: false,
      body: { grid_param: grid({ TB: 'cliente_contrato.id', P: '1' }) },
    });
    expect(JSON.parse(grid_only.body).type).toBe('error');
    expect(engine.tables.count('cliente')).toBe(15);
    expect(engine.tables.count('cliente_contrato')).toBe(21);
  });

  it('rejects references to missing rows, bad dates and bad numbers', async () => {
    const orphan = await write(engine, 'POST', 'cliente_contrato', {
      ...novoContrato,
      id_cliente: '404',
    });
    expect(orphan.type).toBe('error');
    expect(String(orphan.message)).toContain('cliente');
    expect(
      (await write(engine, 'POST', 'cliente', { ...novoCliente, data_nascimento: '31/31/1990' }))
        .type,
    ).toBe('error');
    expect(
      (await write(engine, 'POST', 'produtos', { descricao: 'X', preco_base: 'caro' })).type,
    ).toBe('error');
    expect((await write(engine, 'POST', 'ixc_logs', { tabela: 'x' })).type).toBe('error');
  });

  it('fills contract defaults a new IXC contract has (pré-contrato, access disabled)', async () => {
    const answer = await write(engine, 'POST', 'cliente_contrato', novoContrato);
    expect(engine.tables.get('cliente_contrato', String(answer.id))).toMatchObject({
      status: 'P',
      status_internet: 'D',
      data: '2025-06-01',
      data_cadastro_sistema: '2025-06-01 12:00:00',
    });
  });
});

describe('update (PUT /<table>/<id>)', () => {
  it('replaces the whole record: blanked fields are blanked, server fields kept', async () => {
    clock += 60_000;
    const atual = engine.tables.get('cliente', 7);
    const answer = await write(
      engine,
      'PUT',
      'cliente',
      {
        ...atual,
        razao: 'Ricardo A. Ferreira',
        email: '',
        data_nascimento: '',
        data_cadastro: '01/01/2000',
        ultima_atualizacao: '2000-01-01 00:00:00',
      },
      7,
    );
    expect(answer).toEqual({
      type: 'success',
      message: 'Registro atualizado com sucesso!',
      id: '7',
    });
    const row = engine.tables.get('cliente', 7);
    expect(row).toMatchObject({
      razao: 'Ricardo A. Ferreira',
      email: '',
      cidade: '1',
      data_nascimento: '0000-00-00',
      data_cadastro: '2018-10-22',
      ultima_atualizacao: '2025-06-01 12:01:00',
    });
    const log = logsOf(engine, 'cliente').at(-1);
    expect(log).toMatchObject({
      tipo: 'editou',
      id_tabela: '7',
      executou: 'api',
      data: '2025-06-01 12:01:00',
    });
    expect(log?.campos).toContain('razao');
    expect(log?.campos).toContain('email');
    expect(log?.campos).not.toContain('cnpj_cpf');
  });

  it('writes vd_contratos.Ativo from a lowercase ativo field', async () => {
    const plano = engine.tables.get('vd_contratos', 1);
    await write(engine, 'PUT', 'vd_contratos', { ...plano, ativo: 'N', Ativo: undefined }, 1);
    expect(engine.tables.get('vd_contratos', 1)?.Ativo).toBe('N');
  });

  it('is visible to incremental polling on ultima_atualizacao and ixc_logs', async () => {
    clock = Date.UTC(2026, 0, 10, 13, 0, 0);
    const contrato = engine.tables.get('cliente_contrato', 3);
    await write(engine, 'PUT', 'cliente_contrato', { ...contrato, status_internet: 'A' }, 3);
    const changed = await listar(engine, 'cliente_contrato', {
      qtype: 'cliente_contrato.ultima_atualizacao',
      query: '2026-01-10 00:00:00',
      oper: '>=',
    });
    expect(changed.registros?.map((r) => r.id)).toEqual(['3']);
    const logs = await listar(engine, 'ixc_logs', {
      qtype: 'ixc_logs.tabela',
      query: 'cliente_contrato',
      oper: '=',
      grid_param: grid({ TB: 'ixc_logs.data', OP: '>', P: '2026-01-10 09:59:59' }),
      sortname: 'ixc_logs.id',
      sortorder: 'desc',
    });
    expect(logs.registros?.[0]).toMatchObject({
      id_tabela: '3',
      tipo: 'editou',
      campos: 'status_internet',
    });
  });

  it('fails on a missing row, a missing id or a missing required field', async () => {
    expect(await write(engine, 'PUT', 'cliente', novoCliente, 404)).toEqual({
      type: 'error',
      message: 'Registro não encontrado!',
    });
    expect((await write(engine, 'PUT', 'cliente', novoCliente)).type).toBe('error');
    const atual = engine.tables.get('cliente', 7);
    expect(await write(engine, 'PUT', 'cliente', { ...atual, razao: '' }, 7)).toEqual({
      type: 'error',
      message: 'O campo razao é obrigatório!',
    });
    expect(engine.tables.get('cliente', 7)?.razao).toBe('Ricardo Almeida Ferreira');
  });
});

describe('delete (DELETE /<table>/<id>)', () => {
  it('deletes a row and logs it', async () => {
    expect(await write(engine, 'DELETE', 'cliente_contrato_servicos', undefined, 3)).toEqual({
      type: 'success',
      message: 'Registro excluído com sucesso!',
    });
    expect(engine.tables.get('cliente_contrato_servicos', 3)).toBeUndefined();
    expect(logsOf(engine, 'cliente_contrato_servicos').at(-1)).toMatchObject({
      tipo: 'excluiu',
      id_tabela: '3',
      executou: 'api',
    });
  });

  it('refuses rows that still have dependants, and missing rows', async () => {
    const answer = await write(engine, 'DELETE', 'cliente', undefined, 7);
    expect(answer.type).toBe('error');
    expect(String(answer.message)).toContain('cliente_contrato');
    expect(engine.tables.get('cliente', 7)).toBeDefined();
    expect(await write(engine, 'DELETE', 'cliente', undefined, 404)).toEqual({
      type: 'error',
      message: 'Registro não encontrado!',
    });
    // Customer 15 has no contract: it can go.
    expect((await write(engine, 'DELETE', 'cliente', undefined, 15)).type).toBe('success');
  });

  it('never reuses the id of a deleted row', async () => {
    await write(engine, 'DELETE', 'cliente', undefined, 15);
    expect((await write(engine, 'POST', 'cliente', novoCliente)).id).toBe('16');
  });
});

describe('test-side table API', () => {
  it('reads, inserts, updates and removes with audit as a UI user by default', () => {
    const t = engine.tables;
    expect(t.names).toContain('sva_usuarios');
    expect(t.columns('cliente')).toContain('Sexo');
    expect(t.count('cliente')).toBe(15);
    const row = t.insert('cliente', {
      id: 100,
      razao: 'Direto',
      tipo_pessoa: 'F',
      cnpj_cpf: '1',
      data_nascimento: '01/02/2003',
    });
    expect(row).toMatchObject({
      id: '100',
      data_nascimento: '2003-02-01',
      ultima_atualizacao: '2025-06-01 12:00:00',
    });
    expect(t.insert('cliente', { razao: 'Seguinte' }).id).toBe('101');
    clock += 1000;
    expect(t.update('cliente', 100, { email: 'a@b.c' })).toMatchObject({
      email: 'a@b.c',
      razao: 'Direto',
      ultima_atualizacao: '2025-06-01 12:00:01',
    });
    expect(logsOf(engine, 'cliente').at(-1)).toMatchObject({
      executou: 'usuario',
      tipo: 'editou',
      campos: 'email',
    });
    expect(t.remove('cliente', 100)).toBe(true);
    expect(t.remove('cliente', 100)).toBe(false);
    expect(t.find('cliente', (r) => r.razao === 'Seguinte').map((r) => r.id)).toEqual(['101']);
  });

  it('can write silently and keeps explicit timestamps', () => {
    const before = engine.tables.count('ixc_logs');
    engine.tables.update(
      'cliente',
      1,
      { ultima_atualizacao: '2020-01-01 00:00:00' },
      { audit: false },
    );
    expect(engine.tables.get('cliente', 1)?.ultima_atualizacao).toBe('2020-01-01 00:00:00');
    expect(engine.tables.count('ixc_logs')).toBe(before);
  });

  it('throws clear errors', () => {
    // @ts-expect-error unknown table
    expect(() => engine.tables.count('clientes')).toThrow(/Unknown IXC table "clientes"/);
    expect(() => engine.tables.update('cliente', 404, {})).toThrow(/no row with id 404/);
    expect(() => engine.tables.insert('cliente', { data_nascimento: 'ontem' })).toThrow(
      /Data inválida/,
    );
  });

  it('reset() replaces the data', async () => {
    engine.reset({ cliente: [{ id: '1', razao: 'Só eu' }] });
    expect((await listar(engine, 'cliente')).total).toBe('1');
    expect(engine.tables.count('cliente_contrato')).toBe(0);
    engine.reset();
    expect(engine.tables.count('cliente')).toBe(15);
  });
});
