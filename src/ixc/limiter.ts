/**
 * A cap on the requests in flight to one IXC, with a FIFO queue. IXC installs are small
 * servers that answer 504 when pressed; a burst of callers waits its turn here instead of
 * reaching IXC at once. A waiter gives up after `queueTimeout` ms (IXC was not asked) or
 * when its caller aborts.
 */
import { IxcAbortError, IxcQueueTimeoutError, type IxcRequestFacts } from '../errors.js';

interface Waiter {
  grant: () => void;
  done: boolean;
}

/** Releases a slot taken with {@link ConcurrencyLimiter.acquire}; safe to call twice. */
export type Release = () => void;

const NOOP: Release = () => {};

/** FIFO semaphore for IXC requests. */
export class ConcurrencyLimiter {
  readonly #max: number;
  readonly #queueTimeout: number;
  readonly #queue: Waiter[] = [];
  #head = 0;
  #active = 0;
  #waiting = 0;

  /**
   * @param max requests allowed in flight; `Infinity` for no cap.
   * @param queueTimeout ms a request may wait for a slot.
   */
  constructor(max: number, queueTimeout: number) {
    this.#max = max;
    this.#queueTimeout = queueTimeout;
  }

  /** Requests in flight now. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.#waiting;
  }

  /**
   * Waits for a slot, first come first served.
   *
   * @throws {IxcQueueTimeoutError} after `queueTimeout` ms without a slot.
   * @throws {IxcAbortError} when `signal` aborts while waiting.
   */
  acquire(signal: AbortSignal | undefined, facts: IxcRequestFacts): Promise<Release> | Release {
    if (this.#max === Number.POSITIVE_INFINITY) return NOOP;
    if (this.#active < this.#max && this.#waiting === 0) {
      // Waiters that gave up may still sit in the queue: nobody is waiting, drop them.
      this.#queue.length = 0;
      this.#head = 0;
      this.#active++;
      return this.#releaser();
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { done: false, grant: () => {} };
      const settle = () => {
        waiter.done = true;
        this.#waiting--;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new IxcQueueTimeoutError(this.#queueTimeout, this.#max, facts));
      }, this.#queueTimeout);
      const onAbort = () => {
        settle();
        reject(new IxcAbortError(facts, { cause: signal?.reason }));
      };
      if (signal?.aborted) {
        clearTimeout(timer);
        reject(new IxcAbortError(facts, { cause: signal.reason }));
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.grant = () => {
        settle();
        this.#active++;
        resolve(this.#releaser());
      };
      this.#waiting++;
      this.#queue.push(waiter);
    });
  }

  #releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#next();
    };
  }

  #next(): void {
    while (this.#active < this.#max && this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head++]!;
      if (!waiter.done) waiter.grant();
    }
    // Compact once the consumed prefix dominates, so a long-lived queue does not grow.
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
