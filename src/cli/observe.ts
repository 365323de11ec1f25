/**
 * What each API request cost at IXC. Every request `serve` answers runs in an
 * AsyncLocalStorage context; each tenant's client gets a `fetch` that counts its IXC
 * requests into that context (for the log line) and into the metrics. Wrapping `fetch`
 * keeps this outside the client: it sees every attempt, retries included. A retry is an
 * attempt at the same table with the same body, in the same API request, after a failed
 * one: the client retries exactly that way, and reads shared between requests (coalescing)
 * run once, in the context of the request that started them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServePrincipal } from './keys.js';
import type { ServeMetrics } from './metrics.js';

/** Facts gathered while one API request is answered. */
export interface RequestFacts {
  ixcRequests: number;
  ixcMs: number;
  principal: ServePrincipal | undefined;
  /** Attempts that failed, by `table body`, to recognise a retry. */
  failed: Set<string> | undefined;
}

const storage = new AsyncLocalStorage<RequestFacts>();

/** Runs `fn` with fresh request facts. */
export function withRequestFacts<T>(fn: (facts: RequestFacts) => T): T {
  const facts: RequestFacts = { ixcRequests: 0, ixcMs: 0, principal: undefined, failed: undefined };
  return storage.run(facts, () => fn(facts));
}

/** The facts of the request being answered, if any. */
export function currentFacts(): RequestFacts | undefined {
  return storage.getStore();
}

/** `/webservice/v1/cliente` → `cliente`. */
function tableOf(input: unknown): string {
  const url =
    typeof input === 'string' ? input : input instanceof URL ? input.href : (input as Request).url;
  const path = new URL(url).pathname;
  const table = path.slice(path.lastIndexOf('/') + 1);
  return /^[a-z0-9_]{1,64}$/.test(table) ? table : 'other';
}

async function bodyOf(input: unknown, init: RequestInit | undefined): Promise<string> {
  if (typeof init?.body === 'string') return init.body;
  if (input instanceof Request) return input.clone().text();
  return '';
}

/** `ok`, `http_4xx`, `http_5xx`, `ixc_error` (IXC's error on HTTP 200 is not seen here), or the failure. */
function outcomeOf(
  response: Response | undefined,
  error: unknown,
  signal: AbortSignal | null | undefined,
): string {
  if (response) return response.ok ? 'ok' : `http_${Math.floor(response.status / 100)}xx`;
  if (signal?.aborted) return 'aborted';
  void error;
  return 'network_error';
}

/**
 * A `fetch` for one tenant's client that records each attempt.
 *
 * @example
 * ```ts
 * new IxcCampsoftClient({ baseUrl, token, fetch: observedFetch('isp1', metrics) });
 * ```
 */
export function observedFetch(tenant: string, metrics: ServeMetrics | undefined): typeof fetch {
  return async (input, init) => {
    const facts = storage.getStore();
    const table = tableOf(input);
    const key = `${table} ${await bodyOf(input, init)}`;
    if (facts?.failed?.has(key)) metrics?.ixcRetries.inc({ tenant, table });
    const started = performance.now();
    let response: Response | undefined;
    let error: unknown;
    try {
      response = await globalThis.fetch(input, init);
      return response;
    } catch (e) {
      error = e;
      throw e;
    } finally {
      const ms = performance.now() - started;
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const outcome = outcomeOf(response, error, signal);
      if (facts) {
        facts.ixcRequests++;
        facts.ixcMs += ms;
        if (outcome !== 'ok') {
          facts.failed ??= new Set();
          facts.failed.add(key);
        }
      }
      metrics?.ixcRequests.inc({ tenant, table, outcome });
      metrics?.ixcDuration.observe({ tenant, table }, ms / 1000);
    }
  };
}
