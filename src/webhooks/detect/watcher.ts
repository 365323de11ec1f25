/**
 * The watcher of one tenant: polls IXC through the package's client, turns status changes
 * into events in the store's outbox, and keeps one poller per tenant across instances with
 * the store's lease.
 */
import { randomUUID } from 'node:crypto';
import type { IxcCampsoftClient } from '../../client/client.js';
import { LeaseLostError } from '../../store/errors.js';
import type { CampsoftStore } from '../../store/types.js';
import { newCounters, type WatcherCounters, type WatcherMetrics } from './metrics.js';
import { DetectionRun, StopRequested } from './run.js';
import { runStreams } from './streams.js';
import { parseUtcOffset } from './time.js';

/** How SVA accounts (no `ultima_atualizacao`) are followed between reconciliations. */
export type SvaDetection = 'ixc_logs' | 'snapshot';

/** Options of {@link IxcWatcher}. */
export interface IxcWatcherOptions {
  /** The IXC client of the tenant. */
  client: IxcCampsoftClient;
  /** Where snapshots, cursors, events and the lease live. */
  store: CampsoftStore;
  /** Tenant name, copied into every event. */
  tenant: string;
  /** Clock (epoch ms). @defaultValue `Date.now` */
  now?: () => number;
  /** Time between polls of {@link IxcWatcher.start}. @defaultValue 30000 */
  pollIntervalMs?: number;
  /** Rows per IXC request, 1–500. @defaultValue 500 */
  pageSize?: number;
  /** Each poll re-reads this many seconds before the watermark (late commits). @defaultValue 300 */
  overlapSeconds?: number;
  /** IXC's UTC offset, for payload times and lag. @defaultValue '-03:00' */
  ixcUtcOffset?: string;
  /** First run: snapshot silently (`silent`) or announce every contract, line and account. @defaultValue 'silent' */
  baseline?: 'silent' | 'events';
  /** Period of the full reconciliation; `0` turns it off. @defaultValue 6 hours */
  reconcileEveryMs?: number;
  /** Reconciliation pages per poll, so polls keep their pace during one. @defaultValue 40 */
  reconcilePagesPerPoll?: number;
  /** How SVA accounts are followed. @defaultValue 'ixc_logs' */
  sva?: SvaDetection;
  /** This instance's lease owner id. @defaultValue a random UUID */
  owner?: string;
  /** Lease time; renewed while polling. @defaultValue 3 × pollIntervalMs, at least 60 s */
  leaseTtlMs?: number;
  /** Called with each failed poll of {@link IxcWatcher.start}. */
  onError?: (error: unknown) => void;
}

/** What one {@link IxcWatcher.pollOnce} did. */
export interface PollResult {
  /** `polled`; `skipped` (another instance holds the lease); `lease_lost`; `stopped`. */
  status: 'polled' | 'skipped' | 'lease_lost' | 'stopped';
  /** Events stored anew. */
  events: number;
  /** IXC requests made. */
  ixcRequests: number;
  /** Streams that took their baseline in this poll. */
  baselines: string[];
  /** A full reconciliation finished in this poll. */
  reconciled: boolean;
}

/** Resolved settings, shared with the streams. */
export interface WatcherSettings {
  overlapSeconds: number;
  baselineEvents: boolean;
  reconcileEveryMs: number;
  reconcilePagesPerPoll: number;
  sva: SvaDetection;
}

const positive = (name: string, value: number, max = Number.MAX_SAFE_INTEGER): number => {
  if (!Number.isFinite(value) || value < 0 || value > max) {
    throw new TypeError(`${name} must be a number from 0 to ${max}`);
  }
  return value;
};

/**
 * Watches one tenant's IXC for status changes and stores them as events.
 *
 * @example
 * ```ts
 * import { IxcWatcher, openStore } from 'ixc-campsoft/webhooks';
 *
 * const store = await openStore('campsoft.db');
 * const watcher = new IxcWatcher({ client: ixc, store, tenant: 'acme' });
 * watcher.start();
 * // …
 * await watcher.stop(); // after the page in progress is committed
 * ```
 */
export class IxcWatcher {
  readonly #client: IxcCampsoftClient;
  readonly #store: CampsoftStore;
  readonly #tenant: string;
  readonly #now: () => number;
  readonly #interval: number;
  readonly #pageSize: number;
  readonly #offset: number;
  readonly #owner: string;
  readonly #leaseName: string;
  readonly #leaseTtl: number;
  readonly #settings: WatcherSettings;
  readonly #onError: (error: unknown) => void;
  readonly #counters: WatcherCounters = newCounters();
  #leader = false;
  #stopping = false;
  #running: Promise<PollResult> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #generation = 0;

  /** @throws {TypeError} when an option is out of range. */
  constructor(options: IxcWatcherOptions) {
    this.#client = options.client;
    this.#store = options.store;
    if (!options.tenant) throw new TypeError('tenant is required');
    this.#tenant = options.tenant;
    this.#now = options.now ?? Date.now;
    this.#interval = positive('pollIntervalMs', options.pollIntervalMs ?? 30_000);
    this.#pageSize = positive('pageSize', options.pageSize ?? 500, 500) || 500;
    this.#offset = parseUtcOffset(options.ixcUtcOffset ?? '-03:00');
    this.#owner = options.owner ?? randomUUID();
    this.#leaseName = `ixc-campsoft:detect:${this.#tenant}`;
    this.#leaseTtl = positive(
      'leaseTtlMs',
      options.leaseTtlMs ?? Math.max(60_000, 3 * this.#interval),
    );
    this.#settings = {
      overlapSeconds: positive('overlapSeconds', options.overlapSeconds ?? 300),
      baselineEvents: options.baseline === 'events',
      reconcileEveryMs: positive('reconcileEveryMs', options.reconcileEveryMs ?? 6 * 3_600_000),
      reconcilePagesPerPoll: Math.max(1, options.reconcilePagesPerPoll ?? 40),
      sva: options.sva ?? 'ixc_logs',
    };
    this.#onError = options.onError ?? (() => {});
  }

  /** The tenant watched. */
  get tenant(): string {
    return this.#tenant;
  }

  /** This instance's lease owner id. */
  get owner(): string {
    return this.#owner;
  }

  /**
   * Polls once: takes (or renews) the tenant's lease, reads every stream up to date, runs a
   * due reconciliation step, and returns what it did. Concurrent calls share one poll.
   *
   * @example
   * ```ts
   * const result = await watcher.pollOnce();
   * console.log(result.status, result.events, result.ixcRequests);
   * ```
   */
  pollOnce(): Promise<PollResult> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #poll(): Promise<PollResult> {
    const c = this.#counters;
    const started = this.#now();
    const requests0 = c.ixcRequests;
    const events0 = c.eventsDetected;
    const result = (status: PollResult['status'], extra: Partial<PollResult> = {}): PollResult => ({
      status,
      events: c.eventsDetected - events0,
      ixcRequests: c.ixcRequests - requests0,
      baselines: [],
      reconciled: false,
      ...extra,
    });
    if (this.#stopping) return result('stopped');
    const lease = await this.#store.acquireLease(this.#leaseName, this.#owner, this.#leaseTtl);
    if (!lease) {
      this.#leader = false;
      c.pollsSkipped++;
      return result('skipped');
    }
    this.#leader = true;
    let renewedAt = this.#now();
    const run = new DetectionRun({
      client: this.#client,
      store: this.#store,
      tenant: this.#tenant,
      now: this.#now,
      pageSize: this.#pageSize,
      offsetMinutes: this.#offset,
      lease: { name: this.#leaseName, owner: this.#owner },
      counters: c,
      checkpoint: async () => {
        if (this.#stopping) throw new StopRequested();
        if (this.#now() - renewedAt >= this.#leaseTtl / 3) {
          const renewed = await this.#store.renewLease(
            this.#leaseName,
            this.#owner,
            this.#leaseTtl,
          );
          if (!renewed) throw new LeaseLostError(this.#leaseName);
          renewedAt = this.#now();
        }
      },
    });
    try {
      const outcome = await runStreams(run, this.#settings, () => this.#stopping);
      c.polls++;
      if (outcome.reconciled) c.reconciliations++;
      return result(this.#stopping ? 'stopped' : 'polled', outcome);
    } catch (error) {
      if (error instanceof StopRequested) return result('stopped');
      if (error instanceof LeaseLostError) {
        this.#leader = false;
        c.leaseLost++;
        return result('lease_lost');
      }
      c.errors++;
      throw error;
    } finally {
      c.lastPollAt = this.#now();
      c.lastPollMs = c.lastPollAt - started;
    }
  }

  /**
   * Polls every `pollIntervalMs` until {@link stop}. Errors go to `onError` and the next
   * poll runs as planned.
   *
   * @example
   * ```ts
   * watcher.start();
   * process.on('SIGTERM', () => void watcher.stop());
   * ```
   */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = false;
    const generation = ++this.#generation;
    const tick = async () => {
      this.#timer = undefined;
      try {
        await this.pollOnce();
      } catch (error) {
        this.#onError(error);
      }
      if (!this.#stopping && generation === this.#generation) {
        this.#timer = setTimeout(tick, this.#interval);
      }
    };
    this.#timer = setTimeout(tick, 0);
  }

  /**
   * Stops at a safe point: a page in progress is committed (snapshots, events and cursor
   * together) before the poll returns; then the lease is released so another instance can
   * take over at once.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => {});
    this.#started = false;
    if (this.#leader) {
      await this.#store.releaseLease(this.#leaseName, this.#owner);
      this.#leader = false;
    }
    // pollOnce() works again after a stop (tests drive polls by hand).
    this.#stopping = false;
  }

  /** Counters since this watcher was created. */
  metrics(): WatcherMetrics {
    const c = this.#counters;
    return {
      ...c,
      byType: { ...c.byType },
      tenant: this.#tenant,
      lagMs: c.newestIxcUpdatedAt === null ? null : this.#now() - c.newestIxcUpdatedAt,
      leader: this.#leader,
    };
  }
}
