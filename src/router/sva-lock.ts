/**
 * A cross-instance {@link SvaLock} over the store's leases: every instance sharing the
 * store (a SQLite file on one host, PostgreSQL across hosts) serialises SVA changes per
 * contract. Within the process an in-process mutex queues callers first, so only one of them
 * polls the store at a time.
 */
import { randomUUID } from 'node:crypto';
import { KeyedMutex, type SvaLock } from '../client/svas/lock.js';
import { errorGuard, IxcCampsoftError } from '../errors.js';
import type { CampsoftStore } from '../store/types.js';

/** The lease of a contract stayed held by another instance past `timeoutMs`. */
export class SvaLockTimeoutError extends IxcCampsoftError {
  /** The lock key (IXC install and contract). */
  readonly key: string;
  constructor(key: string, timeoutMs: number) {
    super(`Another instance held the SVA lock of ${key} for more than ${timeoutMs} ms`);
    this.key = key;
  }
}

/** True for {@link SvaLockTimeoutError}. */
export const isSvaLockTimeoutError = errorGuard(SvaLockTimeoutError);

/** Options of {@link StoreSvaLock}. */
export interface StoreSvaLockOptions {
  /** Lease time, renewed while held (default 30 s): a crashed holder frees it after this. */
  leaseMs?: number;
  /** Give up waiting after this long (default 30 s). */
  timeoutMs?: number;
  /** Wait between tries (default 50 ms). */
  retryMs?: number;
  /** Clock (default `Date.now`). */
  now?: () => number;
  /** Waits (default a timer); tests inject one. */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Serialises SVA changes per contract across every process sharing `store`.
 *
 * @example
 * ```ts
 * const store = await openStore(process.env.CAMPSOFT_DB!);
 * const client = new IxcCampsoftClient({ baseUrl, token, svaLock: new StoreSvaLock(store) });
 * ```
 */
export class StoreSvaLock implements SvaLock {
  readonly #store: CampsoftStore;
  readonly #local = new KeyedMutex();
  readonly #instance = randomUUID();
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #retryMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #calls = 0;

  constructor(store: CampsoftStore, options: StoreSvaLockOptions = {}) {
    this.#store = store;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retryMs = options.retryMs ?? 50;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? timer;
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#local.withLock(key, () => this.#leased(key, fn));
  }

  async #leased<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const name = `sva:${key}`;
    // One owner per call, so a second call of this process never counts as "already ours".
    const owner = `${this.#instance}:${++this.#calls}`;
    const deadline = this.#now() + this.#timeoutMs;
    while (!(await this.#store.acquireLease(name, owner, this.#leaseMs))) {
      if (this.#now() >= deadline) throw new SvaLockTimeoutError(key, this.#timeoutMs);
      await this.#sleep(this.#retryMs);
    }
    // Keep the lease while fn runs longer than a third of it.
    const renew = setInterval(
      () => void this.#store.renewLease(name, owner, this.#leaseMs).catch(() => undefined),
      Math.max(1, Math.floor(this.#leaseMs / 3)),
    );
    renew.unref?.();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.#store.releaseLease(name, owner).catch(() => undefined);
    }
  }
}
