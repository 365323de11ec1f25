/**
 * Real-socket harness of the fault suites: the IXC simulator, a client with small timeouts,
 * the router on node:http (127.0.0.1, port 0), a raw HTTP caller that never keeps sockets
 * alive, and the end-of-suite checks (no leaked socket or timer, no unhandled rejection).
 */

import { createHook } from 'node:async_hooks';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../../src/index.js';
import {
  type CampsoftRouter,
  type CampsoftRouterOptions,
  createCampsoftRouter,
  type RouterLogger,
  toNodeHandler,
} from '../../../src/router/index.js';
import {
  demoDataset,
  type IxcSimulator,
  type IxcSimulatorOptions,
  startIxcSimulator,
} from '../../../src/testing/index.js';
import { createSecretScanner, type SecretScanner } from './secrets.js';

/** Per-attempt timeout of the fault suites. */
export const TIMEOUT = 300;
/** Retries after the first attempt. */
export const MAX_RETRIES = 2;
/** Backoff of the fault suites. */
export const RETRY = { baseDelay: 5, maxDelay: 20 } as const;
/**
 * The longest a failing read may take: every attempt times out, plus every backoff at its
 * cap, plus scheduling slack for a loaded 2-core machine.
 */
export const DEADLINE = TIMEOUT * (MAX_RETRIES + 1) + RETRY.maxDelay * MAX_RETRIES + 400;

/** API keys of the router under test (≥ 16 characters, as the router requires). */
export const API_KEY = 'rel-key-aaaaaaaaaaaaaaaaaaaaaaaa';
export const OTHER_KEY = 'rel-key-bbbbbbbbbbbbbbbbbbbbbbbb';

/** Client options of the fault suites. */
export function clientOptions(
  sim: Pick<IxcSimulator, 'url' | 'token'>,
  extra: Partial<IxcCampsoftClientOptions> = {},
): IxcCampsoftClientOptions {
  return {
    baseUrl: sim.url,
    token: sim.token,
    timeout: TIMEOUT,
    maxRetries: MAX_RETRIES,
    retry: RETRY,
    ...extra,
  };
}

/** An answer as a caller of the router sees it. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  elapsed: number;
}

/**
 * GET (or another verb) on a node:http server with a fresh connection that is closed after
 * the answer (`agent: false`), so no keep-alive socket outlives a test. `abortAfter` destroys
 * the request after that many ms, like a caller that gives up.
 */
export function httpCall(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; abortAfter?: number } = {},
): Promise<HttpAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            elapsed: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.abortAfter !== undefined) {
      const timer = setTimeout(() => req.destroy(new Error('caller gave up')), options.abortAfter);
      req.on('close', () => clearTimeout(timer));
    }
    req.end();
  });
}

/** A router mounted on node:http. */
export interface RouterServer {
  url: string;
  server: Server;
  router: CampsoftRouter;
  close(): Promise<void>;
}

/** Mounts a router with `toNodeHandler` on 127.0.0.1, port 0. */
export async function startRouterServer(router: CampsoftRouter): Promise<RouterServer> {
  const server = createServer(toNodeHandler(router));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    router,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Collects log lines of a router. */
export function memoryLogger(): RouterLogger & { lines: object[] } {
  const lines: object[] = [];
  const push = (obj: object, msg?: string) => {
    lines.push({ ...obj, msg });
  };
  return { lines, info: push, warn: push, error: push };
}

/** Everything a fault test needs, on real sockets. */
export interface Rig {
  sim: IxcSimulator;
  client: IxcCampsoftClient;
  http: RouterServer;
  logger: ReturnType<typeof memoryLogger>;
  scanner: SecretScanner;
  /** Calls the router with the valid API key. */
  get(path: string, init?: Parameters<typeof httpCall>[2]): Promise<HttpAnswer>;
  /** IXC requests received since the last `reset()`. */
  attempts(): number;
  /** Clears faults and the request log (data is left alone unless `data` is true). */
  reset(data?: boolean): void;
  close(): Promise<void>;
}

/** Starts the simulator, a client, and the router on node:http. */
export async function startRig(
  options: {
    sim?: IxcSimulatorOptions;
    client?: Partial<IxcCampsoftClientOptions>;
    router?: Partial<CampsoftRouterOptions>;
  } = {},
): Promise<Rig> {
  const sim = await startIxcSimulator(options.sim);
  const client = new IxcCampsoftClient(clientOptions(sim, options.client));
  const logger = memoryLogger();
  const router = createCampsoftRouter({
    client,
    apiKeys: [
      { key: API_KEY, tenants: '*', name: 'reliability' },
      { key: OTHER_KEY, tenants: '*', name: 'other' },
    ],
    logger,
    ...options.router,
  });
  const http = await startRouterServer(router);
  const scanner = createSecretScanner({
    tokens: [sim.token],
    apiKeys: [API_KEY, OTHER_KEY],
    datasets: [options.sim?.dataset ?? demoDataset()],
  });
  return {
    sim,
    client,
    http,
    logger,
    scanner,
    get: (path, init = {}) =>
      httpCall(http.url, path, {
        ...init,
        headers: { authorization: `Bearer ${API_KEY}`, ...init.headers },
      }),
    attempts: () => sim.engine.requests.length,
    reset(data = false) {
      sim.engine.faults.clear();
      sim.engine.clearRequests();
      client.clearCache();
      if (data) sim.engine.reset(options.sim?.dataset);
    },
    async close() {
      await http.close();
      await sim.close();
    },
  };
}

/** Asserts a problem+json answer of `status`, and feeds it to the scanner. */
export function expectProblem(answer: HttpAnswer, status: number, scanner?: SecretScanner): void {
  scanner?.scan('router answer', { headers: answer.headers, body: answer.body });
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body).not.toHaveProperty('stack');
}

/** Awaits a promise that must reject, and returns the reason and how long it took. */
export async function rejection(
  promise: PromiseLike<unknown>,
): Promise<{ error: unknown; elapsed: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, elapsed: performance.now() - started };
  }
  throw new Error('expected a rejection, got a result');
}

/** Times a promise that must resolve. */
export async function timed<T>(promise: PromiseLike<T>): Promise<{ value: T; elapsed: number }> {
  const started = performance.now();
  const value = await promise;
  return { value, elapsed: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// End-of-suite hygiene: leaked sockets/timers and unhandled rejections.

/** Handle kinds a leaked socket or server shows up as (vitest itself holds none). */
const WATCHED = ['TCPSocketWrap', 'TCPServerWrap'] as const;

function census(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

/**
 * Timers are tracked one by one (vitest keeps its own hook timers, so a count would be
 * noise): every `Timeout` created while the suite runs, outside vitest, is remembered with the
 * first frame that created it, and must be cleared or have fired by the end.
 */
function trackTimers() {
  const live = new Map<number, { resource: { _destroyed?: boolean }; where: string }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const frames = (new Error().stack ?? '').split('\n').slice(1);
      const where = frames.find((f) => !/node:|async_hooks|harness\.ts/.test(f)) ?? '';
      if (where === '' || /vitest|tinypool|tinyspy/.test(where)) return;
      live.set(id, { resource: resource as { _destroyed?: boolean }, where: where.trim() });
    },
    destroy(id) {
      live.delete(id);
    },
  });
  hook.enable();
  return {
    pending: () =>
      [...live.values()].filter((t) => t.resource._destroyed !== true).map((t) => t.where),
    stop: () => hook.disable(),
  };
}

/**
 * Snapshot of sockets and servers, a timer tracker and an `unhandledRejection` collector,
 * started in `beforeAll`; `verify()` in `afterAll` (after closing everything) waits briefly
 * for sockets to finish closing, then fails on any extra socket or server, any timer still
 * pending, or any unhandled rejection.
 */
export function hygiene(): { verify(): Promise<void>; rejections: unknown[] } {
  const before = census();
  const timers = trackTimers();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    rejections.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return {
    rejections,
    async verify() {
      let extra: string[] = [];
      for (let i = 0; i < 40; i++) {
        const now = census();
        extra = WATCHED.flatMap((kind) => {
          const diff = (now.get(kind) ?? 0) - (before.get(kind) ?? 0);
          return diff > 0 ? [`${kind} +${diff}`] : [];
        });
        extra.push(...timers.pending().map((where) => `Timeout ${where}`));
        if (extra.length === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      timers.stop();
      process.off('unhandledRejection', onRejection);
      expect(extra, 'leaked resources').toEqual([]);
      expect(rejections, 'unhandled rejections').toEqual([]);
    },
  };
}
