/**
 * The OpenAPI document is valid OpenAPI 3.1 (checked by a real validator), and what the
 * router actually sends validates against the schemas it declares.
 */
import { compileErrors, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createCampsoftRouter } from '../../src/router/index.js';
import { call, engineClient, json, KEY } from './helpers.js';

const keys = [{ key: KEY, tenants: '*' as const }];

type Doc = {
  openapi: string;
  paths: Record<string, { get: { operationId: string; responses: Record<string, unknown> } }>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

function documentOf(options: Partial<Parameters<typeof createCampsoftRouter>[0]> = {}) {
  const { client } = engineClient();
  const router = createCampsoftRouter({ client, apiKeys: keys, ...options });
  return { router, doc: router.openapi() as Doc };
}

describe('OpenAPI document', () => {
  it.each([
    ['default options', {}],
    [
      'another base path, allow-list and masking',
      { basePath: '/campsoft/v2', clienteFields: ['nome' as const], maskDocuments: true },
    ],
  ])('is valid OpenAPI 3.1 with %s', async (_name, options) => {
    const { doc } = documentOf(options);
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents the four reads and /me under the base path, with problem responses', () => {
    const { doc } = documentOf({ basePath: '/campsoft/v2' });
    expect(
      Object.fromEntries(
        Object.entries(doc.paths)
          .filter(([p]) => !p.startsWith('/campsoft/v2/webhooks/'))
          .map(([p, item]) => [
            p,
            Object.values(item as Record<string, { operationId: string }>)
              .map((o) => o.operationId)
              .join(' '),
          ]),
      ),
    ).toEqual({
      '/campsoft/v2/planos': 'listPlanos',
      '/campsoft/v2/clientes/planos': 'listClientesPorPlano',
      '/campsoft/v2/clientes/{id}': 'getCliente',
      '/campsoft/v2/clientes/{id}/produtos': 'getProdutos',
      '/campsoft/v2/clientes': 'findClientes',
      '/campsoft/v2/svas': 'listSvas',
      '/campsoft/v2/clientes/{id}/svas': 'ativarSva',
      '/campsoft/v2/clientes/{id}/svas/{contaId}': 'alterarSva cancelarSva',
      '/campsoft/v2/auditoria': 'listAuditoria',
      '/campsoft/v2/me': 'getMe',
    });
    const cliente = doc.paths['/campsoft/v2/clientes/{id}']!.get.responses;
    expect(Object.keys(cliente)).toEqual(
      expect.arrayContaining(['200', '304', '400', '401', '404', '502', '504']),
    );
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearerAuth', 'apiKeyHeader']);
  });

  it('takes its component schemas from the zod schemas, by their ids, without leftovers', () => {
    const { doc } = documentOf();
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(
      expect.arrayContaining([
        'Plano',
        'Cliente',
        'Contrato',
        'ProdutoCliente',
        'PlanoComClientes',
        'Problem',
      ]),
    );
    expect(names).not.toContain('__shared');
    expect(JSON.stringify(doc)).not.toMatch(/"\$id"|"\$schema"|__shared/);
  });

  it('is served at /openapi.json, with an ETag', async () => {
    const { router, doc } = documentOf();
    const res = await call(router, '/api/v1/openapi.json', { headers: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await json(res)).toEqual(doc);
  });
});

describe('responses match the document', () => {
  const { router, doc } = documentOf();
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const check = (schema: string, value: unknown) => {
    const ok = ajv.validate({ $ref: `doc#/components/schemas/${schema}` }, value);
    expect(ok, ajv.errorsText()).toBe(true);
  };

  it.each([
    ['/api/v1/planos', 'PlanosPage'],
    ['/api/v1/clientes/planos?pageSize=50', 'ClientesPorPlanoPage'],
    ['/api/v1/clientes/7', 'ClienteResponse'],
    ['/api/v1/clientes/5', 'ClienteResponse'],
    ['/api/v1/clientes/7/produtos', 'ProdutosResponse'],
    ['/api/v1/clientes/999999', 'Problem'],
    ['/api/v1/planos?pageSize=9999', 'Problem'],
  ])('%s fits %s', async (path, schema) => {
    check(schema, await json(await call(router, path)));
  });
});
