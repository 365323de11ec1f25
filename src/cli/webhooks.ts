/**
 * Webhooks in `serve`: the store, one watcher per tenant polling its IXC, one dispatcher
 * delivering, the management service handed to the router, the endpoints of the
 * configuration, the figures on /metrics, and a stop at a safe point on shutdown. On in demo
 * mode (with an in-memory store) and wherever an endpoint or a store is configured; the
 * module is loaded only then, so a plain read-only `serve` never opens a database.
 */
import { resolve } from 'node:path';
import { Counter, Gauge } from 'prom-client';
import type { CampsoftStore } from '../store/types.js';
import { assertDeliverableUrl } from '../webhooks/delivery/ssrf.js';
import { decodeSecret } from '../webhooks/signing.js';
import type { ServeConfig } from './config.js';
import type { ServeContext } from './hooks.js';
import { CliUsageError } from './options.js';

/** The default store of a real IXC: a SQLite file in the working directory. */
export const DEFAULT_STORE_FILE = 'ixc-campsoft.db';

/** Where the state lives: `CAMPSOFT_DB`, the file's `store`, or the default for the mode. */
export function storeTarget(config: ServeConfig): string {
  if (config.store) return config.store;
  // The demo simulator starts afresh each time: a file would hold snapshots of another run.
  return config.source.kind === 'demo' ? ':memory:' : resolve(DEFAULT_STORE_FILE);
}

/** Whether `serve` runs detection and delivery. */
export function webhooksWanted(config: ServeConfig): boolean {
  if (config.webhooksOff) return false;
  return (
    config.source.kind === 'demo' ||
    config.store !== undefined ||
    (config.webhooks?.endpoints.length ?? 0) > 0
  );
}

/** Checks the configured endpoints before anything starts; names the setting at fault. */
function checkEndpoints(config: ServeConfig): void {
  const where = config.source.kind === 'file' ? 'webhooks.endpoints' : 'CAMPSOFT_WEBHOOK_URL';
  const allowInsecure = config.webhooks?.allowInsecure ?? false;
  for (const e of config.webhooks?.endpoints ?? []) {
    try {
      assertDeliverableUrl(e.url, { allowInsecure });
    } catch (error) {
      throw new CliUsageError(
        `${where}: ${(error as Error).message}${allowInsecure ? '' : ' (CAMPSOFT_WEBHOOK_ALLOW_INSECURE=1 allows http and private addresses for development)'}`,
      );
    }
    try {
      decodeSecret(e.secret);
    } catch {
      throw new CliUsageError(
        `${config.source.kind === 'file' ? 'webhooks.endpoints secretEnv' : 'CAMPSOFT_WEBHOOK_SECRET'} must be a Standard Webhooks secret: whsec_ followed by base64`,
      );
    }
  }
}

/**
 * The extension: opens the store, registers the configured endpoints, starts the watchers
 * and the dispatcher, and hands `{ store, webhooks, webhookWatchers }` to the router.
 */
export async function webhooksExtension(ctx: ServeContext): Promise<void> {
  const { config, log } = ctx;
  if (!webhooksWanted(config)) return;
  checkEndpoints(config);
  const [
    { openStore },
    { WebhookDispatcher },
    { clienteDetailsLookup },
    { IxcWatcher },
    { WebhookService },
  ] = await Promise.all([
    import('../store/open.js'),
    import('../webhooks/delivery/dispatcher.js'),
    import('../webhooks/delivery/cliente-details.js'),
    import('../webhooks/detect/watcher.js'),
    import('../webhooks/service.js'),
  ]);
  const target = storeTarget(config);
  const store = await openStore(target);
  const shown = target === ':memory:' ? 'in memory (demo; set CAMPSOFT_DB to keep it)' : target;
  log.info({ store: store.kind, location: shown }, `webhooks store: ${shown}`);
  ctx.notes.push(`Webhooks store: ${shown.replace(/:\/\/[^@/]*@/, '://***@')}`);

  const allowInsecure = config.webhooks?.allowInsecure ?? false;
  await registerEndpoints(store, config, allowInsecure);

  const m = ctx.metrics;
  const registers = [m.registry];
  const delivered = new Counter({
    name: 'campsoft_webhook_delivered_total',
    help: 'Webhook deliveries a receiver accepted (2xx)',
    registers,
  });
  const failed = new Counter({
    name: 'campsoft_webhook_failed_total',
    help: 'Webhook deliveries that ran out of attempts',
    registers,
  });
  const retries = new Counter({
    name: 'campsoft_webhook_retries_total',
    help: 'Failed webhook attempts that were scheduled again',
    registers,
  });
  const dispatcher = new WebhookDispatcher({
    store,
    // Always masked: a receiver holds no key that could be granted `documentos:read`.
    clienteDetails: clienteDetailsLookup((tenant) => ctx.clients.get(tenant)),
    onEvent(event) {
      if (event.type === 'delivered') delivered.inc();
      else if (event.type === 'failed') failed.inc();
      else if (event.type === 'retry') retries.inc();
      if (event.type !== 'delivered') {
        log.warn(
          {
            deliveryId: event.deliveryId,
            endpointId: event.endpointId,
            outcome: event.type,
            statusCode: event.statusCode,
            error: event.error,
          },
          `webhook ${event.type}`,
        );
      }
    },
    log: (line) => log.warn(line),
  });

  const intervalMs = (config.webhooks?.pollIntervalSeconds ?? 30) * 1000;
  const watchers = [...ctx.clients].map(
    ([tenant, client]) => new IxcWatcher({ client, store, tenant, pollIntervalMs: intervalMs }),
  );
  const detected = new Counter({
    name: 'campsoft_webhook_events_detected_total',
    help: 'Status changes detected in IXC and stored as events, by tenant',
    labelNames: ['tenant'],
    registers,
  });
  const seen = new Map<string, number>();
  const lag = new Gauge({
    name: 'campsoft_webhook_detection_lag_seconds',
    help: 'Time since the watcher last read the tenant IXC up to date, by tenant',
    labelNames: ['tenant'],
    registers,
    collect() {
      const now = Date.now();
      for (const w of watchers) {
        const s = w.metrics();
        if (s.lastPollAt !== null && s.leader) {
          this.set({ tenant: s.tenant }, (now - (s.lastPollAt - (s.lastPollMs ?? 0))) / 1000);
        }
      }
    },
  });
  void lag;
  const pending = new Gauge({
    name: 'campsoft_webhook_pending',
    help: 'Webhook deliveries waiting for an attempt',
    registers,
    async collect() {
      this.set((await store.summary()).pending);
    },
  });
  void pending;
  const countDetected = () => {
    for (const w of watchers) {
      const s = w.metrics();
      const before = seen.get(s.tenant) ?? 0;
      if (s.eventsDetected > before) detected.inc({ tenant: s.tenant }, s.eventsDetected - before);
      seen.set(s.tenant, s.eventsDetected);
    }
  };

  // Each watcher polls in its own loop, so the dispatcher is woken as soon as events land.
  let stopping = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const loops = watchers.map((watcher) => {
    let wake: (() => void) | undefined;
    const done = (async () => {
      while (!stopping) {
        try {
          const result = await watcher.pollOnce();
          countDetected();
          if (result.events > 0) dispatcher.wake();
        } catch (error) {
          log.warn(
            {
              tenant: watcher.tenant,
              err: { name: (error as Error).name, message: (error as Error).message },
            },
            `webhooks: polling tenant ${watcher.tenant} failed`,
          );
        }
        if (stopping) break;
        await new Promise<void>((r) => {
          const t = setTimeout(() => {
            timers.delete(t);
            r();
          }, intervalMs);
          timers.add(t);
          wake = r;
        });
      }
    })();
    return { done, wake: () => wake?.() };
  });
  dispatcher.start();

  const service = new WebhookService({ store, dispatcher, allowInsecure });
  Object.assign(ctx.routerOptions, {
    services: {
      ...ctx.routerOptions.services,
      store,
      webhooks: service,
      webhookWatchers: watchers,
    },
  });

  ctx.onStop(async () => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    for (const l of loops) l.wake();
    // Watchers finish the page in progress, the dispatcher records the attempts in flight.
    await Promise.all([...watchers.map((w) => w.stop()), dispatcher.close()]);
    await Promise.all(loops.map((l) => l.done));
    await store.close();
    log.info({}, 'webhooks stopped');
  });

  if (ctx.simulator && (config.webhooks?.endpoints.length ?? 0) === 0) {
    ctx.notes.push(
      'Webhooks: no endpoint yet. To see events arrive, run `npx ixc-campsoft listen` in another',
      '  terminal, then restart with CAMPSOFT_WEBHOOK_URL=http://127.0.0.1:4242/',
      '  CAMPSOFT_WEBHOOK_SECRET=<the secret listen prints> CAMPSOFT_WEBHOOK_ALLOW_INSECURE=1 and --demo-activity',
    );
  }
  if (ctx.simulator && config.demoActivity) {
    // Only actions that change a status, about one every 3 s, so every tick shows an event.
    const run = ctx.simulator.engine
      .activity({
        perMinute: 20,
        actions: ['bloqueio', 'liberacao', 'novo_contrato', 'nova_conta_sva', 'bloqueio_sva'],
      })
      .start({ everyMs: 3000 });
    ctx.onStop(() => run.stop());
    ctx.notes.push('Demo activity: the simulator changes statuses every few seconds');
  }
}

async function registerEndpoints(
  store: CampsoftStore,
  config: ServeConfig,
  allowInsecure: boolean,
): Promise<void> {
  const existing = await store.listEndpoints();
  for (const e of config.webhooks?.endpoints ?? []) {
    const eventTypes = e.eventTypes ?? ['*'];
    const same = existing.find((x) => x.url === e.url && x.tenant === null);
    if (!same) {
      await store.createEndpoint({
        url: e.url,
        eventTypes,
        description: e.description ?? 'configured at start',
        tenant: null,
        enabled: true,
        allowInsecure,
        includeCliente: e.includeCliente ?? false,
        secret: e.secret,
      });
      continue;
    }
    // A restart with a new secret: it signs from now on; the old one is dropped.
    const secrets =
      same.secrets[0]?.secret === e.secret
        ? undefined
        : [{ secret: e.secret, createdAt: Date.now(), expiresAt: null }];
    await store.updateEndpoint(same.id, {
      eventTypes,
      allowInsecure,
      includeCliente: e.includeCliente ?? false,
      ...(secrets && { secrets }),
    });
  }
}
