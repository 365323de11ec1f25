/**
 * The dispatcher drains the outbox: claims due deliveries, signs and sends them, records each
 * attempt and schedules the next. At least once; a bound per endpoint; a loop that stops
 * gracefully; `runOnce()` for tests and for callers with their own loop.
 *
 * The store is touched in batches, not per delivery: the loop claims up to three times its
 * concurrency at once (each endpoint up to three times its bound) and keeps what it cannot send yet
 * in a local queue, and outcomes are written by group commit (see {@link OutcomeRecorder}).
 * A claimed delivery is sent only while its claim has time left for a whole attempt;
 * otherwise it is dropped unsent and its claim given back, so no other instance can hold the
 * same delivery while we send it.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Agent } from 'undici';
import type { CampsoftStore, ClaimedDelivery } from '../../store/types.js';
import { attemptDelivery } from './attempt.js';
import type { ClienteDetailsLookup } from './cliente-details.js';
import { type DisableReason, disableEndpoint } from './disable.js';
import { decideOutcome, type RetryPolicy } from './outcome.js';
import { OutcomeRecorder } from './recorder.js';
import {
  DEFAULT_DISABLE_AFTER_MS,
  DEFAULT_RETRY_AFTER_CAP_MS,
  DEFAULT_SCHEDULE,
} from './schedule.js';
import type { SendResult } from './send.js';
import { guardedLookup, systemResolver } from './ssrf.js';
import type { DispatchEvent, DispatcherMetrics, DispatcherOptions, RunResult } from './types.js';

export type { DispatchEvent, DispatcherMetrics, DispatcherOptions, RunResult } from './types.js';

/** A claimed delivery this instance holds, with when its claim lapses (our clock). */
interface Work {
  d: ClaimedDelivery;
  expiresAt: number;
  done: (outcome: Settled) => void;
}

type Settled = DispatchEvent['type'] | 'error' | 'dropped';

/**
 * Claims reach this many times the concurrency (per endpoint, its bound): one claim then
 * takes about a concurrency's worth, enough to be worth its transaction.
 */
const CLAIM_AHEAD = 3;

/** Time an attempt needs beyond its deadline: the body's grace and the record. */
const RECORD_MARGIN_MS = 5_000;

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/**
 * Delivers webhooks from the store.
 *
 * @example
 * ```ts
 * const dispatcher = new WebhookDispatcher({ store });
 * dispatcher.start();
 * process.once('SIGTERM', () => dispatcher.stop());
 * ```
 */
export class WebhookDispatcher {
  readonly #store: CampsoftStore;
  readonly #now: () => number;
  readonly #owner: string;
  readonly #concurrency: number;
  readonly #perEndpoint: number;
  readonly #timeoutMs: number;
  readonly #claimMs: number;
  readonly #maxResponseBytes: number;
  readonly #policy: RetryPolicy;
  readonly #disableAfter: number;
  readonly #pollMs: number;
  readonly #onEvent: ((event: DispatchEvent) => void) | undefined;
  readonly #clienteDetails: ClienteDetailsLookup | undefined;
  readonly #log: (line: string) => void;
  readonly #agents: { guarded: Agent; open: Agent };
  readonly #recorder: OutcomeRecorder;
  /** Claimed, waiting for a slot, oldest claim first. */
  #queue: Work[] = [];
  readonly #queuedPer = new Map<string, number>();
  /** Attempts on the wire, per endpoint and in all. */
  readonly #sendingPer = new Map<string, number>();
  #sending = 0;
  /** Answered, waiting for their outcome to be written. */
  #recording = 0;
  readonly #tracked = new Set<Promise<Settled>>();
  readonly #releasing = new Set<Promise<void>>();
  readonly #disabling = new Set<string>();
  readonly #metrics = { attempts: 0, delivered: 0, retries: 0, failed: 0, endpointsDisabled: 0 };
  /** Sends finished since the loop last claimed. */
  #finishedSinceClaim = 0;
  /** The last claim found less than it asked for: wait for the timer or a wake-up. */
  #exhausted = false;
  #running = false;
  /** `stop()` is under way: nothing more is started from the queue. */
  #stopping = false;
  #closed = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(options: DispatcherOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#concurrency = options.concurrency ?? 32;
    this.#perEndpoint = options.perEndpointConcurrency ?? 4;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    // Long enough for a delivery to wait one attempt's deadline in the queue and then be sent.
    // A claim shorter than an attempt and its recording would give back all it takes.
    this.#claimMs = Math.max(
      options.claimTtlMs ?? this.#timeoutMs * 2 + 30_000,
      this.#timeoutMs + RECORD_MARGIN_MS + 1000,
    );
    this.#maxResponseBytes = options.maxResponseBytes ?? 1024;
    this.#policy = {
      schedule: options.schedule ?? DEFAULT_SCHEDULE,
      jitter: options.jitter ?? 0.2,
      random: options.random ?? Math.random,
      retryAfterCapMs: options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS,
    };
    this.#disableAfter = options.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS;
    this.#pollMs = options.pollIntervalMs ?? 1000;
    this.#onEvent = options.onEvent;
    this.#clienteDetails = options.clienteDetails;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.#recorder = new OutcomeRecorder(this.#store);
    const resolver = options.resolver ?? systemResolver;
    const agent = (allowPrivate: boolean) =>
      new Agent({
        connect: {
          lookup: guardedLookup(resolver, allowPrivate) as never,
          timeout: this.#timeoutMs,
        },
        maxRedirections: 0,
      });
    this.#agents = { guarded: agent(false), open: agent(true) };
  }

  /** Counters since construction. */
  metrics(): DispatcherMetrics {
    return {
      ...this.#metrics,
      inFlight: this.#sending + this.#recording,
      queued: this.#queue.length,
    };
  }

  /**
   * Claim what is due now (within the concurrency bounds) and send it all; resolves when
   * every attempt is recorded.
   *
   * @example
   * ```ts
   * clock.advance(5_000);
   * const { delivered } = await dispatcher.runOnce();
   * ```
   */
  async runOnce(): Promise<RunResult> {
    this.#stopping = false;
    const limit = this.#concurrency - this.#sending - this.#queue.length;
    const claimed = await this.#claim(limit, this.#perEndpoint);
    const outcomes = await Promise.all(claimed);
    return {
      claimed: claimed.length,
      delivered: outcomes.filter((o) => o === 'delivered').length,
      retried: outcomes.filter((o) => o === 'retry').length,
      failed: outcomes.filter((o) => o === 'failed').length,
    };
  }

  /** Alias of {@link WebhookDispatcher.runOnce}. */
  tick(): Promise<RunResult> {
    return this.runOnce();
  }

  /** Run in the background until {@link WebhookDispatcher.stop}. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Look for due deliveries now (after new events were stored). */
  wake(): void {
    this.#exhausted = false;
    this.#wake?.();
  }

  /**
   * Stop claiming, give back claims not yet sent, let attempts in flight finish and be
   * recorded, then resolve.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
    this.#queuedPer.clear();
    this.#drop(this.#queue.splice(0));
    await Promise.allSettled([...this.#tracked]);
    await this.#recorder.flushed();
    await Promise.allSettled([...this.#releasing]);
  }

  /** Stop and close the HTTP agents. */
  async close(): Promise<void> {
    await this.stop();
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#agents.guarded.close(), this.#agents.open.close()]);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      // Claim ahead: up to CLAIM_AHEAD times the concurrency queued or on the wire, refilled once the
      // queue runs low. Answered attempts waiting for their batch do not count: their claims
      // are still ours, so no claim can take them again.
      const room = CLAIM_AHEAD * this.#concurrency - this.#queue.length - this.#sending;
      if (room > 0 && this.#queue.length <= this.#concurrency) {
        try {
          const claimed = await this.#claim(room, CLAIM_AHEAD * this.#perEndpoint);
          this.#exhausted = claimed.length < room;
        } catch (error) {
          this.#exhausted = true;
          this.#log(
            `ixc-campsoft webhooks: claiming deliveries failed: ${(error as Error).message}`,
          );
        }
      }
      if (!this.#running) break;
      await this.#idle();
    }
  }

  /** Wait for the poll period or a wake-up. */
  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(() => {
        this.#exhausted = false;
        done();
      }, this.#pollMs);
      this.#wake = done;
    });
  }

  /** Wake the loop when enough slots freed up to make a claim worth its transaction. */
  #maybeWake(): void {
    if (!this.#wake || !this.#running) return;
    const finished = this.#finishedSinceClaim;
    const low = this.#queue.length <= this.#concurrency;
    const enough = finished >= this.#concurrency;
    // Nothing left to start: claim again, but after a claim that found little, only once an
    // endpoint's worth of slots is free (a drained outbox is not asked once per answer).
    const starved = this.#queue.length === 0 && (!this.#exhausted || finished >= this.#perEndpoint);
    if ((low && enough) || starved) this.#wake();
  }

  /** Claim, queue and start what fits; the promises settle once each is recorded. */
  async #claim(limit: number, maxPerEndpoint: number): Promise<Promise<Settled>[]> {
    if (limit <= 0) return [];
    this.#finishedSinceClaim = 0;
    const busy = new Map(this.#queuedPer);
    for (const [id, n] of this.#sendingPer) bump(busy, id, n);
    const claimedAt = this.#now();
    const claimed = await this.#recorder.claim({
      owner: this.#owner,
      limit,
      claimMs: this.#claimMs,
      maxPerEndpoint,
      busy: Object.fromEntries(busy),
    });
    const settled = claimed.map((d) => {
      let done: (o: Settled) => void = () => undefined;
      const p = new Promise<Settled>((r) => {
        done = r;
      });
      this.#tracked.add(p);
      void p.then(() => this.#tracked.delete(p));
      this.#queue.push({ d, expiresAt: claimedAt + this.#claimMs, done });
      bump(this.#queuedPer, d.endpoint.id, 1);
      return p;
    });
    this.#pump();
    return settled;
  }

  /** Start queued deliveries while slots are free, skipping endpoints at their bound. */
  #pump(): void {
    if (this.#stopping) return;
    const late: Work[] = [];
    for (let i = 0; i < this.#queue.length && this.#sending < this.#concurrency; ) {
      const w = this.#queue[i]!;
      const id = w.d.endpoint.id;
      if ((this.#sendingPer.get(id) ?? 0) >= this.#perEndpoint) {
        i++;
        continue;
      }
      this.#queue.splice(i, 1);
      bump(this.#queuedPer, id, -1);
      // Too little claim left for a whole attempt: another instance may take it meanwhile.
      if (w.expiresAt - this.#now() < this.#timeoutMs + RECORD_MARGIN_MS) late.push(w);
      else this.#start(w);
    }
    this.#drop(late);
  }

  /** Give claims back unsent. */
  #drop(work: Work[]): void {
    if (work.length === 0) return;
    for (const w of work) w.done('dropped');
    const p = this.#store
      .releaseClaims(
        this.#owner,
        work.map((w) => w.d.id),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          // They lapse on their own: due again once the claim expires.
          this.#log(`ixc-campsoft webhooks: releasing claims failed: ${(error as Error).message}`);
        },
      );
    this.#releasing.add(p);
    void p.then(() => this.#releasing.delete(p));
  }

  #start(w: Work): void {
    const id = w.d.endpoint.id;
    this.#sending++;
    bump(this.#sendingPer, id, 1);
    let sent = false;
    const onSent = () => {
      if (sent) return;
      sent = true;
      this.#sending--;
      bump(this.#sendingPer, id, -1);
      this.#finishedSinceClaim++;
      this.#pump();
      this.#maybeWake();
    };
    this.#deliver(w.d, onSent)
      .catch((error: unknown) => {
        // The claim lapses and another attempt follows: at least once.
        this.#log(
          `ixc-campsoft webhooks: delivery ${w.d.id} not recorded: ${(error as Error).message}`,
        );
        return 'error' as const;
      })
      .then((outcome) => {
        onSent();
        w.done(outcome);
        this.#maybeWake();
      });
  }

  async #deliver(d: ClaimedDelivery, onSent: () => void): Promise<DispatchEvent['type']> {
    const result = await attemptDelivery(d, {
      now: this.#now,
      agents: this.#agents,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      clienteDetails: this.#clienteDetails,
    });
    // The slot is free once the receiver answered; the outcome is written with others.
    this.#recording++;
    onSent();
    try {
      return await this.#settle(d, result);
    } finally {
      this.#recording--;
    }
  }

  async #settle(d: ClaimedDelivery, result: SendResult): Promise<DispatchEvent['type']> {
    const at = this.#now();
    const attempt = d.attempts + 1;
    const { outcome, nextAttemptAt, ok } = decideOutcome(result, attempt, at, this.#policy);
    this.#metrics.attempts++;
    if (outcome === 'delivered') this.#metrics.delivered++;
    else if (outcome === 'retry') this.#metrics.retries++;
    else this.#metrics.failed++;
    const recorded = await this.#recorder.record({
      deliveryId: d.id,
      owner: this.#owner,
      attemptedAt: at,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
      outcome,
      nextAttemptAt,
    });
    const base = {
      deliveryId: d.id,
      endpointId: d.endpoint.id,
      eventId: d.eventId,
      attempt,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
    };
    this.#onEvent?.({ ...base, type: outcome, nextAttemptAt });
    if (result.statusCode === 410) {
      await this.#disable(d.endpoint.id, 'gone', base);
    } else if (!ok && recorded.endpointFailingSince !== null) {
      if (at - recorded.endpointFailingSince >= this.#disableAfter) {
        await this.#disable(d.endpoint.id, 'failing', base);
      }
    }
    return outcome;
  }

  async #disable(
    endpointId: string,
    reason: DisableReason,
    base: Omit<DispatchEvent, 'type' | 'nextAttemptAt'>,
  ): Promise<void> {
    // Several attempts to one endpoint may come back at once: disable it once.
    if (this.#disabling.has(endpointId)) return;
    this.#disabling.add(endpointId);
    try {
      const disabled = await disableEndpoint({
        store: this.#store,
        endpointId,
        reason,
        now: this.#now,
        log: this.#log,
      });
      if (!disabled) return;
      this.#metrics.endpointsDisabled++;
      this.#onEvent?.({ ...base, type: 'endpoint_disabled', nextAttemptAt: null, reason });
      // What we claimed for it and did not send yet waits, like its other pending deliveries.
      const mine = this.#queue.filter((w) => w.d.endpoint.id === endpointId);
      if (mine.length > 0) {
        this.#queue = this.#queue.filter((w) => w.d.endpoint.id !== endpointId);
        bump(this.#queuedPer, endpointId, -mine.length);
        this.#drop(mine);
      }
    } finally {
      this.#disabling.delete(endpointId);
    }
  }
}
