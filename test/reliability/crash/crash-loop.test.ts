/**
 * Crash safety: a child process running the package's watcher and dispatcher on a SQLite file
 * is SIGKILLed at seeded random moments, at least 20 times: once in the middle of the first
 * baseline, then on a timer, while IXC answers the nth request, a few ms after it answered,
 * inside the nth detection commit, while the receiver holds the nth delivery, and just after it
 * answered 2xx (before the attempt is recorded). Meanwhile the simulator keeps changing
 * customers, contracts (buttons, speed, cancellations, hard deletes, bursts of one second),
 * contract lines and SVA accounts, and the receiver answers 500 or too late now and then. A
 * last child runs until drained. The receiver must then hold every change at least once (see
 * truth.ts for what that means when IXC folds two changes into one), each duplicate under an
 * id it already had with the same body, every signature valid for the official
 * `standardwebhooks` package, nothing pending or failed.
 *
 * A child says on stdout where it is (poll, commit, claims, records), so each kill is put down
 * to the phases it interrupted; writes inside a detection commit are slowed a little in the
 * child, so that a kill can land inside the transaction. Restarted children are loaded ahead
 * and wait for a go on stdin, so a restart does not cost Node's start-up time.
 *
 * `CRASH_SEED=<n>` replays a run's choices (kill plans, changes, answers; not the timings);
 * the seed is printed when the test fails. `CRASH_DEBUG=1` prints every kill.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { type CampsoftStore, openStore } from '../../../src/store/index.js';
import { createIxcEngine, DEMO_TOKEN, generateDataset } from '../../../src/testing/index.js';
import { generateSecret } from '../../../src/webhooks/signing.js';
import type { ChildConfig, ChildLine } from './child.js';
import {
  type Child,
  type HookReceiver,
  type IxcFront,
  killAll,
  type Phase,
  prng,
  type Rand,
  seedFrom,
  spawnChild,
  startHookReceiver,
  startIxcFront,
} from './harness.js';
import { capture, operatorChange, verdict } from './truth.js';

const SEED = seedFrom('CRASH_SEED');
const MIN_KILLS = 20;
const MAX_KILLS = 40;
const TIMEOUT_MS = 300;
/** Longer than a claim (2 × timeout + 30 s): the last child finds every stale claim lapsed. */
const LAST_CHILD_AHEAD_MS = 2 * TIMEOUT_MS + 31_000;

const debug = (text: string) => {
  if (process.env.CRASH_DEBUG) console.log(text);
};

const dir = mkdtempSync(join(tmpdir(), 'campsoft-crash-'));
let store: CampsoftStore | undefined;
let front: IxcFront | undefined;
let receiver: HookReceiver | undefined;

afterAll(async () => {
  await killAll();
  await front?.close();
  await receiver?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Where a kill is aimed: a plain timer; while IXC is answering the nth request; a few ms after
 * it answered; a few ms into the nth commit (the child says when one starts); while the
 * receiver holds the nth delivery; just after it answered 2xx, before the attempt is recorded.
 */
type Mode = 'timer' | 'ixc-waiting' | 'ixc-answered' | 'commit' | 'hook-waiting' | 'hook-answered';
// Commits are where a half-done write would lose a change: twice as many kills go there.
const MODES: readonly Mode[] = [
  'timer',
  'ixc-waiting',
  'ixc-answered',
  'commit',
  'commit',
  'hook-waiting',
  'hook-answered',
];
/** Each write of a detection commit is slowed this much in the child (see `slowWritesMs`). */
const SLOW_WRITE_MS = 3;

/** Kills `child` at a moment drawn from `rand`; resolves with what it interrupted. */
async function killSomewhere(child: Child, rand: Rand): Promise<{ mode: string; phases: Phase[] }> {
  const mode = rand.pick(MODES);
  const nth = rand.int(1, mode.startsWith('ixc') ? 8 : mode === 'commit' ? 4 : 3);
  // Anywhere within a commit of a few slowed writes, or a little after an IXC answer.
  const after = rand.int(0, mode === 'commit' ? 6 * SLOW_WRITE_MS : 6);
  const timerMs = rand.int(30, 1_200);
  const ixc = front!;
  const hook = receiver!;
  const decide = hook.decide;
  let fired = '';
  let count = 0;
  await new Promise<void>((resolve) => {
    const fire = (how: string) => {
      if (fired) return;
      fired = how;
      child.process.kill('SIGKILL');
      resolve();
    };
    // A trigger that never comes (nothing to deliver) falls back to a timer.
    const timer = setTimeout(
      () => fire(mode === 'timer' ? 'timer' : `${mode}:timer`),
      mode === 'timer' ? timerMs : 1_500,
    );
    void child.exited.then(() => fire('exited'));
    if (mode === 'ixc-waiting' || mode === 'ixc-answered') {
      ixc.onRequest = (hit, stage) => {
        if (hit.instance !== child.name || stage !== 'arrived' || ++count < nth) return;
        if (mode === 'ixc-waiting') fire(mode);
      };
      if (mode === 'ixc-answered') {
        const arrived = ixc.onRequest;
        ixc.onRequest = (hit, stage) => {
          arrived(hit, stage);
          if (hit.instance === child.name && stage === 'answered' && count >= nth) {
            setTimeout(() => fire(mode), after);
          }
        };
      }
    } else if (mode === 'commit') {
      child.onLine = (line) => {
        if (line.m === 'commit' && ++count >= nth) setTimeout(() => fire(mode), after);
      };
    } else if (mode === 'hook-waiting') {
      hook.decide = (a) => {
        const answer = decide(a);
        if (++count >= nth) fire(mode);
        return answer;
      };
    } else if (mode === 'hook-answered') {
      hook.onAnswered = () => {
        if (++count >= nth) fire(mode);
      };
    }
    void child.exited.then(() => clearTimeout(timer));
  });
  ixc.onRequest = undefined;
  child.onLine = undefined;
  hook.decide = decide;
  hook.onAnswered = undefined;
  const phases = await child.kill();
  return { mode: fired, phases };
}

describe('crash safety', () => {
  it(`loses nothing across ${MIN_KILLS}+ SIGKILLs of detection and delivery`, async () => {
    onTestFailed(() => {
      console.error(`crash loop failed: replay its choices with CRASH_SEED=${SEED}`);
    });
    const started = Date.now();
    const rand = prng(SEED);
    const answers = prng(SEED ^ 0x5bd1e995);
    const changes = prng(SEED ^ 0x2545f491);
    const engine = createIxcEngine({
      dataset: generateDataset({ seed: SEED % 1000, clientes: 30 }),
    });
    const activity = engine.activity({ seed: SEED % 9973, perMinute: 600 });
    front = await startIxcFront(engine);
    receiver = await startHookReceiver(TIMEOUT_MS * 2);
    receiver.decide = () => {
      const r = answers();
      return r < 0.15 ? 'error' : r < 0.2 ? 'late' : 'ok';
    };
    const baseDecide = receiver.decide;
    const path = join(dir, 'campsoft.db');
    store = await openStore(path);
    const secret = generateSecret();
    await store.createEndpoint({
      url: receiver.url,
      eventTypes: ['*'],
      secret,
      allowInsecure: true,
    });

    const config = (n: number, extra: Partial<ChildConfig> = {}): ChildConfig => ({
      instance: `crash-${n}`,
      ixcUrl: front!.url,
      token: DEMO_TOKEN,
      store: path,
      tenant: 'acme',
      pollMs: 100,
      leaseTtlMs: 1_000,
      pageSize: 25,
      overlapSeconds: 1,
      reconcileEveryMs: 3_000,
      reconcilePagesPerPoll: 2,
      timeoutMs: TIMEOUT_MS,
      schedule: [0, 20, 50, 100, 200, 300, 500, 800, 1_000, 1_000, 1_000, 1_000],
      clockOffsetMs: 0,
      slowWritesMs: SLOW_WRITE_MS,
      ...extra,
    });

    const kills: { mode: string; phases: Phase[]; committed: number; recorded: number }[] = [];
    const seen = new Set<Phase>();
    const covered = () => ['poll', 'commit', 'delivery'].every((p) => seen.has(p as Phase));
    const unexpected: string[] = [];
    const note = (c: Child, mode: string, phases: Phase[]) => {
      if (mode === 'exited') unexpected.push(`${c.name}: ${c.stderr()}`);
      for (const p of phases) seen.add(p);
      kills.push({
        mode,
        phases,
        committed: c.lines.reduce((n, l) => n + (l.m === 'committed' ? l.events : 0), 0),
        recorded: c.lines.filter((l) => l.m === 'recorded').length,
      });
    };
    // Restarted instances are loaded ahead (Node's start-up is most of a restart's time).
    let spawned = 0;
    let child = spawnChild(config(spawned));
    const standby = [1, 2].map(() => spawnChild(config(++spawned, { standby: true })));
    const last = spawnChild({
      ...config(0, {
        clockOffsetMs: LAST_CHILD_AHEAD_MS,
        reconcileEveryMs: 200,
        reconcilePagesPerPoll: 40,
        standby: true,
      }),
      instance: 'crash-last',
    });
    const restart = async () => {
      child = standby.shift()!;
      standby.push(spawnChild(config(++spawned, { standby: true })));
      const g0 = Date.now();
      await child.go();
      await child.waitFor((l) => l.m === 'ready', 30_000);
      debug(`restart ${Date.now() - g0} ms`);
    };

    // The first kill cuts the baseline short (nothing changes yet); the next instance
    // resumes it, and the state it ends on is the starting state.
    await child.waitFor((l) => l.m === 'ready', 30_000);
    const cut = rand.int(2, 8);
    let asked = 0;
    const first = child;
    front.onRequest = (hit, stage) => {
      if (hit.instance === first.name && stage === 'arrived' && ++asked === cut) {
        first.process.kill('SIGKILL');
      }
    };
    const baselined = (l: ChildLine) => l.m === 'polled' && l.status === 'polled';
    await Promise.race([first.exited, first.waitFor(baselined, 30_000).catch(() => undefined)]);
    front.onRequest = undefined;
    const cutShort = !first.lines.some(baselined);
    note(first, cutShort ? 'baseline' : 'after-baseline', await first.kill());
    await restart();
    await child.waitFor(baselined, 30_000);
    const initial = capture(engine);
    const loopStart = Date.now();
    const done: Record<string, number> = {};
    const mutator = setInterval(() => {
      const name = operatorChange(engine, changes, activity);
      done[name] = (done[name] ?? 0) + 1;
    }, 40);

    try {
      for (;;) {
        const t0 = Date.now();
        const { mode, phases } = await killSomewhere(child, rand);
        debug(`kill ${kills.length} ${mode} ${phases} after ${Date.now() - t0} ms`);
        note(child, mode, phases);
        if (kills.length >= MAX_KILLS || (kills.length >= MIN_KILLS && covered())) break;
        await restart();
      }
    } finally {
      clearInterval(mutator);
      receiver.decide = baseDecide;
    }
    for (const s of standby) await s.kill();
    const loopMs = Date.now() - loopStart;
    const final = capture(engine);

    // The last instance starts once the dead ones' claims have lapsed (its clock is ahead
    // instead of the test waiting), and runs until two reconciliations that began after the
    // last change are done and nothing is pending.
    const drainStart = Date.now();
    await last.go();
    for (;;) {
      const reconciled = last.lines.filter((l) => l.m === 'polled' && l.reconciled).length;
      const summary = await store.summary();
      if (reconciled >= 2 && summary.pending === 0) break;
      if (Date.now() - drainStart > 30_000) {
        throw new Error(
          `not drained: ${JSON.stringify(summary)}, ${reconciled} reconciliations\n${last.stderr()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainMs = Date.now() - drainStart;
    last.process.kill('SIGTERM');
    await last.waitFor((l) => l.m === 'stopped', 10_000);
    await last.exited;

    const result = await verdict({
      arrivals: receiver.arrivals,
      secret,
      store,
      tenant: 'acme',
      initial,
      final,
    });
    const phases: Record<string, number> = {};
    for (const k of kills) for (const p of k.phases) phases[p] = (phases[p] ?? 0) + 1;
    const modes: Record<string, number> = {};
    for (const k of kills) modes[k.mode] = (modes[k.mode] ?? 0) + 1;
    const working = kills.filter((k) => k.committed > 0 || k.recorded > 0).length;
    console.log(
      `crash loop seed ${SEED}: ${kills.length} kills (${working} after doing work), phases ${JSON.stringify(phases)}, ` +
        `modes ${JSON.stringify(modes)}; ${Object.values(done).reduce((a, b) => a + b, 0)} changes; ` +
        `${result.storedEvents} events, ${result.arrivals} arrivals, ${result.duplicates} duplicates; ` +
        `${Date.now() - started} ms (baseline ${loopStart - started}, kills ${loopMs}, drain ${drainMs})`,
    );

    expect(unexpected).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(kills.length).toBeGreaterThanOrEqual(MIN_KILLS);
    expect([...seen]).toEqual(expect.arrayContaining(['poll', 'commit', 'delivery']));
    // Not vacuous: most children detected or delivered something before they died, the
    // run made hundreds of events, and some arrived twice (so the dedupe rule was tested).
    expect(working).toBeGreaterThanOrEqual(kills.length / 2);
    expect(result.storedEvents).toBeGreaterThan(200);
    expect(result.duplicates).toBeGreaterThan(0);
  }, 150_000);
});
