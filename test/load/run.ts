/**
 * `npm run test:load`: autocannon against the router on node:http, the IXC simulator behind
 * it with 5–20 ms of latency. The router and the simulator each run in their own child
 * process (`node --expose-gc --import tsx`): on a 2-core machine the simulator's own work then
 * does not eat into the router's core, and the router's heap is measured alone.
 *
 * 1. warm-up (10 connections, 2 s), then the heap baseline (after forced GC);
 * 2. phase 1, healthy IXC: 100 connections for LOAD_DURATION s on a mix of the four endpoints
 *    plus a deliberate 404 (an unknown customer). Zero errors, zero timeouts, zero non-2xx
 *    except the deliberate 404s;
 * 3. phase 2, 10 % of IXC requests answer 503: every answer is a 2xx (retries absorbed the
 *    fault) or a 502/503/504 problem+json, none times out;
 * 4. the heap after the run (forced GC) is back near its baseline, no router socket is left.
 *
 * Prints req/s, p50/p99 latency, statuses per endpoint and heap before/after; exits 1 when a
 * check fails. Environment: LOAD_DURATION (seconds per phase, default 20; CI uses 10),
 * LOAD_CONNECTIONS (default 100).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request as AutocannonRequest, type Result } from 'autocannon';
import { mulberry32 } from '../../src/testing/index.js';
import { CLIENTES, LOAD_KEY, PAGE_SIZE } from './config.js';

const DURATION = Number(process.env.LOAD_DURATION ?? 20);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
/** A request autocannon gives up on after this many seconds is a "hang". */
const HANG_SECONDS = 20;
/** Heap growth allowed after the run, over the post-warm-up baseline. */
const HEAP_SLACK_BYTES = 16 * 1024 * 1024;

type Kind = 'planos' | 'clientesPorPlano' | 'cliente' | 'produtos' | 'deliberate404';

/** Statuses and content types seen per kind of request. */
class Tally {
  readonly statuses = new Map<Kind, Map<number, number>>();
  readonly latencies = new Map<Kind, number[]>();
  readonly badProblems: string[] = [];
  record(
    kind: Kind,
    status: number,
    headers: Record<string, string | string[]>,
    latency: number,
  ): void {
    const list = this.latencies.get(kind) ?? [];
    list.push(latency);
    this.latencies.set(kind, list);
    const byStatus = this.statuses.get(kind) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(kind, byStatus);
    if (status >= 400) {
      const type = String(headers['content-type'] ?? headers['Content-Type'] ?? '');
      if (!type.startsWith('application/problem+json') && this.badProblems.length < 10) {
        this.badProblems.push(`${kind} ${status} ${type}`);
      }
    }
  }
  count(predicate: (kind: Kind, status: number) => boolean): number {
    let n = 0;
    for (const [kind, byStatus] of this.statuses) {
      for (const [status, c] of byStatus) if (predicate(kind, status)) n += c;
    }
    return n;
  }
  /** p50/p99/max latency per kind, in ms, as measured around each request. */
  latencyTable(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [kind, list] of this.latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number) =>
        Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      out[kind] = `${at(0.5)} / ${at(0.99)} / ${at(1)}`;
    }
    return out;
  }
  table(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [kind, byStatus] of this.statuses) {
      out[kind] = [...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ');
    }
    return out;
  }
}

/** The request mix: each connection cycles through it; ids and pages are drawn (seeded). */
function mix(tally: Tally, seed: number): AutocannonRequest[] {
  const random = mulberry32(seed);
  const id = () => 1 + Math.floor(random() * CLIENTES);
  const pages = Math.max(1, Math.floor(CLIENTES / PAGE_SIZE));
  const headers = { authorization: `Bearer ${LOAD_KEY}` };
  const entry = (kind: Kind, path: () => string): AutocannonRequest => ({
    method: 'GET',
    headers,
    setupRequest: (req, context) => {
      (context as { started?: number }).started = performance.now();
      return { ...req, path: path() };
    },
    onResponse: (status, _body, context, responseHeaders) =>
      tally.record(
        kind,
        status,
        (responseHeaders ?? {}) as Record<string, string>,
        performance.now() - ((context as { started?: number }).started ?? performance.now()),
      ),
  });
  const planos = entry('planos', () => '/api/v1/planos');
  const porPlano = entry(
    'clientesPorPlano',
    () => `/api/v1/clientes/planos?pageSize=${PAGE_SIZE}&page=${1 + Math.floor(random() * pages)}`,
  );
  const cliente = entry('cliente', () => `/api/v1/clientes/${id()}`);
  const produtos = entry('produtos', () => `/api/v1/clientes/${id()}/produtos`);
  const missing = entry('deliberate404', () => `/api/v1/clientes/${CLIENTES + 1 + id()}`);
  return [planos, cliente, missing, porPlano, produtos, cliente, produtos, planos, cliente];
}

interface Child<R> {
  ready: R;
  send<T>(message: object): Promise<T>;
  stop(): Promise<void>;
}

/** Forks `server.ts` in `role` and waits for its first message. */
async function startChild<R>(
  role: 'ixc' | 'router',
  env: Record<string, string> = {},
): Promise<Child<R>> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  const child = fork(script, [role], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const ready = await new Promise<R>((resolve, reject) => {
    child.once('message', (m: R) => resolve(m));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code} before listening`)));
  });
  let queue = Promise.resolve<unknown>(undefined);
  return {
    ready,
    send<T>(message: object) {
      const next = queue.then(
        () =>
          new Promise<T>((resolve) => {
            child.once('message', (m: T) => resolve(m));
            child.send(message);
          }),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ cmd: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function run(
  url: string,
  connections: number,
  duration: number,
  requests: AutocannonRequest[],
): Promise<Result> {
  return autocannon({ url, connections, duration, requests, timeout: HANG_SECONDS });
}

interface PhaseReport {
  name: string;
  result: Result;
  tally: Tally;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function summary({ name, result, tally }: PhaseReport): Record<string, string | number> {
  return {
    phase: name,
    'req/s (avg)': Math.round(result.requests.average),
    requests: result.requests.total,
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'max ms': result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    ...Object.fromEntries(Object.entries(tally.table()).map(([k, v]) => [k, v])),
  };
}

async function main(): Promise<void> {
  const failures: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) failures.push(message);
  };
  const ixc = await startChild<{ url: string; token: string }>('ixc');
  const child = await startChild<{ port: number }>('router', {
    IXC_URL: ixc.ready.url,
    IXC_TOKEN: ixc.ready.token,
  });
  const url = `http://127.0.0.1:${child.ready.port}`;
  try {
    await run(url, 10, 2, mix(new Tally(), 1));
    const before = await child.send<{ heap: NodeJS.MemoryUsage; gc: boolean }>({ cmd: 'heap' });
    check(before.gc, 'the server was started without --expose-gc');

    // Phase 1: a healthy IXC.
    const healthy = new Tally();
    const p1 = await run(url, CONNECTIONS, DURATION, mix(healthy, 2));
    check(p1.errors === 0, `phase 1: ${p1.errors} errors`);
    check(p1.timeouts === 0, `phase 1: ${p1.timeouts} timeouts`);
    const unexpected1 = healthy.count((k, s) =>
      k === 'deliberate404' ? s !== 404 : s < 200 || s > 299,
    );
    check(unexpected1 === 0, `phase 1: ${unexpected1} answers with an unexpected status`);
    check(healthy.count((k) => k === 'deliberate404') > 0, 'phase 1: no deliberate 404 was sent');
    check(
      healthy.badProblems.length === 0,
      `phase 1: non-problem errors ${healthy.badProblems.join('; ')}`,
    );

    // Phase 2: 10 % of IXC requests answer 503.
    await ixc.send({ cmd: 'fault', probability: 0.1 });
    const faulty = new Tally();
    const p2 = await run(url, CONNECTIONS, DURATION, mix(faulty, 3));
    const { hits } = await ixc.send<{ hits: number }>({ cmd: 'clear' });
    check(p2.errors === 0, `phase 2: ${p2.errors} errors (connection errors or hangs)`);
    check(p2.timeouts === 0, `phase 2: ${p2.timeouts} requests hung past ${HANG_SECONDS} s`);
    const unexpected2 = faulty.count((k, s) => {
      if ([502, 503, 504].includes(s)) return false;
      return k === 'deliberate404' ? s !== 404 : s < 200 || s > 299;
    });
    check(unexpected2 === 0, `phase 2: ${unexpected2} answers neither 2xx nor 502/503/504`);
    check(
      faulty.badProblems.length === 0,
      `phase 2: non-problem errors ${faulty.badProblems.join('; ')}`,
    );
    check(hits > 0, 'phase 2: the 503 fault never fired');

    // After: sockets gone, heap back near the baseline.
    await new Promise((r) => setTimeout(r, 1_000));
    const stats = await child.send<{ connections: number }>({ cmd: 'stats' });
    const { served } = await ixc.send<{ served: number }>({ cmd: 'stats' });
    check(stats.connections === 0, `after: ${stats.connections} router connections still open`);
    const after = await child.send<{ heap: NodeJS.MemoryUsage }>({ cmd: 'heap' });
    const growth = after.heap.heapUsed - before.heap.heapUsed;
    check(
      growth < HEAP_SLACK_BYTES,
      `after: heap grew by ${mb(growth)} (baseline ${mb(before.heap.heapUsed)}, after ${mb(after.heap.heapUsed)})`,
    );

    console.log(
      `\nLoad test: ${CONNECTIONS} connections, ${DURATION} s per phase, IXC latency 5–20 ms\n`,
    );
    console.table([
      summary({ name: 'healthy IXC', result: p1, tally: healthy }),
      summary({ name: '10 % IXC 503', result: p2, tally: faulty }),
    ]);
    console.log('Latency per endpoint, p50 / p99 / max ms:');
    console.table([
      { phase: 'healthy IXC', ...healthy.latencyTable() },
      { phase: '10 % IXC 503', ...faulty.latencyTable() },
    ]);
    console.log(
      `IXC requests served: ${served}; 503s injected in phase 2: ${hits}\n` +
        `heap used: baseline ${mb(before.heap.heapUsed)}, after ${mb(after.heap.heapUsed)} ` +
        `(growth ${mb(growth)}, allowed ${mb(HEAP_SLACK_BYTES)}); rss after ${mb(after.heap.rss)}`,
    );
  } finally {
    await child.stop();
    await ixc.stop();
  }
  if (failures.length > 0) {
    console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log('\nAll load checks passed.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
