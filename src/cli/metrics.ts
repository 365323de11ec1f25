/**
 * Prometheus metrics of `serve` (prom-client), on a registry of its own rather than
 * prom-client's global one, so two services in one process (tests, an embedding app) do
 * not mix their figures. Route labels are templates (`/api/v1/clientes/{id}`), never
 * concrete paths: label sets stay bounded and carry no customer id.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics `serve` keeps, and the registry others add theirs to. */
export interface ServeMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  readonly ixcRequests: Counter<'tenant' | 'table' | 'outcome'>;
  readonly ixcDuration: Histogram<'tenant' | 'table'>;
  readonly ixcRetries: Counter<'tenant' | 'table'>;
  readonly tenantReady: Gauge<'tenant'>;
  /**
   * Reports each tenant's IXC queue depth: `read()` is called at each scrape and returns
   * the requests waiting for a concurrency slot (always 0 without `maxConcurrency`).
   */
  queueDepth(tenant: string, read: () => number | undefined): void;
}

/**
 * Creates the metrics.
 *
 * @example
 * ```ts
 * const metrics = createServeMetrics();
 * metrics.httpRequests.inc({ route: '/api/v1/planos', method: 'GET', status: '200' });
 * const text = await metrics.registry.metrics();
 * ```
 */
export function createServeMetrics(): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const readers = new Map<string, () => number | undefined>();
  const queue = new Gauge({
    name: 'campsoft_ixc_queue_depth',
    help: 'IXC requests waiting for a concurrency slot, by tenant',
    labelNames: ['tenant'],
    registers,
    collect() {
      for (const [tenant, read] of readers) {
        const depth = read();
        if (depth !== undefined) this.set({ tenant }, depth);
      }
    },
  });
  void queue;
  return {
    registry,
    httpRequests: new Counter({
      name: 'campsoft_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status',
      labelNames: ['route', 'method', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'campsoft_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template and method',
      labelNames: ['route', 'method'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    ixcRequests: new Counter({
      name: 'campsoft_ixc_requests_total',
      help: 'Requests (attempts) sent to IXC, by tenant, table and outcome',
      labelNames: ['tenant', 'table', 'outcome'],
      registers,
    }),
    ixcDuration: new Histogram({
      name: 'campsoft_ixc_request_duration_seconds',
      help: 'Time of one attempt at IXC (waiting for a slot excluded), by tenant and table',
      labelNames: ['tenant', 'table'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    ixcRetries: new Counter({
      name: 'campsoft_ixc_retries_total',
      help: 'Attempts that repeated a failed IXC request, by tenant and table',
      labelNames: ['tenant', 'table'],
      registers,
    }),
    tenantReady: new Gauge({
      name: 'campsoft_tenant_ready',
      help: "1 when the tenant's IXC answered the last readiness check, else 0",
      labelNames: ['tenant'],
      registers,
    }),
    queueDepth(tenant, read) {
      readers.set(tenant, read);
    },
  };
}
