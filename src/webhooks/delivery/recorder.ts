/**
 * Group commit of attempt outcomes: an outcome waits a few milliseconds (or until a batch is
 * full) for others, and whatever finishes while a batch is being written goes into the next
 * one, each batch in one store transaction. The store's cost per attempt then shrinks as
 * throughput grows, and an attempt's slot is not held meanwhile: it was freed when the
 * receiver answered. The delay is bounded, so an idle dispatcher records within `lingerMs`.
 *
 * @packageDocumentation
 */
import type { AttemptRecord, AttemptResult, CampsoftStore } from '../../store/types.js';

interface Waiting {
  record: AttemptRecord;
  resolve: (result: AttemptResult) => void;
  reject: (error: unknown) => void;
}

/** Most outcomes written in one transaction. */
const MAX_BATCH = 256;
/** A batch this big is written without waiting. */
const FULL_BATCH = 64;

/**
 * Writes attempt outcomes in batches.
 *
 * @example
 * ```ts
 * const recorder = new OutcomeRecorder(store);
 * const { applied } = await recorder.record(attempt);
 * ```
 */
export class OutcomeRecorder {
  readonly #store: CampsoftStore;
  readonly #lingerMs: number;
  #buffer: Waiting[] = [];
  #writing: Promise<void> | null = null;
  #full: (() => void) | null = null;

  /** `lingerMs`: longest wait for more outcomes before a batch is written (default 10). */
  constructor(store: CampsoftStore, lingerMs = 10) {
    this.#store = store;
    this.#lingerMs = lingerMs;
  }

  /** Outcomes not yet written. */
  get pending(): number {
    return this.#buffer.length;
  }

  /** Record one outcome with the others of its batch; rejects when the batch's write failed. */
  record(record: AttemptRecord): Promise<AttemptResult> {
    return new Promise((resolve, reject) => {
      this.#buffer.push({ record, resolve, reject });
      if (this.#buffer.length >= FULL_BATCH) this.#full?.();
      this.#writing ??= this.#drain();
    });
  }

  /** Resolves once everything recorded so far is written (or failed). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Wait up to `lingerMs` for a full batch. */
  #linger(): Promise<void> {
    if (this.#buffer.length >= FULL_BATCH) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#full = null;
        resolve();
      };
      const timer = setTimeout(done, this.#lingerMs);
      this.#full = done;
    });
  }

  async #drain(): Promise<void> {
    while (this.#buffer.length > 0) {
      await this.#linger();
      const batch = this.#buffer.splice(0, MAX_BATCH);
      try {
        const results = await this.#store.recordAttempts(batch.map((w) => w.record));
        for (const [i, w] of batch.entries()) w.resolve(results[i]!);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#writing = null;
  }
}
