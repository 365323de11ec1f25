/** LGPD: masked documents and a field allow-list, wherever a customer appears. */
import { describe, expect, it } from 'vitest';
import { createCampsoftRouter, maskDocument } from '../../src/router/index.js';
import { call, engineClient, json, KEY } from './helpers.js';

const keys = [{ key: KEY, tenants: '*' as const }];

describe('maskDocument', () => {
  it.each([
    ['123.456.789-09', '***.456.789-**'],
    ['12345678909', '***456789**'],
    ['12.345.678/0001-95', '**.345.678/0001-**'],
    ['12345678000195', '**3456780001**'],
    ['12.ABC.345/01DE-35', '**.ABC.345/01DE-**'],
    ['1234', '****'],
    ['ISENTO', '******'],
    ['', ''],
  ])('%s → %s', (input, masked) => {
    expect(maskDocument(input)).toBe(masked);
  });
});

describe('maskDocuments option', () => {
  it('masks CPF and RG of a person in getCliente', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys, maskDocuments: true });
    const { data } = await json(await call(router, '/api/v1/clientes/7'));
    expect(data.cnpjCpf).toBe('***.912.345-**');
    expect(data.cnpjCpfDigitos).toBe('***912345**');
    expect(data.ieIdentidade).toBe('**.***.***-*');
    expect(data.nome).toBe('Ricardo Almeida Ferreira');
  });

  it("masks a company's CNPJ and keeps its public inscrição estadual", async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys, maskDocuments: true });
    const { data } = await json(await call(router, '/api/v1/clientes/5'));
    expect(data.cnpjCpf).toBe('**.345.678/0001-**');
    expect(data.ieIdentidade).toBe('ISENTO');
  });

  it('masks every customer inside /clientes/planos', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys, maskDocuments: true });
    const text = await (await call(router, '/api/v1/clientes/planos?pageSize=500')).text();
    expect(text).not.toMatch(/"cnpjCpf":"\d/);
    expect(text).not.toMatch(/\d{3}\.\d{3}\.\d{3}-\d{2}/);
    expect(JSON.parse(text).data.length).toBeGreaterThan(0);
  });

  it('leaves documents alone by default', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys });
    const { data } = await json(await call(router, '/api/v1/clientes/7'));
    expect(data.cnpjCpf).toBe('678.912.345-82');
  });
});

describe('clienteFields allow-list', () => {
  it('returns only the allowed fields (and the id) everywhere a customer appears', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({
      client,
      apiKeys: keys,
      clienteFields: ['nome', 'ativo'],
    });
    const { data } = await json(await call(router, '/api/v1/clientes/7'));
    expect(data).toEqual({ id: 7, nome: 'Ricardo Almeida Ferreira', ativo: true });
    const grouped = await json(await call(router, '/api/v1/clientes/planos?planoId=3'));
    for (const { cliente } of grouped.data[0].clientes) {
      expect(Object.keys(cliente).sort()).toEqual(['ativo', 'id', 'nome']);
    }
  });

  it('combines with masking', async () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({
      client,
      apiKeys: keys,
      clienteFields: ['nome', 'cnpjCpf'],
      maskDocuments: true,
    });
    const { data } = await json(await call(router, '/api/v1/clientes/7'));
    expect(data).toEqual({ id: 7, nome: 'Ricardo Almeida Ferreira', cnpjCpf: '***.912.345-**' });
  });

  it('refuses a field that customers do not have, at creation', () => {
    const { client } = engineClient();
    // @ts-expect-error: 'senha' is not a customer field, and the types say so too.
    expect(() => createCampsoftRouter({ client, apiKeys: keys, clienteFields: ['senha'] })).toThrow(
      /"senha" is not a customer field/,
    );
  });

  it('narrows the Cliente schema of the OpenAPI document', () => {
    const { client } = engineClient();
    const router = createCampsoftRouter({ client, apiKeys: keys, clienteFields: ['nome'] });
    const doc = router.openapi() as {
      components: { schemas: Record<string, { properties: object }> };
    };
    expect(Object.keys(doc.components.schemas.Cliente?.properties ?? {}).sort()).toEqual([
      'id',
      'nome',
    ]);
  });
});
