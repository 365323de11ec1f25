/**
 * Webhook management under `/webhooks/…` (scope `webhooks:admin`): endpoints, their
 * deliveries, replay, recovery, a test event, the summary and hourly stats. Handlers are thin:
 * the router checks inputs with the zod schemas of `ixc-campsoft/webhooks`, the service in
 * `services.webhooks` does the work (and checks again, so a direct caller gets the same
 * answers). Every route is per tenant: a key sees the endpoints of its tenant and those
 * bound to no tenant.
 */
import { z } from 'zod';
import type { WatcherMetrics } from '../../webhooks/detect/metrics.js';
import { WebhookNotFoundError } from '../../webhooks/errors.js';
import {
  CreateEndpointInputSchema,
  ListDeliveriesQuerySchema,
  RecoverInputSchema,
  RotateSecretInputSchema,
  StatsQuerySchema,
  UpdateEndpointInputSchema,
  WebhookIdSchema,
} from '../../webhooks/schemas.js';
import type { WebhookService } from '../../webhooks/service.js';
import { single } from '../query.js';
import { type AnyRouteDef, defineRoute, type RouteContext } from '../table.js';

declare module '../table.js' {
  interface RouterServices {
    /** The webhook management service (`new WebhookService({ store, dispatcher })`). */
    webhooks?: WebhookService;
    /** Watchers running in this process, for the summary's `detectionLagMs`. */
    webhookWatchers?: readonly { metrics(): WatcherMetrics }[];
  }
}

const TAGS = ['webhooks'] as const;
const EndpointParams = z.object({ id: WebhookIdSchema.describe('Endpoint id (`ep_…`).') });
const DeliveryParams = z.object({ id: WebhookIdSchema.describe('Delivery id (`dlv_…`).') });

/** A strict query whose fields each take one value, checked by the service's own schema. */
function wireQuery(schema: z.ZodObject) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    shape[name] = single(field as z.ZodType<unknown, string>).optional();
  }
  return z.strictObject(shape);
}

const Time = z.string().describe('ISO 8601');
const EndpointSchema = z.object({
  id: z.string(),
  tenant: z.string().nullable(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  allowInsecure: z.boolean(),
  includeCliente: z.boolean(),
  failingSince: Time.nullable(),
  secrets: z.array(z.object({ createdAt: Time, expiresAt: Time.nullable() })),
  createdAt: Time,
  updatedAt: Time,
});
const DeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  tenant: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  nextAttemptAt: Time.nullable(),
  lastAttemptAt: Time.nullable(),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  lastDurationMs: z.number().nullable(),
  createdAt: Time,
  deliveredAt: Time.nullable(),
});
const WithSecret = EndpointSchema.extend({
  secret: z.string().describe('The signing secret (`whsec_…`), shown this once.'),
});
const SummarySchema = z.object({
  pending: z.int(),
  failing: z.int().describe('Pending deliveries that failed at least once.'),
  failed: z.int().describe('Deliveries that ran out of attempts.'),
  deliveredLastHour: z.int(),
  oldestPendingAgeSec: z.int().nullable(),
  oldestPendingAgeMs: z.int().nullable(),
  detectionLagMs: z
    .int()
    .nullable()
    .describe('Time since the watchers last read IXC up to date; null before the first poll.'),
  endpoints: z.object({ enabled: z.int(), disabled: z.int() }),
  detection: z.object({ lagSec: z.int().nullable(), streams: z.array(z.unknown()) }),
});
const StatsBucketSchema = z.object({ hourStart: Time, delivered: z.int(), failed: z.int() });

const wrap = (schema: z.ZodType) => z.object({ data: schema });
const notFound = { description: 'No such endpoint or delivery.', schema: 'Problem' };

function service(ctx: RouteContext): WebhookService {
  const found = ctx.services.webhooks;
  if (!found) {
    // A host without webhooks: the routes look absent rather than broken.
    throw new WebhookNotFoundError('Webhooks are not enabled on this server.');
  }
  return found;
}

const scope = (ctx: RouteContext) => (ctx.tenant === undefined ? {} : { tenant: ctx.tenant });

const common = { scope: 'webhooks:admin', ixc: false, cache: 'no-store', tags: TAGS } as const;

/** How far behind detection is, from this process's watchers of the tenant. */
function detectionLagMs(ctx: RouteContext, fallbackSec: number | null): number | null {
  const now = Date.now();
  let lag: number | null = null;
  for (const w of ctx.services.webhookWatchers ?? []) {
    const m = w.metrics();
    if (ctx.tenant !== undefined && m.tenant !== ctx.tenant) continue;
    // Only the lease holder polls; another instance's figure comes from the store.
    if (!m.leader || m.lastPollAt === null) continue;
    const since = now - (m.lastPollAt - (m.lastPollMs ?? 0));
    lag = Math.max(lag ?? 0, since);
  }
  return lag ?? (fallbackSec === null ? null : fallbackSec * 1000);
}

/** The webhook management routes. */
export const WEBHOOK_ROUTES: readonly AnyRouteDef[] = [
  defineRoute({
    ...common,
    operationId: 'createWebhookEndpoint',
    method: 'POST',
    path: '/webhooks/endpoints',
    body: CreateEndpointInputSchema,
    summary: 'Create a webhook endpoint',
    description:
      'Registers a receiver URL for some event types (`*`, `contrato.*`, `sva.added`). The ' +
      'answer holds the signing secret: it is not shown again.',
    responses: { 201: { description: 'The endpoint and its secret.', schema: wrap(WithSecret) } },
    handler: async (ctx) => {
      const { endpoint, secret } = await service(ctx).createEndpoint(ctx.body, scope(ctx));
      return { status: 201, data: { ...endpoint, secret } };
    },
  }),
  defineRoute({
    ...common,
    operationId: 'listWebhookEndpoints',
    method: 'GET',
    path: '/webhooks/endpoints',
    summary: 'Webhook endpoints',
    responses: { 200: { description: 'Oldest first.', schema: wrap(z.array(EndpointSchema)) } },
    handler: async (ctx) => ({ data: await service(ctx).listEndpoints(scope(ctx)) }),
  }),
  defineRoute({
    ...common,
    operationId: 'getWebhookEndpoint',
    method: 'GET',
    path: '/webhooks/endpoints/{id}',
    params: EndpointParams,
    summary: 'One webhook endpoint',
    responses: {
      200: { description: 'The endpoint.', schema: wrap(EndpointSchema) },
      404: notFound,
    },
    handler: async (ctx) => ({ data: await service(ctx).getEndpoint(ctx.params.id, scope(ctx)) }),
  }),
  defineRoute({
    ...common,
    operationId: 'updateWebhookEndpoint',
    method: 'PATCH',
    path: '/webhooks/endpoints/{id}',
    params: EndpointParams,
    body: UpdateEndpointInputSchema,
    summary: 'Change a webhook endpoint',
    description:
      'URL, event types, description, enabled. Enabling clears the reason it was disabled.',
    responses: {
      200: { description: 'The endpoint.', schema: wrap(EndpointSchema) },
      404: notFound,
    },
    handler: async (ctx) => ({
      data: await service(ctx).updateEndpoint(ctx.params.id, ctx.body, scope(ctx)),
    }),
  }),
  defineRoute({
    ...common,
    operationId: 'deleteWebhookEndpoint',
    method: 'DELETE',
    path: '/webhooks/endpoints/{id}',
    params: EndpointParams,
    summary: 'Delete a webhook endpoint and its deliveries',
    responses: {
      200: {
        description: 'Deleted.',
        schema: wrap(z.object({ id: z.string(), deleted: z.literal(true) })),
      },
      404: notFound,
    },
    handler: async (ctx) => {
      await service(ctx).deleteEndpoint(ctx.params.id, scope(ctx));
      return { data: { id: ctx.params.id, deleted: true } };
    },
  }),
  defineRoute({
    ...common,
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: '/webhooks/endpoints/{id}/rotate-secret',
    params: EndpointParams,
    body: RotateSecretInputSchema.optional(),
    summary: 'Rotate the signing secret',
    description:
      'A new secret, shown this once. The previous ones keep signing beside it for ' +
      '`expireOldAfterSec` (default 24 h), so receivers switch without losing deliveries.',
    responses: {
      200: {
        description: 'The endpoint and its new secret.',
        schema: wrap(WithSecret.extend({ previousSecretsExpireAt: Time })),
      },
      404: notFound,
    },
    handler: async (ctx) => {
      const rotated = await service(ctx).rotateSecret(ctx.params.id, ctx.body ?? {}, scope(ctx));
      return {
        data: {
          ...rotated.endpoint,
          secret: rotated.secret,
          previousSecretsExpireAt: rotated.previousSecretsExpireAt,
        },
      };
    },
  }),
  defineRoute({
    ...common,
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: '/webhooks/endpoints/{id}/deliveries',
    params: EndpointParams,
    query: wireQuery(ListDeliveriesQuerySchema),
    summary: 'Deliveries of an endpoint',
    description:
      'Newest first, with status, attempts, last status code and error, and next attempt. ' +
      'Pass `nextCursor` as `cursor` for the next page.',
    responses: {
      200: {
        description: 'A page of deliveries.',
        schema: z.object({ data: z.array(DeliverySchema), nextCursor: z.string().nullable() }),
      },
      404: notFound,
    },
    handler: async (ctx) => {
      const page = await service(ctx).listDeliveries(ctx.params.id, ctx.query, scope(ctx));
      return { payload: { data: page.items, nextCursor: page.nextCursor } };
    },
  }),
  defineRoute({
    ...common,
    operationId: 'replayWebhookDelivery',
    method: 'POST',
    path: '/webhooks/deliveries/{id}/replay',
    params: DeliveryParams,
    summary: 'Send one delivery again',
    description: 'Queues the delivery for an attempt now, whatever its status.',
    responses: { 202: { description: 'Queued.', schema: wrap(DeliverySchema) }, 404: notFound },
    handler: async (ctx) => ({
      status: 202,
      data: await service(ctx).replay(ctx.params.id, scope(ctx)),
    }),
  }),
  defineRoute({
    ...common,
    operationId: 'recoverWebhookDeliveries',
    method: 'POST',
    path: '/webhooks/endpoints/{id}/recover',
    params: EndpointParams,
    body: RecoverInputSchema,
    summary: "Send again an endpoint's failed deliveries of a time range",
    description: 'Every failed delivery created in `[since, until)` (until defaults to now).',
    responses: {
      202: {
        description: 'How many were queued.',
        schema: wrap(z.object({ recovered: z.int(), since: Time, until: Time })),
      },
      404: notFound,
    },
    handler: async (ctx) => ({
      status: 202,
      data: await service(ctx).recover(ctx.params.id, ctx.body, scope(ctx)),
    }),
  }),
  defineRoute({
    ...common,
    operationId: 'sendWebhookTest',
    method: 'POST',
    path: '/webhooks/endpoints/{id}/test',
    params: EndpointParams,
    summary: 'Send a test event',
    description: 'A `webhook.test` event to this endpoint only.',
    responses: {
      202: {
        description: 'Queued.',
        schema: wrap(z.object({ eventId: z.string(), deliveryId: z.string() })),
      },
      404: notFound,
    },
    handler: async (ctx) => ({
      status: 202,
      data: await service(ctx).sendTestEvent(ctx.params.id, scope(ctx)),
    }),
  }),
  defineRoute({
    ...common,
    operationId: 'getWebhookSummary',
    method: 'GET',
    path: '/webhooks/summary',
    summary: 'Webhook figures',
    description:
      'Pending, failing, failed, delivered in the last hour, age of the oldest pending ' +
      'delivery, and detection lag.',
    responses: { 200: { description: 'The figures.', schema: wrap(SummarySchema) } },
    handler: async (ctx) => {
      const s = await service(ctx).summary(scope(ctx));
      return {
        data: {
          ...s,
          oldestPendingAgeMs: s.oldestPendingAgeSec === null ? null : s.oldestPendingAgeSec * 1000,
          detectionLagMs: detectionLagMs(ctx, s.detection.lagSec),
        },
      };
    },
  }),
  defineRoute({
    ...common,
    operationId: 'getWebhookStats',
    method: 'GET',
    path: '/webhooks/stats',
    query: wireQuery(StatsQuerySchema),
    summary: 'Delivered and failed attempts per hour',
    responses: {
      200: {
        description: 'Hourly buckets, oldest first, empty hours included.',
        schema: z.object({ data: z.array(StatsBucketSchema), hours: z.int() }),
      },
    },
    handler: async (ctx) => {
      const stats = await service(ctx).stats(ctx.query, scope(ctx));
      return { payload: { data: stats.buckets, hours: stats.hours } };
    },
  }),
];
