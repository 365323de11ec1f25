/**
 * The dispatcher drains the outbox: claims due deliveries, signs and sends them, records each
 * attempt and schedules the next. At least once; a bound per endpoint; a loop that stops
 * gracefully; `runOnce()` for tests and for callers with their own loop.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Agent } from 'undici';
import type { CampsoftStore, ClaimedDelivery, EndpointSecret } from '../../store/types.js';
import { signatureHeaders } from '../signing.js';
import { bodyWithCliente, type ClienteDetailsLookup } from './cliente-details.js';
import { endpointDisabledEvent } from './operational.js';
import {
  DEFAULT_DISABLE_AFTER_MS,
  DEFAULT_RETRY_AFTER_CAP_MS,
  DEFAULT_SCHEDULE,
  parseRetryAfter,
  retryDelay,
} from './schedule.js';
import { type SendResult, sendAttempt } from './send.js';
import { guardedLookup, type Resolver, systemResolver } from './ssrf.js';

/** Something the dispatcher did, for logs and metrics. */
export interface DispatchEvent {
  type: 'delivered' | 'retry' | 'failed' | 'endpoint_disabled';
  deliveryId: string;
  endpointId: string;
  eventId: string;
  /** Attempt number within the round, from 1. */
  attempt: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  nextAttemptAt: number | null;
  /** For `endpoint_disabled`: `gone` (410) or `failing` (5 days). */
  reason?: string;
}

/** Options of {@link WebhookDispatcher}. */
export interface DispatcherOptions {
  store: CampsoftStore;
  /** Clock, epoch ms (default `Date.now`). Due times and signatures follow it. */
  now?: () => number;
  /** Random in [0, 1) for jitter (default `Math.random`). */
  random?: () => number;
  /** This instance's name in claims (default host:pid:random). */
  owner?: string;
  /** Attempts in flight at once (default 32). */
  concurrency?: number;
  /** Attempts in flight per endpoint (default 4). */
  perEndpointConcurrency?: number;
  /** Whole-attempt deadline (default 15 000 ms). */
  timeoutMs?: number;
  /** Bytes of a receiver's answer read (default 1024). */
  maxResponseBytes?: number;
  /** Delay before attempt n+1 after n failures (default {@link DEFAULT_SCHEDULE}). */
  schedule?: readonly number[];
  /** Jitter fraction (default 0.2, i.e. ±20 %). */
  jitter?: number;
  /** Longest `Retry-After` honoured (default 24 h). */
  retryAfterCapMs?: number;
  /** Disable an endpoint failing without a break this long (default 5 days). */
  disableAfterMs?: number;
  /** Idle poll period of `start()` (default 1000 ms). */
  pollIntervalMs?: number;
  /** Resolver for the SSRF guard (tests; default the system's). */
  resolver?: Resolver;
  /**
   * Reads `data.cliente` for endpoints with `includeCliente` (see `clienteDetailsLookup`).
   * Without it, deliveries to such endpoints fail and say why.
   */
  clienteDetails?: ClienteDetailsLookup;
  /** Called for each outcome. */
  onEvent?: (event: DispatchEvent) => void;
  /** Log lines (default stderr). */
  log?: (line: string) => void;
}

/** What one {@link WebhookDispatcher.runOnce} did. */
export interface RunResult {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
}

/** Counters since start. */
export interface DispatcherMetrics {
  attempts: number;
  delivered: number;
  retries: number;
  failed: number;
  endpointsDisabled: number;
  inFlight: number;
}

function activeSecrets(secrets: EndpointSecret[], now: number): string[] {
  const active = secrets.filter((s) => s.expiresAt === null || s.expiresAt > now);
  // Never sign with nothing: the newest secret stays valid whatever its date says.
  return (active.length > 0 ? active : secrets.slice(0, 1)).map((s) => s.secret);
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
  readonly #random: () => number;
  readonly #owner: string;
  readonly #concurrency: number;
  readonly #perEndpoint: number;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #schedule: readonly number[];
  readonly #jitter: number;
  readonly #retryAfterCap: number;
  readonly #disableAfter: number;
  readonly #pollMs: number;
  readonly #onEvent: ((event: DispatchEvent) => void) | undefined;
  readonly #clienteDetails: ClienteDetailsLookup | undefined;
  readonly #log: (line: string) => void;
  readonly #agents: { guarded: Agent; open: Agent };
  readonly #inflight = new Set<Promise<void>>();
  readonly #busy = new Map<string, number>();
  readonly #metrics = { attempts: 0, delivered: 0, retries: 0, failed: 0, endpointsDisabled: 0 };
  #running = false;
  #closed = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(options: DispatcherOptions) {
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#concurrency = options.concurrency ?? 32;
    this.#perEndpoint = options.perEndpointConcurrency ?? 4;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxResponseBytes = options.maxResponseBytes ?? 1024;
    this.#schedule = options.schedule ?? DEFAULT_SCHEDULE;
    this.#jitter = options.jitter ?? 0.2;
    this.#retryAfterCap = options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS;
    this.#disableAfter = options.disableAfterMs ?? DEFAULT_DISABLE_AFTER_MS;
    this.#pollMs = options.pollIntervalMs ?? 1000;
    this.#onEvent = options.onEvent;
    this.#clienteDetails = options.clienteDetails;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
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
    return { ...this.#metrics, inFlight: this.#inflight.size };
  }

  /**
   * Claim what is due now and send it all; resolves when every attempt is recorded.
   *
   * @example
   * ```ts
   * clock.advance(5_000);
   * const { delivered } = await dispatcher.runOnce();
   * ```
   */
  async runOnce(): Promise<RunResult> {
    const claimed = await this.#claim(this.#concurrency - this.#inflight.size);
    const outcomes = await Promise.all(claimed.map((d) => this.#track(d)));
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
    this.#loop = this.#run();
  }

  /** Look for due deliveries now (after new events were stored). */
  wake(): void {
    this.#wake?.();
  }

  /** Stop claiming, let attempts in flight finish and be recorded, then resolve. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#loop = null;
    await Promise.allSettled([...this.#inflight]);
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
      const free = this.#concurrency - this.#inflight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const due = await this.#claim(free);
          claimed = due.length;
          for (const d of due) void this.#track(d);
        } catch (error) {
          this.#log(
            `ixc-campsoft webhooks: claiming deliveries failed: ${(error as Error).message}`,
          );
        }
      }
      if (!this.#running) break;
      if (claimed === 0 || claimed >= free) await this.#idle();
    }
  }

  /** Wait for the poll period, a wake-up, or a free slot. */
  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.#pollMs);
      this.#wake = done;
    });
  }

  #claim(limit: number): Promise<ClaimedDelivery[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.#store.claimDeliveries({
      owner: this.#owner,
      limit,
      claimMs: this.#timeoutMs * 2 + 30_000,
      maxPerEndpoint: this.#perEndpoint,
      busy: Object.fromEntries(this.#busy),
    });
  }

  #track(d: ClaimedDelivery): Promise<DispatchEvent['type'] | 'error'> {
    const id = d.endpoint.id;
    this.#busy.set(id, (this.#busy.get(id) ?? 0) + 1);
    const work = this.#deliver(d).catch((error: unknown) => {
      // The claim lapses and another attempt follows: at least once.
      this.#log(
        `ixc-campsoft webhooks: delivery ${d.id} not recorded: ${(error as Error).message}`,
      );
      return 'error' as const;
    });
    const settled = work.then(() => {
      const n = (this.#busy.get(id) ?? 1) - 1;
      if (n <= 0) this.#busy.delete(id);
      else this.#busy.set(id, n);
      this.#inflight.delete(settled);
      // Claim in batches: wake the loop once half the slots are free, not on every finish.
      if (this.#inflight.size <= this.#concurrency / 2) this.#wake?.();
    });
    this.#inflight.add(settled);
    return work;
  }

  /** Sign and send; the customer's details first when the endpoint opted in. */
  async #send(d: ClaimedDelivery): Promise<SendResult> {
    let body = d.body;
    if (d.endpoint.includeCliente) {
      try {
        body = await bodyWithCliente(d.body, this.#clienteDetails);
      } catch (error) {
        const reason = (error as Error).message ?? String(error);
        return {
          statusCode: null,
          error: `customer details could not be read: ${reason}`,
          durationMs: 0,
          retryAfter: undefined,
        };
      }
    }
    const headers = signatureHeaders({
      id: d.eventId,
      timestampSec: Math.floor(this.#now() / 1000),
      body,
      secrets: activeSecrets(d.endpoint.secrets, this.#now()),
    });
    return sendAttempt({
      url: d.endpoint.url,
      allowInsecure: d.endpoint.allowInsecure,
      headers,
      body,
      agent: d.endpoint.allowInsecure ? this.#agents.open : this.#agents.guarded,
      timeoutMs: this.#timeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
    });
  }

  async #deliver(d: ClaimedDelivery): Promise<DispatchEvent['type']> {
    const result = await this.#send(d);
    const at = this.#now();
    const attempt = d.attempts + 1;
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    let nextAttemptAt: number | null = null;
    let outcome: DispatchEvent['type'] = 'delivered';
    if (!ok) {
      let delay = retryDelay(attempt, this.#schedule, this.#jitter, this.#random);
      if (delay !== null && (result.statusCode === 429 || result.statusCode === 503)) {
        const asked = parseRetryAfter(result.retryAfter, at);
        if (asked !== null) delay = Math.min(asked, this.#retryAfterCap);
      }
      outcome = delay === null ? 'failed' : 'retry';
      nextAttemptAt = delay === null ? null : at + delay;
    }
    this.#metrics.attempts++;
    if (outcome === 'delivered') this.#metrics.delivered++;
    else if (outcome === 'retry') this.#metrics.retries++;
    else this.#metrics.failed++;
    const recorded = await this.#store.recordAttempt({
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
    reason: 'gone' | 'failing',
    base: Omit<DispatchEvent, 'type' | 'nextAttemptAt'>,
  ): Promise<void> {
    const endpoint = await this.#store.getEndpoint(endpointId);
    if (!endpoint?.enabled) return;
    await this.#store.updateEndpoint(endpointId, { enabled: false, disabledReason: reason });
    this.#metrics.endpointsDisabled++;
    this.#log(
      `ixc-campsoft webhooks: endpoint ${endpointId} disabled (${
        reason === 'gone'
          ? 'the receiver answered 410 Gone'
          : 'failing for 5 days without a success'
      }); enable it again once ${endpoint.url} works`,
    );
    this.#onEvent?.({ ...base, type: 'endpoint_disabled', nextAttemptAt: null, reason });
    const others = (await this.#store.listEndpoints({ enabled: true })).filter((e) =>
      e.eventTypes.some((t) => t === 'webhook.endpoint_disabled' || t === 'webhook.*'),
    );
    if (others.length > 0) {
      await this.#store.emitEvents([endpointDisabledEvent(endpoint, reason, this.#now())], {
        endpointIds: others.map((e) => e.id),
      });
    }
  }
}
