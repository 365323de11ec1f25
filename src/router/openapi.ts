/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the client validates with,
 * so the document cannot drift from what the router sends. OpenAPI 3.1 schemas are JSON
 * Schema 2020-12, which is what `z.toJSONSchema` writes; each schema with a `.meta({ id })`
 * becomes a component and is referenced, not inlined.
 */
import { componentSchemas } from './openapi-schemas.js';
import { PROBLEM_TYPES } from './problem.js';
import { TEMPLATES } from './routes.js';
import type { ClienteField } from './types.js';

/** What the document depends on. */
export interface OpenApiSettings {
  basePath: string;
  clienteFields: readonly ClienteField[] | undefined;
  maskDocuments: boolean;
  tenantHeader: string | undefined;
  defaultPageSize: number;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ref('Problem') } } };
}

function query(name: string, description: string, schema: object, extra: object = {}) {
  return { name, in: 'query', required: false, description, schema, ...extra };
}

const paging = (defaultPageSize: number) => [
  query('page', '1-based page.', { type: 'integer', minimum: 1, default: 1 }),
  query('pageSize', 'Rows per page.', {
    type: 'integer',
    minimum: 1,
    maximum: 500,
    default: defaultPageSize,
  }),
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
 *   maskDocuments: false, tenantHeader: undefined, defaultPageSize: 100 });
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
          ...paging(settings.defaultPageSize),
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
          ...paging(settings.defaultPageSize),
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
      schemas: componentSchemas(settings.clienteFields, settings.maskDocuments),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Campsoft API key.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    'x-problem-types': Object.keys(PROBLEM_TYPES).map((k) => `urn:ixc-campsoft:problem:${k}`),
  };
}
