/**
 * The only file that talks HTTP to IXC (through ky). One attempt = one ky call whose time limit
 * covers the headers *and* the body, because a slow IXC often trickles its body; retries
 * wrap attempts here rather than in ky so that a body cut mid-way or broken JSON is retried
 * like any other network failure. Every header that does not change between calls is set
 * once on the ky instance, so a call passes ky only its body, its timeout and, when the caller
 * gave one, its signal.
 */
import ky, { type KyInstance, type Options as KyOptions, TimeoutError } from 'ky';
import {
  IxcAbortError,
  IxcConnectionError,
  type IxcRequestFacts,
  IxcTimeoutError,
  isIxcCampsoftError,
  isIxcQueueTimeoutError,
} from '../errors.js';
import { BodyTimeout, readText } from './body.js';
import type { CallOptions } from './call-options.js';
import {
  type EnvelopeContext,
  errorFromBody,
  type IxcListEnvelope,
  parseListEnvelope,
} from './envelope.js';
import { ConcurrencyLimiter } from './limiter.js';
import type { IxcQueryBody } from './query.js';
import { isRetryable, parseRetryAfter, type RetryPolicy, retryDelay } from './retry.js';
import { USER_AGENT } from './user-agent.js';

/** TLS settings for IXC installs with self-signed or private-CA certificates. */
export interface IxcTlsOptions {
  /** Set `false` to accept any certificate (self-signed, IP-only). Defaults to `true`. */
  rejectUnauthorized?: boolean;
  /** PEM certificate(s) of the CA that signed IXC's certificate. */
  ca?: string | readonly string[];
}

/**
 * What the client's `logger` receives: one `debug` call per HTTP request to IXC. The data
 * never holds the token, a filter value or a row: only the table, the status, the attempt
 * and the time.
 */
export interface IxcLogger {
  debug(message: string, data: IxcRequestLog): void;
}

/** The fields of a request's log line. */
export interface IxcRequestLog {
  /** IXC table (resource) addressed. */
  table: string;
  /** HTTP status of IXC's answer; absent when none came (network failure, timeout, abort). */
  status?: number;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /** Milliseconds the attempt took, waiting for a request slot excluded. */
  ms: number;
  /** The error class of a failed attempt, e.g. `IxcServerError`. */
  error?: string;
}

/** What the transport needs; the client fills it from its validated options. */
export interface TransportConfig {
  /** `https://host/webservice/v1/` (always with the trailing slash). */
  apiUrl: string;
  /** `userId:token` as IXC shows it. */
  token: string;
  timeout: number;
  maxRetries: number;
  retry: RetryPolicy;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch | undefined;
  tls: IxcTlsOptions | undefined;
  /** Requests in flight at most; `Infinity` (the default) for no cap. */
  maxConcurrency?: number;
  /** Ms a request may wait for a slot under `maxConcurrency`. @defaultValue 30000 */
  queueTimeout?: number;
  logger?: IxcLogger | undefined;
  /** Clock in ms, for elapsed times and `Retry-After` dates. @defaultValue performance.now / Date.now */
  now?: () => number;
  /** Random source in [0, 1) for backoff jitter. @defaultValue Math.random */
  random?: () => number;
  /** Waits between attempts. @defaultValue a timer that the signal cancels */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** What one IXC request (all its attempts) gave: for `withResponse()` and logs. */
export interface IxcRequestInfo {
  /** IXC table addressed. */
  table: string;
  /** HTTP status of the answer that was used. */
  status: number;
  /** Headers of that answer. */
  headers: Headers;
  /** Attempts made, retries included. */
  attempts: number;
  /** Milliseconds from the first attempt to the parsed answer, backoff included. */
  ms: number;
}

/** A list envelope with the facts of the request that produced it. */
export interface IxcListResult extends IxcListEnvelope {
  info: IxcRequestInfo;
}

export type { CallOptions };

/** The raw answer of one write request ({@link IxcTransport.send}). */
export interface IxcRawAnswer {
  status: number;
  text: string;
  /** The token and its forms, to redact from any message built from `text`. */
  secrets: readonly string[];
}

/** Sends IXC queries with auth, timeouts, retries, a concurrency cap and error mapping. */
export class IxcTransport {
  readonly #config: TransportConfig;
  readonly #ky: KyInstance;
  readonly #limiter: ConcurrencyLimiter;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  #dispatcher: Promise<unknown> | undefined;
  readonly #secrets: string[];

  constructor(config: TransportConfig) {
    this.#config = config;
    const hash = config.token.slice(config.token.indexOf(':') + 1);
    this.#secrets = [config.token, hash, base64(config.token)];
    this.#limiter = new ConcurrencyLimiter(
      config.maxConcurrency ?? Number.POSITIVE_INFINITY,
      config.queueTimeout ?? 30_000,
    );
    this.#now = config.now ?? (() => performance.now());
    this.#random = config.random ?? Math.random;
    this.#sleep = config.sleep ?? sleep;
    const userFetch = config.fetch;
    this.#ky = ky.create({
      prefixUrl: config.apiUrl,
      headers: {
        'user-agent': USER_AGENT,
        ...config.headers,
        accept: 'application/json, text/x-json, */*',
        'content-type': 'application/json',
        ixcsoft: 'listar',
        authorization: `Basic ${base64(config.token)}`,
      },
      // Read globalThis.fetch at call time, so msw or a test double installed after the
      // client was built is still seen.
      fetch: (input, init) => withBody(userFetch ?? globalThis.fetch, input, init),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
    });
  }

  /** Requests in flight and waiting for a slot (with `maxConcurrency`). */
  get load(): { active: number; queued: number } {
    return { active: this.#limiter.active, queued: this.#limiter.queued };
  }

  /**
   * Runs a query (`POST` + `ixcsoft: listar`) with retries, and returns IXC's list envelope
   * with the facts of the request (`info`).
   *
   * @throws {IxcApiError} and subclasses, {@link IxcConnectionError}, {@link IxcTimeoutError},
   *   {@link IxcQueueTimeoutError}, {@link IxcAbortError}.
   */
  async list(
    table: string,
    body: IxcQueryBody,
    options: CallOptions = {},
    /** `JSON.stringify(body)`, when the caller already has it. */
    json: string = JSON.stringify(body),
  ): Promise<IxcListResult> {
    const facts: IxcRequestFacts = { method: 'POST', table };
    const { signal } = options;
    const maxRetries = options.maxRetries ?? this.#config.maxRetries;
    const offset = (Number(body.page) - 1) * Number(body.rp);
    const started = this.#now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
      try {
        const result = await this.#attempt(table, json, offset, facts, attempt, options);
        result.info.attempts = attempt;
        result.info.ms = this.#now() - started;
        return result;
      } catch (error) {
        if (
          attempt > maxRetries ||
          isIxcQueueTimeoutError(error) ||
          !isRetryable(error, this.#config.retry)
        )
          throw error;
        const wait = retryDelay(attempt, error, this.#config.retry, this.#random);
        await this.#sleep(wait, signal).catch((cause: unknown) => {
          throw isIxcCampsoftError(cause) ? cause : new IxcAbortError(facts, { cause });
        });
      }
    }
  }

  async #attempt(
    table: string,
    json: string,
    offset: number,
    facts: IxcRequestFacts,
    attempt: number,
    options: CallOptions,
  ): Promise<IxcListResult> {
    const { signal } = options;
    const slot = this.#limiter.acquire(signal, facts);
    const release = typeof slot === 'function' ? slot : await slot;
    const timeout = options.timeout ?? this.#config.timeout;
    const deadline = performance.now() + timeout;
    const started = this.#now();
    let status: number | undefined;
    try {
      const init: KyOptions = { method: 'POST', body: json };
      if (options.headers) init.headers = options.headers;
      const response = await this.#request(table, init, timeout, signal);
      status = response.status;
      const text = await readText(response, deadline);
      const ctx: EnvelopeContext = {
        method: facts.method,
        table,
        status,
        secrets: this.#secrets,
        offset,
      };
      if (!response.ok) {
        throw errorFromBody(text, ctx, parseRetryAfter(response.headers.get('retry-after')));
      }
      const envelope = parseListEnvelope(text, ctx) as IxcListResult;
      envelope.info = { table, status, headers: response.headers, attempts: attempt, ms: 0 };
      this.#log(table, status, attempt, started, undefined);
      return envelope;
    } catch (error) {
      const mapped = this.#map(error, facts, signal, timeout);
      this.#log(table, status, attempt, started, mapped);
      throw mapped;
    } finally {
      release();
    }
  }

  /**
   * Sends one request through ky, `timeout` ms allowed for its headers; the caller reads the
   * body with {@link readText} by the same deadline. ky's own timeout aborts the controller
   * ky makes for every request anyway, so an attempt makes no controller of its own, and ky
   * combines signals only when the caller gave one.
   */
  async #request(
    path: string,
    init: KyOptions & { dispatcher?: unknown },
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    init.timeout = timeout;
    if (signal) init.signal = signal;
    if (typeof init.body === 'string') {
      (init as { ixcBody?: string }).ixcBody = init.body;
      init.body = undefined;
    }
    if (this.#config.tls) init.dispatcher = await this.#tlsDispatcher();
    return this.#ky(path, init);
  }

  #map(
    error: unknown,
    facts: IxcRequestFacts,
    caller: AbortSignal | undefined,
    timeout: number,
  ): unknown {
    if (isIxcCampsoftError(error)) return error;
    if (caller?.aborted) return new IxcAbortError(facts, { cause: caller.reason });
    if (error instanceof TimeoutError || error instanceof BodyTimeout) {
      return new IxcTimeoutError(timeout, facts);
    }
    return new IxcConnectionError(describeNetworkError(error), facts, { cause: error });
  }

  #log(
    table: string,
    status: number | undefined,
    attempt: number,
    started: number,
    error: unknown,
  ): void {
    const logger = this.#config.logger;
    if (!logger) return;
    const line: IxcRequestLog = { table, attempt, ms: Math.round(this.#now() - started) };
    if (status !== undefined) line.status = status;
    if (error !== undefined) line.error = (error as Error).name;
    try {
      logger.debug('ixc request', line);
    } catch {
      // A failing logger must not fail the read.
    }
  }

  /**
   * Sends one request without `ixcsoft: listar` and never retries it: the write primitives
   * (src/ixc/write.ts) read the answer themselves, because a failed write may have been
   * applied. Network failures map as for reads; `secrets` lets the caller redact messages.
   */
  async send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: Readonly<Record<string, string>> | undefined,
    options: CallOptions = {},
  ): Promise<IxcRawAnswer> {
    const table = path.split('/')[0] ?? path;
    const facts: IxcRequestFacts = { method, table };
    const { signal } = options;
    if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
    // Writes wait for a slot like reads: the cap protects IXC whatever the request is.
    const slot = this.#limiter.acquire(signal, facts);
    const release = typeof slot === 'function' ? slot : await slot;
    const timeout = options.timeout ?? this.#config.timeout;
    const deadline = performance.now() + timeout;
    const started = this.#now();
    let status: number | undefined;
    try {
      const init: KyOptions = {
        method,
        // ky drops a header set to undefined: a write must not carry `ixcsoft: listar`, which
        // the instance sends by default and which would turn an insert into a query.
        headers: { ...options.headers, ixcsoft: undefined },
      };
      if (body) init.body = JSON.stringify(body);
      const response = await this.#request(path, init, timeout, signal);
      status = response.status;
      const text = await readText(response, deadline);
      this.#log(table, status, 1, started, undefined);
      return { status, text, secrets: this.#secrets };
    } catch (error) {
      const mapped = this.#map(error, facts, signal, timeout);
      this.#log(table, status, 1, started, mapped);
      throw mapped;
    } finally {
      release();
    }
  }

  // undici is loaded only when TLS options are given, so the common path does not pay for it.
  // One Agent per transport: its kept-alive connections serve every later round. With
  // `maxConcurrency`, the Agent holds as many connections at most: undici frees a connection
  // a moment after its answer is read, so a next round sent at once would otherwise open
  // new ones (and pay a TLS handshake each) rather than wait that moment for the old ones.
  #tlsDispatcher(): Promise<unknown> {
    this.#dispatcher ??= import('undici').then(({ Agent }) => {
      const tls = this.#config.tls ?? {};
      const cap = this.#config.maxConcurrency ?? Number.POSITIVE_INFINITY;
      return new Agent({
        ...(Number.isFinite(cap) ? { connections: cap } : {}),
        connect: {
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
          ...(tls.ca ? { ca: typeof tls.ca === 'string' ? tls.ca : [...tls.ca] } : {}),
        },
      });
    });
    return this.#dispatcher;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail =
    cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `Could not reach IXC: ${detail}`;
}

/**
 * Calls `fetch` with the request ky made, its body put back. ky is given no body: it clones
 * every request it sends (a copy of the body stream for retries it would make, which this
 * transport never asks of it) and cancels both bodies after, and cancelling the one fetch
 * read fails, with an error built and thrown away on every request.
 */
function withBody(
  fetch: typeof globalThis.fetch,
  input: RequestInfo | URL,
  init: (RequestInit & { ixcBody?: string }) | undefined,
): Promise<Response> {
  const body = init?.ixcBody;
  if (body === undefined) return fetch(input, init);
  const { ixcBody: _, ...rest } = init!;
  return fetch(new Request(input, { body }), rest);
}

/** The default wait between attempts: a timer the caller's signal cancels. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

// btoa only takes Latin-1, and Buffer is missing on fetch-only runtimes: encode UTF-8 first.
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
