/**
 * Detection lag: a status change made in the simulator until the receiver answered 2xx for its
 * event. The simulator (`createIxcEngine`, real clock) is read by the real `IxcCampsoftClient`
 * through its fetch face; the watcher and the dispatcher run on a SQLite file, the receiver
 * is a local HTTP server. Each sample changes one contract, then does what `serve` does at its
 * next tick: `watcher.pollOnce()`, `dispatcher.wake()` when events were stored; the time from
 * the change to the receiver's answer is measured in real time. The wait for that next tick
 * is not slept: a change lands at a uniformly random moment of the poll interval, so it waits
 * `u × interval` with `u` uniform in [0, 1). The lag's distribution is the measured processing
 * times convolved with that uniform wait (each sample paired with 200 evenly spaced `u`), and
 * its p50 and p99 are read from it.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IxcCampsoftClient } from '../../src/index.js';
import { openStore } from '../../src/store/index.js';
import { createIxcEngine, generateDataset } from '../../src/testing/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { IxcWatcher } from '../../src/webhooks/detect/index.js';
import { generateSecret } from '../../src/webhooks/signing.js';
import { percentile } from './stats.js';

/** What the figure reports. */
export interface LagResult {
  samples: number;
  processing: { p50: number; p99: number; max: number };
  /** Per poll interval (ms): p50 and p99 of wait + processing. */
  byInterval: { intervalMs: number; p50: number; p99: number }[];
  contracts: number;
}

/** Evenly spaced points of the uniform wait, as fractions of the interval. */
const WAIT_POINTS = 200;

/** Runs `samples` changes through detection and delivery. */
export async function measureLag(samples: number, intervals: number[]): Promise<LagResult> {
  const answered = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(204);
      res.end();
      const id = String(req.headers['webhook-id']);
      answered.set(id, performance.now());
      waiting.get(id)?.();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const file = join(tmpdir(), `campsoft-lag-${process.pid}-${Date.now()}.db`);
  const engine = createIxcEngine({ dataset: generateDataset({ seed: 3, clientes: 500 }) });
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    fetch: (input, init) => engine.fetch(new Request(input, init)),
  });
  const store = await openStore(file);
  await store.createEndpoint({
    url: `http://127.0.0.1:${port}/hooks`,
    eventTypes: ['contrato.internet_status_changed'],
    secret: generateSecret(),
    allowInsecure: true,
  });
  const watcher = new IxcWatcher({ client, store, tenant: 'bench', reconcileEveryMs: 0 });
  const dispatcher = new WebhookDispatcher({ store, log: () => undefined });
  const contracts = engine.tables.count('cliente_contrato');
  const processing: number[] = [];
  try {
    await watcher.pollOnce(); // baseline: no events
    dispatcher.start();
    for (let i = 0; i < samples; i++) {
      const id = 1 + ((i * 7) % contracts);
      const row = engine.tables.get('cliente_contrato', id);
      const started = performance.now();
      engine.tables.update('cliente_contrato', id, {
        status_internet: row?.status_internet === 'CM' ? 'A' : 'CM',
      });
      const result = await watcher.pollOnce();
      if (result.events !== 1) throw new Error(`expected one event, got ${result.events}`);
      const event = await newestEventId(store);
      const done = new Promise<void>((r) => waiting.set(event, r));
      dispatcher.wake();
      if (!answered.has(event)) await done;
      waiting.delete(event);
      processing.push(answered.get(event)! - started);
    }
  } finally {
    await dispatcher.close();
    await store.close();
    await new Promise<void>((r) => server.close(() => r()));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  return {
    samples,
    contracts,
    processing: {
      p50: percentile(processing, 50),
      p99: percentile(processing, 99),
      max: Math.max(...processing),
    },
    byInterval: intervals.map((intervalMs) => {
      const lags: number[] = [];
      for (const p of processing) {
        for (let k = 0; k < WAIT_POINTS; k++) lags.push(((k + 0.5) / WAIT_POINTS) * intervalMs + p);
      }
      return { intervalMs, p50: percentile(lags, 50), p99: percentile(lags, 99) };
    }),
  };
}

/** The id of the event the last poll stored (the newest delivery). */
async function newestEventId(store: Awaited<ReturnType<typeof openStore>>): Promise<string> {
  const [endpoint] = await store.listEndpoints();
  const page = await store.listDeliveries(endpoint!.id, { limit: 1 });
  const newest = page.items[0];
  if (!newest) throw new Error('no delivery stored');
  return newest.eventId;
}
