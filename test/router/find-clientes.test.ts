/**
 * `GET /clientes?…`: an attendant's search over the router, with the router's masking and
 * strict query, against the simulator engine.
 */
import { describe, expect, it } from 'vitest';
import { createCampsoftRouter } from '../../src/router/index.js';
import { ADMIN_KEY, call, engineClient, json, KEY, TEST_KEYS } from './helpers.js';

const { engine, client } = engineClient();
const router = createCampsoftRouter({ client, apiKeys: TEST_KEYS, maskDocuments: true });
const raw = (id: number) => engine.tables.get('cliente', id)!;
const ids = (list: { id: number }[]) => list.map((c) => c.id);
const find = async (query: string, key = KEY) => {
  const res = await call(router, `/api/v1/clientes?${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { res, body: await json(res) };
};

describe('GET /clientes', () => {
  it('finds a CPF typed digits-only and formatted, masked for a read key', async () => {
    const cpf = raw(3).cnpj_cpf!;
    const digits = cpf.replace(/\D/g, '');
    for (const q of [digits, cpf]) {
      const { res, body } = await find(`cpfCnpj=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(ids(body.data)).toEqual([3]);
      expect(body.data[0].cnpjCpf).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
      expect(body.paging).toMatchObject({ page: 1, total: 1, hasNextPage: false });
    }
  });

  it('shows the document to a key with documentos:read', async () => {
    const cpf = raw(3).cnpj_cpf!;
    const { body } = await find(`cpfCnpj=${cpf.replace(/\D/g, '')}`, ADMIN_KEY);
    expect(body.data[0].cnpjCpf).toBe(cpf);
  });

  it('finds a CNPJ either way', async () => {
    const pj = engine.tables.rows('cliente').find((r) => r.tipo_pessoa === 'J')!;
    for (const q of [pj.cnpj_cpf!, pj.cnpj_cpf!.replace(/\D/g, '')]) {
      expect(ids((await find(`cpfCnpj=${encodeURIComponent(q)}`)).body.data)).toEqual([
        Number(pj.id),
      ]);
    }
  });

  it('finds by part of the name, paged', async () => {
    const expected = engine.tables
      .rows('cliente')
      .filter((r) => r.razao!.toLowerCase().includes('ma'))
      .map((r) => Number(r.id));
    expect(expected.length).toBeGreaterThan(1);
    const { body } = await find('nome=ma&pageSize=1');
    expect(body.data).toHaveLength(1);
    expect(body.paging).toMatchObject({ total: expected.length, hasNextPage: true });
    expect(expected).toContain(body.data[0].id);
  });

  it('finds by e-mail', async () => {
    const email = raw(2).email!;
    const { body } = await find(`email=${encodeURIComponent(email)}`);
    expect(ids(body.data)).toContain(2);
  });

  it('refuses an unknown parameter and a search without criteria with 400, before IXC', async () => {
    engine.clearRequests();
    expect((await find('cpf=123')).res.status).toBe(400);
    expect((await find('')).res.status).toBe(400);
    expect((await find('nome=')).res.status).toBe(400);
    expect(engine.requests).toEqual([]);
  });
});
