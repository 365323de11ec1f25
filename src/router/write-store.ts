/**
 * The store the write routes keep idempotency and audit records in: `services.store` when the
 * host gives one, else one in-memory SQLite store per router, so the SVA routes work with zero
 * set-up. An in-memory store is per process: several instances behind one load balancer must
 * share a store (a SQLite file on one host, PostgreSQL across hosts), or a key replayed on
 * another instance runs again.
 */
import type { CampsoftStore } from '../store/types.js';
import type { RouterServices } from './table.js';

declare module './table.js' {
  interface RouterServices {
    /**
     * The store of idempotency records, audit records, leases and (with webhooks) events.
     * When given, SVA writes also record their webhook events in it at once.
     */
    store?: CampsoftStore;
  }
}

const fallbacks = new WeakMap<RouterServices, Promise<CampsoftStore>>();

/**
 * The store of a router's services; the in-memory default is opened on first use (the store
 * module is loaded only then, so a read-only router never loads SQLite).
 *
 * @example
 * ```ts
 * const store = await writeStore(ctx.services);
 * await store.appendAudit({ tenant, apiKeyName, action: 'ativarSva', record: {} });
 * ```
 */
export function writeStore(services: RouterServices): Promise<CampsoftStore> {
  if (services.store) return Promise.resolve(services.store);
  let store = fallbacks.get(services);
  if (!store) {
    store = import('../store/open.js').then((m) => m.openStore(':memory:'));
    fallbacks.set(services, store);
  }
  return store;
}

/** The store given by the host, if any: webhook events are recorded only there. */
export function configuredStore(services: RouterServices): CampsoftStore | undefined {
  return services.store;
}
