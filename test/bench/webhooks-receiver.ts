/**
 * Child-process entry: `webhooks-receiver.ts` runs a webhook receiver on 127.0.0.1:0 on its
 * own core, the way a partner's receiver is another machine. It reads each body and answers
 * 204, or 500 for a deterministic share of the deliveries: the ones whose `webhook-id`
 * hashes into the failing share (the same ids fail on every attempt, whoever sends them), so
 * the bare loop and the dispatcher see the same failures. The parent asks over IPC:
 * `fail:<fraction>` sets the share, `reset` zeroes the counters, `count` returns
 * `{ requests, ok, failed }`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Whether `id` is in the failing `share` (FNV-1a, so stable across processes and runs). */
export function failsFor(id: string, share: number): boolean {
  if (share <= 0) return false;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 10_000 < share * 10_000;
}

function main(): void {
  let share = 0;
  let requests = 0;
  let ok = 0;
  let failed = 0;
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      requests++;
      if (failsFor(id, share)) {
        failed++;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('failing on purpose');
      } else {
        ok++;
        res.writeHead(204);
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ ready: true, port: (server.address() as AddressInfo).port });
  });
  process.on('message', (m: { ask?: string }) => {
    const ask = m.ask ?? '';
    if (ask.startsWith('fail:')) {
      share = Number(ask.slice(5));
      process.send?.({ answer: share });
    } else if (ask === 'reset') {
      requests = ok = failed = 0;
      process.send?.({ answer: true });
    } else if (ask === 'count') {
      process.send?.({ answer: { requests, ok, failed } });
    }
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (process.send) main();
