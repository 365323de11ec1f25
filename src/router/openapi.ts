/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas: parameters
 * from each route's `params` and `query` schemas (their typed side), the request body from
 * its `body` schema, responses from its `responses` plus the problem answers the core can
 * give it, and security from its scope. Nothing here names a route or a parameter. OpenAPI
 * 3.1 schemas are JSON Schema 2020-12, which is what `z.toJSONSchema` writes.
 */
import { z } from 'zod';
import { webhookOpenApiFragment } from '../webhooks/events.js';
import { componentSchemas } from './openapi-schemas.js';
import { PROBLEM_TYPES } from './problem.js';
import type { AnyRouteDef, ResponseDoc, RouteOptions } from './table.js';
import type { ClienteField } from './types.js';

/** What the document depends on. */
export interface OpenApiOptions {
  basePath: string;
  clienteFields: readonly ClienteField[] | undefined;
  maskDocuments: boolean;
  tenantHeader: string | undefined;
  defaultPageSize: number;
  /** A rate limit is on: every authenticated operation may answer 429. */
  rateLimited?: boolean;
}

type Json = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  delete out.$schema;
  return out;
}

/** One OpenAPI parameter per property of an object schema. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape) return [];
  return Object.entries(shape).map(([name, field]) => {
    const typed = jsonSchema(field, 'output');
    const { description, ...rest } = typed;
    const param: Json = {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      schema: rest,
    };
    if (typeof description === 'string') param.description = description;
    // Lists are accepted as `a,b` (documented) or as the parameter repeated.
    if (rest.type === 'array') Object.assign(param, { style: 'form', explode: false });
    return param;
  });
}

function content(doc: ResponseDoc, status: number): Json | undefined {
  if (doc.schema === undefined) return undefined;
  const media = status >= 400 ? 'application/problem+json' : 'application/json';
  const schema =
    typeof doc.schema === 'string' ? ref(doc.schema) : jsonSchema(doc.schema, 'output');
  return { [media]: { schema } };
}

function operation(
  route: AnyRouteDef,
  options: OpenApiOptions,
  query: z.ZodType | undefined,
): Json {
  const cached = (route.cache ?? (route.method === 'GET' ? 'clientes' : 'no-store')) !== 'no-store';
  const responses: Json = {};
  for (const [code, doc] of Object.entries(route.responses)) {
    const status = Number(code);
    const body: Json = { description: doc.description };
    const c = content(doc, status);
    if (c) body.content = c;
    if (cached && status === 200) {
      body.headers = {
        ETag: { schema: { type: 'string' } },
        'Cache-Control': { schema: { type: 'string' } },
      };
    }
    responses[code] = body;
  }
  const add = (status: number, description: string) => {
    if (!(String(status) in responses)) responses[status] = problemResponse(description);
  };
  if (cached) responses['304'] = { description: 'Not modified.' };
  const hasInput = route.params || query || route.body;
  if (hasInput) add(400, 'Malformed path, query or body.');
  const authed = route.scope !== 'public';
  if (authed) add(401, 'Missing or wrong API key.');
  if (route.scope !== 'public' && route.scope !== 'authenticated') {
    add(
      403,
      `The key lacks the ${route.scope} scope${options.tenantHeader && route.tenant !== false ? ', or may not use this tenant' : ''}.`,
    );
  }
  if (route.body) {
    add(413, 'The body is over the size limit.');
    add(415, 'The body is not application/json.');
  }
  if (authed && options.rateLimited) add(429, 'Too many requests for this key; see Retry-After.');
  if (route.ixc !== false) {
    add(502, 'IXC answered with an error or could not be reached.');
    add(503, "Every IXC request slot stayed busy (the client's maxConcurrency); see Retry-After.");
    add(504, 'IXC did not answer in time.');
  }

  const params = [...parameters(route.params, 'path'), ...parameters(query, 'query')];
  if (options.tenantHeader && route.tenant !== false) {
    params.push({
      name: options.tenantHeader,
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'Tenant (ISP) to use; optional when the key is bound to one tenant.',
    });
  }
  const op: Json = { operationId: route.operationId, summary: route.summary };
  if (route.description) op.description = route.description;
  if (route.tags?.length) op.tags = [...route.tags];
  op.parameters = params;
  if (route.body) {
    op.requestBody = {
      required: !route.body.safeParse(undefined).success,
      content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
    };
  }
  op.responses = responses;
  if (!authed) op.security = [];
  else {
    const roles = route.scope === 'authenticated' ? [] : [route.scope];
    op.security = [{ bearerAuth: roles }, { apiKeyHeader: roles }];
    op['x-required-scope'] = route.scope === 'authenticated' ? null : route.scope;
  }
  return op;
}

/**
 * Builds the OpenAPI 3.1 document of a router from its routes.
 *
 * @example
 * ```ts
 * const doc = buildOpenApi(ROUTES, { basePath: '/api/v1', clienteFields: undefined,
 *   maskDocuments: false, tenantHeader: undefined, defaultPageSize: 100 });
 * console.log(Object.keys(doc.paths));
 * ```
 */
export function buildOpenApi(
  routes: readonly AnyRouteDef[],
  options: OpenApiOptions,
): Record<string, unknown> {
  const routeOptions: RouteOptions = { defaultPageSize: options.defaultPageSize };
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    if (route.hidden) continue;
    const query = typeof route.query === 'function' ? route.query(routeOptions) : route.query;
    const path = options.basePath + route.path;
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: operation(route, options, query),
    };
  }
  // The events the webhooks send, described as OpenAPI 3.1 `webhooks` from their zod schemas.
  const events = webhookOpenApiFragment();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Campsoft IXC API',
      version: '1.0.0',
      description: 'Plans, customers and products read from the IXC Provedor of each ISP.',
    },
    security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    paths,
    webhooks: events.webhooks,
    components: {
      schemas: {
        ...componentSchemas(options.clienteFields, options.maskDocuments),
        ...events.schemas,
      },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Campsoft API key.' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    'x-problem-types': Object.keys(PROBLEM_TYPES).map((k) => `urn:ixc-campsoft:problem:${k}`),
  };
}
