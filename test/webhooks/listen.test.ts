/**
 * `ixc-campsoft listen`: verifies deliveries from the dispatcher and prints one line each.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeEvent,
  type Listener,
  readListenConfig,
  startListener,
} from '../../src/cli/listen.js';
import { CliUsageError as UsageError } from '../../src/cli/options.js';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { generateSecret, signatureHeaders } from '../../src/webhooks/signing.js';

describe('listen', () => {
  let store: CampsoftStore;
  let listener: Listener;
  let dispatcher: WebhookDispatcher;
  const out: string[] = [];
  const err: string[] = [];
  const secret = generateSecret();

  beforeEach(async () => {
    out.length = 0;
    err.length = 0;
    store = await openStore(':memory:');
    listener = await startListener({
      port: 0,
      host: '127.0.0.1',
      secret,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    dispatcher = new WebhookDispatcher({ store, log: () => undefined });
  });

  afterEach(async () => {
    await dispatcher.close();
    await listener.close();
    await store.close();
  });

  it('prints one line per verified event and marks a repeated id', async () => {
    const ep = await store.createEndpoint({
      url: listener.url,
      eventTypes: ['*'],
      secret,
      allowInsecure: true,
    });
    const type = 'contrato.internet_status_changed';
    await store.emitEvents([
      {
        id: 'evt_7f3a',
        tenant: 'acme',
        type,
        payload: {
          type,
          timestamp: '2026-01-05T12:00:00.000Z',
          data: {
            tenant: 'acme',
            clienteId: 7,
            contratoId: 8,
            field: 'status_internet',
            previous: 'ativo',
            current: 'bloqueio_manual',
            sequence: 3,
          },
        },
      },
    ]);
    await dispatcher.runOnce();
    const [d] = (await store.listDeliveries(ep.id)).items;
    await store.replayDelivery(d!.id);
    await dispatcher.runOnce();
    expect(out).toEqual([
      '2026-01-05 12:00:00Z  contrato.internet_status_changed  evt_7f3a  tenant=acme clienteId=7 contratoId=8 status_internet: "ativo" → "bloqueio_manual" seq=3',
      '2026-01-05 12:00:00Z  contrato.internet_status_changed  evt_7f3a  tenant=acme clienteId=7 contratoId=8 status_internet: "ativo" → "bloqueio_manual" seq=3  (duplicate)',
    ]);
    expect((await store.getDelivery(d!.id))?.status).toBe('delivered');
  });

  it('answers 401 to a delivery signed with another secret, and says why', async () => {
    const body = '{"type":"sva.added","timestamp":"2026-01-05T12:00:00.000Z","data":{}}';
    const headers = signatureHeaders({
      id: 'evt_x',
      timestampSec: Date.now() / 1000,
      body,
      secrets: [generateSecret()],
    });
    const res = await fetch(listener.url, { method: 'POST', headers, body });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('no_matching_signature');
    expect(err).toEqual(['rejected evt_x: no_matching_signature']);
    expect(out).toEqual([]);
    const stale = signatureHeaders({
      id: 'evt_y',
      timestampSec: Date.now() / 1000 - 3600,
      body,
      secrets: [secret],
    });
    expect((await fetch(listener.url, { method: 'POST', headers: stale, body })).status).toBe(401);
    expect(err[1]).toBe('rejected evt_y: timestamp_too_old');
  });

  it('reads flags and the environment, making a secret when none is given', () => {
    expect(readListenConfig([], {})).toMatchObject({
      port: 4242,
      host: '127.0.0.1',
      generated: true,
      json: false,
    });
    expect(readListenConfig([], {}).secret).toMatch(/^whsec_/);
    expect(
      readListenConfig(['--port', '0', '--json'], { CAMPSOFT_WEBHOOK_SECRET: secret }),
    ).toMatchObject({ port: 0, secret, generated: false, json: true });
    expect(
      readListenConfig(['--secret', 'whsec_abc'], { CAMPSOFT_WEBHOOK_SECRET: secret }).secret,
    ).toBe('whsec_abc');
    expect(() => readListenConfig(['--port', '99999'], {})).toThrow(UsageError);
    expect(() => readListenConfig(['--bogus'], {})).toThrow(UsageError);
  });

  it('describes events without a field change too', () => {
    expect(
      describeEvent(
        'evt_1',
        {
          type: 'contrato.created',
          timestamp: '2026-01-05T12:00:00.123Z',
          data: { tenant: 'acme', contratoId: 9 },
        },
        false,
      ),
    ).toBe('2026-01-05 12:00:00Z  contrato.created  evt_1  tenant=acme contratoId=9');
  });
});
