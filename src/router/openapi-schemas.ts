/**
 * The component schemas of the OpenAPI document, from the domain zod schemas. Every schema
 * with a `.meta({ id })` that can appear in an answer is registered under that id, so
 * `z.toJSONSchema` references it instead of inlining it or parking it in a `__shared` bag.
 */
import { z } from 'zod';
import { ClienteSchema, EnderecoSchema, TelefonesSchema } from '../schemas/domain/cliente.js';
import { PlanoComClientesSchema } from '../schemas/domain/cliente-por-plano.js';
import { ContratoSchema } from '../schemas/domain/contrato.js';
import { PlanoSchema } from '../schemas/domain/plano.js';
import { ContaSvaSchema, ProdutoClienteSchema } from '../schemas/domain/produto-cliente.js';
import {
  IxcOperationSchema,
  SvaDryRunSchema,
  SvaIntegracaoSchema,
  SvaResultSchema,
  SvaSchema,
} from '../schemas/domain/sva.js';
import { MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';
import { AuditRecordSchema } from './audit.js';
import type { ClienteField } from './types.js';

const PagingSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
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

/** JSON Schema 2020-12 of every component, keyed by id. */
export function componentSchemas(
  fields: readonly ClienteField[] | undefined,
  maskDocuments: boolean,
): Record<string, Record<string, unknown>> {
  let cliente = fields
    ? ClienteSchema.pick(
        Object.fromEntries(fields.map((f) => [f, true])) as Record<ClienteField, true>,
      )
    : ClienteSchema.extend({});
  if (maskDocuments) {
    cliente = cliente.describe("CPF/CNPJ and a person's RG are masked (`***.456.789-**`).");
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
  add('ClientesPage', z.object({ data: z.array(cliente), paging: PagingSchema }));
  add('ClienteResponse', z.object({ data: cliente }));
  add('ProdutosResponse', z.object({ data: z.array(ProdutoClienteSchema) }));

  // The SVA routes and the audit trail.
  add('SvaIntegracao', SvaIntegracaoSchema);
  add('Sva', SvaSchema);
  add('IxcOperation', IxcOperationSchema);
  add('SvaResult', SvaResultSchema);
  add('SvaDryRun', SvaDryRunSchema);
  add('AuditRecord', AuditRecordSchema);
  add('SvasResponse', z.object({ data: z.array(SvaSchema) }));
  add('SvaResultResponse', z.object({ data: SvaResultSchema }));
  add('SvaDryRunResponse', z.object({ data: SvaDryRunSchema }));
  add('AuditoriaPage', z.object({ data: z.array(AuditRecordSchema), paging: PagingSchema }));

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
