/**
 * The fetch side: `Request` → {@link RouterRequest} and {@link RouterResponse} → `Response`,
 * for Hono, Bun, Deno, Workers and Next route handlers. Only the path and query of
 * `request.url` are used; its origin comes from the `Host` header and is never trusted. The
 * host's own `request.signal` is passed on: no `AbortController` is made here.
 */
import { collect } from './body.js';
import type { RouterRequest, RouterResponse } from './types.js';

/** Reads what the core needs from a fetch `Request`. */
export function fromRequest(request: Request): RouterRequest {
  const url = request.url;
  const scheme = url.indexOf('://');
  const pathStart = scheme === -1 ? 0 : url.indexOf('/', scheme + 3);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const stream = request.body;
  return {
    method: request.method,
    url: pathStart === -1 ? '/' : url.slice(pathStart).replace(/#.*$/, ''),
    headers,
    signal: request.signal,
    body: stream
      ? {
          read: (limit) => collect(stream as unknown as AsyncIterable<Uint8Array>, limit),
          present: true,
        }
      : undefined,
  };
}

/** Builds a fetch `Response`; 304, 499 and empty bodies carry none. */
export function toResponse(result: RouterResponse): Response {
  const body = result.status === 304 || result.body === '' ? null : result.body;
  return new Response(body, { status: result.status, headers: result.headers });
}
