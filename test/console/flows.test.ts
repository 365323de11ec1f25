/**
 * End-to-end flows of the console over the real routes, with detection and delivery running:
 * the store (SQLite in memory), the management service, a watcher polling the simulator and
 * a dispatcher posting to a receiver on 127.0.0.1. The search and SVA flows are in
 * svas-flows.test.ts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient } from '../../src/client/client.js';
import type { RouterServices } from '../../src/router/table.js';
import {
  type CampsoftStore,
  IxcWatcher,
  openStore,
  WebhookDispatcher,
  WebhookService,
} from '../../src/webhooks/index.js';
import { buildConsole } from './build.js';
import {
  ADMIN_KEY,
  type ConsoleStack,
  launchBrowser,
  openPage,
  SHOTS,
  seriousViolations,
  signIn,
  startConsoleStack,
} from './harness.js';

let dir: string;
let stack: ConsoleStack;
let browser: Browser;
let store: CampsoftStore;
let dispatcher: WebhookDispatcher;
let watcher: IxcWatcher;

beforeAll(async () => {
  dir = await buildConsole();
  store = await openStore(':memory:');
  // One immediate attempt, then a long wait: a failure stays on screen until "Reenviar".
  dispatcher = new WebhookDispatcher({
    store,
    schedule: [0, 600_000],
    jitter: 0,
    pollIntervalMs: 200,
    log: () => {},
  });
  const services: RouterServices = {
    store,
    webhooks: new WebhookService({ store, dispatcher, allowInsecure: true }),
  };
  [stack, browser] = await Promise.all([
    startConsoleStack({ dir, router: { services } }),
    launchBrowser(),
  ]);
  watcher = new IxcWatcher({
    client: new IxcCampsoftClient({ baseUrl: stack.ixc.url, token: stack.ixc.token }),
    store,
    tenant: 'default',
    pollIntervalMs: 300,
  });
  services.webhookWatchers = [watcher];
  await watcher.pollOnce(); // the baseline, before any change is made
  watcher.start();
  dispatcher.start();
}, 60_000);
afterAll(async () => {
  await watcher?.stop();
  await dispatcher?.close();
  await browser?.close();
  await stack?.close();
  await store?.close();
});

async function admin(): Promise<Page> {
  const { page } = await openPage(browser);
  await signIn(page, stack.url, ADMIN_KEY);
  return page;
}

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

describe('console flows over the wired API', { timeout: 90_000 }, () => {
  it('has the routes these flows need (a 404 here names what is not wired yet)', async () => {
    const missing: string[] = [];
    for (const path of ['/me', '/webhooks/summary', '/webhooks/endpoints', '/webhooks/stats']) {
      const res = await fetch(`${stack.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      if (res.status === 404) missing.push(`GET ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('shows a webhook delivery for a status change, its failure at the receiver, and replays it', async () => {
    let failNext = true;
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(body);
        if (failNext) {
          failNext = false;
          res.writeHead(500).end('receiver down');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await api('POST', '/webhooks/endpoints', {
        url,
        eventTypes: ['*'],
        description: 'teste',
        allowInsecure: true,
      });
      // An operator presses "Bloqueio Manual" on contract 1 in IXC.
      stack.ixc.engine.buttons.bloquearManual(1);

      const p = await admin();
      await p.getByRole('link', { name: 'Webhooks' }).click();
      const table = p.getByRole('table', { name: 'Entregas, mais novas primeiro' });
      const delivery = table.getByRole('row', { name: /contrato\.internet_status_changed/ });
      await expect
        .poll(
          async () => {
            await p.getByRole('button', { name: 'Atualizar' }).click();
            return (await delivery.count()) > 0 ? await delivery.first().textContent() : '';
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toContain('HTTP 500');
      expect(await seriousViolations(p)).toEqual([]);

      await delivery
        .first()
        .getByRole('button', { name: /^Reenviar/ })
        .click();
      await expect.poll(() => p.getByText('Reenvio: feito.').count()).toBe(1);
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      await expect
        .poll(async () => {
          await p.getByRole('button', { name: 'Atualizar' }).click();
          return delivery.first().textContent();
        })
        .toContain('Entregue');
      expect(JSON.parse(received[1]!)).toMatchObject({
        type: 'contrato.internet_status_changed',
        data: { contratoId: 1, current: 'bloqueio_manual' },
      });

      await p.getByRole('button', { name: 'Enviar evento de teste' }).click();
      await expect.poll(() => p.getByText('Evento de teste: feito.').count()).toBe(1);
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      await p.getByRole('button', { name: 'Atualizar' }).click();
      await table
        .getByRole('row', { name: /webhook\.test/ })
        .first()
        .waitFor();
      await p.screenshot({ path: `${SHOTS}console-webhooks-entregas.png`, fullPage: true });
    } finally {
      receiver.close();
    }
  });
});
