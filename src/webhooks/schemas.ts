/**
 * zod schemas of the webhook management inputs (the source of truth for their types). The
 * router validates request bodies and query strings with them; the service validates again,
 * so a direct caller gets the same 400.
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import { MAX_URL_LENGTH } from './limits.js';

/** An event-type filter: `*`, an exact type (`sva.added`) or a prefix (`contrato.*`). */
export const EventTypeFilterSchema = z
  .string()
  .max(100)
  .regex(
    /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/,
    'an event type such as "contrato.status_changed", a prefix such as "contrato.*", or "*"',
  );

const Description = z.string().max(500);
const Url = z.string().min(1).max(MAX_URL_LENGTH);
const EventTypes = z.array(EventTypeFilterSchema).min(1).max(50);

/** A time: ISO 8601 with a zone, or epoch milliseconds. */
export const WebhookTimeInputSchema = z.union([
  z.iso.datetime({ offset: true }),
  z.number().int().nonnegative(),
]);

/** Body of "create an endpoint". */
export const CreateEndpointInputSchema = z.strictObject({
  url: Url,
  eventTypes: EventTypes.default(['*']),
  description: Description.default(''),
  /** Tenant whose events it receives; absent: the caller's tenant, or every tenant. */
  tenant: z.string().min(1).max(100).nullable().optional(),
  enabled: z.boolean().default(true),
  /** http and private addresses; refused unless the service allows insecure endpoints. */
  allowInsecure: z.boolean().default(false),
  /**
   * Each payload carries `data.cliente` (name, e-mail, CPF/CNPJ masked), read from IXC when
   * the delivery is sent. Off by default: LGPD wants personal data only where it is needed.
   */
  includeCliente: z.boolean().default(false),
});
/** Input of `createEndpoint`. */
export type CreateEndpointInput = z.input<typeof CreateEndpointInputSchema>;

/** Body of "update an endpoint": at least one field. */
export const UpdateEndpointInputSchema = z
  .strictObject({
    url: Url.optional(),
    eventTypes: EventTypes.optional(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
    allowInsecure: z.boolean().optional(),
    includeCliente: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to update');
/** Input of `updateEndpoint`. */
export type UpdateEndpointInput = z.input<typeof UpdateEndpointInputSchema>;

/** Body of "rotate the secret". */
export const RotateSecretInputSchema = z.strictObject({
  /** How long the previous secrets keep signing (default 24 h, at most 7 days). */
  expireOldAfterSec: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(86_400),
});
/** Input of `rotateSecret`. */
export type RotateSecretInput = z.input<typeof RotateSecretInputSchema>;

/** Body of "recover failed deliveries". */
export const RecoverInputSchema = z.strictObject({
  since: WebhookTimeInputSchema,
  /** Default: now. */
  until: WebhookTimeInputSchema.optional(),
});
/** Input of `recover`. */
export type RecoverInput = z.input<typeof RecoverInputSchema>;

/** Query of "list an endpoint's deliveries" (query-string values are strings). */
export const ListDeliveriesQuerySchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  eventType: z.string().max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});
/** Input of `listDeliveries`. */
export type ListDeliveriesQuery = z.input<typeof ListDeliveriesQuerySchema>;

/** Query of "hourly stats". */
export const StatsQuerySchema = z.strictObject({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 31)
    .default(24),
});
/** Input of `stats`. */
export type StatsQuery = z.input<typeof StatsQuerySchema>;

/** An id in a path: `ep_…` or `dlv_…`. */
export const WebhookIdSchema = z
  .string()
  .regex(/^[a-z]{2,4}_[A-Za-z0-9_-]{1,64}$/, 'an id such as ep_3f9c…');
