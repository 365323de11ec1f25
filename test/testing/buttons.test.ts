import { beforeEach, describe, expect, it } from 'vitest';
import { createIxcEngine, type IxcEngine } from '../../src/testing/index.js';
import { call } from './helpers.js';

let engine: IxcEngine;

beforeEach(() => {
  engine = createIxcEngine();
  // 2026-12-01 15:00 UTC = 12:00 in Brasília.
  engine.clock.set('2026-12-01T15:00:00Z');
});

/** Presses a button over the protocol core (POST, no ixcsoft header) and parses the JSON. */
async function press(name: string, body: Record<string, unknown>, listar = false) {
  const res = await call(engine, name, { body, listar });
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as Record<string, string>;
}

const contrato = (id: number) => engine.tables.get('cliente_contrato', id);
const historico = (id: number) =>
  engine.tables.find('cliente_contrato_historico', (r) => r.id_contrato === String(id));
const logs = (id: number) =>
  engine.tables.find(
    'ixc_logs',
    (r) => r.tabela === 'cliente_contrato' && r.id_tabela === String(id),
  );

describe('contract status buttons over HTTP', () => {
  it('cliente_contrato_15300 blocks manually: CM, dt_ult_bloq_manual, stamps, log, history', async () => {
    expect(await press('cliente_contrato_15300', { id_contrato: '1' })).toEqual({
      type: 'success',
      message: 'Contrato bloqueado com sucesso!',
    });
    expect(contrato(1)).toMatchObject({
      status_internet: 'CM',
      dt_ult_bloq_manual: '2026-12-01',
      ultima_atualizacao: '2026-12-01 12:00:00',
    });
    expect(logs(1).at(-1)).toMatchObject({
      executou: 'api',
      tipo: 'editou',
      operador: '1',
      campos: 'status_internet, dt_ult_bloq_manual',
    });
    expect(historico(1).at(-1)).toMatchObject({
      tipo: 'bloqueio_manual',
      data: '2026-12-01 12:00:00',
      id_cliente: '1',
    });
    expect(engine.requests.at(-1)).toMatchObject({ kind: 'button', committed: true });
  });

  it('cliente_contrato_15464 releases, 15463 marks FA, 23529 marks AA', async () => {
    expect((await press('cliente_contrato_15464', { id_contrato: '9' })).type).toBe('success');
    expect(contrato(9)?.status_internet).toBe('A');
    expect((await press('cliente_contrato_15463', { id_contrato: '9' })).type).toBe('success');
    expect(contrato(9)).toMatchObject({ status_internet: 'FA', dt_ult_finan_atraso: '2026-12-01' });
    expect((await press('cliente_contrato_23529', { id_contrato: '9' })).type).toBe('success');
    expect(contrato(9)?.status_internet).toBe('AA');
  });

  it('cliente_contrato_ativar_cliente activates a pré-contrato', async () => {
    expect(await press('cliente_contrato_ativar_cliente', { id_contrato: '4' })).toEqual({
      type: 'success',
      message: 'Contrato ativado com sucesso!',
    });
    expect(contrato(4)).toMatchObject({
      status: 'A',
      status_internet: 'A',
      data_ativacao: '2026-12-01',
      dt_ult_ativacao: '2026-12-01',
    });
    expect(await press('cliente_contrato_ativar_cliente', { id_contrato: '4' })).toEqual({
      type: 'error',
      message: 'Contrato já está ativado!',
    });
  });

  it('answers IXC errors for unknown or unsuitable contracts and writes nothing', async () => {
    const before = engine.tables.count('ixc_logs');
    for (const name of [
      'cliente_contrato_15300',
      'cliente_contrato_15464',
      'cliente_contrato_15463',
      'cliente_contrato_23529',
      'cliente_contrato_ativar_cliente',
    ]) {
      expect(await press(name, { id_contrato: '999' })).toEqual({
        type: 'error',
        message: 'Contrato não encontrado!',
      });
    }
    expect(await press('cliente_contrato_15300', { id_contrato: '11' })).toEqual({
      type: 'error',
      message: 'Ação permitida apenas para contratos ativos!',
    });
    expect(engine.tables.count('ixc_logs')).toBe(before);
    expect(engine.requests.at(-1)?.committed).toBe(false);
  });

  it('a button pressed twice changes the row once: ultima_atualizacao moves only on a change', async () => {
    await press('cliente_contrato_15300', { id_contrato: '1' });
    const first = contrato(1)?.ultima_atualizacao;
    engine.clock.set('2026-12-01T15:00:30Z');
    await press('cliente_contrato_15300', { id_contrato: '1' });
    expect(contrato(1)?.ultima_atualizacao).toBe(first);
  });

  it('accepts form bodies and the ixcsoft: listar header as integrators send them', async () => {
    const res = await call(engine, 'cliente_contrato_15300', {
      body: { id_contrato: '2' },
      form: true,
    });
    expect(JSON.parse(res.body).type).toBe('success');
    expect(contrato(2)?.status_internet).toBe('CM');
  });
});

describe('desbloqueio_confianca', () => {
  it('releases a blocked contract for 3 days with Portuguese keys', async () => {
    expect(await press('desbloqueio_confianca', { id: '3' })).toEqual({
      tipo: 'sucesso',
      codigo: '200',
      dias: '3',
      mensagem:
        'O contrato foi desbloqueado com sucesso por 3 dias. Caso não regularize a situação financeira até 04/12/2026, o contrato será bloqueado novamente.',
    });
    expect(contrato(3)).toMatchObject({
      status_internet: 'A',
      dt_ult_des_bloq_conf: '2026-12-01',
      desbloqueio_confianca_ativo: 'S',
      nao_bloquear_ate: '2026-12-04',
    });
  });

  it('answers codes 106, 107, 109 and 113', async () => {
    expect(await press('desbloqueio_confianca', { id: '999' })).toEqual({
      tipo: 'erro',
      codigo: '106',
      mensagem: 'ID de contrato inexistente na base de dados.',
    });
    expect((await press('desbloqueio_confianca', { id: '1' })).codigo).toBe('107');
    expect((await press('desbloqueio_confianca', { id: '11' })).codigo).toBe('109');
    await press('desbloqueio_confianca', { id: '3' });
    await press('cliente_contrato_15463', { id_contrato: '3' });
    expect(await press('desbloqueio_confianca', { id: '3' })).toEqual({
      tipo: 'erro',
      codigo: '113',
      mensagem:
        'Não é possível realizar o desbloqueio de confiança, pois este recurso foi usado no dia 01/12/2026 e não foi realizado o pagamento até 04/12/2026.',
    });
  });
});

describe('cliente_contrato_btn_lib_temp_24722', () => {
  it('releases temporarily with {get_id} and with {id}', async () => {
    expect(await press('cliente_contrato_btn_lib_temp_24722', { get_id: '3' })).toEqual({
      type: 'success',
      message: 'O contrato foi desbloqueado com sucesso por 3 dias.',
      get_id: '3',
    });
    expect(contrato(3)).toMatchObject({ status_internet: 'A', nao_bloquear_ate: '2026-12-04' });
    await press('cliente_contrato_15300', { id_contrato: '16' });
    expect((await press('cliente_contrato_btn_lib_temp_24722', { id: 16 })).type).toBe('success');
    expect(contrato(16)?.status_internet).toBe('A');
  });

  it('answers success even for an id that does not exist, as IXC does, and writes nothing', async () => {
    const before = engine.tables.count('ixc_logs');
    expect((await press('cliente_contrato_btn_lib_temp_24722', { get_id: '-1' })).type).toBe(
      'success',
    );
    expect(engine.tables.count('ixc_logs')).toBe(before);
  });
});

describe('desativar_cancelar_financeiro_nao_vencido', () => {
  it('cancels the contract and its invoices not yet due, keeping overdue ones open', async () => {
    const body = {
      id_contrato: '16',
      data_cancelamento: '01/12/2026',
      motivo_cancelamento: '2',
      obs_cancelamento: 'Mudou de cidade',
    };
    expect(await press('desativar_cancelar_financeiro_nao_vencido', body)).toEqual({
      type: 'success',
      message: 'Contrato cancelado com sucesso!',
    });
    expect(contrato(16)).toMatchObject({
      status: 'I',
      status_internet: 'D',
      data_cancelamento: '2026-12-01',
      motivo_cancelamento: '2',
      obs_cancelamento: 'Mudou de cidade',
    });
    const invoices = engine.tables.find('fn_areceber', (r) => r.id_contrato === '16');
    expect(invoices.map((r) => [r.data_vencimento, r.status])).toEqual([
      ['2026-09-10', 'R'],
      ['2026-10-10', 'A'],
      ['2026-11-10', 'A'],
      ['2026-12-10', 'C'],
    ]);
    expect(await press('desativar_cancelar_financeiro_nao_vencido', body)).toEqual({
      type: 'error',
      message: 'O contrato já está cancelado!',
    });
  });

  it('requires a reason and a valid date', async () => {
    expect(
      (await press('desativar_cancelar_financeiro_nao_vencido', { id_contrato: '1' })).message,
    ).toBe('Informe o motivo do cancelamento!');
    expect(
      (
        await press('desativar_cancelar_financeiro_nao_vencido', {
          id_contrato: '1',
          motivo_cancelamento: '1',
          data_cancelamento: '32/13/2026',
        })
      ).message,
    ).toBe('Data de cancelamento inválida!');
    expect(contrato(1)?.status).toBe('A');
  });
});

describe('negativar_bloquear', () => {
  it('sets status N and blocks access', async () => {
    expect((await press('negativar_bloquear', { id: '2', id_cliente: '2' })).type).toBe('success');
    expect(contrato(2)).toMatchObject({
      status: 'N',
      status_internet: 'CM',
      data_negativacao: '2026-12-01',
      dt_utl_negativacao: '2026-12-01',
    });
  });

  it('refuses a contract of another customer', async () => {
    expect(await press('negativar_bloquear', { id: '2', id_cliente: '3' })).toEqual({
      type: 'error',
      message: 'O contrato não pertence ao cliente informado!',
    });
  });
});

describe('radusuarios_25452', () => {
  it('clears the login MAC with {get_id} or {id}', async () => {
    expect(engine.tables.get('radusuarios', 1)?.mac).not.toBe('');
    expect(await press('radusuarios_25452', { get_id: '1' })).toEqual({
      type: 'success',
      message:
        'MAC removido com sucesso para o(s) usuário(s) com ID: 1<br />Ação executada com sucesso',
      get_id: '1',
    });
    expect(engine.tables.get('radusuarios', 1)).toMatchObject({
      mac: '',
      ultima_atualizacao: '2026-12-01 12:00:00',
    });
    expect((await press('radusuarios_25452', { id: 2 })).type).toBe('success');
    expect(engine.tables.get('radusuarios', 2)?.mac).toBe('');
    expect(await press('radusuarios_25452', { get_id: '999' })).toEqual({
      type: 'error',
      message: 'Login não encontrado!',
    });
  });
});

describe('engine.buttons', () => {
  it('presses buttons without HTTP, as an operator (executou usuario)', () => {
    expect(engine.buttons.bloquearManual(1)).toEqual({
      type: 'success',
      message: 'Contrato bloqueado com sucesso!',
    });
    expect(logs(1).at(-1)).toMatchObject({ executou: 'usuario', operador: '1' });
    engine.buttons.liberarManual(1, { executou: 'api' });
    expect(logs(1).at(-1)).toMatchObject({ executou: 'api' });
    expect(engine.buttons.financeiroEmAtraso(1).type).toBe('success');
    expect(engine.buttons.aguardandoAssinatura(1).type).toBe('success');
    expect(engine.buttons.ativar(18).type).toBe('success');
    expect(engine.buttons.desbloqueioConfianca(3).tipo).toBe('sucesso');
    expect(engine.buttons.liberarTemporariamente(16).type).toBe('success');
    expect(engine.buttons.negativarBloquear(20).type).toBe('success');
    expect(engine.buttons.cancelar(21, { motivo: 2, obs: 'teste' }).type).toBe('success');
    expect(engine.buttons.removerMac(3).type).toBe('success');
    expect(engine.buttons.press('cliente_contrato_15300', { id_contrato: 5 }).type).toBe('success');
    expect(contrato(5)?.status_internet).toBe('CM');
    expect(contrato(21)?.status).toBe('I');
  });

  it('can leave ultima_atualizacao alone (per call or engine-wide)', () => {
    const before = contrato(1)?.ultima_atualizacao;
    engine.buttons.bloquearManual(1, { keepUltimaAtualizacao: true });
    expect(contrato(1)).toMatchObject({ status_internet: 'CM', ultima_atualizacao: before });
    const frozen = createIxcEngine({ keepUltimaAtualizacao: true });
    const stamp = frozen.tables.get('cliente_contrato', 2)?.ultima_atualizacao;
    frozen.buttons.bloquearManual(2);
    expect(frozen.tables.get('cliente_contrato', 2)?.ultima_atualizacao).toBe(stamp);
  });

  it('receber pays an invoice once', () => {
    expect(engine.buttons.receber(4)).toEqual({
      type: 'success',
      message: 'Recebimento efetuado com sucesso!',
      id: '4',
    });
    expect(engine.tables.get('fn_areceber', 4)).toMatchObject({
      status: 'R',
      valor_aberto: '0.00',
      pagamento_data: '2026-12-01',
    });
    expect(engine.buttons.receber(4).message).toBe('Parcela já está recebida ou cancelada!<br />');
  });
});
