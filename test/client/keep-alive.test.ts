/**
 * Parallel rounds of reads reuse kept-alive connections: over HTTPS with a self-signed
 * certificate (the `tls` option, the client's own agent), the server sees at most as many
 * TCP connections, and TLS handshakes, as requests ran at once, not one per request or per
 * round.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient } from '../../src/index.js';
import { createIxcEngine } from '../../src/testing/index.js';
import { makeSelfSigned } from '../helpers/self-signed.js';

const engine = createIxcEngine({ logRequests: false });
let server: Server;
let url: string;
let cert: string;
let connections = 0;
let handshakes = 0;
let requests = 0;

beforeAll(async () => {
  const pair = makeSelfSigned();
  cert = pair.cert;
  server = createServer(pair, (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const answer = await engine.fetch(
        new Request(`https://127.0.0.1${req.url}`, {
          method: req.method,
          headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    });
  });
  server.on('connection', () => connections++);
  server.on('secureConnection', () => handshakes++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Runs `rounds` rounds of `parallel` reads; the connections opened after each round. */
async function rounds(client: IxcCampsoftClient, parallel: number, count: number) {
  const start = { connections, handshakes, requests };
  const opened: number[] = [];
  for (let round = 0; round < count; round++) {
    // Different ids, so that no two reads of a round are shared into one request.
    const ids = Array.from({ length: parallel }, (_, i) => 1 + ((round * parallel + i) % 15));
    await Promise.all(ids.map((id) => client.getCliente(id).catch(() => null)));
    opened.push(connections - start.connections);
  }
  expect(requests - start.requests).toBe(parallel * count);
  // Every connection is a TLS session of its own: no resumption hides a handshake.
  expect(handshakes - start.handshakes).toBe(connections - start.connections);
  return opened;
}

describe('kept-alive connections over HTTPS (self-signed, the tls option)', () => {
  it.each([
    ['the CA given', () => ({ ca: cert })],
    ['verification off', () => ({ rejectUnauthorized: false })],
  ])('with maxConcurrency, never more connections than requests at once (%s)', async (_, tls) => {
    const parallel = 4;
    const client = new IxcCampsoftClient({
      baseUrl: url,
      token: engine.token,
      tls: tls(),
      maxConcurrency: parallel,
    });
    const opened = await rounds(client, parallel, 8);
    // 8 rounds of 4 requests: 4 connections, opened in the first round, then reused.
    expect(opened.at(-1)).toBeLessThanOrEqual(parallel);
    expect(opened.at(-1)).toBe(opened[0]);
  });

  it('without a cap, the connections stop growing after the first rounds', async () => {
    const parallel = 4;
    const client = new IxcCampsoftClient({ baseUrl: url, token: engine.token, tls: { ca: cert } });
    const opened = await rounds(client, parallel, 12);
    // undici may open a few more while the last round's connections are being freed, but a
    // round is then served by kept-alive connections: far fewer than one per request.
    expect(opened.at(-1)).toBeLessThanOrEqual(2 * parallel);
    expect(opened.at(-1)).toBe(opened[5]);
  });
});
