/**
 * The status events the watcher detects and the webhooks deliver: their types, their zod
 * payload schemas (the source of truth for the exported types) and the OpenAPI 3.1
 * `webhooks` fragment built from the same schemas. Type names are stable once documented:
 * a receiver may switch on them forever.
 */
import { z } from 'zod';
import { maskDocument } from '../router/mask.js';
import type { Cliente } from '../schemas/domain/cliente.js';
import {
  StatusContratoSchema,
  StatusInternetSchema,
  StatusSvaSchema,
  TipoPlanoSchema,
} from '../schemas/domain/codes.js';

/** Customer on/off (`cliente.ativo` S/N), readable. */
export const StatusClienteSchema = z.enum(['ativo', 'inativo', 'desconhecido']);
/** Customer on/off, readable. */
export type StatusCliente = z.infer<typeof StatusClienteSchema>;
/** `cliente.ativo` code → readable name. */
export const STATUS_CLIENTE = { S: 'ativo', N: 'inativo' } as const;

/** Speed status of a contract (`cliente_contrato.status_velocidade`): N normal, R reduced. */
export const StatusVelocidadeSchema = z.enum(['normal', 'reduzida', 'desconhecido']);
/** Speed status of a contract, readable. */
export type StatusVelocidade = z.infer<typeof StatusVelocidadeSchema>;
/** `status_velocidade` code → readable name. */
export const STATUS_VELOCIDADE = { N: 'normal', R: 'reduzida' } as const;

/** Kind of a contract product line (`vd_contratos_produtos.tipo`), readable. */
export const TipoLinhaSchema = z.enum([
  ...TipoPlanoSchema.options.filter((o) => o !== 'outro'),
  'tv',
  'smp',
  'outro',
]);
/** `vd_contratos_produtos.tipo` code → readable name. */
export const TIPO_LINHA = {
  I: 'internet',
  T: 'telefonia',
  S: 'servicos',
  SVA: 'sva',
  TV: 'tv',
  SMP: 'smp',
} as const;

/**
 * Every event type, with what it means. A receiver subscribes by these names.
 *
 * - `cliente.status_changed`: `cliente.ativo` changed (`ativo` ↔ `inativo`).
 * - `contrato.status_changed`: `cliente_contrato.status` changed (`ativo`, `inativo`…).
 * - `contrato.internet_status_changed`: `status_internet` changed (`bloqueio_manual`…).
 * - `contrato.speed_status_changed`: `status_velocidade` changed (`normal` ↔ `reduzida`).
 * - `contrato.created` / `contrato.removed`: a contract appeared / was deleted from IXC.
 * - `contrato.produto_added` / `contrato.produto_removed`: a product line of the contract's
 *   own (`vd_contratos_produtos` with `id_contrato`) was added / deleted.
 * - `sva.status_changed`: `sva_usuarios.status_integracao` changed (`ativo`, `bloqueado`…).
 * - `sva.added` / `sva.removed`: an SVA account (`sva_usuarios`) appeared / was deleted.
 */
export const WEBHOOK_EVENT_TYPES = [
  'cliente.status_changed',
  'contrato.status_changed',
  'contrato.internet_status_changed',
  'contrato.speed_status_changed',
  'contrato.created',
  'contrato.removed',
  'contrato.produto_added',
  'contrato.produto_removed',
  'sva.status_changed',
  'sva.added',
  'sva.removed',
] as const;

/** One event type. */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** zod schema of an event type name. */
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

/** The watched field and the readable values of each event type. */
const SHAPES: Record<WebhookEventType, { field: string; values: z.ZodType; about: string }> = {
  'cliente.status_changed': {
    field: 'ativo',
    values: StatusClienteSchema,
    about: "A customer's `cliente.ativo` changed.",
  },
  'contrato.status_changed': {
    field: 'status',
    values: StatusContratoSchema,
    about: "A contract's `status` changed (pre-contract, active, inactive, negativado, desistiu).",
  },
  'contrato.internet_status_changed': {
    field: 'status_internet',
    values: StatusInternetSchema,
    about: "A contract's access status `status_internet` changed (blocks and releases).",
  },
  'contrato.speed_status_changed': {
    field: 'status_velocidade',
    values: StatusVelocidadeSchema,
    about: "A contract's `status_velocidade` changed (normal or reduced speed).",
  },
  'contrato.created': {
    field: 'status',
    values: StatusContratoSchema,
    about: 'A contract appeared in IXC; `current` is its status, `previous` is null.',
  },
  'contrato.removed': {
    field: 'status',
    values: StatusContratoSchema,
    about: 'A contract was deleted from IXC; `previous` is its last known status.',
  },
  'contrato.produto_added': {
    field: 'tipo',
    values: TipoLinhaSchema,
    about: 'A product line was added to a contract; `current` is the line kind (`sva`…).',
  },
  'contrato.produto_removed': {
    field: 'tipo',
    values: TipoLinhaSchema,
    about: "A product line was deleted from a contract; `previous` is the line's kind.",
  },
  'sva.status_changed': {
    field: 'status_integracao',
    values: StatusSvaSchema,
    about: "An SVA account's `status_integracao` changed (active, blocked, deactivated).",
  },
  'sva.added': {
    field: 'status_integracao',
    values: StatusSvaSchema,
    about: 'An SVA account (`sva_usuarios`) appeared; `current` is its status.',
  },
  'sva.removed': {
    field: 'status_integracao',
    values: StatusSvaSchema,
    about: 'An SVA account was deleted from IXC; `previous` is its last known status.',
  },
};

/** The watched field of an event type (`status_internet` for `contrato.internet_status_changed`). */
export function eventField(type: WebhookEventType): string {
  return SHAPES[type].field;
}

/** Customer details, only for endpoints that opt in, masked as the router masks them. */
export const EventClienteSchema = z
  .object({
    nome: z.string().nullable(),
    cnpjCpf: z.string().nullable().describe('Masked (`***.456.789-**`) unless allowed.'),
    email: z.string().nullable(),
  })
  .meta({ id: 'WebhookCliente' });

/** Details of an endpoint that opted in to them. */
export type EventCliente = z.infer<typeof EventClienteSchema>;

/**
 * The `data.cliente` of an event for an endpoint that opted in to customer details: CPF/CNPJ
 * masked as the router masks them (`***.456.789-**`) unless `maskDocuments` is false.
 *
 * @example
 * ```ts
 * const cliente = await ixc.getCliente(event.data.clienteId);
 * const body = { ...event, data: { ...event.data, cliente: eventCliente(cliente) } };
 * ```
 */
export function eventCliente(
  cliente: Pick<Cliente, 'nome' | 'cnpjCpf' | 'email'>,
  maskDocuments = true,
): EventCliente {
  const doc = cliente.cnpjCpf;
  return {
    nome: cliente.nome,
    cnpjCpf: doc && maskDocuments ? maskDocument(doc) : doc,
    email: cliente.email,
  };
}

const id = z.number().int().positive();

function dataSchema(type: WebhookEventType) {
  const { values, field } = SHAPES[type];
  return z.object({
    tenant: z.string().describe('The IXC install (tenant) the change happened in.'),
    clienteId: id.nullable().describe('The customer; null only when IXC no longer knows it.'),
    contratoId: id.optional(),
    contaSvaId: id.optional().describe('`sva_usuarios.id`, on `sva.*` events.'),
    produtoContratoId: id.optional().describe('`vd_contratos_produtos.id`, on produto events.'),
    produtoId: id.nullable().optional().describe('`produtos.id` of the line or account.'),
    field: z.literal(field).describe('The IXC column that changed.'),
    previous: values.nullable().describe('Readable value before; null when the row is new.'),
    current: values.nullable().describe('Readable value now; null when the row is gone.'),
    previousCode: z.string().nullable().describe("IXC's raw code before (`CM`)."),
    currentCode: z.string().nullable().describe("IXC's raw code now."),
    sequence: z
      .number()
      .int()
      .positive()
      .describe(
        'Per entity (customer, contract, line or account): 1 when first seen, one more per event; drop an event older than one applied.',
      ),
    detectedAt: z.iso.datetime({ offset: true }).describe('When the watcher saw the change.'),
    ixcUpdatedAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .describe("The row's `ultima_atualizacao`, with IXC's zone; null for SVA accounts."),
    cliente: EventClienteSchema.nullable()
      .optional()
      .describe(
        'Only for endpoints with `includeCliente`, read from IXC when sent; null when IXC no longer knows the customer.',
      ),
  });
}

function eventSchema<T extends WebhookEventType>(type: T) {
  return z
    .object({
      type: z.literal(type),
      timestamp: z.iso.datetime({ offset: true }).describe('When the event was created.'),
      data: dataSchema(type),
    })
    .describe(SHAPES[type].about);
}

const schemas = Object.fromEntries(WEBHOOK_EVENT_TYPES.map((t) => [t, eventSchema(t)])) as {
  [T in WebhookEventType]: ReturnType<typeof eventSchema<T>>;
};

/** The payload schema of each event type. */
export const WEBHOOK_EVENT_SCHEMAS = schemas;

/** Any event: a union discriminated by `type`. */
export const WebhookEventSchema = z.discriminatedUnion(
  'type',
  WEBHOOK_EVENT_TYPES.map((t) => schemas[t]) as unknown as [
    (typeof schemas)[WebhookEventType],
    ...(typeof schemas)[WebhookEventType][],
  ],
);

/** Any event payload, as a receiver gets it. */
export type WebhookEvent = {
  [T in WebhookEventType]: z.infer<(typeof schemas)[T]>;
}[WebhookEventType];

/** The `data` of an event. */
export type WebhookEventData = WebhookEvent['data'];

/** The event of one type, e.g. `WebhookEventOf<'sva.status_changed'>`. */
export type WebhookEventOf<T extends WebhookEventType> = Extract<WebhookEvent, { type: T }>;

/** `cliente.status_changed` → `ClienteStatusChanged` (OpenAPI component names). */
export function eventComponentName(type: WebhookEventType): string {
  return type
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The OpenAPI 3.1 `webhooks` object (one entry per event type, POSTed to the endpoint's URL
 * with the Standard Webhooks headers) and the component schemas it references.
 *
 * @example
 * ```ts
 * const { webhooks, schemas } = webhookOpenApiFragment();
 * doc.webhooks = webhooks;
 * Object.assign(doc.components.schemas, schemas);
 * ```
 */
export function webhookOpenApiFragment(): {
  webhooks: Record<string, unknown>;
  schemas: Record<string, Record<string, unknown>>;
} {
  const reg = z.registry<{ id: string }>();
  reg.add(EventClienteSchema, { id: 'WebhookCliente' });
  for (const t of WEBHOOK_EVENT_TYPES) reg.add(schemas[t], { id: eventComponentName(t) });
  const { schemas: out } = z.toJSONSchema(reg, {
    target: 'draft-2020-12',
    uri: (name) => `#/components/schemas/${name}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const schema of Object.values(out)) {
    delete schema.$id;
    delete schema.$schema;
  }
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  const webhooks: Record<string, unknown> = {};
  for (const t of WEBHOOK_EVENT_TYPES) {
    webhooks[t] = {
      post: {
        operationId: `webhook_${t.replace('.', '_')}`,
        summary: t,
        description: SHAPES[t].about,
        parameters: [
          header('webhook-id', 'The event id (`evt_…`): the same for every retry; dedupe on it.'),
          header('webhook-timestamp', 'Unix seconds of this attempt.'),
          header('webhook-signature', '`v1,<base64 HMAC-SHA256>`, space-separated when rotating.'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: `#/components/schemas/${eventComponentName(t)}` },
            },
          },
        },
        responses: {
          '2XX': { description: 'Received; any other answer is retried.' },
          '410': { description: 'Gone: the endpoint is disabled.' },
        },
      },
    };
  }
  return { webhooks, schemas: out };
}
