/**
 * What each API request cost at IXC. Every request `serve` answers runs in an
 * AsyncLocalStorage context; each tenant's client gets a logger (the client's `logger`
 * option: one line per attempt with table, status, attempt number and ms) that adds the
 * attempt to that context, for the request's log line, and to the metrics. Reads shared
 * between requests (coalescing) run once, in the context of the request that started them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import type { IxcLogger, IxcRequestLog } from '../ixc/transport.js';
import type { ServePrincipal } from './keys.js';
import type { ServeMetrics } from './metrics.js';

/** Facts gathered while one API request is answered. */
export interface RequestFacts {
  ixcRequests: number;
  ixcMs: number;
  principal: ServePrincipal | undefined;
}

const storage = new AsyncLocalStorage<RequestFacts>();

/** Runs `fn` with fresh request facts. */
export function withRequestFacts<T>(fn: (facts: RequestFacts) => T): T {
  const facts: RequestFacts = { ixcRequests: 0, ixcMs: 0, principal: undefined };
  return storage.run(facts, () => fn(facts));
}

/** The facts of the request being answered, if any. */
export function currentFacts(): RequestFacts | undefined {
  return storage.getStore();
}

/**
 * An attempt's outcome label: `ok`, `http_4xx`/`http_5xx`, `ixc_error` (an error answer on
 * HTTP 200, or data that failed validation), `timeout`, `aborted` or `network_error`.
 */
export function outcomeOf(line: IxcRequestLog): string {
  if (line.error === undefined) return 'ok';
  if (line.error === 'IxcTimeoutError') return 'timeout';
  if (line.error === 'IxcAbortError') return 'aborted';
  if (line.error === 'IxcConnectionError') return 'network_error';
  if (line.status !== undefined && line.status >= 400) {
    return `http_${Math.floor(line.status / 100)}xx`;
  }
  return 'ixc_error';
}

/**
 * The client logger of one tenant: counts each attempt into the current request, the
 * metrics, and (at debug level) the log.
 *
 * @example
 * ```ts
 * new IxcCampsoftClient({ baseUrl, token, logger: ixcObserver('isp1', metrics, log) });
 * ```
 */
export function ixcObserver(
  tenant: string,
  metrics: ServeMetrics | undefined,
  log: Logger | undefined,
): IxcLogger {
  return {
    debug(message, line) {
      const facts = storage.getStore();
      if (facts) {
        facts.ixcRequests++;
        facts.ixcMs += line.ms;
      }
      const { table } = line;
      metrics?.ixcRequests.inc({ tenant, table, outcome: outcomeOf(line) });
      metrics?.ixcDuration.observe({ tenant, table }, line.ms / 1000);
      if (line.attempt > 1) metrics?.ixcRetries.inc({ tenant, table });
      log?.debug({ tenant, ...line }, message);
    },
  };
}
