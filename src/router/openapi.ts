/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the client validates with,
 * so the document cannot drift from what the router sends. OpenAPI 3.1 schemas are JSON
 * Schema 2020-12, which is what `z.toJSONSchema` writes; each schema with a `.meta({ id })`
 * becomes a component and is referenced, not inlined.
 */
import { z } from 'zod';
import { ClienteSchema, EnderecoSchema, TelefonesSchema } from '../schemas/domain/cliente.js';
import { PlanoComClientesSchema } from '../schemas/domain/cliente-por-plano.js';
import { ContratoSchema } from '../schemas/domain/contrato.js';
import { PlanoSchema } from '../schemas/domain/plano.js';
import { ContaSvaSchema, ProdutoClienteSchema } from '../schemas/domain/produto-cliente.js';
import { PROBLEM_TYPES } from './problem.js';
import { TEMPLATES } from './routes.js';
import type { ClienteField } from './types.js';

/** What the document depends on. */
export interface OpenApiSettings {
  basePath: string;
  clienteFields: readonly ClienteField[] | undefined;
  maskDocuments: boolean;
  tenantHeader: string | undefined;
}

const PagingSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(500),
  total: z.number().int().min(0).describe('Rows matching the request.'),
  totalPages: z.number().int().min(0),
  hasNextPage: z.boolean(),
});

const ProblemSchema = z.object({
  type: z.string().describe('`urn:ixc-campsoft:problem:<kind>`; see docs/router.md.'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().describe('The request path.'),
  requestId: z.string().describe('Also sent as `x-request-id`; quote it when reporting.'),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

function components(settings: OpenApiSettings) {
  const fields = settings.clienteFields;
  let cliente = fields
    ? ClienteSchema.pick(
        Object.fromEntries(fields.map((f) => [f, true])) as Record<ClienteField, true>,
      )
    : ClienteSchema.extend({});
  if (settings.maskDocuments) {
    cliente = cliente.describe('CPF/CNPJ and RG/IE are masked (`***.456.789-**`).');
  }
  const clienteRef = cliente.nullable();
  const reg = z.registry<{ id: string }>();
  const add = (id: string, schema: z.ZodType) => reg.add(schema, { id });
  add('Plano', PlanoSchema);
  add('Cliente', cliente);
  add('Telefones', TelefonesSchema);
  add('Endereco', EnderecoSchema);
  add('Contrato', ContratoSchema);
  add('ContaSva', ContaSvaSchema);
  add('ProdutoCliente', ProdutoClienteSchema);
  const grupo = PlanoComClientesSchema.extend({
    clientes: z.array(z.object({ cliente: clienteRef, contrato: ContratoSchema })),
  });
  add('PlanoComClientes', grupo);
  add('Paging', PagingSchema);
  add('Problem', ProblemSchema);
  add('PlanosPage', z.object({ data: z.array(PlanoSchema), paging: PagingSchema }));
  add('ClientesPorPlanoPage', z.object({ data: z.array(grupo), paging: PagingSchema }));
  add('ClienteResponse', z.object({ data: cliente }));
  add('ProdutosResponse', z.object({ data: z.array(ProdutoClienteSchema) }));

  const { schemas } = z.toJSONSchema(reg, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const schema of Object.values(schemas)) {
    // Fragment-only `$id`s are not allowed by 2020-12; components are addressed by their key.
    delete schema.$id;
    delete schema.$schema;
  }
  return schemas;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ref('Problem') } } };
}

function query(name: string, description: string, schema: object, extra: object = {}) {
  return { name, in: 'query', required: false, description, schema, ...extra };
}

const PAGE = [
  query('page', '1-based page.', { type: 'integer', minimum: 1, default: 1 }),
  query('pageSize', 'Rows per page.', { type: 'integer', minimum: 1, maximum: 500, default: 100 }),
];
const ID = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'Customer id in IXC.',
  schema: { type: 'integer', minimum: 1 },
};

/**
 * Builds the OpenAPI 3.1 document of a router.
 *
 * @example
 * ```ts
 * const doc = buildOpenApi({ basePath: '/api/v1', clienteFields: undefined,
 *   maskDocuments: false, tenantHeader: undefined });
 * console.log(Object.keys(doc.paths));
 * ```
 */
export function buildOpenApi(settings: OpenApiSettings): Record<string, unknown> {
  const tenant = settings.tenantHeader
    ? [
        {
          name: settings.tenantHeader,
          in: 'header',
          required: false,
          schema: { type: 'string' },
          description: 'Tenant (ISP) to read; optional when the key is bound to one tenant.',
        },
      ]
    : [];
  const errors = {
    '400': problemResponse('Malformed id or query.'),
    '401': problemResponse('Missing or wrong API key.'),
    ...(settings.tenantHeader
      ? { '403': problemResponse('The key may not read this tenant.') }
      : {}),
    '502': problemResponse('IXC answered with an error or could not be reached.'),
    '504': problemResponse('IXC did not answer in time.'),
  };
  const ok = (description: string, schema: string) => ({
    description,
    headers: {
      ETag: { schema: { type: 'string' } },
      'Cache-Control': { schema: { type: 'string' } },
    },
    content: { 'application/json': { schema: ref(schema) } },
  });
  const op = (id: string, summary: string, parameters: object[], schema: string, extra = {}) => ({
    get: {
      operationId: id,
      summary,
      parameters: [...parameters, ...tenant],
      responses: {
        '200': ok(summary, schema),
        '304': { description: 'Not modified.' },
        ...errors,
        ...extra,
      },
    },
  });
  const notFound = { '404': problemResponse('IXC has no customer with this id.') };
  const path = (name: keyof typeof TEMPLATES) => settings.basePath + TEMPLATES[name];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campsoft IXC API',
      version: '1.0.0',
      description: 'Plans, customers and products read from the IXC Provedor of each ISP.',
    },
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths: {
      [path('listPlanos')]: op(
        'listPlanos',
        'Sales plans',
        [
          ...PAGE,
          query('ativo', 'Only plans that can be sold (true) or retired ones (false).', {
            type: 'boolean',
          }),
        ],
        'PlanosPage',
      ),
      [path('listClientesPorPlano')]: op(
        'listClientesPorPlano',
        'Customers of each plan',
        [
          ...PAGE,
          query(
            'planoId',
            'Plan id, or a comma-separated list.',
            { type: 'array', items: { type: 'integer', minimum: 1 }, maxItems: 100 },
            { style: 'form', explode: false },
          ),
          query(
            'status',
            'Contract status name or IXC letter, or a comma-separated list.',
            {
              type: 'array',
              items: {
                type: 'string',
                enum: [
                  'pre_contrato',
                  'ativo',
                  'inativo',
                  'negativado',
                  'desistiu',
                  'P',
                  'A',
                  'I',
                  'N',
                  'D',
                ],
              },
            },
            { style: 'form', explode: false },
          ),
        ],
        'ClientesPorPlanoPage',
      ),
      [path('getCliente')]: op('getCliente', 'One customer', [ID], 'ClienteResponse', notFound),
      [path('getProdutos')]: op(
        'getProdutos',
        'Every product of a customer',
        [ID],
        'ProdutosResponse',
        notFound,
      ),
    },
    components: {
      schemas: components(settings),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Campsoft API key.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    'x-problem-types': Object.keys(PROBLEM_TYPES).map((k) => `urn:ixc-campsoft:problem:${k}`),
  };
}
