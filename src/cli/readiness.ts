/**
 * Whether each tenant's IXC answers: a cheap authenticated query (one row of
 * `vd_contratos`, read raw so odd data cannot fail it) through a client of its own with no
 * retries and a short timeout, so a probe says "down" within seconds. Results are cached a
 * few seconds, and one probe per tenant runs at a time: a load balancer polling /readyz
 * costs IXC at most one small query per tenant per interval.
 */
import { IxcCampsoftClient } from '../client/client.js';
import {
  isIxcApiError,
  isIxcAuthenticationError,
  isIxcConnectionError,
  isIxcTimeoutError,
} from '../errors.js';
import type { TenantConfig } from './config.js';
import type { ServeMetrics } from './metrics.js';
import { ixcObserver } from './observe.js';

/** One tenant's last check. */
export interface TenantStatus {
  tenant: string;
  ok: boolean;
  /** Why it failed, in words that name no secret. */
  reason?: string;
  /** When the check finished (ms since the epoch, from `now()`). */
  checkedAt: number;
}

/** Options of {@link createReadiness}. */
export interface ReadinessOptions {
  /** How long a result stands. @defaultValue 5000 */
  ttlMs?: number;
  /** Time one probe may take. @defaultValue 3000 */
  timeoutMs?: number;
  now?: () => number;
  metrics?: ServeMetrics;
}

/** Checks the tenants. */
export interface Readiness {
  /** Every tenant's status, probing those whose result is older than the TTL. */
  check(): Promise<TenantStatus[]>;
}

/** Words for a failed probe: which of the usual causes it is, never the token. */
export function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; status?: number };
  if (isIxcAuthenticationError(error)) return 'IXC refused the token (401): check the token';
  if (isIxcApiError(error) && error.status === 403) {
    return "IXC refused the token's user (403): give it permission to read vd_contratos";
  }
  if (isIxcApiError(error)) return `IXC answered with an error (HTTP ${error.status})`;
  if (isIxcTimeoutError(error)) return 'IXC did not answer in time';
  if (isIxcConnectionError(error)) return e.message ?? 'IXC could not be reached';
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}

/**
 * Builds the readiness checker of `tenants`.
 *
 * @example
 * ```ts
 * const readiness = createReadiness(config.tenants);
 * const failing = (await readiness.check()).filter((s) => !s.ok);
 * ```
 */
export function createReadiness(
  tenants: readonly TenantConfig[],
  options: ReadinessOptions = {},
): Readiness {
  const ttl = options.ttlMs ?? 5000;
  const timeout = options.timeoutMs ?? 3000;
  const now = options.now ?? Date.now;
  const probes = tenants.map((t) => ({
    id: t.id,
    client: new IxcCampsoftClient({
      baseUrl: t.url,
      token: t.token,
      timeout,
      maxRetries: 0,
      ...(t.tls ? { tls: t.tls } : {}),
      logger: ixcObserver(t.id, options.metrics, undefined),
    }),
    last: undefined as TenantStatus | undefined,
    running: undefined as Promise<TenantStatus> | undefined,
  }));

  async function probe(p: (typeof probes)[number]): Promise<TenantStatus> {
    let status: TenantStatus;
    try {
      await p.client.query('vd_contratos', [], {
        pageSize: 1,
        signal: AbortSignal.timeout(timeout),
      });
      status = { tenant: p.id, ok: true, checkedAt: now() };
    } catch (error) {
      status = { tenant: p.id, ok: false, reason: describeFailure(error), checkedAt: now() };
    }
    options.metrics?.tenantReady.set({ tenant: p.id }, status.ok ? 1 : 0);
    p.last = status;
    return status;
  }

  return {
    check() {
      return Promise.all(
        probes.map((p) => {
          if (p.last && now() - p.last.checkedAt < ttl) return p.last;
          p.running ??= probe(p).finally(() => {
            p.running = undefined;
          });
          return p.running;
        }),
      );
    },
  };
}
