/**
 * `serve` with webhooks, as a user runs it: the demo simulator, CAMPSOFT_WEBHOOK_URL pointing
 * at a receiver on 127.0.0.1, a status button pressed over the simulator's HTTP API, and the
 * delivery checked with the official `standardwebhooks` package.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { DEMO_TOKEN } from '../../src/testing/engine/engine.js';
import { startIxcSimulator } from '../../src/testing/index.js';
import { banner, start, until, urls } from './helpers.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const DEMO_KEY = 'campsoft-demo-key-0123456789abcdef';

interface Got {
  headers: IncomingMessage['headers'];
  body: string;
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A receiver that answers 204 after `delayMs`. */
async function receiver(delayMs = 0): Promise<{ url: string; got: Got[] }> {
  const got: Got[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

const env = (url: string, extra: Record<string, string> = {}) => ({
  CAMPSOFT_WEBHOOK_URL: url,
  CAMPSOFT_WEBHOOK_SECRET: SECRET,
  CAMPSOFT_WEBHOOK_ALLOW_INSECURE: '1',
  IXC_POLL_INTERVAL: '1',
  ...extra,
});

/** Waits for the watcher's first whole poll (its baseline): /metrics then shows its lag. */
async function detectionReady(origin: string): Promise<void> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const text = await (await fetch(`${origin}/metrics`)).text();
    if (/^campsoft_webhook_detection_lag_seconds\{tenant="default"\}/m.test(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the watcher never finished its first poll');
}

/** Presses "Bloqueio Manual" on a contract of the simulator, over its HTTP API. */
async function bloquearManual(simulatorUrl: string, contrato: number): Promise<void> {
  const res = await fetch(`${simulatorUrl}/webservice/v1/cliente_contrato_15300`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(DEMO_TOKEN)}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ id_contrato: String(contrato) }),
  });
  expect(await res.text()).toContain('success');
}

function simulatorOf(text: string): string {
  return /built-in simulator with the demo dataset at (http:\/\/\S+)/.exec(text)![1]!;
}

describe('serve with CAMPSOFT_WEBHOOK_URL', { timeout: 60_000 }, () => {
  it('delivers a status change of the demo simulator once, signed, and counts it on /metrics', async () => {
    const hook = await receiver();
    const run = await start(['serve', '--port', '0'], env(hook.url));
    const text = await banner(run);
    expect(text).toContain('Webhooks store: in memory');
    const { api, origin } = urls(text);
    await detectionReady(origin);
    expect(hook.got).toEqual([]); // the baseline sends nothing

    await bloquearManual(simulatorOf(text), 1);
    await until(() => hook.got.length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 2500)); // two more polls: nothing else comes
    expect(hook.got).toHaveLength(1);
    const event = new Webhook(SECRET).verify(
      hook.got[0]!.body,
      hook.got[0]!.headers as Record<string, string>,
    ) as { type: string; data: Record<string, unknown> };
    expect(event).toMatchObject({
      type: 'contrato.internet_status_changed',
      data: { tenant: 'default', contratoId: 1, current: 'bloqueio_manual', currentCode: 'CM' },
    });

    const metrics = await (await fetch(`${origin}/metrics`)).text();
    expect(metrics).toMatch(/^campsoft_webhook_delivered_total 1$/m);
    expect(metrics).toMatch(/^campsoft_webhook_events_detected_total\{tenant="default"\} 1$/m);
    expect(metrics).toMatch(/^campsoft_webhook_failed_total 0$/m);
    expect(metrics).toMatch(/^campsoft_webhook_detection_lag_seconds\{tenant="default"\} [\d.]+$/m);

    // The endpoint of the environment is visible to the management routes, secret hidden.
    const listed = await (
      await fetch(`${api}/webhooks/endpoints`, { headers: { authorization: `Bearer ${DEMO_KEY}` } })
    ).json();
    expect(listed.data).toMatchObject([{ url: hook.url, eventTypes: ['*'] }]);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });

  it('adds the masked customer details once the endpoint opts in over the API', async () => {
    const hook = await receiver();
    const run = await start(['serve', '--port', '0'], env(hook.url));
    const text = await banner(run);
    const { api, origin } = urls(text);
    await detectionReady(origin);
    const auth = { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' };
    const [endpoint] = (await (
      await fetch(`${api}/webhooks/endpoints`, { headers: auth }).then((r) => r.json())
    ).data) as { id: string }[];
    const patched = await fetch(`${api}/webhooks/endpoints/${endpoint!.id}`, {
      method: 'PATCH',
      headers: auth,
      body: JSON.stringify({ includeCliente: true }),
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).data.includeCliente).toBe(true);

    await bloquearManual(simulatorOf(text), 1);
    await until(() => hook.got.length > 0, 20_000);
    const event = new Webhook(SECRET).verify(
      hook.got[0]!.body,
      hook.got[0]!.headers as Record<string, string>,
    ) as { data: { clienteId: number; cliente: { nome: string; cnpjCpf: string } } };
    expect(event.data.clienteId).toBe(1);
    expect(event.data.cliente.nome).toBeTruthy();
    expect(event.data.cliente.cnpjCpf).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
  });

  it('on SIGTERM while a delivery is in flight, records it and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campsoft-serve-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'state.db');
    const hook = await receiver(1500);
    const run = await start(['serve', '--port', '0'], env(hook.url, { CAMPSOFT_DB: db }));
    const text = await banner(run);
    expect(text).toContain(`Webhooks store: ${db}`);
    await detectionReady(urls(text).origin);
    await bloquearManual(simulatorOf(text), 1);
    await until(() => hook.got.length > 0, 20_000);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.logs().some((l) => l.msg === 'webhooks stopped')).toBe(true);

    const store = await openStore(db);
    try {
      const [endpoint] = await store.listEndpoints();
      const page = await store.listDeliveries(endpoint!.id, {});
      expect(page.items.map((d) => [d.eventType, d.status])).toEqual([
        ['contrato.internet_status_changed', 'delivered'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('keeps a real IXC state in ixc-campsoft.db in the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'campsoft-cwd-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const ixc = await startIxcSimulator();
    closers.push(() => ixc.close());
    const hook = await receiver();
    const run = await start(
      ['serve', '--port', '0'],
      env(hook.url, {
        IXC_URL: ixc.url,
        IXC_TOKEN: ixc.token,
        CAMPSOFT_API_KEYS: DEMO_KEY,
        CAMPSOFT_API_KEY_SCOPES: '*',
      }),
      { cwd: dir },
    );
    const text = await banner(run);
    expect(text).toContain(`Webhooks store: ${join(dir, 'ixc-campsoft.db')}`);
    expect(existsSync(join(dir, 'ixc-campsoft.db'))).toBe(true);
    await detectionReady(urls(text).origin);
    ixc.engine.buttons.bloquearManual(1);
    await until(() => hook.got.length > 0, 20_000);
    expect(JSON.parse(hook.got[0]!.body).type).toBe('contrato.internet_status_changed');
  });

  it('with --demo-activity, events flow without anyone pressing a button', async () => {
    const hook = await receiver();
    const run = await start(['serve', '--port', '0', '--demo-activity'], env(hook.url));
    expect(await banner(run)).toContain('Demo activity: the simulator changes statuses');
    await until(() => hook.got.length >= 2, 30_000);
    for (const got of hook.got) {
      const event = new Webhook(SECRET).verify(got.body, got.headers as Record<string, string>);
      expect((event as { type: string }).type).toMatch(/^(contrato|sva)\./);
    }
  });

  it('in demo mode without an endpoint, points at ixc-campsoft listen', async () => {
    const run = await start(['serve', '--port', '0']);
    const text = await banner(run);
    expect(text).toContain('npx ixc-campsoft listen');
    expect(text).toContain('CAMPSOFT_WEBHOOK_URL=http://127.0.0.1:4242/');
  });

  it('refuses an http or loopback endpoint without CAMPSOFT_WEBHOOK_ALLOW_INSECURE, and a bad secret', async () => {
    const insecure = await start(['serve', '--port', '0'], {
      CAMPSOFT_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      CAMPSOFT_WEBHOOK_SECRET: SECRET,
    });
    expect(await insecure.exit).toBe(2);
    expect(insecure.stderr()).toMatch(/CAMPSOFT_WEBHOOK_URL: .*CAMPSOFT_WEBHOOK_ALLOW_INSECURE=1/);

    const secret = await start(
      ['serve', '--port', '0'],
      env('http://127.0.0.1:9/hook', { CAMPSOFT_WEBHOOK_SECRET: 'not a secret!' }),
    );
    expect(await secret.exit).toBe(2);
    expect(secret.stderr()).toContain('CAMPSOFT_WEBHOOK_SECRET must be a Standard Webhooks secret');
    expect(secret.stderr()).not.toContain('not a secret!');
  });
});
