/**
 * A scriptable webhook receiver on 127.0.0.1:0: each request takes the next scripted answer
 * (or the default), and every request is recorded with its raw body and headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait before answering. */
  delayMs?: number;
  /** Never answer. */
  hang?: boolean;
  /** Send the status line, then a body that never ends. */
  slowBody?: boolean;
  /** Reset the connection without answering. */
  reset?: boolean;
  /** Send a 103 Early Hints at once, before the delay and the answer. */
  earlyHints?: boolean;
}

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  id: string;
  /** Request path, to tell endpoints sharing this receiver apart. */
  path: string;
}

export interface TestReceiver {
  url: string;
  port: number;
  received: Received[];
  /** Answers for the next requests, in order. */
  script(...answers: Answer[]): void;
  /** Answer used when the script is empty. */
  setDefault(answer: Answer): void;
  /** Highest number of requests handled at once. */
  maxConcurrent(): number;
  /** Connections accepted so far. */
  connections(): number;
  /** Stop listening (the port refuses connections), keeping the port for `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(initial: Answer = { status: 204 }): Promise<TestReceiver> {
  const queue: Answer[] = [];
  let fallback = initial;
  const received: Received[] = [];
  let active = 0;
  let peak = 0;
  let accepted = 0;
  const sockets = new Set<import('node:net').Socket>();
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    active++;
    peak = Math.max(peak, active);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      id: String(req.headers['webhook-id']),
      path: req.url ?? '',
    });
    const a = queue.shift() ?? fallback;
    if (a.earlyHints) res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
    if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
    active--;
    if (a.reset) return req.socket.destroy();
    if (a.hang) return void hanging.add(res);
    res.writeHead(a.status ?? 204, a.headers ?? {});
    if (a.slowBody) {
      res.write('x');
      hanging.add(res);
      return;
    }
    res.end(a.body ?? '');
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  server.on('connection', (s) => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const stop = async () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    script: (...answers) => queue.push(...answers),
    setDefault: (a) => {
      fallback = a;
    },
    maxConcurrent: () => peak,
    connections: () => accepted,
    down: stop,
    up: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
