/**
 * `ixc-campsoft serve`: one router for every tenant, behind the front server, in front of
 * real IXCs or of the built-in simulator. The simulator is imported only in demo mode, so
 * serving a real IXC never loads it.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { IxcCampsoftClient } from '../client/client.js';
import type { IxcCampsoftClientOptions } from '../client/options.js';
import { IxcCampsoftError } from '../errors.js';
import { createCampsoftRouter } from '../router/core.js';
import type { CampsoftRouterOptions } from '../router/types.js';
import type { IxcSimulator } from '../testing/server.js';
import type { ServeConfig, TenantConfig } from './config.js';
import {
  BUILTIN_EXTENSIONS,
  SERVE_EXTENSIONS,
  type ServeContext,
  type ServeHandler,
} from './hooks.js';
import { createFrontServer } from './http.js';
import { keyAuthenticator } from './keys.js';
import { routerLogger } from './log.js';
import { createServeMetrics, type ServeMetrics } from './metrics.js';
import { currentFacts, ixcObserver } from './observe.js';
import { createReadiness, type TenantStatus } from './readiness.js';

/** `serve` could not start (a tenant failed the token check with `--strict`, …). */
export class CliStartError extends IxcCampsoftError {}

/** Options of {@link startService} for tests and embedding. */
export interface StartOptions {
  /** Clock of the readiness cache (results stand 5 s). @defaultValue Date.now */
  now?: () => number;
}

/** A running service. */
export interface RunningService {
  /** The server's origin: `http://127.0.0.1:3000`. */
  url: string;
  /** Where the API lives, base path included: `http://127.0.0.1:3000/api/v1`. */
  apiUrl: string;
  /** The simulator's URL in demo mode. */
  simulatorUrl: string | null;
  /** The token check made at start, one entry per tenant. */
  startChecks: TenantStatus[];
  /** Lines the extensions asked the banner to print. */
  notes: readonly string[];
  /** Requests being answered. */
  inFlight(): number;
  /**
   * Stops accepting, lets requests in flight finish and background work stop within
   * `graceMs`, then closes what is left. Resolves `true` when nothing had to be cut.
   */
  shutdown(graceMs: number): Promise<boolean>;
}

function clientOptions(
  t: TenantConfig,
  metrics: ServeMetrics | undefined,
  log: Logger,
): IxcCampsoftClientOptions {
  return {
    baseUrl: t.url,
    token: t.token,
    logger: ixcObserver(t.id, metrics, log),
    ...(t.tls ? { tls: t.tls } : {}),
    ...(t.pageSize ? { pageSize: t.pageSize } : {}),
    ...(t.timeoutMs ? { timeout: t.timeoutMs } : {}),
    ...(t.maxRetries !== undefined ? { maxRetries: t.maxRetries } : {}),
    ...(t.maxConcurrency ? { maxConcurrency: t.maxConcurrency } : {}),
    ...(t.queueTimeoutMs !== undefined ? { queueTimeout: t.queueTimeoutMs } : {}),
  };
}

async function checkTenants(
  readiness: ReturnType<typeof createReadiness>,
  config: ServeConfig,
  log: Logger,
): Promise<TenantStatus[]> {
  const statuses = await readiness.check();
  for (const s of statuses) {
    if (!s.ok) log.warn({ tenant: s.tenant, reason: s.reason }, `tenant ${s.tenant}: ${s.reason}`);
  }
  const failing = statuses.filter((s) => !s.ok);
  if (failing.length === 0) {
    log.info(
      { tenants: statuses.length },
      `token check: all ${statuses.length} tenant(s) answered`,
    );
  } else if (config.strict) {
    throw new CliStartError(
      `token check failed for ${failing.map((s) => `${s.tenant} (${s.reason})`).join(', ')}; not starting (--strict)`,
    );
  }
  return statuses;
}

/**
 * Starts the service described by `config`.
 *
 * @throws {CliStartError} when `strict` and a tenant fails the token check.
 * @example
 * ```ts
 * const service = await startService(config, createLogger({ format: 'json', level: 'info' }));
 * console.log(service.apiUrl);
 * await service.shutdown(10_000);
 * ```
 */
export async function startService(
  config: ServeConfig,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningService> {
  const metrics = config.metrics ? createServeMetrics() : undefined;
  let simulator: IxcSimulator | null = null;
  let tenants = config.tenants;
  if (config.source.kind === 'demo') {
    const { startIxcSimulator } = await import('../testing/index.js');
    simulator = await startIxcSimulator({ host: '127.0.0.1', port: 0 });
    tenants = [
      {
        id: 'default',
        url: simulator.url,
        token: simulator.token,
        tls: undefined,
        pageSize: undefined,
        timeoutMs: undefined,
        maxRetries: undefined,
        maxConcurrency: undefined,
        queueTimeoutMs: undefined,
      },
    ];
  }
  const stops: (() => void | Promise<void>)[] = [];
  const handlers: ServeHandler[] = [];
  const notes: string[] = [];
  try {
    const clients = new Map<string, IxcCampsoftClient>();
    for (const t of tenants) {
      const client = new IxcCampsoftClient(clientOptions(t, metrics, log));
      clients.set(t.id, client);
      metrics?.queueDepth(t.id, () => client.load.queued);
    }
    const readiness = createReadiness(tenants, {
      ...(metrics ? { metrics } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    const startChecks = await checkTenants(readiness, config, log);

    const routerOptions: Partial<CampsoftRouterOptions> = {};
    const context: ServeContext = {
      config,
      log,
      metrics: metrics ?? createServeMetrics(),
      clients,
      simulator,
      routerOptions,
      onStop: (stop) => void stops.push(stop),
      use: (handler) => void handlers.push(handler),
      notes,
    };
    for (const extension of [...BUILTIN_EXTENSIONS, ...SERVE_EXTENSIONS]) await extension(context);

    const base: CampsoftRouterOptions = {
      basePath: config.basePath,
      maskDocuments: config.maskDocuments,
      logger: routerLogger(log, metrics),
      ...(config.multiTenant
        ? { tenants: Object.fromEntries(clients) }
        : { client: clients.get('default')! }),
      ...(config.noAuth
        ? { allowUnauthenticated: true }
        : {
            authenticate: keyAuthenticator(config.apiKeys, (principal) => {
              const facts = currentFacts();
              if (facts) facts.principal = principal;
            }),
          }),
      ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
    };
    const router = createCampsoftRouter({ ...base, ...routerOptions });
    const front = createFrontServer({ router, readiness, metrics, log, handlers });
    await new Promise<void>((resolve, reject) => {
      front.server.once('error', reject);
      front.server.listen(config.port, config.host, () => {
        front.server.off('error', reject);
        resolve();
      });
    });
    const { port } = front.server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    let shutting: Promise<boolean> | undefined;
    return {
      url,
      apiUrl: `${url}${router.basePath}`,
      simulatorUrl: simulator?.url ?? null,
      startChecks,
      notes,
      inFlight: front.inFlight,
      shutdown(graceMs) {
        shutting ??= (async () => {
          const deadline = new Promise<void>((r) => setTimeout(r, graceMs).unref());
          const background = Promise.race([
            Promise.allSettled(stops.map(async (stop) => stop())),
            deadline,
          ]);
          const [clean] = await Promise.all([front.drain(graceMs), background]);
          await simulator?.close();
          return clean;
        })();
        return shutting;
      },
    };
  } catch (error) {
    await Promise.allSettled(stops.map(async (stop) => stop()));
    await simulator?.close();
    throw error;
  }
}
