import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createIxcEngine } from './engine/engine.js';
import type { IxcEngine, IxcEngineOptions, IxcHttpResponse } from './engine/types.js';

/** Options of {@link startIxcSimulator}: engine options plus where and how to listen. */
export interface IxcSimulatorOptions extends IxcEngineOptions {
  /** Serve an existing engine instead of creating one (engine options are then ignored). */
  readonly engine?: IxcEngine;
  /** Interface to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 0: a free port). */
  readonly port?: number;
  /** Serve HTTPS with this key and certificate (PEM), e.g. a self-signed pair like many ISPs use. */
  readonly https?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

/** A running simulator. */
export interface IxcSimulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (append `/webservice/v1/<table>`). */
  readonly url: string;
  /** The valid token (Basic auth carries `base64(token)`). */
  readonly token: string;
  /** The engine behind the server: data, request log, faults. */
  readonly engine: IxcEngine;
  /** Stops listening and destroys every open socket (hung, trickling or kept alive). */
  close(): Promise<void>;
}

function deliver(res: ServerResponse, answer: IxcHttpResponse, timers: Set<NodeJS.Timeout>): void {
  const socket = res.socket;
  const fault = answer.fault;
  if (fault?.type === 'hang') return;
  if (fault?.type === 'reset' && fault.when === 'before-headers') {
    socket?.resetAndDestroy();
    return;
  }
  const body = Buffer.from(answer.body, answer.binary === true ? 'latin1' : 'utf8');
  const half = body.subarray(0, Math.floor(body.length / 2));
  if (fault?.type === 'truncate') {
    // Chunked encoding with a clean end: the client gets a well-formed HTTP answer whose
    // JSON stops halfway.
    res.writeHead(answer.status, answer.headers);
    res.end(half);
    return;
  }
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  if (fault?.type === 'reset') {
    res.write(half, () => {
      setImmediate(() => socket?.destroy());
    });
    return;
  }
  if (fault?.type === 'trickle') {
    let offset = 0;
    const timer = setInterval(() => {
      if (res.destroyed) {
        clearInterval(timer);
        timers.delete(timer);
        return;
      }
      res.write(body.subarray(offset, offset + fault.bytes));
      offset += fault.bytes;
      if (offset >= body.length) {
        clearInterval(timer);
        timers.delete(timer);
        res.end();
      }
    }, fault.everyMs);
    timers.add(timer);
    return;
  }
  res.end(body);
}

/**
 * Starts the IXC simulator on a real socket: same URLs, Basic auth, headers and envelopes
 * as IXC, with socket-level faults (resets, hangs, slow or cut bodies) done for real.
 *
 * @example
 * ```ts
 * const ixc = await startIxcSimulator({ latencyMs: [5, 20] });
 * const client = new IxcCampsoftClient({ baseUrl: ixc.url, token: ixc.token });
 * // …
 * await ixc.close();
 * ```
 */
export async function startIxcSimulator(options: IxcSimulatorOptions = {}): Promise<IxcSimulator> {
  const engine = options.engine ?? createIxcEngine(options);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const receivedAt = performance.now();
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client went away'));
    });
    const chunks: Buffer[] = [];
    // A client that disconnects mid-upload makes the request emit 'error'; without a listener
    // that would crash the test process instead of just dropping the request.
    req.on('error', () => abort.abort(new Error('request aborted')));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      engine
        .handle({
          method: req.method ?? 'GET',
          path: req.url ?? '/',
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          signal: abort.signal,
          receivedAt,
        })
        .then(
          (answer) => deliver(res, answer, timers),
          () => {
            if (!res.headersSent && !res.destroyed) {
              res.writeHead(500, { 'content-type': 'text/plain' });
              res.end('simulator error');
            }
          },
        );
    });
  };
  const server: Server = options.https
    ? createHttpsServer({ key: options.https.key, cert: options.https.cert }, listener)
    : createHttpServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${options.https ? 'https' : 'http'}://${shownHost}:${port}`,
    token: engine.token,
    engine,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
