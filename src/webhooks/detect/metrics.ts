/** Counters a watcher keeps; read them with `watcher.metrics()`. */

/** Mutable counters inside a watcher. */
export interface WatcherCounters {
  polls: number;
  /** Polls skipped because another instance holds the tenant's lease. */
  pollsSkipped: number;
  pages: number;
  ixcRequests: number;
  /** Events stored anew (a change detected twice counts once). */
  eventsDetected: number;
  /** Events built per type (before the store's dedupe). */
  byType: Record<string, number>;
  /** Snapshot writes skipped because an API write changed the entity meanwhile. */
  snapshotConflicts: number;
  reconciliations: number;
  leaseLost: number;
  errors: number;
  /** Epoch ms of the newest `ultima_atualizacao` seen. */
  newestIxcUpdatedAt: number | null;
  lastPollAt: number | null;
  lastPollMs: number | null;
}

/** A snapshot of a watcher's counters. */
export interface WatcherMetrics extends Readonly<Omit<WatcherCounters, 'byType'>> {
  readonly tenant: string;
  readonly byType: Readonly<Record<string, number>>;
  /** `now − newest ultima_atualizacao seen`, in ms (IXC's time read at `ixcUtcOffset`). */
  readonly lagMs: number | null;
  /** Whether this instance holds the tenant's lease. */
  readonly leader: boolean;
}

/** Fresh counters. */
export function newCounters(): WatcherCounters {
  return {
    polls: 0,
    pollsSkipped: 0,
    pages: 0,
    ixcRequests: 0,
    eventsDetected: 0,
    byType: {},
    snapshotConflicts: 0,
    reconciliations: 0,
    leaseLost: 0,
    errors: 0,
    newestIxcUpdatedAt: null,
    lastPollAt: null,
    lastPollMs: null,
  };
}
