/**
 * One instance of detection and delivery, run as a child process by the crash tests
 * (`node --import tsx child.ts`): the package's real watcher and dispatcher on a real store,
 * wired as `ixc-campsoft serve` wires them (poll, wake the dispatcher, wait, again).
 *
 * Configuration comes as JSON in `CRASH_CHILD` ({@link ChildConfig}). The child writes one
 * JSON line per step to stdout (synchronous on a pipe, so every line written before a
 * SIGKILL reaches the parent): the parent reads from them which phase a kill interrupted.
 * SIGTERM stops it gracefully.
 */
import { IxcCampsoftClient } from '../../../src/client/client.js';
import { openStore } from '../../../src/store/index.js';
import type { CampsoftStore } from '../../../src/store/types.js';
import { WebhookDispatcher } from '../../../src/webhooks/delivery/dispatcher.js';
import { IxcWatcher } from '../../../src/webhooks/detect/index.js';

/** What the parent passes in `CRASH_CHILD`. */
export interface ChildConfig {
  /** Name in logs, lease and claims, and in the `x-crash-instance` header sent to IXC. */
  instance: string;
  ixcUrl: string;
  token: string;
  /** SQLite path or PostgreSQL URL. */
  store: string;
  /** PostgreSQL schema. */
  schema?: string;
  tenant: string;
  pollMs: number;
  leaseTtlMs: number;
  pageSize: number;
  overlapSeconds: number;
  reconcileEveryMs: number;
  /** Reconciliation pages per poll (small, so kills land in the middle of one). */
  reconcilePagesPerPoll: number;
  /** Dispatcher attempt deadline. */
  timeoutMs: number;
  /** The dispatcher's claim lifetime (default: the dispatcher's). */
  claimTtlMs?: number;
  schedule: number[];
  /** Added to the real clock (an instance that starts later, without waiting for it). */
  clockOffsetMs: number;
  /**
   * SQLite only: each write of a detection commit takes this much longer, so that a kill at a
   * random moment can land inside the transaction (otherwise a sub-millisecond window).
   */
  slowWritesMs?: number;
  /** Load everything, then wait for a line on stdin before opening the store (a standby). */
  standby?: boolean;
}

/** The steps a child reports. */
export type ChildLine =
  | { m: 'loaded' }
  | { m: 'ready' }
  | { m: 'poll' }
  | { m: 'polled'; status: string; events: number; reconciled: boolean }
  | { m: 'poll_error'; error: string }
  | { m: 'commit' }
  | { m: 'committed'; events: number }
  | { m: 'commit_error'; error: string }
  | { m: 'claimed'; ids: string[]; events: string[] }
  | { m: 'record'; id: string; outcome: string }
  | { m: 'recorded'; id: string }
  | { m: 'log'; line: string }
  | { m: 'stopped' };

const config = JSON.parse(process.env.CRASH_CHILD ?? '{}') as ChildConfig;
const now = () => Date.now() + config.clockOffsetMs;
// Writes are slowed only while a detection commit is under way (see slowWritesMs).
let committing = 0;
const say = (line: ChildLine) =>
  process.stdout.write(`${JSON.stringify({ ...line, at: now() })}\n`);

/** The store, with the steps that matter to a crash reported around each call. */
function traced(store: CampsoftStore): CampsoftStore {
  const steps: Partial<CampsoftStore> = {
    async commitDetection(commit) {
      say({ m: 'commit' });
      committing++;
      try {
        const result = await store.commitDetection(commit);
        say({ m: 'committed', events: result.eventsInserted });
        return result;
      } catch (error) {
        say({ m: 'commit_error', error: (error as Error).name });
        throw error;
      } finally {
        committing--;
      }
    },
    async claimDeliveries(options) {
      const claimed = await store.claimDeliveries(options);
      if (claimed.length > 0) {
        say({ m: 'claimed', ids: claimed.map((d) => d.id), events: claimed.map((d) => d.eventId) });
      }
      return claimed;
    },
    async recordAttempt(attempt) {
      say({ m: 'record', id: attempt.deliveryId, outcome: attempt.outcome });
      const result = await store.recordAttempt(attempt);
      say({ m: 'recorded', id: attempt.deliveryId });
      return result;
    },
    // The dispatcher writes outcomes in batches.
    async recordAttempts(attempts) {
      for (const a of attempts) say({ m: 'record', id: a.deliveryId, outcome: a.outcome });
      const results = await store.recordAttempts(attempts);
      for (const a of attempts) say({ m: 'recorded', id: a.deliveryId });
      return results;
    },
    // …and claims again in the same transaction.
    async recordAndClaim(attempts, claim) {
      for (const a of attempts) say({ m: 'record', id: a.deliveryId, outcome: a.outcome });
      const out = await store.recordAndClaim(attempts, claim);
      for (const a of attempts) say({ m: 'recorded', id: a.deliveryId });
      if (out.claimed.length > 0) {
        const { claimed } = out;
        say({ m: 'claimed', ids: claimed.map((d) => d.id), events: claimed.map((d) => d.eventId) });
      }
      return out;
    },
  };
  return new Proxy(store, {
    get(target, key) {
      const own = steps[key as keyof CampsoftStore];
      if (own) return own;
      const value = Reflect.get(target, key, target);
      // The store keeps #private state: its methods must run on the store itself.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

if (config.slowWritesMs) await slowWrites(config.slowWritesMs);
if (config.standby) {
  say({ m: 'loaded' });
  await new Promise((resolve) => process.stdin.once('data', resolve));
}

/** Makes every write statement run inside a SQLite transaction take `ms` longer. */
async function slowWrites(ms: number): Promise<void> {
  const Database = (await import('better-sqlite3')).default;
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const name of ['run', 'all'] as const) {
    const original = proto[name] as (...args: unknown[]) => unknown;
    proto[name] = function (
      this: { readonly: boolean; database: { inTransaction: boolean } },
      ...args: unknown[]
    ) {
      if (committing > 0 && !this.readonly && this.database.inTransaction) {
        Atomics.wait(pause, 0, 0, ms);
      }
      return original.apply(this, args);
    };
  }
}

const store = traced(
  await openStore(config.store, {
    now,
    ...(config.schema === undefined ? {} : { schema: config.schema, poolSize: 4 }),
  }),
);
const client = new IxcCampsoftClient({
  baseUrl: config.ixcUrl,
  token: config.token,
  maxRetries: 0,
  timeout: 5_000,
  headers: { 'x-crash-instance': config.instance },
});
const watcher = new IxcWatcher({
  client,
  store,
  tenant: config.tenant,
  now,
  owner: config.instance,
  pollIntervalMs: config.pollMs,
  leaseTtlMs: config.leaseTtlMs,
  pageSize: config.pageSize,
  overlapSeconds: config.overlapSeconds,
  reconcileEveryMs: config.reconcileEveryMs,
  reconcilePagesPerPoll: config.reconcilePagesPerPoll,
});
const dispatcher = new WebhookDispatcher({
  store,
  now,
  owner: config.instance,
  timeoutMs: config.timeoutMs,
  ...(config.claimTtlMs ? { claimTtlMs: config.claimTtlMs } : {}),
  schedule: config.schedule,
  jitter: 0,
  pollIntervalMs: config.pollMs,
  concurrency: 8,
  perEndpointConcurrency: 4,
  log: (line) => say({ m: 'log', line }),
});

let stopping = false;
let wakeLoop: (() => void) | undefined;
process.once('SIGTERM', () => {
  stopping = true;
  wakeLoop?.();
});

dispatcher.start();
say({ m: 'ready' });
while (!stopping) {
  say({ m: 'poll' });
  try {
    const result = await watcher.pollOnce();
    say({
      m: 'polled',
      status: result.status,
      events: result.events,
      reconciled: result.reconciled,
    });
    if (result.events > 0) dispatcher.wake();
  } catch (error) {
    say({ m: 'poll_error', error: `${(error as Error).name}: ${(error as Error).message}` });
  }
  if (stopping) break;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, config.pollMs);
    wakeLoop = () => {
      clearTimeout(timer);
      resolve();
    };
  });
}
await watcher.stop();
await dispatcher.close();
await store.close();
say({ m: 'stopped' });
process.exit(0);
