/**
 * The IXC side of the benchmarks: clients wired to the simulator's engine through its fetch
 * face, so IXC "answers from memory instantly" (no sockets, no latency unless asked for), and
 * the API key the routers are configured with.
 */
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../src/index.js';
import { createIxcEngine, type IxcEngine, type IxcEngineOptions } from '../../src/testing/index.js';

/** The API key every benchmarked router accepts. */
export const KEY = 'bench-api-key-0123456789abcdef';
/** The header that carries {@link KEY}. */
export const AUTH_HEADER = `Bearer ${KEY}`;
/** Base URL the in-memory clients pretend to call. */
export const MEMORY_BASE = 'http://ixc.bench';

/** A client whose IXC is `engine`, reached through `engine.fetch` (no socket). */
export function memoryClient(
  engine: IxcEngine,
  options: Partial<IxcCampsoftClientOptions> = {},
): IxcCampsoftClient {
  return new IxcCampsoftClient({
    baseUrl: MEMORY_BASE,
    token: engine.token,
    maxRetries: 0,
    fetch: (input, init) => engine.fetch(new Request(input, init)),
    ...options,
  });
}

/** An engine (demo dataset unless given) and a client wired to it. */
export function memoryIxc(
  engineOptions: IxcEngineOptions = {},
  clientOptions: Partial<IxcCampsoftClientOptions> = {},
): { engine: IxcEngine; client: IxcCampsoftClient } {
  const engine = createIxcEngine(engineOptions);
  return { engine, client: memoryClient(engine, clientOptions) };
}
