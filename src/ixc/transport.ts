/**
 * The only file that talks HTTP to IXC (through ky). One attempt = one ky call whose timeout
 * covers the headers *and* the body, because a slow IXC often trickles its body; retries
 * wrap attempts here rather than in ky so that a body cut mid-way or broken JSON is retried
 * like any other network failure.
 */
import ky, { type KyInstance } from 'ky';
import {
  IxcAbortError,
  IxcConnectionError,
  type IxcRequestFacts,
  IxcTimeoutError,
  isIxcCampsoftError,
} from '../errors.js';
import { errorFromBody, type IxcListEnvelope, parseListEnvelope } from './envelope.js';
import type { IxcQueryBody } from './query.js';
import { isRetryable, parseRetryAfter, type RetryPolicy, retryDelay } from './retry.js';

/** TLS settings for IXC installs with self-signed or private-CA certificates. */
export interface IxcTlsOptions {
  /** Set `false` to accept any certificate (self-signed, IP-only). Defaults to `true`. */
  rejectUnauthorized?: boolean;
  /** PEM certificate(s) of the CA that signed IXC's certificate. */
  ca?: string | readonly string[];
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
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

/** The raw answer of one write request ({@link IxcTransport.send}). */
export interface IxcRawAnswer {
  status: number;
  text: string;
  /** The token and its forms, to redact from any message built from `text`. */
  secrets: readonly string[];
}

const TIMEOUT = Symbol('timeout');

/** Sends IXC queries with auth, timeouts, retries and error mapping. */
export class IxcTransport {
  readonly #config: TransportConfig;
  readonly #ky: KyInstance;
  #dispatcher: Promise<unknown> | undefined;
  readonly #secrets: string[];

  constructor(config: TransportConfig) {
    this.#config = config;
    const hash = config.token.slice(config.token.indexOf(':') + 1);
    this.#secrets = [config.token, hash, base64(config.token)];
    const userFetch = config.fetch;
    this.#ky = ky.create({
      prefixUrl: config.apiUrl,
      headers: {
        ...config.headers,
        accept: 'application/json, text/x-json, */*',
        authorization: `Basic ${base64(config.token)}`,
      },
      // Read globalThis.fetch at call time, so msw or a test double installed after the
      // client was built is still seen.
      fetch: (input, init) => (userFetch ?? globalThis.fetch)(input, init),
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
    });
  }

  /**
   * Runs a query (`POST` + `ixcsoft: listar`) with retries, and returns IXC's list envelope.
   *
   * @throws {IxcApiError} and subclasses, {@link IxcConnectionError}, {@link IxcTimeoutError},
   *   {@link IxcAbortError}.
   */
  async list(
    table: string,
    body: IxcQueryBody,
    options: CallOptions = {},
  ): Promise<IxcListEnvelope> {
    const facts: IxcRequestFacts = { method: 'POST', table };
    const { signal } = options;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
      try {
        return await this.#attempt(table, body, facts, signal);
      } catch (error) {
        if (attempt >= this.#config.maxRetries || !isRetryable(error, this.#config.retry))
          throw error;
        await sleep(retryDelay(attempt + 1, error, this.#config.retry), signal, facts);
      }
    }
  }

  async #attempt(
    table: string,
    body: IxcQueryBody,
    facts: IxcRequestFacts,
    signal: AbortSignal | undefined,
  ): Promise<IxcListEnvelope> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.#config.timeout);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const dispatcher = this.#config.tls ? await this.#tlsDispatcher() : undefined;
      const response = await this.#ky.post(table, {
        json: body,
        headers: { ixcsoft: 'listar' },
        signal: controller.signal,
        ...(dispatcher ? { dispatcher } : {}),
      });
      const text = await response.text();
      const offset = (Number(body.page) - 1) * Number(body.rp);
      const ctx = { ...facts, status: response.status, secrets: this.#secrets, offset };
      if (!response.ok) {
        throw errorFromBody(text, ctx, parseRetryAfter(response.headers.get('retry-after')));
      }
      return parseListEnvelope(text, ctx);
    } catch (error) {
      if (isIxcCampsoftError(error)) throw error;
      if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
      if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
        throw new IxcTimeoutError(this.#config.timeout, facts);
      }
      throw new IxcConnectionError(describeNetworkError(error), facts, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
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
    const facts: IxcRequestFacts = { method, table: path.split('/')[0] };
    const { signal } = options;
    if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.#config.timeout);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const dispatcher = this.#config.tls ? await this.#tlsDispatcher() : undefined;
      const response = await this.#ky(path, {
        method,
        ...(body ? { json: body } : {}),
        signal: controller.signal,
        ...(dispatcher ? { dispatcher } : {}),
      });
      return { status: response.status, text: await response.text(), secrets: this.#secrets };
    } catch (error) {
      if (isIxcCampsoftError(error)) throw error;
      if (signal?.aborted) throw new IxcAbortError(facts, { cause: signal.reason });
      if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
        throw new IxcTimeoutError(this.#config.timeout, facts);
      }
      throw new IxcConnectionError(describeNetworkError(error), facts, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  // undici is loaded only when TLS options are given, so the common path does not pay for it.
  #tlsDispatcher(): Promise<unknown> {
    this.#dispatcher ??= import('undici').then(({ Agent }) => {
      const tls = this.#config.tls ?? {};
      return new Agent({
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

function sleep(ms: number, signal: AbortSignal | undefined, facts: IxcRequestFacts): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new IxcAbortError(facts, { cause: signal.reason }));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new IxcAbortError(facts, { cause: signal?.reason }));
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
