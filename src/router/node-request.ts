/**
 * Node's `IncomingMessage` as a {@link RouterRequest}, shared by the node:http/Express,
 * Fastify and Koa adapters. Two things are lazy because most requests never need them: the
 * abort signal (an `AbortController` and a `close` listener are made only when a handler
 * asks for the signal, not for a 401, a 304-able read of `/openapi.json` or a 405), and the
 * body (read only for a route with a body schema).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouterBody, RouterRequest } from './types.js';

/**
 * Reads a request stream up to `limit` bytes. Past the limit it stops listening and pauses
 * the stream rather than destroying it (which would take the socket, and the 413, with it);
 * the adapter then closes the connection after answering.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let length = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.byteLength;
      if (length > limit) {
        done();
        req.pause();
        resolve(null);
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts, length));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * The body of a Node request: the value a host's body parser left on `req.body` when the
 * stream was already read (`express.json()`, Nest, `@koa/bodyparser`), the stream otherwise.
 */
export function nodeBody(req: IncomingMessage, parsed: unknown): RouterBody {
  // body-parser marks what it read with `_body`; any parser leaves the stream ended.
  const consumed = (req as { _body?: unknown })._body === true || req.readableEnded;
  if (consumed) return { parsed };
  return { read: (limit) => readNodeBody(req, limit) };
}

/** A signal that exists only once asked for, aborted if the response closes unfinished. */
class NodeRouterRequest implements RouterRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: RouterBody | undefined;
  #res: ServerResponse;
  #controller: AbortController | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, url: string, parsed: unknown) {
    this.method = req.method ?? 'GET';
    this.url = url;
    this.headers = req.headers;
    this.#res = res;
    const m = this.method;
    this.body = m === 'GET' || m === 'HEAD' ? undefined : nodeBody(req, parsed);
  }

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    const res = this.#res;
    // `close` before `finish` means the caller left; after `finish` it is the normal end.
    if (res.destroyed && !res.writableFinished) controller.abort();
    else {
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    return controller.signal;
  }
}

/** Builds the router request of a Node request. `parsed` is what a body parser left, if any. */
export function nodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  parsed?: unknown,
): RouterRequest {
  return new NodeRouterRequest(req, res, url, parsed);
}
