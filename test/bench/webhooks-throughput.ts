/**
 * Delivery throughput: the dispatcher draining a store (SQLite file, PostgreSQL) against a
 * receiver in another process, and a bare loop that signs (Standard Webhooks, the package's
 * own `signatureHeaders`) and posts the same bodies to the same receiver with the same
 * concurrency (32 in flight, 4 per endpoint, 8 endpoints), nothing stored. Each round times
 * one batch of `n` first attempts per variant, in rotating order; filling the outbox is done
 * before the clock starts.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Agent, request } from 'undici';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { generateSecret, signatureHeaders } from '../../src/webhooks/signing.js';
import { freshSchema } from '../store/postgres-server.js';

/** Endpoints (paths on the one receiver) and the bounds both sides keep. */
export const ENDPOINTS = 8;
export const CONCURRENCY = 32;
export const PER_ENDPOINT = 4;
const HOUR = 3_600_000;

/** One delivery as the bare loop sends it. */
interface Job {
  id: string;
  body: string;
  url: string;
  secret: string;
}

/** A thin payload of the size detection writes (about 400 bytes). */
export function body(id: string, i: number): string {
  return JSON.stringify({
    type: 'contrato.internet_status_changed',
    timestamp: new Date(Date.UTC(2026, 11, 1, 12) + i * 1000).toISOString(),
    data: {
      tenant: 'bench',
      clienteId: 1000 + (i % 997),
      contratoId: 5000 + i,
      field: 'status_internet',
      previous: 'ativo',
      current: 'bloqueio_manual',
      previousCode: 'A',
      currentCode: 'CM',
      sequence: 2,
      detectedAt: new Date(Date.UTC(2026, 11, 1, 12) + i * 1000 + 250).toISOString(),
      ixcUpdatedAt: '2026-12-01 09:00:00',
      eventId: id,
    },
  });
}

/** Something that sends a batch of first attempts and says how long it took. */
export interface Runner {
  name: string;
  /** Fill the outbox with `n` deliveries (not timed). */
  prepare(round: string, n: number): Promise<void>;
  /**
   * Send what `prepare` made; resolves when every first attempt is answered (and recorded),
   * with the retries made meanwhile.
   */
  run(): Promise<{ ms: number; attempts: number; retries?: number }>;
  close(): Promise<void>;
}

/** The bare loop: sign, post, read the status; 4 workers per endpoint. */
export function bareRunner(receiverUrl: string): Runner {
  const secrets = Array.from({ length: ENDPOINTS }, () => generateSecret());
  let lanes: Job[][] = [];
  return {
    name: 'bare sign-and-post loop',
    async prepare(round, n) {
      lanes = Array.from({ length: ENDPOINTS }, () => []);
      for (let i = 0; i < n; i++) {
        const e = i % ENDPOINTS;
        const id = `evt_${round}_${i}`;
        lanes[e]!.push({ id, body: body(id, i), url: `${receiverUrl}/e${e}`, secret: secrets[e]! });
      }
    },
    async run() {
      const agent = new Agent({ maxRedirections: 0 });
      let attempts = 0;
      const started = performance.now();
      await Promise.all(
        lanes.flatMap((jobs) => {
          let next = 0;
          return Array.from({ length: PER_ENDPOINT }, async () => {
            while (next < jobs.length) {
              const job = jobs[next++]!;
              const headers = signatureHeaders({
                id: job.id,
                timestampSec: Math.floor(Date.now() / 1000),
                body: job.body,
                secrets: [job.secret],
              });
              const res = await request(job.url, {
                method: 'POST',
                headers,
                body: job.body,
                dispatcher: agent,
              });
              await res.body.dump();
              attempts++;
            }
          });
        }),
      );
      const ms = performance.now() - started;
      await agent.close();
      return { ms, attempts };
    },
    close: async () => undefined,
  };
}

/** Where a store runner keeps its data. */
export type StoreTarget = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

/** The code under test; another build can be passed in to compare two versions. */
export interface Implementation {
  openStore: typeof openStore;
  Dispatcher: typeof WebhookDispatcher;
  label?: string;
}

/** The dispatcher on a store; `n` events, each fanned out to one of the endpoints. */
export async function storeRunner(
  target: StoreTarget,
  receiverUrl: string,
  impl: Implementation = { openStore, Dispatcher: WebhookDispatcher },
): Promise<Runner> {
  const file = join(tmpdir(), `campsoft-bench-${process.pid}-${Date.now()}.db`);
  const schema = freshSchema();
  const store: CampsoftStore =
    target.kind === 'sqlite'
      ? await impl.openStore(file)
      : await impl.openStore(target.url, { schema });
  let analyzed = false;
  // One event type per endpoint, so events fan out interleaved, as detection's do.
  for (let e = 0; e < ENDPOINTS; e++) {
    await store.createEndpoint({
      url: `${receiverUrl}/e${e}`,
      eventTypes: [`bench.e${e}`],
      secret: generateSecret(),
      allowInsecure: true,
    });
  }
  let expected = 0;
  return {
    name: `dispatcher, ${target.kind === 'sqlite' ? 'SQLite file' : 'PostgreSQL'}${impl.label ?? ''}`,
    async prepare(round, n) {
      expected = n;
      for (let c = 0; c < n; c += 500) {
        const events = [];
        for (let i = c; i < Math.min(n, c + 500); i++) {
          const id = `evt_${round}_${i}`;
          events.push({
            id,
            tenant: 'bench',
            type: `bench.e${i % ENDPOINTS}`,
            payload: JSON.parse(body(id, i)),
          });
        }
        await store.emitEvents(events);
      }
      if (target.kind === 'postgres' && !analyzed) {
        // What autovacuum does within a minute of a table filling up: a fresh schema has no
        // statistics, and without them the planner sorts every due row on each claim.
        const client = new pg.Client({
          connectionString: target.url,
          options: `-c search_path="${schema}"`,
        });
        await client.connect();
        await client.query('ANALYZE');
        await client.end();
        analyzed = true;
      }
    },
    async run() {
      let attempts = 0;
      let retries = 0;
      let done: () => void = () => undefined;
      const finished = new Promise<void>((r) => {
        done = r;
      });
      const dispatcher = new impl.Dispatcher({
        store,
        concurrency: CONCURRENCY,
        perEndpointConcurrency: PER_ENDPOINT,
        // Retries land well after the round: the figure counts first attempts only.
        schedule: [0, HOUR, HOUR],
        onEvent: (ev) => {
          if (ev.type !== 'delivered' && ev.type !== 'retry' && ev.type !== 'failed') return;
          // A success after a failure makes the endpoint's failed deliveries due at once
          // (catching up); those retries are work done in the round, not counted in it.
          if (ev.attempt > 1) retries++;
          else if (++attempts === expected) done();
        },
        log: () => undefined,
      });
      const started = performance.now();
      dispatcher.start();
      await finished;
      const ms = performance.now() - started;
      const counted = { ms, attempts, retries };
      await dispatcher.close();
      return counted;
    },
    async close() {
      await store.close();
      if (target.kind === 'sqlite') {
        for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      }
    },
  };
}
