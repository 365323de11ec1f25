import { beforeEach, describe, expect, it } from 'vitest';
import { createIxcEngine, IXC_HTML_ERROR, type IxcEngine } from '../../src/testing/index.js';
import { call, write } from './helpers.js';

// 2026-03-02 15:00:00 UTC is 12:00:00 in Brasília.
let clock = Date.UTC(2026, 2, 2, 15, 0, 0);
let engine: IxcEngine;

beforeEach(() => {
  clock = Date.UTC(2026, 2, 2, 15, 0, 0);
  engine = createIxcEngine({ now: () => new Date(clock) });
});

/** The Campsoft insert template of the collection, plus the SVA line. */
const campsoftConta = {
  id_contrato: '1',
  id_integracao: '1',
  id_produto_contrato: '',
  usar_email: 'S',
  user: 'maria.aparecida@exemplo.com.br',
  senha: 'segredo',
  status_integracao: 'A',
  user_id: '',
  subscription_id: '',
};

/** An SVA line for contract 1 (Deezer, product 3), as the collection's template writes it. */
const linhaSva = {
  tipo: 'SVA',
  id_plano: '0',
  id_produto: '3',
  descricao: 'Deezer Premium',
  qtde: '1',
  valor_unit: '39.90',
  id_vd_contrato: '0',
  id_contrato: '1',
  obs: '',
  valor_ate_vencimento: '',
  id_tipo_documento: '',
  id_contrato_produto_plano: '',
  descricao_plano_valor_1: '',
  descricao_plano_valor_2: '',
  fixar_ip: '0',
  tipo_desconto: '',
  desconto_percentual: '',
  repetir: '',
  qtde_repeticoes_desconto_produto: '',
  valor_desconto_produto: '',
  ultima_atualizacao: '',
};

const error = (message: string) => ({ type: 'error', message });

describe('vd_contratos_produtos inserts', () => {
  it('takes the collection template: id as a string, money with 9 decimals, stamps set', async () => {
    const answer = await write(engine, 'POST', 'vd_contratos_produtos', linhaSva);
    expect(answer).toEqual({
      type: 'success',
      message: 'Registro inserido com sucesso!',
      id: '28',
    });
    expect(engine.tables.get('vd_contratos_produtos', 28)).toMatchObject({
      tipo: 'SVA',
      id_contrato: '1',
      valor_unit: '39.900000000',
      valor_ate_vencimento: '0.00',
      ultima_atualizacao: '2026-03-02 12:00:00',
    });
  });

  it('requires every field of the collection list, an allowed tipo and existing rows', async () => {
    for (const field of ['tipo', 'id_plano', 'qtde', 'valor_unit', 'id_contrato', 'fixar_ip']) {
      expect(
        await write(engine, 'POST', 'vd_contratos_produtos', { ...linhaSva, [field]: '' }),
      ).toEqual(error(`O campo ${field} é obrigatório!`));
    }
    expect(
      await write(engine, 'POST', 'vd_contratos_produtos', { ...linhaSva, tipo: 'X' }),
    ).toEqual(
      error('Valor "X" inválido para o campo tipo! Valores aceitos: I, T, S, SVA, TV, SMP.'),
    );
    expect(
      (await write(engine, 'POST', 'vd_contratos_produtos', { ...linhaSva, id_contrato: '999' }))
        .message,
    ).toBe('Registro 999 não encontrado em cliente_contrato (campo id_contrato)!');
    expect(
      (await write(engine, 'POST', 'vd_contratos_produtos', { ...linhaSva, id_produto: '999' }))
        .type,
    ).toBe('error');
    expect(engine.tables.count('vd_contratos_produtos')).toBe(27);
  });
});

describe('cliente_contrato_servicos inserts', () => {
  const adicional = {
    tipo: 'SVA',
    id_produto: '3',
    descricao: 'Deezer',
    id_unidade: '1',
    quantidade: '1',
    valor_unitario: '9.90',
    valor_total: '9.90',
    repetir: 'S',
    data: '01/03/2026',
    status: 'A',
    status_nf21: 'A',
    id_contrato: '1',
    tipo_acres_desc: 'A',
  };

  it('stores an add-on and keeps its ultima_atualizacao still on later edits', async () => {
    const { id } = await write(engine, 'POST', 'cliente_contrato_servicos', adicional);
    expect(engine.tables.get('cliente_contrato_servicos', String(id))).toMatchObject({
      data: '2026-03-01',
      ultima_atualizacao: '2026-03-02 12:00:00',
    });
    clock += 3_600_000;
    const row = engine.tables.get('cliente_contrato_servicos', String(id));
    await write(
      engine,
      'PUT',
      'cliente_contrato_servicos',
      { ...row, valor_total: '19.80' },
      String(id),
    );
    expect(engine.tables.get('cliente_contrato_servicos', String(id))).toMatchObject({
      valor_total: '19.80',
      ultima_atualizacao: '2026-03-02 12:00:00',
    });
  });

  it('requires the collection fields, A/D in tipo_acres_desc and V/S in repetir', async () => {
    expect(
      await write(engine, 'POST', 'cliente_contrato_servicos', { ...adicional, data: '' }),
    ).toEqual(error('O campo data é obrigatório!'));
    expect(
      (await write(engine, 'POST', 'cliente_contrato_servicos', { ...adicional, repetir: 'N' }))
        .message,
    ).toContain('repetir');
    expect(
      (
        await write(engine, 'POST', 'cliente_contrato_servicos', {
          ...adicional,
          tipo_acres_desc: 'X',
        })
      ).message,
    ).toContain('tipo_acres_desc');
    // A discount leaves tipo empty, as the "Descontos Adicionais" template does.
    const desconto = { ...adicional, tipo: '', tipo_acres_desc: 'D', id_produto: '0' };
    expect((await write(engine, 'POST', 'cliente_contrato_servicos', desconto)).type).toBe(
      'success',
    );
  });
});

describe('sva_usuarios', () => {
  it('inserts the Campsoft template with the SVA line, and has no ultima_atualizacao', async () => {
    const linha = await write(engine, 'POST', 'vd_contratos_produtos', linhaSva);
    const answer = await write(engine, 'POST', 'sva_usuarios', {
      ...campsoftConta,
      id_produto_contrato: linha.id,
    });
    expect(answer).toEqual({
      type: 'success',
      message: 'Registro inserido com sucesso!',
      id: '12',
    });
    const conta = engine.tables.get('sva_usuarios', 12);
    expect(conta).toMatchObject({ status_integracao: 'A', criado_em: '2026-03-02 12:00:00' });
    expect(conta).not.toHaveProperty('ultima_atualizacao');
    expect(conta).not.toHaveProperty('id_cliente');
    expect(engine.tables.rows('ixc_logs').at(-1)).toMatchObject({
      tabela: 'sva_usuarios',
      tipo: 'inseriu',
      id_tabela: '12',
    });
  });

  it('refuses the bare Campsoft template (no line), unknown integrations and foreign lines', async () => {
    expect(await write(engine, 'POST', 'sva_usuarios', campsoftConta)).toEqual(
      error('O campo id_produto_contrato é obrigatório!'),
    );
    expect(
      await write(engine, 'POST', 'sva_usuarios', { ...campsoftConta, id_produto_contrato: '0' }),
    ).toEqual(error('O campo id_produto_contrato é obrigatório!'));
    expect(
      (
        await write(engine, 'POST', 'sva_usuarios', {
          ...campsoftConta,
          id_produto_contrato: '1',
          id_integracao: '9',
        })
      ).message,
    ).toBe('Registro 9 não encontrado em sva_configuracoes (campo id_integracao)!');
    // Line 3 belongs to plan 2, not to contract 1's plan 1.
    expect(
      await write(engine, 'POST', 'sva_usuarios', { ...campsoftConta, id_produto_contrato: '3' }),
    ).toEqual(error('O produto 3 não pertence ao contrato 1!'));
    expect(
      (
        await write(engine, 'POST', 'sva_usuarios', {
          ...campsoftConta,
          id_produto_contrato: '1',
          status_integracao: 'X',
        })
      ).message,
    ).toContain('status_integracao');
    // Plan 1's own line 1 is a line of contract 1's plan: accepted.
    expect(
      (await write(engine, 'POST', 'sva_usuarios', { ...campsoftConta, id_produto_contrato: '1' }))
        .type,
    ).toBe('success');
    expect(engine.tables.count('sva_usuarios')).toBe(12);
  });

  it('blocks, unblocks and deactivates by a full-record PUT; a partial PUT is an HTML error', async () => {
    const conta = engine.tables.get('sva_usuarios', 1);
    for (const status of ['B', 'A', 'D']) {
      expect(
        await write(engine, 'PUT', 'sva_usuarios', { ...conta, status_integracao: status }, 1),
      ).toEqual({ type: 'success', message: 'Registro atualizado com sucesso!', id: '1' });
      expect(engine.tables.get('sva_usuarios', 1)?.status_integracao).toBe(status);
    }
    const partial = await call(engine, 'sva_usuarios', {
      method: 'PUT',
      id: 1,
      listar: false,
      body: { status_integracao: 'A' },
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toBe(IXC_HTML_ERROR);
    expect(engine.tables.get('sva_usuarios', 1)?.status_integracao).toBe('D');
    const logs = engine.tables.find('ixc_logs', (r) => r.tabela === 'sva_usuarios');
    expect(logs.slice(-3).map((r) => r.campos)).toEqual([
      'status_integracao',
      'status_integracao',
      'status_integracao',
    ]);
  });

  it('edits an account whose line was removed (the line reference is not re-checked)', async () => {
    const conta = engine.tables.get('sva_usuarios', 5);
    // Line 26 is contract 9's own line: deleting it first is what ISPs' cancel procedure does.
    expect((await write(engine, 'DELETE', 'vd_contratos_produtos', undefined, 26)).type).toBe(
      'success',
    );
    expect(
      (await write(engine, 'PUT', 'sva_usuarios', { ...conta, status_integracao: 'D' }, 5)).type,
    ).toBe('success');
  });

  it('deletes only deactivated accounts by default; the option allows or refuses all', async () => {
    expect(await write(engine, 'DELETE', 'sva_usuarios', undefined, 1)).toEqual(
      error('Só é possível excluir logins SVA desativados (status D)!'),
    );
    expect((await write(engine, 'DELETE', 'sva_usuarios', undefined, 7)).type).toBe('success');
    const permissive = createIxcEngine({ svaUsuariosDelete: 'allow' });
    expect((await write(permissive, 'DELETE', 'sva_usuarios', undefined, 1)).type).toBe('success');
    const strict = createIxcEngine({ svaUsuariosDelete: 'refuse' });
    expect(await write(strict, 'DELETE', 'sva_usuarios', undefined, 7)).toEqual(
      error('A integração SVA não permite a exclusão de logins!'),
    );
  });
});

describe('PUT is a whole-record write', () => {
  it('answers the generic HTML error for a partial body and changes nothing', async () => {
    const before = engine.tables.count('ixc_logs');
    const res = await call(engine, 'cliente_contrato', {
      method: 'PUT',
      id: 1,
      listar: false,
      body: { status_internet: 'CM' },
    });
    expect(res.body).toBe(IXC_HTML_ERROR);
    expect(engine.tables.get('cliente_contrato', 1)?.status_internet).toBe('A');
    expect(engine.tables.count('ixc_logs')).toBe(before);
  });

  it('drops server-maintained columns silently', async () => {
    const contrato = engine.tables.get('cliente_contrato', 1);
    await write(
      engine,
      'PUT',
      'cliente_contrato',
      { ...contrato, dt_ult_bloq_manual: '2000-01-01 00:00:00', data_cadastro_sistema: '' },
      1,
    );
    expect(engine.tables.get('cliente_contrato', 1)).toMatchObject({
      dt_ult_bloq_manual: contrato?.dt_ult_bloq_manual,
      data_cadastro_sistema: contrato?.data_cadastro_sistema,
    });
  });
});

describe('ultima_atualizacao', () => {
  const put = async (
    table: 'cliente' | 'cliente_contrato' | 'vd_contratos' | 'vd_contratos_produtos',
    id: number,
    change: Record<string, string>,
  ) => {
    const row = engine.tables.get(table, id);
    return write(engine, 'PUT', table, { ...row, ...change }, id);
  };

  it('moves on a real change of the four change-signal tables', async () => {
    clock += 5_000;
    await put('cliente', 1, { email: 'novo@exemplo.com.br' });
    await put('cliente_contrato', 1, { obs: 'x' });
    await put('vd_contratos', 1, { descricao: 'y' });
    await put('vd_contratos_produtos', 1, { obs: 'z' });
    for (const table of [
      'cliente',
      'cliente_contrato',
      'vd_contratos',
      'vd_contratos_produtos',
    ] as const) {
      expect(engine.tables.get(table, 1)?.ultima_atualizacao).toBe('2026-03-02 12:00:05');
    }
  });

  it('does not move on a PUT that changes nothing, which is still logged', async () => {
    const before = engine.tables.get('cliente', 1)?.ultima_atualizacao;
    clock += 5_000;
    expect((await put('cliente', 1, {})).type).toBe('success');
    expect(engine.tables.get('cliente', 1)?.ultima_atualizacao).toBe(before);
    expect(engine.tables.rows('ixc_logs').at(-1)).toMatchObject({
      tabela: 'cliente',
      tipo: 'editou',
      campos: '',
    });
  });

  it('stays put when the engine option or a per-call switch says so', async () => {
    const before = engine.tables.get('cliente', 2)?.ultima_atualizacao;
    engine.tables.update('cliente', 2, { email: 'a@b.c' }, { keepUltimaAtualizacao: true });
    expect(engine.tables.get('cliente', 2)?.ultima_atualizacao).toBe(before);
    const frozen = createIxcEngine({
      now: () => new Date(clock),
      keepUltimaAtualizacao: (change) => change.table === 'cliente_contrato',
    });
    const contrato = frozen.tables.get('cliente_contrato', 1);
    await write(frozen, 'PUT', 'cliente_contrato', { ...contrato, obs: 'silencioso' }, 1);
    expect(frozen.tables.get('cliente_contrato', 1)).toMatchObject({
      obs: 'silencioso',
      ultima_atualizacao: contrato?.ultima_atualizacao,
    });
    frozen.tables.update('cliente', 1, { obs: 'visível' });
    expect(frozen.tables.get('cliente', 1)?.ultima_atualizacao).toBe('2026-03-02 12:00:00');
  });

  it('stays put for HTTP writes hit by a keepUltimaAtualizacao fault rule', async () => {
    engine.faults.add({ table: 'cliente', kind: 'update', keepUltimaAtualizacao: true });
    const before = engine.tables.get('cliente', 3)?.ultima_atualizacao;
    await put('cliente', 3, { obs: 'sem rastro' });
    expect(engine.tables.get('cliente', 3)).toMatchObject({
      obs: 'sem rastro',
      ultima_atualizacao: before,
    });
  });
});
