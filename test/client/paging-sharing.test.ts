import v8 from 'node:v8';
import vm from 'node:vm';
import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  IxcCampsoftClient,
  type IxcCampsoftClientOptions,
  isIxcAbortError,
} from '../../src/index.js';
import {
  BASE,
  list,
  type Recorded,
  requestsTo,
  route,
  TOKEN,
  useIxcMock,
} from '../helpers/ixc-mock.js';

useIxcMock();

function client(extra: Partial<IxcCampsoftClientOptions> = {}) {
  return new IxcCampsoftClient({
    baseUrl: BASE,
    token: TOKEN,
    retry: { baseDelay: 1, maxDelay: 2 },
    ...extra,
  });
}

/** A table of `n` plans that honours `id > x` (the walk), page and rp. */
function plans(
  n: number,
  rows = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    nome: `Plano ${i + 1}`,
    tipo: 'I',
    Ativo: 'S',
  })),
) {
  return (req: Recorded) => {
    const after = [{ TB: req.body.qtype, OP: req.body.oper, P: req.body.query }, ...req.grid].find(
      (g) => g.TB === 'vd_contratos.id' && g.OP === '>',
    );
    const matching = rows.filter((r) => !after || r.id > Number(after.P));
    const rp = Number(req.body.rp);
    const page = Number(req.body.page);
    return list(matching.slice((page - 1) * rp, page * rp), matching.length, page);
  };
}

describe('pages', () => {
  it('awaits to one page and iterates to every row, walking by id', async () => {
    route('vd_contratos', plans(25));
    const first = await client().listPlanos({ pageSize: 10 });
    expect(first.data.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.info).toEqual({
      page: 1,
      pageSize: 10,
      total: 25,
      totalPages: 3,
      hasNextPage: true,
    });

    const ids: number[] = [];
    for await (const plano of client().listPlanos({ pageSize: 10 })) ids.push(plano.id);
    expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const walk = requestsTo('vd_contratos').slice(1);
    expect(walk.map((r) => r.body.page)).toEqual(['1', '1', '1']);
    expect(walk.slice(1).map((r) => r.grid.find((g) => g.OP === '>')?.P ?? r.body.query)).toEqual([
      '10',
      '20',
    ]);
  });

  it('lets go of a page while the next one is read', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const rows = plans(30);
    let held: WeakRef<object> | undefined;
    let collected: boolean | undefined;
    route('vd_contratos', async (req) => {
      // The request for the third page: the second page's rows are the walk's to drop.
      if (held && collected === undefined && JSON.stringify(req.body).includes('"20"')) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        collected = held.deref() === undefined;
      }
      return rows(req);
    });
    let seen = 0;
    for await (const plano of client().listPlanos({ pageSize: 10 })) {
      if (plano.id === 11) held = new WeakRef(plano);
      seen++;
    }
    expect(seen).toBe(30);
    expect(collected).toBe(true);
  });

  it('reads a page by number and knows when it is the last', async () => {
    route('vd_contratos', plans(25));
    const third = await client().listPlanos({ pageSize: 10, page: 3 });
    expect(third.data.map((p) => p.id)).toEqual([21, 22, 23, 24, 25]);
    expect(third.hasNextPage()).toBe(false);
    await expect(third.getNextPage()).rejects.toThrow(/No next page/);
  });

  it('loses no row and repeats none when rows are inserted while walking', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({
      id: (i + 1) * 10,
      nome: `P${i}`,
      tipo: 'I',
      Ativo: 'S',
    }));
    route('vd_contratos', plans(0, rows));
    const seen: number[] = [];
    for await (const plano of client().listPlanos({ pageSize: 5 })) {
      seen.push(plano.id);
      // A row inserted before the cursor shifts offset pages; the id walk does not care.
      if (plano.id === 30) rows.unshift({ id: 5, nome: 'new', tipo: 'I', Ativo: 'S' });
    }
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10));
  });

  it('shares one request between concurrent getNextPage calls', async () => {
    route('vd_contratos', plans(20));
    const first = await client().listPlanos({ pageSize: 10 });
    const [a, b] = await Promise.all([first.getNextPage(), first.getNextPage()]);
    expect(a).toBe(b);
    expect(requestsTo('vd_contratos')).toHaveLength(2);
  });

  it('rejects a bad pageSize as a promise rejection', async () => {
    await expect(client().listPlanos({ pageSize: 501 })).rejects.toMatchObject({
      name: 'IxcInputError',
      source: 'input',
    });
    expect(requestsTo('vd_contratos')).toHaveLength(0);
  });
});

describe('sharing reads', () => {
  const cliente = { id: 7, razao: 'Maria' };

  it('100 concurrent getCliente(7) make one IXC request', async () => {
    route('cliente', async () => {
      await delay(20);
      return list([cliente]);
    });
    const c = client();
    const results = await Promise.all(Array.from({ length: 100 }, () => c.getCliente(7)));
    expect(results.every((r) => r.nome === 'Maria')).toBe(true);
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('one caller aborting does not fail the others sharing its request', async () => {
    route('cliente', async () => {
      await delay(50);
      return list([cliente]);
    });
    const c = client();
    const controller = new AbortController();
    const aborted = c.getCliente(7, { signal: controller.signal });
    const kept = c.getCliente(7);
    controller.abort();
    await expect(aborted).rejects.toSatisfy(isIxcAbortError);
    await expect(kept).resolves.toMatchObject({ id: 7 });
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('does not share when coalesce is false', async () => {
    route('cliente', () => list([cliente]));
    const c = client({ coalesce: false });
    await Promise.all([c.getCliente(7), c.getCliente(7)]);
    expect(requestsTo('cliente')).toHaveLength(2);
  });

  it('caches plans for the TTL when asked, and not by default', async () => {
    route('vd_contratos', plans(3));
    const cached = client({ cache: { ttl: 60_000 } });
    for (let i = 0; i < 100; i++) await cached.listPlanos();
    expect(requestsTo('vd_contratos')).toHaveLength(1);
    cached.clearCache();
    await cached.listPlanos();
    expect(requestsTo('vd_contratos')).toHaveLength(2);

    const plain = client();
    await plain.listPlanos();
    await plain.listPlanos();
    expect(requestsTo('vd_contratos')).toHaveLength(4);
  });

  it('expires cached reads after the TTL', async () => {
    route('vd_contratos', plans(3));
    const c = client({ cache: { ttl: 30 } });
    await c.listPlanos();
    await delay(60);
    await c.listPlanos();
    expect(requestsTo('vd_contratos')).toHaveLength(2);
  });

  it('does not cache errors', async () => {
    route('vd_contratos', [() => HttpResponse.json({ type: 'error', message: 'x' }), plans(1)]);
    const c = client({ cache: { ttl: 60_000 } });
    await expect(c.listPlanos()).rejects.toMatchObject({ name: 'IxcApiError' });
    await expect(c.listPlanos()).resolves.toMatchObject({ total: 1 });
  });
});

/** A row as wide as IXC's `cliente` (150 columns), credentials among them in several spellings. */
function wide(id: number): Record<string, string> {
  const row: Record<string, string> = { id: String(id), Senha: 'p1', hotsite_TOKEN: 't1' };
  for (let i = 0; i < 146; i++) row[`coluna_${i}`] = `valor ${id} ${i}`;
  row.senha_md5 = 'p2';
  return row;
}

function withoutSecrets(row: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !/senha|token/i.test(k)));
}

describe('query()', () => {
  it('drops password and token columns unless includeSecrets is set', async () => {
    route('usuarios', () =>
      list([{ id: 3, nome: 'api', senha: 'x1', acesso_token: 'abc', email: 'a@b' }]),
    );
    const [row] = (await client().query('usuarios')).data;
    expect(row).toEqual({ id: '3', nome: 'api', email: 'a@b' });
    const [raw] = (await client().query('usuarios', [], { includeSecrets: true })).data;
    expect(raw).toMatchObject({ senha: 'x1', acesso_token: 'abc' });
  });

  it('a shared read keeps its secrets for the caller that asked for them', async () => {
    route('usuarios', async () => {
      await delay(20);
      return list([{ id: '3', nome: 'api', senha: 'x1', email: 'a@b' }]);
    });
    const c = client();
    const [plain, kept] = await Promise.all([
      c.query('usuarios'),
      c.query('usuarios', [], { includeSecrets: true }),
    ]);
    expect(requestsTo('usuarios')).toHaveLength(1);
    expect(plain.data[0]).toEqual({ id: '3', nome: 'api', email: 'a@b' });
    expect(kept.data[0]).toEqual({ id: '3', nome: 'api', senha: 'x1', email: 'a@b' });
  });

  it('a cached read is not stripped by the caller that did not ask for secrets', async () => {
    route('usuarios', () => list([{ id: '3', nome: 'api', senha: 'x1', email: 'a@b' }]));
    const c = client({ cache: { ttl: 60_000, tables: ['usuarios'] } });
    expect((await c.query('usuarios')).data[0]).toEqual({ id: '3', nome: 'api', email: 'a@b' });
    const [kept] = (await c.query('usuarios', [], { includeSecrets: true })).data;
    expect(requestsTo('usuarios')).toHaveLength(1);
    expect(kept).toEqual({ id: '3', nome: 'api', senha: 'x1', email: 'a@b' });
  });

  it('drops credential columns from rows as wide as cliente, in any case or escape', async () => {
    // PHP escapes as it likes: a name spelt with `\u` escapes is still that name.
    const text = JSON.stringify({ page: '1', total: '2', registros: [wide(1), wide(2)] })
      .replaceAll('"senha_md5"', '"s\\u0065nha_md5"')
      .replace('"valor 2 7"', '"senha: x"');
    route('cliente', () => new HttpResponse(text));
    const page = await client().query('cliente');
    const second = { ...withoutSecrets(wide(2)), coluna_7: 'senha: x' };
    expect(page.data).toEqual([withoutSecrets(wide(1)), second]);
    expect(Object.keys(page.data[0]!)).toHaveLength(147);
  });

  it('keeps a value that reads like a credential member', async () => {
    const text = JSON.stringify({ page: '1', total: '1', registros: [wide(1)] }).replace(
      '"valor 1 7"',
      '"obs \\"senha\\":\\"x\\""',
    );
    route('cliente', () => new HttpResponse(text));
    const [got] = (await client().query('cliente')).data;
    expect(got).toEqual({ ...withoutSecrets(wide(1)), coluna_7: 'obs "senha":"x"' });
  });

  it('reads a number or null in a wide row as a string, as in a narrow one', async () => {
    const row: Record<string, unknown> = { ...wide(5), valor: 12.5, obs: null };
    route(
      'cliente',
      () => new HttpResponse(JSON.stringify({ page: '1', total: 1, registros: [row] })),
    );
    const [got] = (await client().query('cliente')).data;
    expect(got).toMatchObject({ valor: '12.5', obs: '' });
    expect(got).not.toHaveProperty('Senha');
  });

  it('reads indented JSON the same as compact', async () => {
    const rows = [{ ...wide(8), valor: 3 }];
    route(
      'cliente',
      () => new HttpResponse(JSON.stringify({ page: '1', total: '1', registros: rows }, null, 2)),
    );
    const [got] = (await client().query('cliente')).data;
    expect(got).toEqual({ ...withoutSecrets(wide(8)), valor: '3' });
  });

  it('walks pages of wide rows without their secrets, row by row', async () => {
    route('cliente', (req) => {
      const after = req.body.oper === '>' ? Number(req.body.query) : 0;
      const ids = [1, 2, 3, 4, 5].filter((id) => id > after).slice(0, 2);
      return list(ids.map(wide), [1, 2, 3, 4, 5].filter((id) => id > after).length);
    });
    const seen: Record<string, string>[] = [];
    for await (const row of client().query('cliente', [], { pageSize: 2 })) seen.push(row);
    expect(seen).toEqual([1, 2, 3, 4, 5].map((id) => withoutSecrets(wide(id))));
    expect(requestsTo('cliente')).toHaveLength(3);
  });

  it('an unshared read loses its secrets as well', async () => {
    route('usuarios', () => list([{ id: '3', nome: 'api', senha_md5: 'x1', token: 't' }]));
    const [row] = (await client({ coalesce: false }).query('usuarios')).data;
    expect(row).toEqual({ id: '3', nome: 'api' });
  });
});
