/**
 * The webhooks figure: delivery throughput on SQLite and PostgreSQL as a ratio to a bare
 * sign-and-post loop (all, and with 10 % of deliveries failing), detection lag at the default
 * and a 5 s poll interval, IXC requests per idle poll at two table sizes, and a full
 * reconciliation at two sizes (requests, time, peak heap).
 */

import { findPostgresBin, type PostgresServer, startPostgres } from '../store/postgres-server.js';
import type { Row } from '../webhooks/detect/measure.js';
import type { FigureOptions, Section, Table, Target } from './report.js';
import { forkServer, forkTask } from './servers.js';
import { fmt, median, range, ratio } from './stats.js';
import { measureLag } from './webhooks-lag.js';
import {
  bareRunner,
  CONCURRENCY,
  ENDPOINTS,
  PER_ENDPOINT,
  type Runner,
  storeRunner,
} from './webhooks-throughput.js';

const GOAL = 0.5;

interface Throughput {
  failing: number;
  bareName: string;
  /** Attempts per second, per runner name, per round. */
  rates: Map<string, number[]>;
  /** Variant / bare, per runner name, per round. */
  ratios: Map<string, number[]>;
  /** Retries made during the counted rounds, per runner name. */
  retries: Map<string, number>;
  /**
   * CPU of this process (`process.cpuUsage`) per first attempt, µs, per runner name, per
   * round: steadier than throughput when other tenants share the machine. A PostgreSQL
   * server's own CPU is not in it.
   */
  cpu: Map<string, number[]>;
}

async function throughput(
  runners: Runner[],
  bare: Runner,
  receiver: { ask<T>(q: string): Promise<T> },
  failing: number,
  rounds: number,
  n: number,
): Promise<Throughput> {
  await receiver.ask(`fail:${failing}`);
  const rates = new Map<string, number[]>();
  const ratios = new Map<string, number[]>();
  const retries = new Map<string, number>();
  const cpu = new Map<string, number[]>();
  const all = [bare, ...runners];
  // Round 0 warms the JIT, the connections and the databases; it is not counted.
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? all : [...all].reverse();
    const got = new Map<string, number>();
    for (const r of order) {
      await r.prepare(`f${Math.round(failing * 100)}r${round}`, n);
      const started = process.cpuUsage();
      const res = await r.run();
      const used = process.cpuUsage(started);
      if (round > 0) {
        cpu.set(r.name, [...(cpu.get(r.name) ?? []), (used.user + used.system) / res.attempts]);
      }
      if (res.attempts !== n) throw new Error(`${r.name}: ${res.attempts} attempts of ${n}`);
      got.set(r.name, res.attempts / (res.ms / 1000));
      if (round > 0) retries.set(r.name, (retries.get(r.name) ?? 0) + (res.retries ?? 0));
    }
    if (round === 0) continue;
    for (const [name, rate] of got) {
      rates.set(name, [...(rates.get(name) ?? []), rate]);
      if (name !== bare.name) {
        ratios.set(name, [...(ratios.get(name) ?? []), rate / got.get(bare.name)!]);
      }
    }
    console.log(
      `  throughput ${failing * 100} % failing, round ${round}: ${[...got]
        .map(([k, v]) => `${k} ${fmt(v)}/s`)
        .join(', ')}`,
    );
  }
  return { failing, bareName: bare.name, rates, ratios, retries, cpu };
}

interface Reconcile {
  contracts: number;
  reconciled: boolean;
  requests: number;
  ms: number;
  heap0: number;
  peak: number;
  /** Highest heap after a GC, sampled every 20 requests: what the walk holds. */
  peakLive: number;
}

const MB = 1e6;

/** Runs the figure. */
export async function webhooks(options: FigureOptions): Promise<Section> {
  const quick = options.quick;
  const rounds = quick ? 3 : 7;
  const n = quick ? 1500 : 4000;
  const receiver = await forkServer('./webhooks-receiver.ts', []);
  let pg: PostgresServer | null = null;
  const runners: Runner[] = [];
  const bare = bareRunner(receiver.url);
  const results: Throughput[] = [];
  try {
    runners.push(await storeRunner({ kind: 'sqlite' }, receiver.url));
    if (process.env.DATABASE_URL || findPostgresBin()) {
      pg = await startPostgres();
      runners.push(await storeRunner({ kind: 'postgres', url: pg.url }, receiver.url));
    }
    for (const failing of [0, 0.1]) {
      results.push(await throughput(runners, bare, receiver, failing, rounds, n));
    }
  } finally {
    for (const r of runners) await r.close();
    await receiver.close();
    pg?.stop();
  }

  const intervals = [30_000, 5_000];
  const lag = await measureLag(quick ? 30 : 150, intervals);
  console.log(
    `  lag: processing p50 ${fmt(lag.processing.p50)} ms, p99 ${fmt(lag.processing.p99)} ms`,
  );

  const [smallIdle, largeIdle] = quick ? [770, 7_700] : [770, 77_000];
  const idle: Row[] = [];
  for (const clientes of [smallIdle, largeIdle]) {
    const row = await forkTask<Row>('./webhooks-task.ts', ['idle', String(clientes)]);
    console.log(`  idle poll, ${fmt(row.rows)} contracts: ${row.idleRequests} IXC requests`);
    idle.push(row);
  }
  const [smallRec, largeRec] = quick ? [770, 7_700] : [7_700, 77_000];
  const reconcile: Reconcile[] = [];
  for (const clientes of [smallRec, largeRec]) {
    const r = await forkTask<Reconcile>(
      './webhooks-task.ts',
      ['reconcile', String(clientes)],
      ['--expose-gc'],
    );
    console.log(
      `  reconciliation, ${fmt(r.contracts)} contracts: ${r.requests} requests, ${fmt(r.ms / 1000, 1)} s, peak +${fmt((r.peak - r.heap0) / MB)} MB`,
    );
    reconcile.push(r);
  }
  return section({ results, lag, idle, reconcile, rounds, n, quick });
}

function section(m: {
  results: Throughput[];
  lag: Awaited<ReturnType<typeof measureLag>>;
  idle: Row[];
  reconcile: Reconcile[];
  rounds: number;
  n: number;
  quick: boolean;
}): Section {
  const targets: Target[] = [];
  const tables: Table[] = [];
  const headline: string[] = [];
  for (const t of m.results) {
    const bareName = t.bareName;
    const bareRate = median(t.rates.get(bareName)!);
    const cpuOf = (name: string) => `${fmt(median(t.cpu.get(name)!))} µs`;
    const rows: string[][] = [[bareName, fmt(bareRate), '1.00×', '', '0', cpuOf(bareName)]];
    for (const [name, rs] of t.ratios) {
      const [lo, hi] = range(rs);
      const r = median(rs);
      rows.push([
        name,
        fmt(median(t.rates.get(name)!)),
        ratio(r),
        `${ratio(lo)}–${ratio(hi)}`,
        fmt((t.retries.get(name) ?? 0) / m.rounds),
        cpuOf(name),
      ]);
      const backend = name.includes('PostgreSQL') ? 'PostgreSQL' : 'SQLite';
      const what = t.failing > 0 ? `, ${t.failing * 100} % failing (first attempts)` : '';
      targets.push({
        name: `Delivery throughput on ${backend}${what} vs bare sign-and-post loop`,
        target: `≥ ${GOAL.toFixed(2)}×`,
        measured: ratio(r),
        ok: r >= GOAL,
      });
      if (t.failing === 0) {
        headline.push(
          `Webhook delivery on ${backend}: ${fmt(median(t.rates.get(name)!))} deliveries/s, ${ratio(r)} of a bare sign-and-post loop (${fmt(bareRate)}/s).`,
        );
      }
    }
    tables.push({
      caption:
        t.failing === 0
          ? '**Delivery throughput**, every delivery answered 204'
          : `**Delivery throughput, ${t.failing * 100} % failing**: the receiver answers 500 to a fixed 10 % of the ids; first attempts per second`,
      head: [
        'Sender',
        'First attempts/s (median)',
        'Ratio to bare (median of rounds)',
        'Per-round range',
        'Retries per round (not counted)',
        'CPU of this process per first attempt (median; not the PostgreSQL server)',
      ],
      rows,
    });
  }
  const s = (ms: number) => `${fmt(ms / 1000, 1)} s`;
  tables.push({
    caption: `**Detection lag**, change in the simulator to the receiver's 2xx (${m.lag.samples} changes, ${fmt(m.lag.contracts)} contracts)`,
    head: ['Poll interval', 'p50', 'p99', 'of which processing p50 / p99'],
    rows: m.lag.byInterval.map((b) => [
      `${b.intervalMs / 1000} s${b.intervalMs === 30_000 ? ' (default)' : ''}`,
      s(b.p50),
      s(b.p99),
      `${fmt(m.lag.processing.p50)} / ${fmt(m.lag.processing.p99)} ms`,
    ]),
  });
  for (const b of m.lag.byInterval) {
    targets.push({
      name: `Detection lag at a ${b.intervalMs / 1000} s poll interval`,
      target: `p99 ≤ interval + 1 s`,
      measured: `p50 ${s(b.p50)}, p99 ${s(b.p99)}`,
      ok: b.p99 <= b.intervalMs + 1000,
    });
  }
  const [a, b] = m.idle as [Row, Row];
  tables.push({
    caption: '**IXC requests per poll cycle** (50 changed contracts for the busy poll)',
    head: ['Contracts', 'Idle poll: requests', 'Idle poll: ms', 'Busy poll: requests', 'Events'],
    rows: m.idle.map((r) => [
      fmt(r.rows),
      String(r.idleRequests),
      fmt(r.idleMs),
      String(r.changedRequests),
      String(r.events),
    ]),
  });
  targets.push({
    name: `IXC requests per idle poll, ${fmt(a.rows)} and ${fmt(b.rows)} contracts`,
    target: 'same count at both sizes',
    measured: `${a.idleRequests} and ${b.idleRequests}`,
    ok: a.idleRequests === b.idleRequests,
  });
  const [r0, r1] = m.reconcile as [Reconcile, Reconcile];
  const growth = (r: Reconcile) => (r.peak - r.heap0) / MB;
  const live = (r: Reconcile) => (r.peakLive - r.heap0) / MB;
  tables.push({
    caption:
      '**Full reconciliation** (every contract, customer, line and SVA account, paged by id)',
    head: [
      'Contracts',
      'IXC requests',
      'Wall time',
      'Heap before MB',
      'Peak heap growth MB (with garbage)',
      'Peak live heap growth MB',
    ],
    rows: m.reconcile.map((r) => [
      fmt(r.contracts),
      String(r.requests),
      s(r.ms),
      fmt(r.heap0 / MB),
      fmt(growth(r)),
      fmt(live(r)),
    ]),
  });
  targets.push({
    name: `Peak live heap of a full reconciliation, ${fmt(r1.contracts)} vs ${fmt(r0.contracts)} contracts`,
    target: 'flat: growth ≤ 2 × the smaller size’s (or ≤ 16 MB)',
    measured: `+${fmt(live(r1))} MB vs +${fmt(live(r0))} MB`,
    ok: live(r1) <= 2 * Math.max(live(r0), 8),
  });
  headline.push(
    `Detection lag at the default 30 s poll: p50 ${s(m.lag.byInterval[0]!.p50)}, p99 ${s(m.lag.byInterval[0]!.p99)} (processing p50 ${fmt(m.lag.processing.p50)} ms); idle poll ${b.idleRequests} IXC requests at ${fmt(b.rows)} contracts.`,
  );
  return {
    id: 'webhooks',
    title: 'Status webhooks: delivery, detection lag, poll and reconciliation cost',
    method: [
      `**Throughput.** A receiver in its own process (one core each, as a partner's server is another machine) answers 204, or 500 for a fixed 10 % of the \`webhook-id\`s (FNV-1a hash), the same ids whoever sends. ${ENDPOINTS} endpoints (paths on that receiver), one event type each so events fan out interleaved; ${fmt(m.n)} deliveries per round. The dispatcher (defaults: ${CONCURRENCY} in flight, ${PER_ENDPOINT} per endpoint) drains a SQLite file (\`openStore(file)\`, WAL) and a real PostgreSQL 15 (throwaway cluster on loopback, fsync off), from the moment it starts until the last first attempt is recorded. The bare loop signs with the same \`signatureHeaders\` and posts the same bodies with undici over keep-alive, ${PER_ENDPOINT} workers per endpoint (the same ${CONCURRENCY} in flight), storing nothing. Filling the outbox happens before the clock starts. ${m.rounds} rounds after a warm-up round, the order of the three reversed every other round; the ratio is the median of per-round ratios. With failures, the figure is first attempts per second, each failed one recorded and rescheduled; the retry falls an hour later (\`schedule\` option), outside the round. Any retry the dispatcher still makes within a round (the catch-up rule, for an endpoint failing 5 s or more) is work done in the round, shown in its column and not counted. PostgreSQL's tables are analysed once after the first fill, as autovacuum does within a minute on a live install; without statistics its planner sorts every due row on each claim. The CPU column is the benchmark process's own CPU time (\`process.cpuUsage\`) over the round divided by its first attempts: both sides keep about one core busy, so it moves less than throughput when other tenants load the machine; the receiver's and a PostgreSQL server's CPU are not in it.`,
      `**Detection lag.** The simulator (\`createIxcEngine\`, real clock, ${fmt(m.lag.contracts)} contracts) is read through its fetch face by the real \`IxcCampsoftClient\`; the watcher and the dispatcher share a SQLite file; the receiver is a local HTTP server. Each change toggles one contract's \`status_internet\`, then does what \`serve\` does at its next tick: \`watcher.pollOnce()\`, then \`dispatcher.wake()\`; processing is measured in real time from the change to the receiver answering 2xx. The wait for that next tick is not slept: a change lands at a uniformly random moment of the interval, so the lag is processing + u × interval with u uniform in [0, 1); its p50 and p99 are read from the measured processing times convolved with that uniform wait (each sample paired with 200 evenly spaced u). The target allows the interval plus 1 s.`,
      `**Poll cost and reconciliation** reuse the detection measurements (test/webhooks/detect/measure.ts), each size in a child process: a dataset of the given size in the simulator (request log on), the client on its fetch face, an in-memory SQLite store; an idle poll after a baseline and one change per table, then a poll after 50 contract changes; and a full reconciliation (all pages in one poll), with IXC requests counted by the simulator, wall time, and \`heapUsed\` sampled at each IXC request against a baseline taken after a GC (the dataset shares the heap). The peak at each request includes garbage V8 has not collected yet (mostly the simulator's own answers, in the same heap), so it moves with the machine's load; the live peak, after a forced GC every 20 requests, is what the walk holds, and is the target.`,
    ],
    tables,
    targets,
    headline,
    notes: m.quick ? ['Quick run: fewer rounds and smaller sizes; do not quote.'] : [],
  };
}
