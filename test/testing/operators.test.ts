import { describe, expect, it } from 'vitest';
import { createIxcEngine, generateDataset, type IxcDataset } from '../../src/testing/index.js';
import { grid, ids, listar } from './helpers.js';

const dataset: IxcDataset = {
  cliente: [
    {
      id: '1',
      razao: 'Ana Souza',
      numero: '9',
      data_nascimento: '1990-05-10',
      ultima_atualizacao: '2024-01-01 10:00:00',
      cidade: '10',
      ativo: 'S',
    },
    {
      id: '2',
      razao: 'Bruno Lima',
      numero: '10',
      data_nascimento: '0000-00-00',
      ultima_atualizacao: '2024-06-15 08:30:00',
      cidade: '2',
      ativo: 'S',
    },
    {
      id: '3',
      razao: 'Álvaro Souza',
      numero: '100',
      data_nascimento: '1985-12-31',
      ultima_atualizacao: '2023-12-31 23:59:59',
      cidade: '10',
      ativo: 'N',
    },
    {
      id: '4',
      razao: 'carla 50% off',
      numero: 'S/N',
      data_nascimento: '2000-02-29',
      ultima_atualizacao: '0000-00-00 00:00:00',
      cidade: '3',
      ativo: 'S',
    },
    {
      id: '5',
      razao: 'Daniel_Costa',
      numero: '2',
      data_nascimento: '1990-05-10',
      ultima_atualizacao: '2024-06-15 08:30:00',
      cidade: '2',
      ativo: 'N',
    },
  ],
};
const engine = createIxcEngine({ dataset });

const where = (column: string, oper: string, query: string) =>
  ids(engine, 'cliente', { qtype: `cliente.${column}`, oper, query });
const whereGrid = (TB: string, OP: string, P: string, P2?: string) =>
  ids(engine, 'cliente', {
    grid_param: grid({ TB: `cliente.${TB}`, OP, P, ...(P2 === undefined ? {} : { P2 }) }),
  });

describe('operators', () => {
  it('= compares numbers numerically and text case- and accent-insensitively', async () => {
    expect(await where('cidade', '=', '10')).toEqual(['1', '3']);
    expect(await where('cidade', '=', '010')).toEqual(['1', '3']);
    expect(await where('razao', '=', 'alvaro souza')).toEqual(['3']);
    expect(await whereGrid('ativo', '=', 's')).toEqual(['1', '2', '4']);
  });

  it('!= negates =', async () => {
    expect(await where('ativo', '!=', 'S')).toEqual(['3', '5']);
    expect(await whereGrid('cidade', '!=', '10')).toEqual(['2', '4', '5']);
  });

  it('> < >= <= compare numbers as numbers, other text as text', async () => {
    // '10' > '9' numerically; 'S/N' against '9' is a text comparison ('s' > '9').
    expect(await where('numero', '>', '9')).toEqual(['2', '3', '4']);
    expect(await where('numero', '<', '10')).toEqual(['1', '5']);
    expect(await where('numero', '>=', '10')).toEqual(['2', '3', '4']);
    expect(await where('numero', '<=', '9')).toEqual(['1', '5']);
    expect(await where('id', '>', '3')).toEqual(['4', '5']);
    expect(await where('id', '<=', '2')).toEqual(['1', '2']);
  });

  it('compares dates in ISO and DD/MM/YYYY, with zero dates below any date', async () => {
    expect(await where('data_nascimento', '>=', '1990-05-10')).toEqual(['1', '4', '5']);
    expect(await where('data_nascimento', '>=', '10/05/1990')).toEqual(['1', '4', '5']);
    expect(await where('data_nascimento', '<', '01/01/1986')).toEqual(['2', '3']);
    expect(await where('ultima_atualizacao', '>', '2024-01-01 10:00:00')).toEqual(['2', '5']);
    expect(await where('ultima_atualizacao', '>=', '2024-01-01 10:00:00')).toEqual(['1', '2', '5']);
    expect(await where('ultima_atualizacao', '>=', '01/01/2024 10:00:00')).toEqual(['1', '2', '5']);
    expect(await where('ultima_atualizacao', '>=', '2024-01-01')).toEqual(['1', '2', '5']);
  });

  it('L is "contains", case- and accent-insensitive, with SQL wildcards', async () => {
    expect(await where('razao', 'L', 'souza')).toEqual(['1', '3']);
    expect(await where('razao', 'L', 'ALVARO')).toEqual(['3']);
    expect(await where('razao', 'L', 'd%costa')).toEqual(['5']);
    expect(await whereGrid('razao', 'L', 'lim')).toEqual(['2']);
  });

  it('NL is "does not contain"', async () => {
    expect(await where('razao', 'NL', 'souza')).toEqual(['2', '4', '5']);
    expect(await whereGrid('razao', 'NL', 'a')).toEqual([]);
  });

  it('IN and NI take comma-separated lists', async () => {
    expect(await where('id', 'IN', '1,3,5')).toEqual(['1', '3', '5']);
    expect(await whereGrid('cidade', 'IN', '2, 3')).toEqual(['2', '4', '5']);
    expect(await whereGrid('id', 'IN', '5,1,999')).toEqual(['1', '5']);
    expect(await where('cidade', 'NI', '10,2')).toEqual(['4']);
    expect(await whereGrid('razao', 'IN', 'ana souza,BRUNO LIMA')).toEqual(['1', '2']);
  });

  it('BE and NBE take P and P2 (inclusive)', async () => {
    expect(await whereGrid('numero', 'BE', '2', '10')).toEqual(['1', '2', '5']);
    expect(await whereGrid('numero', 'NBE', '2', '10')).toEqual(['3', '4']);
    expect(await whereGrid('data_nascimento', 'BE', '1985-01-01', '31/12/1990')).toEqual([
      '1',
      '3',
      '5',
    ]);
    expect(await whereGrid('id', 'BE', '2', '4')).toEqual(['2', '3', '4']);
  });

  it('ANDs the main filter with every grid_param item', async () => {
    expect(
      await ids(engine, 'cliente', {
        qtype: 'cliente.ativo',
        query: 'S',
        oper: '=',
        grid_param: grid({ TB: 'cliente.cidade', OP: '=', P: '10' }),
      }),
    ).toEqual(['1']);
    expect(
      await ids(engine, 'cliente', {
        grid_param: grid(
          { TB: 'cliente.id', OP: '>', P: '1' },
          { TB: 'cliente.cidade', OP: 'IN', P: '2,10' },
          { TB: 'cliente.ativo', OP: '=', P: 'N' },
        ),
      }),
    ).toEqual(['3', '5']);
  });

  it('reads a bare table qtype or "=" with an empty query as "no main filter"', async () => {
    expect(await ids(engine, 'cliente', { qtype: 'cliente', query: '', oper: '=' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(await ids(engine, 'cliente', { qtype: 'cliente.id', query: '', oper: '=' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(
      await ids(engine, 'cliente', {
        qtype: 'cliente',
        query: '',
        grid_param: grid({ TB: 'cliente.ativo', P: 'N' }),
      }),
    ).toEqual(['3', '5']);
  });
});

describe('sorting and paging', () => {
  const sorted = (sortname: string, sortorder = 'asc') =>
    ids(engine, 'cliente', { sortname: `cliente.${sortname}`, sortorder });

  it('sorts by id by default, and by id desc on request', async () => {
    expect(await ids(engine, 'cliente')).toEqual(['1', '2', '3', '4', '5']);
    expect(await sorted('id', 'desc')).toEqual(['5', '4', '3', '2', '1']);
  });

  it('sorts numeric-aware, case- and accent-insensitively, ties in id order', async () => {
    expect(await sorted('numero')).toEqual(['5', '1', '2', '3', '4']);
    expect(await sorted('numero', 'desc')).toEqual(['4', '3', '2', '1', '5']);
    expect(await sorted('razao')).toEqual(['3', '1', '2', '4', '5']);
    expect(await sorted('ultima_atualizacao', 'desc')).toEqual(['2', '5', '1', '3', '4']);
    expect(await sorted('cidade', 'DESC')).toEqual(['1', '3', '4', '2', '5']);
  });

  it('pages with page/rp and reports the total of all matches', async () => {
    const page2 = await listar(engine, 'cliente', { page: '2', rp: '2' });
    expect(page2.page).toBe('2');
    expect(page2.total).toBe('5');
    expect(page2.registros?.map((r) => r.id)).toEqual(['3', '4']);
    const page3 = await listar(engine, 'cliente', {
      page: 3,
      rp: 2,
      sortname: 'cliente.id',
      sortorder: 'desc',
    });
    expect(page3.registros?.map((r) => r.id)).toEqual(['1']);
    const filtered = await listar(engine, 'cliente', {
      qtype: 'cliente.ativo',
      query: 'S',
      oper: '=',
      rp: 1,
      page: 2,
      sortname: 'cliente.razao',
    });
    expect(filtered.total).toBe('3');
    expect(filtered.registros?.map((r) => r.id)).toEqual(['2']);
  });
});

describe('indexed lookups on a generated dataset', () => {
  const big = createIxcEngine({ dataset: generateDataset({ seed: 7, clientes: 3000 }) });

  it('finds the same rows through FK indexes and id ranges as a naive scan', async () => {
    const clientes = ['5', '77', '1500', '2999'];
    const viaIndex = await ids(big, 'cliente_contrato', {
      grid_param: grid(
        { TB: 'cliente_contrato.id_cliente', OP: 'IN', P: clientes.join(',') },
        { TB: 'cliente_contrato.status', OP: '!=', P: 'I' },
      ),
    });
    const naive = big.tables
      .find('cliente_contrato', (r) => clientes.includes(r.id_cliente ?? '') && r.status !== 'I')
      .map((r) => r.id);
    expect(viaIndex).toEqual(naive);
    const range = await listar(big, 'cliente', {
      qtype: 'cliente.id',
      query: '2990',
      oper: '>',
      rp: 100,
    });
    expect(range.total).toBe('10');
    const lines = await ids(big, 'vd_contratos_produtos', {
      qtype: 'vd_contratos_produtos.id_vd_contrato',
      query: '3',
      oper: '=',
    });
    expect(lines).toEqual(['4', '5', '6', '7']);
  });

  it('sorts a large table by a text column and pages through it consistently', async () => {
    const page1 = await listar(big, 'cliente', { sortname: 'cliente.razao', rp: 50, page: 1 });
    const page2 = await listar(big, 'cliente', { sortname: 'cliente.razao', rp: 50, page: 2 });
    const all = big.tables.rows('cliente').map((r) => r.razao ?? '');
    const names = [...(page1.registros ?? []), ...(page2.registros ?? [])].map(
      (r) => r.razao ?? '',
    );
    const fold = (s: string) =>
      s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
    expect(names).toHaveLength(100);
    for (let i = 1; i < names.length; i++)
      expect(fold(names[i - 1] ?? '') <= fold(names[i] ?? '')).toBe(true);
    const smallest = all.map(fold).sort()[0];
    expect(fold(names[0] ?? '')).toBe(smallest);
  });

  it('keeps date-range answers right through writes (ordered index)', async () => {
    // 12:00 UTC is 09:00 on IXC's Brasília wall clock.
    let now = Date.UTC(2030, 0, 1, 12, 0, 0);
    const e = createIxcEngine({
      dataset: generateDataset({ seed: 9, clientes: 4000 }),
      now: () => new Date(now),
    });
    const watermark = '2025-01-01 00:00:00';
    const naive = (asc = true) =>
      e.tables
        .find('cliente', (r) => (r.ultima_atualizacao ?? '') >= watermark)
        .sort((a, b) =>
          (a.ultima_atualizacao ?? '') < (b.ultima_atualizacao ?? '')
            ? asc
              ? -1
              : 1
            : (a.ultima_atualizacao ?? '') > (b.ultima_atualizacao ?? '')
              ? asc
                ? 1
                : -1
              : Number(a.id) - Number(b.id),
        )
        .map((r) => r.id);
    const query = (sortorder = 'asc', extra: Record<string, unknown> = {}) =>
      ids(e, 'cliente', {
        qtype: 'cliente.ultima_atualizacao',
        query: watermark,
        oper: '>=',
        sortname: 'cliente.ultima_atualizacao',
        sortorder,
        rp: 5000,
        ...extra,
      });
    expect(await query()).toEqual(naive());
    e.tables.update('cliente', 10, { razao: 'Mudou' });
    now += 1000;
    e.tables.update('cliente', 3999, { razao: 'Mudou também' });
    e.tables.insert('cliente', { razao: 'Novo' });
    e.tables.remove('cliente', 20);
    e.tables.insert('cliente', { razao: 'Data estranha', ultima_atualizacao: '' });
    const after = await query();
    expect(after).toEqual(naive());
    expect(after.slice(-3)).toEqual(['10', '3999', '4001']);
    expect(await query('desc')).toEqual(naive(false));
    const window = await listar(e, 'cliente', {
      grid_param: grid({
        TB: 'cliente.ultima_atualizacao',
        OP: 'BE',
        P: '2030-01-01 09:00:00',
        P2: '01/01/2030 09:00:00',
      }),
    });
    expect(window.registros?.map((r) => r.id)).toEqual(['10']);
    const before = await ids(e, 'cliente', {
      qtype: 'cliente.ultima_atualizacao',
      query: '2017-01-01',
      oper: '<',
      rp: 10,
    });
    expect(before).toEqual(['4002']);
  });
});
