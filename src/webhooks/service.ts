/**
 * The webhook management service behind `/api/v1/webhooks/...`: endpoints (the secret shown
 * once), deliveries, replay, recovery, a test event, summary and stats. Inputs are validated
 * with the exported zod schemas; answers are plain JSON.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { CampsoftStore, EndpointRecord } from '../store/types.js';
import { assertDeliverableUrl } from './delivery/ssrf.js';
import { WebhookInputError, WebhookNotFoundError } from './errors.js';
import { WEBHOOK_EVENT_TYPES } from './events.js';
import {
  CreateEndpointInputSchema,
  ListDeliveriesQuerySchema,
  RecoverInputSchema,
  RotateSecretInputSchema,
  StatsQuerySchema,
  UpdateEndpointInputSchema,
  WebhookIdSchema,
} from './schemas.js';
import { generateSecret } from './signing.js';
import {
  type DeliveryView,
  deliveryView,
  type EndpointView,
  endpointView,
  type StatsView,
  type SummaryView,
} from './views.js';

/** Who is asking: the tenant of the request, when the router knows one. */
export interface ServiceContext {
  tenant?: string;
}

/** Options of {@link WebhookService}. */
export interface WebhookServiceOptions {
  store: CampsoftStore;
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Told to look for work when a test event, replay or recovery is stored. */
  dispatcher?: { wake(): void };
  /** Endpoints may be http and on private addresses (`CAMPSOFT_WEBHOOK_ALLOW_INSECURE=1`). */
  allowInsecure?: boolean;
  /**
   * Known event types: filters must name one (or a prefix of one). Default: every type the
   * watcher emits; `null` accepts any well-formed type.
   */
  eventTypes?: readonly string[] | null;
}

/** Types about the webhooks themselves, always known. */
export const OPERATIONAL_EVENT_TYPES = ['webhook.endpoint_disabled', 'webhook.test'] as const;

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new WebhookInputError(
    `Invalid ${what}`,
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

function toMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/**
 * Webhook management.
 *
 * @example
 * ```ts
 * const service = new WebhookService({ store, dispatcher });
 * const { endpoint, secret } = await service.createEndpoint({ url: 'https://hooks.campsoft.com.br/ixc' });
 * ```
 */
export class WebhookService {
  readonly #store: CampsoftStore;
  readonly #now: () => number;
  readonly #dispatcher: { wake(): void } | undefined;
  readonly #allowInsecure: boolean;
  readonly #types: readonly string[] | undefined;

  constructor(options: WebhookServiceOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#dispatcher = options.dispatcher;
    this.#allowInsecure = options.allowInsecure ?? false;
    const types = options.eventTypes === undefined ? WEBHOOK_EVENT_TYPES : options.eventTypes;
    this.#types = types === null ? undefined : [...types, ...OPERATIONAL_EVENT_TYPES];
  }

  #checkUrl(url: string, allowInsecure: boolean): void {
    if (allowInsecure && !this.#allowInsecure) {
      throw new WebhookInputError('Insecure endpoints are not allowed here', [
        {
          path: 'allowInsecure',
          message: 'set CAMPSOFT_WEBHOOK_ALLOW_INSECURE=1 to allow http and private addresses',
        },
      ]);
    }
    try {
      assertDeliverableUrl(url, { allowInsecure });
    } catch (error) {
      throw new WebhookInputError('Invalid endpoint URL', [
        { path: 'url', message: (error as Error).message },
      ]);
    }
  }

  #checkTypes(filters: string[]): void {
    const known = this.#types;
    if (!known) return;
    const unknown = filters.filter((f) => {
      if (f === '*') return false;
      if (f.endsWith('.*')) return !known.some((t) => t.startsWith(f.slice(0, -1)));
      return !known.includes(f);
    });
    if (unknown.length > 0) {
      throw new WebhookInputError('Unknown event types', [
        {
          path: 'eventTypes',
          message: `unknown: ${unknown.join(', ')}; known: ${known.join(', ')}`,
        },
      ]);
    }
  }

  async #endpoint(id: unknown, ctx: ServiceContext): Promise<EndpointRecord> {
    const parsed = WebhookIdSchema.safeParse(id);
    const found = parsed.success ? await this.#store.getEndpoint(parsed.data) : null;
    if (
      !found ||
      (ctx.tenant !== undefined && found.tenant !== null && found.tenant !== ctx.tenant)
    ) {
      throw new WebhookNotFoundError(`No webhook endpoint ${String(id).slice(0, 80)}`);
    }
    return found;
  }

  /**
   * Create an endpoint; its signing secret is returned this once.
   *
   * @example
   * ```ts
   * const { endpoint, secret } = await service.createEndpoint({ url: 'https://hooks.campsoft.com.br/ixc', eventTypes: ['contrato.*'] });
   * ```
   */
  async createEndpoint(
    input: unknown,
    ctx: ServiceContext = {},
  ): Promise<{ endpoint: EndpointView; secret: string }> {
    const body = parse(CreateEndpointInputSchema, input, 'endpoint');
    this.#checkUrl(body.url, body.allowInsecure);
    this.#checkTypes(body.eventTypes);
    const secret = generateSecret();
    const endpoint = await this.#store.createEndpoint({
      url: body.url,
      eventTypes: body.eventTypes,
      description: body.description,
      tenant: body.tenant !== undefined ? body.tenant : (ctx.tenant ?? null),
      enabled: body.enabled,
      allowInsecure: body.allowInsecure,
      includeCliente: body.includeCliente,
      secret,
    });
    return { endpoint: endpointView(endpoint), secret };
  }

  /**
   * Endpoints visible to the caller, oldest first.
   *
   * @example
   * ```ts
   * const endpoints = await service.listEndpoints({ tenant: 'acme' });
   * ```
   */
  async listEndpoints(ctx: ServiceContext = {}): Promise<EndpointView[]> {
    const all = await this.#store.listEndpoints(
      ctx.tenant === undefined ? {} : { tenant: ctx.tenant },
    );
    return all.map(endpointView);
  }

  /**
   * One endpoint.
   *
   * @example
   * ```ts
   * const endpoint = await service.getEndpoint('ep_3f9c…');
   * ```
   */
  async getEndpoint(id: string, ctx: ServiceContext = {}): Promise<EndpointView> {
    return endpointView(await this.#endpoint(id, ctx));
  }

  /**
   * Change an endpoint. Enabling it again clears the reason it was disabled.
   *
   * @example
   * ```ts
   * await service.updateEndpoint(id, { enabled: true });
   * ```
   */
  async updateEndpoint(
    id: string,
    input: unknown,
    ctx: ServiceContext = {},
  ): Promise<EndpointView> {
    const current = await this.#endpoint(id, ctx);
    const body = parse(UpdateEndpointInputSchema, input, 'endpoint update');
    const allowInsecure = body.allowInsecure ?? current.allowInsecure;
    if (body.url !== undefined || body.allowInsecure === true) {
      this.#checkUrl(body.url ?? current.url, allowInsecure);
    }
    if (body.eventTypes) this.#checkTypes(body.eventTypes);
    const updated = await this.#store.updateEndpoint(current.id, {
      ...(body.url !== undefined && { url: body.url }),
      ...(body.eventTypes !== undefined && { eventTypes: body.eventTypes }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.allowInsecure !== undefined && { allowInsecure: body.allowInsecure }),
      ...(body.includeCliente !== undefined && { includeCliente: body.includeCliente }),
      ...(body.enabled === true && { enabled: true }),
      ...(body.enabled === false && { enabled: false, disabledReason: 'manual' }),
    });
    if (!updated) throw new WebhookNotFoundError(`No webhook endpoint ${current.id}`);
    if (body.enabled === true) this.#dispatcher?.wake();
    return endpointView(updated);
  }

  /**
   * Delete an endpoint and its deliveries.
   *
   * @example
   * ```ts
   * await service.deleteEndpoint(id);
   * ```
   */
  async deleteEndpoint(id: string, ctx: ServiceContext = {}): Promise<{ deleted: true }> {
    const current = await this.#endpoint(id, ctx);
    await this.#store.deleteEndpoint(current.id);
    return { deleted: true };
  }

  /**
   * A new secret, returned this once; the previous ones keep signing for a while (default
   * 24 h) so receivers can switch without losing deliveries.
   *
   * @example
   * ```ts
   * const { secret } = await service.rotateSecret(id, { expireOldAfterSec: 3600 });
   * ```
   */
  async rotateSecret(
    id: string,
    input: unknown = {},
    ctx: ServiceContext = {},
  ): Promise<{ endpoint: EndpointView; secret: string; previousSecretsExpireAt: string }> {
    const current = await this.#endpoint(id, ctx);
    const body = parse(RotateSecretInputSchema, input, 'rotation');
    const at = this.#now();
    const until = at + body.expireOldAfterSec * 1000;
    const secret = generateSecret();
    const previous = current.secrets
      .filter((s) => s.expiresAt === null || s.expiresAt > at)
      .map((s) => ({
        ...s,
        expiresAt: s.expiresAt === null ? until : Math.min(s.expiresAt, until),
      }));
    const updated = await this.#store.updateEndpoint(current.id, {
      secrets: [{ secret, createdAt: at, expiresAt: null }, ...previous],
    });
    return {
      endpoint: endpointView(updated ?? current),
      secret,
      previousSecretsExpireAt: new Date(until).toISOString(),
    };
  }

  /**
   * Deliveries of an endpoint, newest first, with status, attempts, last answer, next try.
   *
   * @example
   * ```ts
   * const { items, nextCursor } = await service.listDeliveries(id, { status: 'failed', limit: '20' });
   * ```
   */
  async listDeliveries(
    endpointId: string,
    query: unknown = {},
    ctx: ServiceContext = {},
  ): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
    const endpoint = await this.#endpoint(endpointId, ctx);
    const q = parse(ListDeliveriesQuerySchema, query, 'query');
    const page = await this.#store.listDeliveries(endpoint.id, {
      ...(q.status && { status: q.status }),
      ...(q.eventType && { eventType: q.eventType }),
      ...(q.since && { since: toMs(q.since) }),
      ...(q.until && { until: toMs(q.until) }),
      ...(q.limit && { limit: q.limit }),
      ...(q.cursor && { cursor: q.cursor }),
    });
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  /**
   * Send one delivery again now, whatever its status.
   *
   * @example
   * ```ts
   * await service.replay('dlv_…');
   * ```
   */
  async replay(deliveryId: string, ctx: ServiceContext = {}): Promise<DeliveryView> {
    const parsed = WebhookIdSchema.safeParse(deliveryId);
    const found = parsed.success ? await this.#store.getDelivery(parsed.data) : null;
    if (!found || (ctx.tenant !== undefined && found.tenant !== ctx.tenant)) {
      throw new WebhookNotFoundError(`No webhook delivery ${String(deliveryId).slice(0, 80)}`);
    }
    const replayed = await this.#store.replayDelivery(found.id);
    this.#dispatcher?.wake();
    return deliveryView(replayed ?? found);
  }

  /**
   * Send again every failed delivery of an endpoint created in `[since, until)`.
   *
   * @example
   * ```ts
   * await service.recover(id, { since: '2026-01-05T00:00:00Z', until: '2026-01-06T00:00:00Z' });
   * ```
   */
  async recover(
    endpointId: string,
    input: unknown,
    ctx: ServiceContext = {},
  ): Promise<{ recovered: number; since: string; until: string }> {
    const endpoint = await this.#endpoint(endpointId, ctx);
    const body = parse(RecoverInputSchema, input, 'recovery');
    const since = toMs(body.since);
    const until = body.until === undefined ? this.#now() : toMs(body.until);
    if (until <= since) {
      throw new WebhookInputError('Invalid recovery', [
        { path: 'until', message: 'must be after since' },
      ]);
    }
    const recovered = await this.#store.recoverDeliveries(endpoint.id, since, until);
    if (recovered > 0) this.#dispatcher?.wake();
    return {
      recovered,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    };
  }

  /**
   * Send a `webhook.test` event to one endpoint.
   *
   * @example
   * ```ts
   * const { eventId, deliveryId } = await service.sendTestEvent(id);
   * ```
   */
  async sendTestEvent(
    endpointId: string,
    ctx: ServiceContext = {},
  ): Promise<{ eventId: string; deliveryId: string }> {
    const endpoint = await this.#endpoint(endpointId, ctx);
    if (!endpoint.enabled) {
      throw new WebhookInputError('The endpoint is disabled', [
        { path: 'enabled', message: 'enable it first' },
      ]);
    }
    const at = this.#now();
    const eventId = `evt_test_${randomBytes(8).toString('hex')}`;
    const tenant = endpoint.tenant ?? ctx.tenant ?? '*';
    await this.#store.emitEvents(
      [
        {
          id: eventId,
          tenant,
          type: 'webhook.test',
          payload: {
            type: 'webhook.test',
            timestamp: new Date(at).toISOString(),
            data: { tenant, endpointId: endpoint.id, message: 'Test event from ixc-campsoft' },
          },
        },
      ],
      { endpointIds: [endpoint.id] },
    );
    const page = await this.#store.listDeliveries(endpoint.id, { limit: 1 });
    this.#dispatcher?.wake();
    return { eventId, deliveryId: page.items[0]?.id ?? '' };
  }

  /**
   * Pending, failing, failed, delivered in the last hour, oldest pending age, detection lag.
   *
   * @example
   * ```ts
   * const { pending, detection } = await service.summary({ tenant: 'acme' });
   * ```
   */
  async summary(ctx: ServiceContext = {}): Promise<SummaryView> {
    const at = this.#now();
    const s = await this.#store.summary(ctx.tenant === undefined ? {} : { tenant: ctx.tenant });
    const cursors = await this.#store.listCursors(ctx.tenant);
    const streams = cursors.map((c) => ({
      tenant: c.tenant,
      stream: c.stream,
      lastCommitAt: new Date(c.updatedAt).toISOString(),
      ageSec: Math.max(0, Math.round((at - c.updatedAt) / 1000)),
    }));
    return {
      pending: s.pending,
      failing: s.failing,
      failed: s.failed,
      deliveredLastHour: s.deliveredLastHour,
      oldestPendingAgeSec:
        s.oldestPendingAgeMs === null ? null : Math.round(s.oldestPendingAgeMs / 1000),
      endpoints: s.endpoints,
      detection: {
        lagSec: streams.length === 0 ? null : Math.max(...streams.map((x) => x.ageSec)),
        streams,
      },
    };
  }

  /**
   * Hourly delivered and failed attempts over the last `hours` (default 24).
   *
   * @example
   * ```ts
   * const { buckets } = await service.stats({ hours: '24' });
   * ```
   */
  async stats(query: unknown = {}, ctx: ServiceContext = {}): Promise<StatsView> {
    const q = parse(StatsQuerySchema, query, 'query');
    const buckets = await this.#store.stats(
      q.hours,
      ctx.tenant === undefined ? {} : { tenant: ctx.tenant },
    );
    return {
      hours: q.hours,
      buckets: buckets.map((b) => ({
        hourStart: new Date(b.hourStart).toISOString(),
        delivered: b.delivered,
        failed: b.failed,
      })),
    };
  }
}
