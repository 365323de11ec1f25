/**
 * Several instances on one real PostgreSQL: three child processes run detection and delivery
 * for the same tenant on one schema while the simulator keeps changing statuses; the one
 * polling IXC is SIGKILLed while it waits for IXC. Every change must reach the receiver; no
 * event may arrive twice before the kill, and after it only those the dead instance had in
 * flight; and IXC never sees two instances' requests at once (the front logs which instance
 * made each request, from a header each child sends).
 *
 * `INSTANCES_SEED=<n>` replays a run's choices; the seed is printed when the test fails.
 */
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { type CampsoftStore, openStore } from '../../../src/store/index.js';
import { createIxcEngine, DEMO_TOKEN, generateDataset } from '../../../src/testing/index.js';
import { generateSecret } from '../../../src/webhooks/signing.js';
import { POSTGRES_AVAILABLE, postgresUrl, usePostgres } from '../../store/backends.js';
import { freshSchema } from '../../store/postgres-server.js';
import type { ChildConfig } from './child.js';
import {
  type Child,
  type HookReceiver,
  type IxcFront,
  type IxcHit,
  killAll,
  prng,
  seedFrom,
  spawnChild,
  startHookReceiver,
  startIxcFront,
} from './harness.js';
import { capture, operatorChange, verdict } from './truth.js';

usePostgres();

const SEED = seedFrom('INSTANCES_SEED');
const TIMEOUT_MS = 1_000;
/** How long a dead instance's claims hold (`claimTtlMs`): short, so the test waits little. */
const CLAIM_MS = 8_000;

let store: CampsoftStore | undefined;
let front: IxcFront | undefined;
let receiver: HookReceiver | undefined;

afterAll(async () => {
  await killAll();
  await front?.close();
  await receiver?.close();
  await store?.close();
});

/** Requests of two instances in flight at once, and how often the poller changed. */
function pollers(hits: readonly IxcHit[]) {
  const sorted = [...hits].sort((a, b) => a.startedAt - b.startedAt);
  const overlaps: string[] = [];
  const turns: { instance: string; from: number }[] = [];
  // Latest finish of each instance's requests so far.
  const busyUntil = new Map<string, number>();
  for (const h of sorted) {
    for (const [other, until] of busyUntil) {
      if (other !== h.instance && until > h.startedAt) {
        overlaps.push(`${h.instance} asked for ${h.table} while ${other} was still reading`);
      }
    }
    const end = Number.isNaN(h.finishedAt) ? Number.POSITIVE_INFINITY : h.finishedAt;
    busyUntil.set(h.instance, Math.max(busyUntil.get(h.instance) ?? 0, end));
    if (turns.at(-1)?.instance !== h.instance)
      turns.push({ instance: h.instance, from: h.startedAt });
  }
  return { overlaps, turns };
}

/** Polls (not skipped) of different instances that ran at the same time, from their own lines. */
function concurrentPolls(
  children: readonly Child[],
  hits: readonly IxcHit[],
  killedAt: number,
): string[] {
  const spans = children.flatMap((c) => {
    const out: { name: string; from: number; to: number }[] = [];
    let from: number | undefined;
    for (const l of c.lines) {
      if (l.m === 'poll') from = l.at;
      else if ((l.m === 'polled' || l.m === 'poll_error') && from !== undefined) {
        if (l.m === 'poll_error' || l.status !== 'skipped')
          out.push({ name: c.name, from, to: l.at });
        from = undefined;
      }
    }
    // The killed instance's last poll ended with it; it counts if it reached IXC.
    const open = from;
    if (open !== undefined && hits.some((h) => h.instance === c.name && h.startedAt >= open)) {
      out.push({ name: c.name, from: open, to: killedAt });
    }
    return out;
  });
  spans.sort((a, b) => a.from - b.from);
  const clashes: string[] = [];
  for (let i = 1; i < spans.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = spans[j]!;
      const b = spans[i]!;
      if (a.name !== b.name && a.to > b.from)
        clashes.push(`${a.name} and ${b.name} polled at once`);
    }
  }
  return clashes;
}

describe.skipIf(!POSTGRES_AVAILABLE)('several instances on one PostgreSQL', () => {
  it('deliver every change, once while all are healthy, with one poller at a time', async () => {
    onTestFailed(() => {
      console.error(`instances test failed: replay its choices with INSTANCES_SEED=${SEED}`);
    });
    const started = Date.now();
    const rand = prng(SEED);
    const changes = prng(SEED ^ 0x2545f491);
    const engine = createIxcEngine({
      dataset: generateDataset({ seed: SEED % 1000, clientes: 30 }),
      // A little latency, so two instances' reads would overlap on IXC's side if both polled.
      latencyMs: [1, 4],
      seed: SEED,
    });
    const activity = engine.activity({ seed: SEED % 9973, perMinute: 600 });
    front = await startIxcFront(engine);
    receiver = await startHookReceiver(0);
    const schema = freshSchema();
    store = await openStore(postgresUrl(), { schema, poolSize: 2 });
    const secret = generateSecret();
    await store.createEndpoint({
      url: receiver.url,
      eventTypes: ['*'],
      secret,
      allowInsecure: true,
    });
    const config = (instance: string): ChildConfig => ({
      instance,
      ixcUrl: front!.url,
      token: DEMO_TOKEN,
      store: postgresUrl(),
      schema,
      tenant: 'acme',
      pollMs: 200,
      // Far above a poll's length: while all are healthy the lease never changes hands.
      leaseTtlMs: 4_000,
      pageSize: 25,
      overlapSeconds: 1,
      reconcileEveryMs: 3_000,
      reconcilePagesPerPoll: 4,
      timeoutMs: TIMEOUT_MS,
      claimTtlMs: CLAIM_MS,
      schedule: [0, 50, 100, 200, 500, 1_000, 1_000, 1_000],
      clockOffsetMs: 0,
    });
    const children: Child[] = ['pg-a', 'pg-b', 'pg-c'].map((name) => spawnChild(config(name)));
    await Promise.all(children.map((c) => c.waitFor((l) => l.m === 'ready', 30_000)));
    const first = await Promise.race(
      children.map((c) =>
        c.waitFor((l) => l.m === 'polled' && l.status === 'polled', 30_000).then(() => c),
      ),
    );
    const initial = capture(engine);
    const mutator = setInterval(() => operatorChange(engine, changes, activity), 40);

    // Kill the poller just after its dispatcher claimed deliveries (so some are in flight),
    // a random while into the run.
    let victim: Child | undefined;
    let killedAt = 0;
    let phases: string[] = [];
    try {
      await new Promise((r) => setTimeout(r, rand.int(1_000, 2_500)));
      const nth = rand.int(1, 3);
      const after = rand.int(0, 10);
      let count = 0;
      const leaderName = front.hits.at(-1)?.instance ?? first.name;
      victim = children.find((c) => c.name === leaderName) ?? first;
      const target = victim;
      await new Promise<void>((resolve) => {
        const kill = () => {
          if (killedAt) return;
          killedAt = Date.now();
          target.process.kill('SIGKILL');
          resolve();
        };
        // Nothing to deliver for a while: kill it anyway.
        setTimeout(kill, 3_000);
        target.onLine = (line) => {
          if (line.m === 'claimed' && ++count >= nth) setTimeout(kill, after);
        };
      });
      phases = await victim.kill();
      // Changes go on while the survivors wait for the lease and take over.
      await new Promise((r) => setTimeout(r, 6_000));
    } finally {
      clearInterval(mutator);
    }
    const final = capture(engine);
    const inFlight = new Set(victim.inFlight().map((d) => d.eventId));
    const survivors = children.filter((c) => c !== victim);
    const stoppedAt = Date.now();

    // The dead instance's claims lapse after CLAIM_MS (real time: the survivors' clocks are
    // not touched); then the survivors send those too. Two reconciliations that began after
    // the last change must have run as well.
    for (;;) {
      const reconciled = survivors
        .flatMap((c) => c.lines)
        .filter((l) => l.m === 'polled' && l.reconciled && l.at > stoppedAt).length;
      const summary = await store.summary();
      if (reconciled >= 2 && summary.pending === 0) break;
      if (Date.now() - stoppedAt > CLAIM_MS + 30_000) {
        throw new Error(`not drained: ${JSON.stringify(summary)}, ${reconciled} reconciliations`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // A survivor that stops releases the lease and the other may take it: a handover that
    // the turns below leave out.
    const stopSignalAt = Date.now();
    for (const c of survivors) c.process.kill('SIGTERM');
    for (const c of survivors) await c.waitFor((l) => l.m === 'stopped', 15_000);

    const result = await verdict({
      arrivals: receiver.arrivals,
      secret,
      store,
      tenant: 'acme',
      initial,
      final,
    });
    const before = receiver.arrivals.filter((a) => a.at < killedAt).map((a) => a.id);
    const twiceBefore = before.filter((id, i) => before.indexOf(id) !== i);
    const counts = new Map<string, number>();
    for (const a of receiver.arrivals) counts.set(a.id, (counts.get(a.id) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const { overlaps } = pollers(front.hits);
    const { turns } = pollers(front.hits.filter((h) => h.startedAt < stopSignalAt));
    const clashes = concurrentPolls(children, front.hits, killedAt);
    const delivered = children.map((c) => c.lines.filter((l) => l.m === 'recorded').length);
    console.log(
      `instances seed ${SEED}: killed ${victim.name} in ${phases} (${inFlight.size} deliveries in flight); ` +
        `poller turns ${turns.map((t) => t.instance).join(' → ')}; attempts recorded per instance ${delivered}; ` +
        `${result.storedEvents} events, ${result.arrivals} arrivals, ${twice.length} sent twice; ` +
        `${Date.now() - started} ms`,
    );

    expect(result.problems).toEqual([]);
    expect(twiceBefore).toEqual([]);
    expect(twice.filter((id) => !inFlight.has(id))).toEqual([]);
    expect(overlaps).toEqual([]);
    expect(clashes).toEqual([]);
    // One poller until the kill, then one of the survivors: the lease changed hands once.
    expect(turns.map((t) => t.instance)).toHaveLength(2);
    expect(turns[0]?.instance).toBe(victim.name);
    expect(survivors.map((c) => c.name)).toContain(turns[1]?.instance);
    // Not vacuous: hundreds of events, and the deliveries were shared by several instances.
    expect(result.storedEvents).toBeGreaterThan(100);
    expect(delivered.filter((n) => n > 0).length).toBeGreaterThan(1);
  }, 120_000);
});
