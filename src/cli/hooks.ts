/**
 * Extension points of `serve`, for parts that live elsewhere in the package (webhook
 * detection and delivery, the console): each is a function in {@link SERVE_EXTENSIONS}
 * that `serve` calls at start, before the router is built and before it listens.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { IxcCampsoftClient } from '../client/client.js';
import type { CampsoftRouterOptions } from '../router/types.js';
import type { IxcSimulator } from '../testing/server.js';
import type { ServeConfig } from './config.js';
import type { ServeMetrics } from './metrics.js';
import { consoleExtension } from './web-console.js';
import { webhooksExtension } from './webhooks.js';

/** Answers a request outside the API and returns `true`, or returns `false` to pass it on. */
export type ServeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
) => boolean | Promise<boolean>;

/** What an extension gets. */
export interface ServeContext {
  readonly config: ServeConfig;
  readonly log: Logger;
  /** Add figures with `new Counter({ …, registers: [metrics.registry] })`. */
  readonly metrics: ServeMetrics;
  /** One client per tenant id (`'default'` for one ISP from the environment or the demo). */
  readonly clients: ReadonlyMap<string, IxcCampsoftClient>;
  /** The built-in simulator in demo mode. */
  readonly simulator: IxcSimulator | null;
  /** Merged into the router's options (a store for webhook routes, …). */
  readonly routerOptions: Partial<CampsoftRouterOptions>;
  /**
   * Registers background work to stop at a safe point on SIGTERM/SIGINT. Every `stop` runs
   * at once when shutdown begins, beside the draining of requests in flight, and is awaited
   * up to the grace period.
   */
  onStop(stop: () => void | Promise<void>): void;
  /** Serves paths outside the API, tried in order before the router. */
  use(handler: ServeHandler): void;
  /** Lines the start banner prints (where the store is, the console…). */
  readonly notes: string[];
}

/** An extension of `serve`. */
export type ServeExtension = (context: ServeContext) => void | Promise<void>;

/**
 * The extensions `serve` runs, in order. Adding one is one line here.
 *
 * @example
 * ```ts
 * SERVE_EXTENSIONS.push(async (ctx) => {
 *   const watcher = startWatcher(ctx.clients, ctx.config.webhooks);
 *   ctx.onStop(() => watcher.stop());
 * });
 * ```
 */
export const SERVE_EXTENSIONS: ServeExtension[] = [];

/** The package's own extensions, run before {@link SERVE_EXTENSIONS}: webhooks, the console. */
export const BUILTIN_EXTENSIONS: readonly ServeExtension[] = [webhooksExtension, consoleExtension];
