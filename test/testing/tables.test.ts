import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient } from '../../src/index.js';
import {
  CAMPSOFT_INTEGRATION_ID,
  createIxcEngine,
  type IxcSimulator,
  startIxcSimulator,
} from '../../src/testing/index.js';
import { grid, listar, write } from './helpers.js';

let sim: IxcSimulator;
beforeAll(async () => {
  sim = await startIxcSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('fn_areceber', () => {
  it("answers the README's query() example as written", async () => {
    const ixc = new IxcCampsoftClient({ baseUrl: sim.url, token: sim.token });
    const page = await ixc.query('fn_areceber', [
      { column: 'id_cliente', value: 7 },
      { column: 'status', op: 'IN', value: ['A', 'R'] },
      { column: 'data_vencimento', op: 'BE', value: '2026-01-01', to: '2026-12-31' },
    ]);
    expect(page.total).toBe(12);
    expect(page.data[0]?.valor).toMatch(/^\d+\.\d{2}$/);
    expect(new Set(page.data.map((r) => r.status))).toEqual(new Set(['A', 'R']));
  });

  it('holds overdue invoices for the blocked contracts, with IXC value shapes', async () => {
    const engine = createIxcEngine();
    const overdue = await listar(engine, 'fn_areceber', {
      qtype: 'fn_areceber.status',
      query: 'A',
      oper: '=',
      grid_param: grid({ TB: 'fn_areceber.data_vencimento', OP: '<', P: '01/12/2026' }),
      rp: '100',
    });
    expect(new Set(overdue.registros?.map((r) => r.id_contrato))).toEqual(
      new Set(['3', '6', '16']),
    );
    expect(overdue.registros?.[0]).toMatchObject({
      status: 'A',
      valor: expect.stringMatching(/^\d+\.\d{2}$/),
      data_vencimento: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      linha_digitavel: expect.stringMatching(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/),
    });
  });

  it('inserts with DD/MM/YYYY dates read back ISO, defaults status A and valor_aberto', async () => {
    const engine = createIxcEngine();
    const answer = await write(engine, 'POST', 'fn_areceber', {
      id_cliente: '7',
      id_contrato: '8',
      data_vencimento: '10/01/2027',
      valor: '139.9',
    });
    expect(answer.type).toBe('success');
    expect(engine.tables.get('fn_areceber', String(answer.id))).toMatchObject({
      status: 'A',
      data_vencimento: '2027-01-10',
      valor: '139.90',
      valor_aberto: '139.90',
    });
    expect(
      (
        await write(engine, 'POST', 'fn_areceber', {
          id_cliente: '7',
          data_vencimento: '10/01/2027',
          valor: '1',
          status: 'X',
        })
      ).type,
    ).toBe('error');
    expect(
      await write(engine, 'POST', 'fn_areceber', {
        id_cliente: '404',
        data_vencimento: '10/01/2027',
        valor: '1',
      }),
    ).toEqual({
      type: 'error',
      message: 'Registro 404 não encontrado em cliente (campo id_cliente)!',
    });
  });

  it('keeps a contract with invoices from being deleted', async () => {
    const engine = createIxcEngine();
    engine.tables.remove('radusuarios', 1);
    for (const row of engine.tables.find('vd_contratos_produtos', (r) => r.id_contrato === '1'))
      engine.tables.remove('vd_contratos_produtos', row.id ?? '');
    const answer = await write(engine, 'DELETE', 'cliente_contrato', undefined, 1);
    expect(answer).toEqual({
      type: 'error',
      message: 'Não é possível excluir: existem registros vinculados em fn_areceber!',
    });
  });
});

describe('sva_configuracoes', () => {
  it('has the Campsoft integration with its secret columns, as IXC stores them', async () => {
    const engine = createIxcEngine();
    const env = await listar(engine, 'sva_configuracoes');
    expect(env.registros).toHaveLength(1);
    const row = env.registros?.[0];
    expect(row).toMatchObject({
      id: CAMPSOFT_INTEGRATION_ID,
      plataforma: 'Campsoft',
      ambiente: 'P',
      usuario_automatico: 'S',
    });
    for (const secret of ['senha', 'token', 'refresh_token', 'api_key', 'api_secret']) {
      expect(row?.[secret]).not.toBe('');
    }
    expect(
      (await write(engine, 'POST', 'sva_configuracoes', { plataforma: 'Skeelo', ambiente: 'X' }))
        .type,
    ).toBe('error');
  });
});

describe('cliente_contrato_historico', () => {
  it('takes inserts in the collection format and refuses unknown customers', async () => {
    const engine = createIxcEngine();
    const answer = await write(engine, 'POST', 'cliente_contrato_historico', {
      tipo: 'obs',
      data: '18/06/2024',
      historico: 'Cliente ligou',
      id_cliente: '7',
      id_contrato: '',
    });
    expect(answer.type).toBe('success');
    expect(engine.tables.get('cliente_contrato_historico', String(answer.id))).toMatchObject({
      data: '2024-06-18 00:00:00',
      id_contrato: '0',
    });
    expect(
      (
        await write(engine, 'POST', 'cliente_contrato_historico', {
          historico: 'x',
          id_cliente: '404',
        })
      ).type,
    ).toBe('error');
  });
});

describe('radusuarios', () => {
  it('has MACs on every login past the pré-contrato stage', () => {
    const engine = createIxcEngine();
    const logins = engine.tables.rows('radusuarios');
    const withMac = logins.filter((r) => /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(r.mac ?? ''));
    expect(withMac.length).toBe(logins.length - 2);
    expect(new Set(withMac.map((r) => r.mac)).size).toBe(withMac.length);
  });
});
