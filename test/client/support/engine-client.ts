/**
 * A client wired to an in-memory simulator engine through its fetch face: no sockets, every
 * request in the engine's log.
 */
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../../src/index.js';
import {
  createIxcEngine,
  type IxcEngine,
  type IxcEngineOptions,
} from '../../../src/testing/index.js';

/** The engine as a `fetch`: ky hands over a `Request`, which the engine answers. */
export function engineFetch(engine: IxcEngine): typeof fetch {
  return (input, init) =>
    engine.fetch(input instanceof Request && init === undefined ? input : new Request(input, init));
}

/** An engine and a client on it, retries kept tiny. */
export function engineClient(
  options: Partial<IxcCampsoftClientOptions> = {},
  engineOptions: IxcEngineOptions = {},
): { engine: IxcEngine; client: IxcCampsoftClient } {
  const engine = createIxcEngine(engineOptions);
  const client = new IxcCampsoftClient({
    baseUrl: 'https://ixc.test',
    token: engine.token,
    retry: { baseDelay: 1, maxDelay: 2, maxRetryAfter: 100 },
    fetch: engineFetch(engine),
    ...options,
  });
  return { engine, client };
}
