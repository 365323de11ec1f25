/**
 * `findClientes` against the simulator: what an attendant types finds the customer, and
 * each search costs a fixed, small number of IXC requests in one round.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Cliente, isIxcInputError, MAX_FIND_REQUESTS } from '../../src/index.js';
import { countRounds, generateDataset } from '../../src/testing/index.js';
import { engineClient } from './support/engine-client.js';

const { engine, client } = engineClient();
beforeEach(() => engine.clearRequests());

const ids = (list: readonly Cliente[]) => list.map((c) => c.id);
const cliente = (id: number) => engine.tables.get('cliente', id)!;

describe('findClientes by CPF/CNPJ', () => {
  it('finds a customer by a CPF typed without punctuation, in 2 requests of one round', async () => {
    const raw = cliente(3);
    const page = await client.findClientes({ cpfCnpj: raw.cnpj_cpf!.replace(/\D/g, '') });
    expect(ids(page.data)).toEqual([3]);
    expect(page.data[0]?.cnpjCpf).toBe(raw.cnpj_cpf);
    expect(engine.requests.map((r) => [r.body.qtype, r.body.oper, r.body.query])).toEqual([
      ['cliente.cnpj_cpf', '=', raw.cnpj_cpf],
      ['cliente.cnpj_cpf', '=', raw.cnpj_cpf!.replace(/\D/g, '')],
    ]);
    expect(countRounds(engine.requests)).toBe(1);
  });

  it('finds it typed formatted, and a CNPJ either way', async () => {
    const pj = engine.tables.rows('cliente').find((r) => r.tipo_pessoa === 'J')!;
    const digits = pj.cnpj_cpf!.replace(/\D/g, '');
    expect(digits).toHaveLength(14);
    for (const cpfCnpj of [pj.cnpj_cpf!, digits, ` ${digits} `]) {
      expect(ids((await client.findClientes({ cpfCnpj })).data)).toEqual([Number(pj.id)]);
    }
    expect(ids((await client.findClientes({ cpfCnpj: cliente(1).cnpj_cpf! })).data)).toEqual([1]);
  });

  it('finds a document that an install stored without punctuation', async () => {
    const { engine: e, client: c } = engineClient();
    const row = e.tables.get('cliente', 5)!;
    const digits = row.cnpj_cpf!.replace(/\D/g, '');
    e.tables.update('cliente', 5, { cnpj_cpf: digits });
    expect(ids((await c.findClientes({ cpfCnpj: row.cnpj_cpf! })).data)).toEqual([5]);
  });

  it('finds nobody for an unknown document', async () => {
    const page = await client.findClientes({ cpfCnpj: '529.982.247-25' });
    expect(page.data).toEqual([]);
    expect(page.hasNextPage()).toBe(false);
  });
});

describe('findClientes by name, e-mail and phone', () => {
  it('finds by part of the name with IXC L, in one request', async () => {
    const page = await client.findClientes({ nome: 'silva' });
    const expected = engine.tables
      .rows('cliente')
      .filter((r) => r.razao!.toLowerCase().includes('silva'))
      .map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(page.data)).toEqual(expected);
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.body).toMatchObject({ qtype: 'cliente.razao', oper: 'L' });
  });

  it('ANDs criteria: name and e-mail', async () => {
    const raw = cliente(2);
    const page = await client.findClientes({ nome: 'oliveira', email: raw.email!.slice(0, 8) });
    expect(ids(page.data)).toEqual([2]);
    expect(engine.requests).toHaveLength(1);
  });

  it('finds by phone digits in any phone column, one request per column, deduplicated', async () => {
    const raw = cliente(1);
    expect(raw.telefone_celular).toBe(raw.whatsapp);
    const page = await client.findClientes({ telefone: raw.telefone_celular!.replace(/\D/g, '') });
    expect(ids(page.data)).toEqual([1]);
    expect(engine.requests.map((r) => r.body.qtype).sort()).toEqual([
      'cliente.fone',
      'cliente.telefone_celular',
      'cliente.telefone_comercial',
      'cliente.whatsapp',
    ]);
    expect(countRounds(engine.requests)).toBe(1);
  });

  it('drops loose phone matches: the digits must appear together', async () => {
    const digits = cliente(1).telefone_celular!.replace(/\D/g, '').slice(-4);
    const page = await client.findClientes({ telefone: digits });
    for (const c of page.data) {
      const all = Object.values(c.telefones).join(' ').replace(/\D/g, '');
      expect(all).toContain(digits);
    }
    expect(ids(page.data)).toContain(1);
  });

  it('costs at most MAX_FIND_REQUESTS requests, in one round, with every criterion', async () => {
    const raw = cliente(1);
    const page = await client.findClientes({
      cpfCnpj: raw.cnpj_cpf!,
      nome: 'maria',
      email: 'maria',
      telefone: raw.telefone_celular!,
    });
    expect(ids(page.data)).toEqual([1]);
    expect(engine.requests.length).toBe(MAX_FIND_REQUESTS);
    expect(countRounds(engine.requests)).toBe(1);
  });
});

describe('findClientes refusals and paging', () => {
  it.each([
    [{}],
    [{ cpfCnpj: '123' }],
    [{ nome: 'a' }],
    [{ telefone: '12' }],
    [{ telefone: "9813' OR 1=1" }],
    [{ email: 42 as never }],
  ])('refuses %j without asking IXC', async (query) => {
    const error = await client.findClientes(query).then(
      () => expect.fail('expected a rejection'),
      (e: unknown) => e,
    );
    expect(isIxcInputError(error)).toBe(true);
    expect(engine.requests).toHaveLength(0);
  });

  it('walks every match of a multi-request search once, in id order', async () => {
    const { engine: big, client: c } = engineClient(
      {},
      { dataset: generateDataset({ clientes: 400, seed: 3 }) },
    );
    const phonesOf = (r: Record<string, string | undefined>) =>
      [r.fone, r.telefone_comercial, r.telefone_celular, r.whatsapp].map((p) =>
        (p ?? '').replace(/\D/g, ''),
      );
    // The 4 digits found in the most customers' phones, so the walk spans several pages.
    const counts = new Map<string, number>();
    for (const r of big.tables.rows('cliente')) {
      const seen = new Set<string>();
      for (const p of phonesOf(r))
        for (let i = 0; i + 4 <= p.length; i++) seen.add(p.slice(i, i + 4));
      for (const d of seen) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    const digits = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
    const expected = big.tables
      .rows('cliente')
      .filter((r) => phonesOf(r).some((p) => p.includes(digits)))
      .map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThan(3 * 3);
    const walked: number[] = [];
    for await (const found of c.findClientes({ telefone: digits }, { pageSize: 3 })) {
      walked.push(found.id);
    }
    expect(walked).toEqual(expected);
  });

  it('pages a one-request search like the other lists', async () => {
    const { engine: e, client: c } = engineClient(
      {},
      { dataset: generateDataset({ clientes: 120, seed: 2 }) },
    );
    const matching = e.tables.rows('cliente').filter((r) => r.email?.includes('.com'));
    expect(matching.length).toBeGreaterThan(50);
    const first = await c.findClientes({ email: '.com' }, { pageSize: 50 });
    expect(first.data).toHaveLength(50);
    expect(first.total).toBe(matching.length);
    const second = await first.getNextPage();
    expect(second.data[0]!.id).toBeGreaterThan(first.data.at(-1)!.id);
  });
});
