/**
 * Identical reads in flight share one IXC request, and reads of cached tables are answered
 * from memory for a TTL. A shared request runs on its own signal: one caller aborting only
 * detaches that caller, and the request is cancelled when every caller has gone.
 */
import { IxcAbortError } from '../errors.js';

interface Flight<T> {
  key: string;
  promise: Promise<T>;
  /** Absent when the first caller cannot abort: the read then always has a caller left. */
  controller: AbortController | undefined;
  waiting: number;
  /** Callers that joined, the first included; final once the read settles. */
  joined: number;
}

interface Cached<T> {
  value: T;
  expires: number;
}

/** Options of {@link ReadSharing}. */
export interface ReadSharingOptions {
  /** Share identical reads in flight. */
  coalesce: boolean;
  /** TTL in ms for cached tables; 0 disables caching. */
  ttl: number;
  /** Tables whose reads are cached. */
  tables: ReadonlySet<string>;
  /** Bound on cached entries, oldest evicted first. */
  maxEntries?: number;
}

/** Coalesces identical reads and caches some tables. */
export class ReadSharing {
  readonly #flights = new Map<string, Flight<unknown>>();
  readonly #cache = new Map<string, Cached<unknown>>();
  readonly #options: ReadSharingOptions;

  constructor(options: ReadSharingOptions) {
    this.#options = options;
  }

  /**
   * Runs `load` for `key` unless an identical read is in flight or cached. The caller's
   * signal is read from `call` only past the cache, so a cached answer never makes one.
   */
  run<T>(
    table: string,
    key: string,
    call: { readonly signal?: AbortSignal | undefined },
    load: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> {
    const cacheable = this.#options.ttl > 0 && this.#options.tables.has(table);
    if (cacheable) {
      const hit = this.#cache.get(key);
      if (hit && hit.expires > Date.now()) return Promise.resolve(hit.value as T);
      if (hit) this.#cache.delete(key);
    }
    const signal = call.signal;
    if (!this.#options.coalesce) {
      if (!cacheable) return load(signal);
      return load(signal).then((value) => {
        this.#remember(key, value);
        return value;
      });
    }

    let flight = this.#flights.get(key) as Flight<T> | undefined;
    if (!flight) {
      // A first caller without a signal stays until the read settles, so the read can never
      // lose every caller: it needs no controller of its own.
      const controller = signal ? new AbortController() : undefined;
      const created: Flight<T> = {
        key,
        controller,
        waiting: 0,
        joined: 0,
        promise: load(controller?.signal).then((value) => {
          if (cacheable) this.#remember(key, value);
          return value;
        }),
      };
      const forget = () => {
        if (this.#flights.get(key) === created) this.#flights.delete(key);
      };
      created.promise.then(forget, forget);
      this.#flights.set(key, created);
      flight = created;
    }
    flight.joined++;
    return this.#wait(flight, signal);
  }

  #wait<T>(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) return Promise.reject(new IxcAbortError({}, { cause: signal.reason }));
    flight.waiting++;
    if (!signal) return flight.promise.finally(() => flight.waiting--);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        flight.waiting--;
        if (flight.waiting === 0) {
          // Forget it now: a caller arriving before it settles must start a fresh read
          // rather than join one that is being cancelled.
          if (this.#flights.get(flight.key) === flight) this.#flights.delete(flight.key);
          flight.controller?.abort(signal.reason);
        }
        reject(new IxcAbortError({}, { cause: signal.reason }));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          flight.waiting--;
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          flight.waiting--;
          reject(error);
        },
      );
    });
  }

  #remember(key: string, value: unknown): void {
    const max = this.#options.maxEntries ?? 1000;
    if (this.#cache.size >= max) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(key, { value, expires: Date.now() + this.#options.ttl });
  }

  /** Drops every cached answer. */
  clear(): void {
    this.#cache.clear();
  }
}
