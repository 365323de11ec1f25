/**
 * Serialisation of SVA changes per contract. Two activations of the same SVA on the same
 * contract must not both see "no line yet" and both insert one, so every change reads and
 * writes inside a lock keyed by IXC install and contract.
 */

/**
 * A lock SVA changes run under. The default ({@link KeyedMutex}) serialises within one
 * process; a store shared by several instances can provide one that serialises across them.
 *
 * @example
 * ```ts
 * const lock: SvaLock = {
 *   withLock: (key, fn) => store.withLease(`sva:${key}`, fn), // any cross-instance lease
 * };
 * const ixc = new IxcCampsoftClient({ baseUrl, token, svaLock: lock });
 * ```
 */
export interface SvaLock {
  /**
   * Runs `fn` while holding `key`; callers with the same key run one after the other, in
   * arrival order. Resolves or rejects with `fn`'s outcome, and releases the key either way.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * An in-process async mutex per key. Keys with nobody waiting are forgotten, so memory is
 * bounded by the keys in use.
 *
 * @example
 * ```ts
 * const mutex = new KeyedMutex();
 * await Promise.all([
 *   mutex.withLock('contrato:8', () => activate()),
 *   mutex.withLock('contrato:8', () => activate()), // starts when the first has finished
 * ]);
 * ```
 */
export class KeyedMutex implements SvaLock {
  // Tail of each key's queue: the promise the next caller waits for.
  readonly #tails = new Map<string, Promise<void>>();

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys currently held or waited for (for tests and diagnostics). */
  get size(): number {
    return this.#tails.size;
  }
}

/** The lock every client of this process shares unless given another. */
export const processSvaLock: SvaLock = new KeyedMutex();
