/**
 * Customer details for endpoints that opt in (`includeCliente`): read from IXC when a
 * delivery is sent, never stored with the event, so the outbox holds no personal data and
 * an endpoint that opts out later stops receiving it at once.
 *
 * @packageDocumentation
 */
import type { IxcCampsoftClient } from '../../client/client.js';
import { isIxcNotFoundError } from '../../errors.js';
import { type EventCliente, eventCliente } from '../events.js';

/**
 * Looks up the details of a customer of a tenant: `null` when IXC no longer knows them.
 * Throws when they cannot be read now (IXC down): the attempt then fails and is retried.
 */
export type ClienteDetailsLookup = (
  tenant: string,
  clienteId: number,
) => Promise<EventCliente | null>;

/** Options of {@link clienteDetailsLookup}. */
export interface ClienteDetailsOptions {
  /** Mask CPF/CNPJ as the router does (default true). */
  maskDocuments?: boolean;
  /** How long a customer's details are reused (default 60 000 ms). */
  ttlMs?: number;
  /** Customers kept at most (default 1000; the oldest goes first). */
  maxEntries?: number;
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
}

/**
 * A lookup over the package's clients, one per tenant, with a short cache: a burst of events
 * about one customer (a contract blocked, its SVAs blocked) costs one IXC request, and
 * lookups in flight for the same customer are shared.
 *
 * @example
 * ```ts
 * const dispatcher = new WebhookDispatcher({
 *   store,
 *   clienteDetails: clienteDetailsLookup((tenant) => clients.get(tenant)),
 * });
 * ```
 */
export function clienteDetailsLookup(
  clientOf: (tenant: string) => Pick<IxcCampsoftClient, 'getCliente'> | undefined,
  options: ClienteDetailsOptions = {},
): ClienteDetailsLookup {
  const mask = options.maskDocuments ?? true;
  const ttl = options.ttlMs ?? 60_000;
  const max = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { at: number; value: Promise<EventCliente | null> }>();

  return (tenant, clienteId) => {
    const key = `${tenant}\u0000${clienteId}`;
    const at = now();
    const hit = cache.get(key);
    if (hit && at - hit.at < ttl) return hit.value;
    const client = clientOf(tenant);
    if (!client) {
      return Promise.reject(new Error(`no IXC client for tenant ${tenant}`));
    }
    const value = client.getCliente(clienteId).then(
      (c) => eventCliente(c, mask),
      (error: unknown) => {
        if (isIxcNotFoundError(error)) return null;
        // A failure is not remembered: the retry asks IXC again.
        if (cache.get(key)?.value === value) cache.delete(key);
        throw error;
      },
    );
    cache.delete(key);
    cache.set(key, { at, value });
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return value;
  };
}

/**
 * The body with `data.cliente` set: the event's own bytes otherwise unchanged in meaning.
 * `cliente` is `null` when the event names no customer or IXC no longer knows them.
 */
export async function bodyWithCliente(
  body: string,
  lookup: ClienteDetailsLookup | undefined,
): Promise<string> {
  const event = JSON.parse(body) as { data?: { tenant?: string; clienteId?: number | null } };
  const data = event.data;
  // Operational events (`webhook.test`…) are about no customer.
  if (!data || typeof data.tenant !== 'string' || data.clienteId === undefined) return body;
  if (!lookup) throw new Error('customer details were asked for but no lookup is configured');
  const cliente = data.clienteId === null ? null : await lookup(data.tenant, data.clienteId);
  return JSON.stringify({ ...event, data: { ...data, cliente } });
}
