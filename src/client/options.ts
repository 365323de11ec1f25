/**
 * Options of {@link IxcCampsoftClient}, validated once at construction so a bad token or URL
 * fails where it is written, not at the first request.
 */
import { z } from 'zod';
import { IxcConfigurationError } from '../errors.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../ixc/retry.js';
import type { IxcLogger, IxcTlsOptions } from '../ixc/transport.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';

export { MAX_PAGE_SIZE };

/** Options of the client. Only `baseUrl` and `token` are required. */
export interface IxcCampsoftClientOptions {
  /**
   * The IXC host (`https://ixc.isp.com.br`) or the full webservice URL
   * (`https://ixc.isp.com.br/webservice/v1`); both work.
   */
  baseUrl: string;
  /** `"<userId>:<token>"` exactly as IXC shows it; sent as HTTP Basic. */
  token: string;
  /** Time allowed for one attempt (headers and body), in ms. @defaultValue 30000 */
  timeout?: number;
  /** Retries of a failed read (never of a write). @defaultValue 2 */
  maxRetries?: number;
  /** Backoff and retry tuning. @defaultValue see {@link DEFAULT_RETRY} */
  retry?: Partial<RetryPolicy>;
  /** Rows per page (IXC `rp`) for list methods, 1–500. @defaultValue 100 */
  pageSize?: number;
  /** A fetch implementation; `globalThis.fetch` (read at each call) when omitted. */
  fetch?: typeof globalThis.fetch;
  /** TLS settings for self-signed or private-CA IXC certificates (Node only). */
  tls?: IxcTlsOptions;
  /** Extra headers sent with every IXC request. */
  headers?: Record<string, string>;
  /**
   * Cache reads of some tables for `ttl` ms. Off by default. `tables` defaults to
   * `['vd_contratos']` (plans change rarely and are read by every method).
   */
  cache?: { ttl: number; tables?: string[] } | false;
  /** Share identical reads in flight (100 concurrent `getCliente(7)` → 1 request). @defaultValue true */
  coalesce?: boolean;
  /**
   * Requests in flight to this IXC at most; more wait in a first-come-first-served queue.
   * IXC installs are small servers that answer 504 when pressed. @defaultValue no cap
   */
  maxConcurrency?: number;
  /**
   * Ms a request may wait for a slot under `maxConcurrency`, then fails with
   * `IxcQueueTimeoutError` (IXC was not asked). @defaultValue 30000
   */
  queueTimeout?: number;
  /**
   * Receives one `debug` line per HTTP request to IXC: table, status, attempt and ms,
   * never the token, a filter value or a row. `console` works, as does a pino logger
   * wrapped as `{ debug: (msg, data) => log.debug(data, msg) }`.
   */
  logger?: IxcLogger;
}

const OptionsSchema = z.object({
  baseUrl: z
    .string({ error: 'baseUrl is required' })
    .url('baseUrl must be an absolute http(s) URL such as https://ixc.example.com.br')
    .refine((u) => /^https?:\/\//i.test(u), 'baseUrl must use http or https'),
  token: z
    .string({ error: 'token is required' })
    .regex(
      /^\s*\d+\s*:\s*\S+\s*$/,
      'token must be "<userId>:<token>" as IXC shows it (e.g. 12:6a41…)',
    ),
  timeout: z.number().int().positive().max(600_000).default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  retry: z
    .object({
      baseDelay: z.number().min(0),
      maxDelay: z.number().min(0),
      maxRetryAfter: z.number().min(0),
      onTimeout: z.boolean(),
      statuses: z.array(z.number().int().min(100).max(599)),
    })
    .partial()
    .optional(),
  pageSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE, `pageSize cannot exceed ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  fetch: z
    .custom<typeof globalThis.fetch>((v) => typeof v === 'function', 'fetch must be a function')
    .optional(),
  tls: z
    .object({
      rejectUnauthorized: z.boolean().optional(),
      ca: z.union([z.string(), z.array(z.string())]).optional(),
    })
    .optional(),
  headers: z.record(z.string(), z.string()).optional(),
  cache: z
    .union([
      z.literal(false),
      z.object({
        ttl: z.number().int().min(0),
        tables: z.array(z.string()).optional(),
      }),
    ])
    .optional(),
  coalesce: z.boolean().default(true),
  maxConcurrency: z.number().int().min(1).optional(),
  queueTimeout: z.number().int().min(0).max(600_000).default(30_000),
  logger: z
    .custom<IxcLogger>(
      (v) => typeof v === 'object' && v !== null && typeof (v as IxcLogger).debug === 'function',
      'logger must have a debug(message, data) method',
    )
    .optional(),
});

/** Options after validation and defaults. */
export interface ResolvedOptions {
  apiUrl: string;
  token: string;
  timeout: number;
  maxRetries: number;
  retry: RetryPolicy;
  pageSize: number;
  fetch: typeof globalThis.fetch | undefined;
  tls: IxcTlsOptions | undefined;
  headers: Record<string, string>;
  cacheTtl: number;
  cacheTables: ReadonlySet<string>;
  coalesce: boolean;
  maxConcurrency: number;
  queueTimeout: number;
  logger: IxcLogger | undefined;
}

/** Accepts the host or the full webservice URL and returns `…/webservice/v1/`. */
export function toApiUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = /\/webservice\/v1$/.test(path) ? `${path}/` : `${path}/webservice/v1/`;
  return url.toString();
}

/**
 * Validates options; throws {@link IxcConfigurationError} naming each bad option. The token's
 * value never appears in the message.
 */
export function resolveOptions(input: IxcCampsoftClientOptions): ResolvedOptions {
  const parsed = OptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new IxcConfigurationError(
      'Invalid IxcCampsoftClient options',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const o = parsed.data;
  const cache = o.cache || undefined;
  return {
    apiUrl: toApiUrl(o.baseUrl),
    token: o.token.replace(/\s+/g, ''),
    timeout: o.timeout,
    maxRetries: o.maxRetries,
    retry: { ...DEFAULT_RETRY, ...o.retry },
    pageSize: o.pageSize,
    fetch: o.fetch,
    tls: o.tls,
    headers: o.headers ?? {},
    cacheTtl: cache?.ttl ?? 0,
    cacheTables: new Set(cache?.tables ?? ['vd_contratos']),
    coalesce: o.coalesce,
    maxConcurrency: o.maxConcurrency ?? Number.POSITIVE_INFINITY,
    queueTimeout: o.queueTimeout,
    logger: o.logger,
  };
}
