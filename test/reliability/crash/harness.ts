/**
 * What the crash tests run around their children: the simulator behind a small HTTP front
 * that logs which instance made each request and when, a webhook receiver whose answers the
 * test decides, and the children themselves (spawned, read, killed, never left behind).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { IxcEngine } from '../../../src/testing/index.js';
import type { ChildConfig, ChildLine } from './child.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CHILD = join(import.meta.dirname, 'child.ts');

/** A seeded PRNG in [0, 1) (mulberry32) with helpers. */
export interface Rand {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
}

/** {@link Rand} from a seed: the same seed gives the same choices. */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }) as Rand;
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (items) => items[Math.floor(next() * items.length)] as never;
  return next;
}

/** The seed of a run: `env[name]` when set (to replay a failure), else a fresh one. */
export function seedFrom(name: string): number {
  const given = process.env[name];
  return given ? Number(given) >>> 0 : Math.floor(Math.random() * 2 ** 31);
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

const closer = (server: Server, sockets: Set<Socket>) => () =>
  new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });

const track = (server: Server): Set<Socket> => {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** One IXC request as the front saw it. */
export interface IxcHit {
  instance: string;
  table: string;
  startedAt: number;
  finishedAt: number;
}

/** The simulator's HTTP face for the children, with its request log. */
export interface IxcFront {
  url: string;
  hits: IxcHit[];
  /** Called when a request arrives and after it is answered (the test kills from here). */
  onRequest: ((hit: IxcHit, stage: 'arrived' | 'answered') => void) | undefined;
  close(): Promise<void>;
}

/** The simulator on 127.0.0.1:0, noting the `x-crash-instance` header of every request. */
export async function startIxcFront(engine: IxcEngine): Promise<IxcFront> {
  const front: IxcFront = {
    url: '',
    hits: [],
    onRequest: undefined,
    close: async () => undefined,
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const hit: IxcHit = {
      instance: String(req.headers['x-crash-instance'] ?? ''),
      table: path.split('?')[0]?.split('/')[3] ?? '',
      startedAt: Date.now(),
      finishedAt: Number.NaN,
    };
    front.hits.push(hit);
    front.onRequest?.(hit, 'arrived');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const answer = await engine.handle({ method: req.method ?? 'GET', path, headers, body });
    hit.finishedAt = Date.now();
    if (res.destroyed) return;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body, () => front.onRequest?.(hit, 'answered'));
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  const sockets = track(server);
  front.url = await listen(server);
  front.close = closer(server, sockets);
  return front;
}

/** One delivery attempt as the receiver saw it. */
export interface Arrival {
  id: string;
  body: string;
  headers: Record<string, string>;
  at: number;
  /** What it was answered: `ok` (2xx at once), `error` (5xx), `late` (after the sender's deadline). */
  answer: 'ok' | 'error' | 'late';
}

/** The receiver the children deliver to. */
export interface HookReceiver {
  url: string;
  arrivals: Arrival[];
  /** Chooses each answer; also where the test kills a child mid-delivery. */
  decide: (arrival: Omit<Arrival, 'answer'>) => Arrival['answer'];
  /** Called once an `ok` answer is written. */
  onAnswered: ((arrival: Arrival) => void) | undefined;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1:0; `late` answers come after `lateMs`. */
export async function startHookReceiver(lateMs: number): Promise<HookReceiver> {
  const receiver: HookReceiver = {
    url: '',
    arrivals: [],
    decide: () => 'ok',
    onAnswered: undefined,
    close: async () => undefined,
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const seen = { id: headers['webhook-id'] ?? '', body, headers, at: Date.now() };
    const arrival: Arrival = { ...seen, answer: receiver.decide(seen) };
    receiver.arrivals.push(arrival);
    if (arrival.answer === 'error') return void res.writeHead(500).end('boom');
    if (arrival.answer === 'late') {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) res.writeHead(204).end();
      }, lateMs);
      timers.add(t);
      return;
    }
    res.writeHead(204).end(() => receiver.onAnswered?.(arrival));
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  const sockets = track(server);
  receiver.url = `${await listen(server)}/hooks`;
  const close = closer(server, sockets);
  receiver.close = () => {
    for (const t of timers) clearTimeout(t);
    return close();
  };
  return receiver;
}

/** Where a child was when it died, read from its last lines. */
export type Phase = 'poll' | 'commit' | 'delivery' | 'record' | 'idle';

/** A running (or dead) child. */
export interface Child {
  name: string;
  process: ChildProcess;
  lines: (ChildLine & { at: number })[];
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
  /** Resolves with the first line that matches (rejects after `timeoutMs` or on exit). */
  waitFor(match: (line: ChildLine) => boolean, timeoutMs: number): Promise<ChildLine>;
  /** SIGKILL now; resolves, once its output is read to the end, with the phases it was in. */
  kill(): Promise<Phase[]>;
  /** Delivery ids claimed and not recorded, and their event ids. */
  inFlight(): { deliveryId: string; eventId: string }[];
  /** Stderr, for failure messages. */
  stderr(): string;
  /** Starts a standby child (`config.standby`) once it has loaded. */
  go(): Promise<void>;
  /** Called with each line as it is read (the test kills from here). */
  onLine: ((line: ChildLine) => void) | undefined;
}

const alive = new Set<Child>();

/** Phases a child's lines leave open. */
export function openPhases(lines: readonly ChildLine[]): Phase[] {
  let poll = false;
  let commit = false;
  let record = 0;
  for (const l of lines) {
    if (l.m === 'poll') poll = true;
    else if (l.m === 'polled' || l.m === 'poll_error') poll = false;
    else if (l.m === 'commit') commit = true;
    else if (l.m === 'committed' || l.m === 'commit_error') commit = false;
    else if (l.m === 'record') record++;
    else if (l.m === 'recorded') record--;
  }
  const phases: Phase[] = [];
  if (poll) phases.push('poll');
  if (commit) phases.push('commit');
  if (pending(lines).length > 0) phases.push('delivery');
  if (record > 0) phases.push('record');
  return phases.length > 0 ? phases : ['idle'];
}

function pending(lines: readonly ChildLine[]) {
  const open = new Map<string, string>();
  for (const l of lines) {
    if (l.m === 'claimed') {
      for (const [i, d] of l.ids.entries()) open.set(d, l.events[i] ?? '');
    } else if (l.m === 'recorded') open.delete(l.id);
  }
  return [...open].map(([deliveryId, eventId]) => ({ deliveryId, eventId }));
}

/** Spawns `child.ts` with `config`. */
export function spawnChild(config: ChildConfig): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, CRASH_CHILD: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Child['lines'] = [];
  const waiters = new Set<{ match: (l: ChildLine) => boolean; done: (l: ChildLine) => void }>();
  let err = '';
  let rest = '';
  proc.stdout?.setEncoding('utf8');
  proc.stdout?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const text of parts) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as ChildLine & { at: number };
      lines.push(line);
      child.onLine?.(line);
      for (const w of waiters) if (w.match(line)) w.done(line);
    }
  });
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  const exited = new Promise<string>((resolve) => {
    // 'close' comes after stdout ended: every line written before death has been read.
    proc.once('close', (code, signal) => resolve(signal ?? String(code)));
  });
  const child: Child = {
    name: config.instance,
    process: proc,
    lines,
    exited,
    waitFor(match, timeoutMs) {
      const found = lines.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          done: (l: ChildLine) => {
            clearTimeout(timer);
            waiters.delete(w);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`${config.instance}: no such line after ${timeoutMs} ms\n${err}`));
        }, timeoutMs);
        waiters.add(w);
        void exited.then((how) => {
          if (!waiters.has(w)) return;
          clearTimeout(timer);
          waiters.delete(w);
          reject(new Error(`${config.instance} exited (${how}) first\n${err}`));
        });
      });
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
      return openPhases(lines);
    },
    inFlight: () => pending(lines),
    stderr: () => err,
    onLine: undefined,
    async go() {
      await child.waitFor((l) => l.m === 'loaded', 30_000);
      proc.stdin?.write('go\n');
    },
  };
  alive.add(child);
  void exited.then(() => alive.delete(child));
  return child;
}

/** SIGKILLs every child still running (afterAll and failures). */
export async function killAll(): Promise<void> {
  const left = [...alive];
  for (const c of left) c.process.kill('SIGKILL');
  await Promise.all(left.map((c) => c.exited));
}
