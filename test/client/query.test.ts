import { describe, expect, it } from 'vitest';
import { isIxcInputError } from '../../src/index.js';
import { buildQuery } from '../../src/ixc/query.js';

function grid(body: { grid_param: string }) {
  return JSON.parse(body.grid_param) as Array<Record<string, string>>;
}

describe('buildQuery', () => {
  it('puts the first filter in qtype/query/oper and the rest in grid_param, as a JSON string', () => {
    const body = buildQuery('cliente_contrato', {
      filters: [
        { column: 'id_cliente', value: 42 },
        { column: 'cliente_contrato.status', op: '!=', value: 'I' },
        { column: 'status_internet', op: 'IN', value: ['CA', 'CM'] },
      ],
      rp: 50,
      page: 2,
      sort: { column: 'id', order: 'desc' },
    });
    expect(body).toMatchObject({
      qtype: 'cliente_contrato.id_cliente',
      query: '42',
      oper: '=',
      page: '2',
      rp: '50',
      sortname: 'cliente_contrato.id',
      sortorder: 'desc',
    });
    expect(typeof body.grid_param).toBe('string');
    expect(grid(body)).toEqual([
      { TB: 'cliente_contrato.status', OP: '!=', P: 'I' },
      { TB: 'cliente_contrato.status_internet', OP: 'IN', P: 'CA,CM' },
    ]);
  });

  it('asks for every row with id >= 1 when there is no filter', () => {
    expect(buildQuery('vd_contratos', { rp: 10 })).toMatchObject({
      qtype: 'vd_contratos.id',
      query: '1',
      oper: '>=',
      grid_param: '[]',
    });
  });

  it('sends BE and NBE with their upper bound in grid_param only', () => {
    const body = buildQuery('cliente', {
      filters: [
        {
          column: 'ultima_atualizacao',
          op: 'BE',
          value: '2026-01-01 00:00:00',
          to: '2026-02-01 00:00:00',
        },
      ],
      rp: 10,
    });
    expect(body.qtype).toBe('cliente.id');
    expect(grid(body)).toEqual([
      {
        TB: 'cliente.ultima_atualizacao',
        OP: 'BE',
        P: '2026-01-01 00:00:00',
        P2: '2026-02-01 00:00:00',
      },
    ]);
  });

  it.each(['cliente.id;drop', 'razao OR 1=1', 'outra_tabela.id', 'a.b.c', '', '../x'])(
    'refuses the column %j',
    (column) => {
      expect(() => buildQuery('cliente', { filters: [{ column, value: 1 }], rp: 1 })).toThrow(
        /Invalid IXC column/,
      );
    },
  );

  it('keeps hostile values as data', () => {
    const value = '","TB":"cliente.senha","OP":"L","P":"';
    const body = buildQuery('cliente', {
      filters: [
        { column: 'razao', op: 'L', value },
        { column: 'email', op: 'L', value },
      ],
      rp: 1,
    });
    expect(body.query).toBe(value);
    expect(grid(body)).toEqual([{ TB: 'cliente.email', OP: 'L', P: value }]);
  });

  it('refuses commas inside IN items, unknown operators, BE without a bound and bad tables', () => {
    const attempts = [
      () => buildQuery('cliente', { filters: [{ column: 'id', op: 'IN', value: ['1,2'] }], rp: 1 }),
      () =>
        buildQuery('cliente', {
          filters: [{ column: 'id', op: 'LIKE' as never, value: 1 }],
          rp: 1,
        }),
      () => buildQuery('cliente', { filters: [{ column: 'id', op: 'BE', value: 1 }], rp: 1 }),
      () => buildQuery('cliente; DROP', { rp: 1 }),
      () => buildQuery('cliente', { filters: [{ column: 'id', op: 'IN', value: [] }], rp: 1 }),
      () => buildQuery('cliente', { filters: [{ column: 'id', value: Number.NaN }], rp: 1 }),
      () => buildQuery('cliente', { rp: 0 }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (e) {
        caught = e;
      }
      expect(isIxcInputError(caught)).toBe(true);
    }
  });
});
