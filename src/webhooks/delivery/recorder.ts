/**
 * Group commit of attempt outcomes: an outcome waits a few milliseconds (or until a batch is
 * full) for others, and whatever finishes while a batch is being written goes into the next
 * one, each batch in one store transaction, which the dispatcher's next claim joins. The store's cost per attempt then shrinks as
 * throughput grows, and an attempt's slot is not held meanwhile: it was freed when the
 * receiver answered. The delay is bounded, so an idle dispatcher records within `lingerMs`.
 *
 * @packageDocumentation
 */
import type {
  AttemptRecord,
  AttemptResult,
  CampsoftStore,
  ClaimedDelivery,
  ClaimOptions,
} from '../../store/types.js';

interface Waiting {
  record: AttemptRecord;
  resolve: (result: AttemptResult) => void;
  reject: (error: unknown) => void;
}

interface ClaimWaiting {
  options: ClaimOptions;
  resolve: (claimed: ClaimedDelivery[]) => void;
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
  #claim: ClaimWaiting | null = null;
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

  /**
   * Claim with the next batch of outcomes, in its transaction, when outcomes are waiting or
   * being written; on its own otherwise. The claim waits with the outcomes for the batch to
   * fill or its `lingerMs` to end: the dispatcher claims well ahead of need, so the wait
   * idles no attempt, and each commit saved is the largest single cost of a SQLite batch.
   *
   * Only on SQLite: there every statement waits for the write in progress anyway (one
   * connection), so sharing the next commit costs nothing. A PostgreSQL claim is one statement
   * on another connection of the pool and runs beside the write instead of after it.
   */
  claim(options: ClaimOptions): Promise<ClaimedDelivery[]> {
    const idle = this.#buffer.length === 0 && !this.#writing;
    if (this.#store.kind !== 'sqlite' || idle || this.#claim) {
      return this.#store.claimDeliveries(options);
    }
    return new Promise((resolve, reject) => {
      this.#claim = { options, resolve, reject };
    });
  }

  /** Resolves once everything recorded so far is written (or failed). */
  async flushed(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Wait up to `lingerMs` for a full batch; a claim with no outcome to join waits for none. */
  #linger(): Promise<void> {
    if (this.#buffer.length >= FULL_BATCH || (this.#claim && this.#buffer.length === 0)) {
      return Promise.resolve();
    }
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
    while (this.#buffer.length > 0 || this.#claim) {
      await this.#linger();
      const batch = this.#buffer.splice(0, MAX_BATCH);
      const claim = this.#claim;
      this.#claim = null;
      const records = batch.map((w) => w.record);
      try {
        if (claim) {
          const { results, claimed } = await this.#store.recordAndClaim(records, claim.options);
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
          claim.resolve(claimed);
        } else {
          const results = await this.#store.recordAttempts(records);
          for (const [i, w] of batch.entries()) w.resolve(results[i]!);
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
        claim?.reject(error);
      }
    }
    this.#writing = null;
  }
}
