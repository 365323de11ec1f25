/**
 * Child-process entry: `ixc-server.ts <latencyMs> [clientes]` runs the IXC simulator (the
 * demo dataset, or `generateDataset({ seed: 1, clientes })`, request log off then) on
 * its own core, the way a real IXC is another machine: its query execution and JSON encoding
 * then do not queue behind the client's work on one event loop. The parent asks over IPC:
 * `clear` empties the request log, `stats` returns `{ requests, rounds, busyMs }` since the last
 * clear (`busyMs`: time during which at least one request was being answered), `log` the
 * entries with absolute times (`performance.timeOrigin` based, comparable across processes).
 */
import { countRounds, generateDataset, startIxcSimulator } from '../../src/testing/index.js';

/** Length of the union of the requests' lifetimes, in ms. */
function busy(log: readonly { startedAt: number; finishedAt: number }[]): number {
  const spans = [...log].sort((a, b) => a.startedAt - b.startedAt);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const { startedAt, finishedAt } of spans) {
    if (startedAt >= end) {
      total += finishedAt - startedAt;
      end = finishedAt;
    } else if (finishedAt > end) {
      total += finishedAt - end;
      end = finishedAt;
    }
  }
  return total;
}

const latencyMs = Number(process.argv[2] ?? 0);
const clientes = Number(process.argv[3] ?? 0);
const ixc = await startIxcSimulator(
  clientes > 0
    ? { latencyMs, dataset: generateDataset({ seed: 1, clientes }), logRequests: false }
    : { latencyMs },
);
const port = Number(new URL(ixc.url).port);
process.send?.({ ready: true, port });
process.on('message', (m: { ask?: string }) => {
  if (m.ask === 'clear') {
    ixc.engine.clearRequests();
    process.send?.({ answer: true });
  } else if (m.ask === 'stats') {
    const log = ixc.engine.requests;
    process.send?.({
      answer: { requests: log.length, rounds: countRounds(log), busyMs: busy(log) },
    });
  } else if (m.ask === 'log') {
    const t0 = performance.timeOrigin;
    process.send?.({
      answer: ixc.engine.requests.map((e) => ({
        table: e.table,
        start: t0 + e.startedAt,
        end: t0 + e.finishedAt,
      })),
    });
  }
});
process.on('SIGTERM', () => {
  void ixc.close().then(() => process.exit(0));
});
