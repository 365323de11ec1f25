/**
 * Child-process entry: `ixc-server.ts <latencyMs>` runs the IXC simulator (demo dataset) on
 * its own core, the way a real IXC is another machine: its query execution and JSON encoding
 * then do not queue behind the client's work on one event loop. The parent asks over IPC:
 * `clear` empties the request log, `stats` returns `{ requests, rounds }` since the last clear.
 */
import { countRounds, startIxcSimulator } from '../../src/testing/index.js';

const latencyMs = Number(process.argv[2] ?? 0);
const ixc = await startIxcSimulator({ latencyMs });
const port = Number(new URL(ixc.url).port);
process.send?.({ ready: true, port });
process.on('message', (m: { ask?: string }) => {
  if (m.ask === 'clear') {
    ixc.engine.clearRequests();
    process.send?.({ answer: true });
  } else if (m.ask === 'stats') {
    const log = ixc.engine.requests;
    process.send?.({ answer: { requests: log.length, rounds: countRounds(log) } });
  }
});
process.on('SIGTERM', () => {
  void ixc.close().then(() => process.exit(0));
});
