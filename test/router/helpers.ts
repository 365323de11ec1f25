/**
 * Router tests run without sockets: the IXC client talks to the simulator engine's fetch
 * face, and requests reach the router through `router.fetch(new Request(...))`.
 */
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../src/index.js';
import type { CampsoftRouter } from '../../src/router/index.js';
import { createIxcEngine, type IxcEngine, type IxcEngineOptions } from '../../src/testing/index.js';

/** A key bound to every tenant. */
export const KEY = 'router-test-key-0123456789';
/** Authorization header for {@link KEY}. */
export const AUTH = { authorization: `Bearer ${KEY}` };

/** Upstream calls seen by a client, with their signals, to check abort propagation. */
export interface UpstreamLog {
  signals: AbortSignal[];
}

/** An engine and a client wired to its fetch face. */
export function engineClient(
  options: {
    engine?: IxcEngine;
    engineOptions?: IxcEngineOptions;
  } & Partial<IxcCampsoftClientOptions> = {},
): { engine: IxcEngine; client: IxcCampsoftClient; upstream: UpstreamLog } {
  const { engine: given, engineOptions, ...clientOptions } = options;
  const engine = given ?? createIxcEngine(engineOptions);
  const upstream: UpstreamLog = { signals: [] };
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    maxRetries: 0,
    fetch: (input, init) => {
      const request = new Request(input, init);
      upstream.signals.push(request.signal);
      return engine.fetch(request);
    },
    ...clientOptions,
  });
  return { engine, client, upstream };
}

/** Calls the router like a fetch host would. */
export function call(
  router: CampsoftRouter,
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<Response> {
  return router.fetch(new Request(`http://host.test${path}`, { headers: AUTH, ...init }));
}

/** Reads a JSON body; tests index into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by assertions, not types.
export async function json<T = Record<string, any>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
