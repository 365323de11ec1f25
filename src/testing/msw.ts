/**
 * `ixc-campsoft/testing/msw`: the simulator as msw request handlers, for test suites that
 * mock `fetch` with msw instead of running a server.
 *
 * @packageDocumentation
 * @module ixc-campsoft/testing/msw
 */
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { IxcEngine } from './engine/types.js';
import { NETWORK_ERROR, toWebResponse } from './engine/web.js';

/** Options of {@link createIxcHandlers}. */
export interface IxcHandlersOptions {
  /** The IXC host the code under test calls, with or without `/webservice/v1`. */
  readonly baseUrl: string;
}

/**
 * msw request handlers serving an engine at `baseUrl`, for tests that mock `fetch` instead
 * of opening a socket. Faults are approximated: a reset is a network error
 * (`HttpResponse.error()`), a hang stays pending until the request is aborted, trickle and
 * truncate shape the body stream.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createIxcEngine } from 'ixc-campsoft/testing';
 * import { createIxcHandlers } from 'ixc-campsoft/testing/msw';
 *
 * const engine = createIxcEngine();
 * const server = setupServer(...createIxcHandlers(engine, { baseUrl: 'https://ixc.example.com' }));
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 */
export function createIxcHandlers(
  engine: IxcEngine,
  options: IxcHandlersOptions,
): RequestHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '').replace(/\/webservice\/v1$/, '');
  return [
    http.all(`${base}/webservice/v1/*`, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      try {
        const answer = await engine.handle({
          method: request.method,
          path: new URL(request.url).pathname,
          headers,
          body: request.body === null ? '' : await request.text(),
          signal: request.signal,
        });
        const response = await toWebResponse(answer, request.signal);
        return response === NETWORK_ERROR ? HttpResponse.error() : response;
      } catch {
        // Aborted while waiting (latency or hang): the client has already given up.
        return HttpResponse.error();
      }
    }),
  ];
}
