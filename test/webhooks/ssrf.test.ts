/**
 * The SSRF guard: forbidden addresses, refused URLs, and a hostname that resolves to a
 * private address refused at connection time, while an allowed one connects to exactly the
 * address resolved.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import {
  assertDeliverableUrl,
  isForbiddenAddress,
  type Resolver,
} from '../../src/webhooks/delivery/ssrf.js';
import { WebhookDestinationError } from '../../src/webhooks/errors.js';
import { generateSecret } from '../../src/webhooks/signing.js';
import { makeSelfSigned } from '../helpers/self-signed.js';
import { startReceiver, type TestReceiver } from './receiver.js';

describe('isForbiddenAddress', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.0.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.10',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '2002:7f00:1::1',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.128.0.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows %s', (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
});

describe('assertDeliverableUrl', () => {
  it.each([
    ['http://hooks.example.com/', /https/],
    ['ftp://hooks.example.com/', /scheme "ftp"/],
    ['file:///etc/passwd', /scheme "file"/],
    ['javascript:alert(1)', /scheme/],
    ['https://user:pw@hooks.example.com/', /credentials/],
    ['https://127.0.0.1/', /private or reserved/],
    ['https://[::1]:8443/', /private or reserved/],
    ['https://[::ffff:169.254.169.254]/', /private or reserved/],
    ['https://10.0.0.5/', /private or reserved/],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, /longer than 2048/],
    ['not a url', /not a valid/],
  ])('refuses %s', (url, message) => {
    expect(() => assertDeliverableUrl(url)).toThrow(WebhookDestinationError);
    expect(() => assertDeliverableUrl(url)).toThrow(message);
  });

  it('accepts https to a public name, and http or loopback only when insecure is allowed', () => {
    expect(assertDeliverableUrl('https://hooks.exámple.com.br/ixc').hostname).toBe(
      'hooks.xn--exmple-qta.com.br',
    );
    expect(assertDeliverableUrl('http://127.0.0.1:8080/', { allowInsecure: true }).port).toBe(
      '8080',
    );
  });
});

describe('guarded connections', () => {
  let store: CampsoftStore;
  let receiver: TestReceiver;
  const dispatchers: WebhookDispatcher[] = [];
  const lookups: string[] = [];
  // Every name resolves to loopback, as a rebinding attacker would arrange.
  const resolver: Resolver = (hostname, cb) => {
    lookups.push(hostname);
    cb(null, [{ address: '127.0.0.1', family: 4 }]);
  };

  beforeEach(async () => {
    store = await openStore(':memory:');
    receiver = await startReceiver();
    lookups.length = 0;
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.close();
    await receiver.close();
    await store.close();
  });

  function dispatcher() {
    const d = new WebhookDispatcher({ store, resolver, log: () => undefined, timeoutMs: 2000 });
    dispatchers.push(d);
    return d;
  }

  async function emit() {
    await store.emitEvents([
      {
        id: 'evt_1',
        tenant: 'acme',
        type: 'sva.added',
        payload: { type: 'sva.added', timestamp: '', data: {} },
      },
    ]);
  }

  it('refuses a public-looking https name that resolves to a private address', async () => {
    const { key, cert } = makeSelfSigned();
    const tls = createServer({ key, cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    let hits = 0;
    tls.on('request', () => hits++);
    try {
      const port = (tls.address() as AddressInfo).port;
      const ep = await store.createEndpoint({
        url: `https://hooks.attacker.example:${port}/`,
        eventTypes: ['*'],
        secret: generateSecret(),
      });
      await emit();
      await dispatcher().runOnce();
      const [d] = (await store.listDeliveries(ep.id)).items;
      expect(lookups).toContain('hooks.attacker.example');
      expect(d).toMatchObject({ status: 'pending', lastStatusCode: null });
      expect(d!.lastError).toMatch(/resolves to 127\.0\.0\.1, a private or reserved address/);
      expect(hits).toBe(0);
    } finally {
      tls.closeAllConnections();
      await new Promise((r) => tls.close(r));
    }
  });

  it('refuses a loopback literal and plain http without allowInsecure, sending nothing', async () => {
    const literal = await store.createEndpoint({
      url: `https://127.0.0.1:${receiver.port}/`,
      eventTypes: ['*'],
      secret: generateSecret(),
    });
    const plain = await store.createEndpoint({
      url: `http://receiver.test:${receiver.port}/`,
      eventTypes: ['*'],
      secret: generateSecret(),
    });
    await emit();
    await dispatcher().runOnce();
    expect((await store.listDeliveries(literal.id)).items[0]!.lastError).toMatch(
      /private or reserved/,
    );
    expect((await store.listDeliveries(plain.id)).items[0]!.lastError).toMatch(/must use https/);
    expect(receiver.received).toHaveLength(0);
  });

  it('with allowInsecure, connects to the address the guard resolved', async () => {
    const ep = await store.createEndpoint({
      url: `http://receiver.test:${receiver.port}/hooks`,
      eventTypes: ['*'],
      secret: generateSecret(),
      allowInsecure: true,
    });
    await emit();
    await dispatcher().runOnce();
    expect(lookups).toEqual(['receiver.test']);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers.host).toBe(`receiver.test:${receiver.port}`);
    expect((await store.listDeliveries(ep.id)).items[0]!.status).toBe('delivered');
  });
});
