/**
 * A tenant for detection tests: the simulator (its clock is ours), the package's client on
 * the simulator's fetch face, the real SQLite store in memory, and a watcher. Events are
 * read back the way delivery sees them: one endpoint subscribed to everything.
 */
import { IxcCampsoftClient } from '../../../src/client/client.js';
import { openStore } from '../../../src/store/index.js';
import type { CampsoftStore } from '../../../src/store/types.js';
import { createIxcEngine, type IxcDataset, type IxcEngine } from '../../../src/testing/index.js';
import { IxcWatcher, type IxcWatcherOptions } from '../../../src/webhooks/detect/index.js';
import { type WebhookEvent, WebhookEventSchema } from '../../../src/webhooks/events.js';

/** 2026-12-01 12:00:00 UTC = 09:00:00 in IXC's wall clock (−03:00). */
export const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

export interface Tenant {
  engine: IxcEngine;
  client: IxcCampsoftClient;
  store: CampsoftStore;
  watcher: IxcWatcher;
  clock: { now: () => number; advance: (ms: number) => void; set: (ms: number) => void };
  /** Another watcher on the same IXC and store (a second instance). */
  watcherWith(options?: Partial<IxcWatcherOptions>): IxcWatcher;
  /** Every stored event, oldest first, each checked against the payload schemas. */
  events(): Promise<WebhookEvent[]>;
  /** IXC listing requests since the last `engine.clearRequests()`. */
  listRequests(): number;
}

export async function tenant(
  options: {
    dataset?: IxcDataset;
    watcher?: Partial<IxcWatcherOptions>;
    store?: CampsoftStore;
  } = {},
): Promise<Tenant> {
  let t = T0;
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
  const engine = createIxcEngine({
    ...(options.dataset ? { dataset: options.dataset } : {}),
    now: () => new Date(t),
  });
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    maxRetries: 0,
    fetch: (input, init) => engine.fetch(new Request(input, init)),
  });
  const store = options.store ?? (await openStore(':memory:', { now: clock.now }));
  const endpoint = await store.createEndpoint({
    url: 'https://receiver.test/hook',
    eventTypes: ['*'],
    secret: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
  });
  const watcherWith = (extra: Partial<IxcWatcherOptions> = {}) =>
    new IxcWatcher({
      client,
      store,
      tenant: 'acme',
      now: clock.now,
      ...options.watcher,
      ...extra,
    });
  const watcher = watcherWith({ owner: 'instance-a' });
  return {
    engine,
    client,
    store,
    watcher,
    clock,
    watcherWith,
    async events() {
      const ids: { id: string; at: number }[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listDeliveries(endpoint.id, {
          limit: 500,
          ...(cursor ? { cursor } : {}),
        });
        for (const d of page.items) ids.push({ id: d.eventId, at: d.createdAt });
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const out: WebhookEvent[] = [];
      for (const { id } of ids.reverse()) {
        const stored = await store.getEvent(id);
        if (stored) out.push(WebhookEventSchema.parse(JSON.parse(stored.body)) as WebhookEvent);
      }
      return out;
    },
    listRequests: () => engine.requests.filter((r) => r.kind === 'list').length,
  };
}
