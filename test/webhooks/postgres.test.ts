/**
 * Several instances on one real PostgreSQL: dispatchers with their own pools share the
 * deliveries through `FOR UPDATE SKIP LOCKED` claims and send each exactly once while all
 * are healthy; one poller lease per tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import { WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { generateSecret } from '../../src/webhooks/signing.js';
import { POSTGRES_AVAILABLE, postgresUrl, usePostgres } from '../store/backends.js';
import { freshSchema } from '../store/postgres-server.js';
import { startReceiver, type TestReceiver } from './receiver.js';

usePostgres();

describe.skipIf(!POSTGRES_AVAILABLE)('several instances on PostgreSQL', () => {
  const schema = freshSchema();
  const stores: CampsoftStore[] = [];
  let receiver: TestReceiver;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++)
      stores.push(await openStore(postgresUrl(), { schema, poolSize: 4 }));
    receiver = await startReceiver({ status: 204, delayMs: 2 });
  });

  afterAll(async () => {
    await receiver?.close();
    for (const s of stores) await s.close();
  });

  it('three dispatchers deliver 400 deliveries of 300 events, each exactly once', async () => {
    const [first] = stores;
    await first!.createEndpoint({
      url: receiver.url,
      eventTypes: ['*'],
      secret: generateSecret(),
      allowInsecure: true,
    });
    await first!.createEndpoint({
      url: `${receiver.url}/second`,
      eventTypes: ['sva.*'],
      secret: generateSecret(),
      allowInsecure: true,
    });
    for (let page = 0; page < 10; page++) {
      await first!.commitDetection({
        tenant: 'acme',
        stream: 'cliente_contrato',
        cursor: { page },
        snapshots: [],
        events: Array.from({ length: 30 }, (_, i) => {
          const id = `evt_${page}_${i}`;
          const type = i % 3 === 0 ? 'sva.added' : 'contrato.status_changed';
          return { id, tenant: 'acme', type, payload: { type, timestamp: '', data: { id } } };
        }),
      });
    }
    const dispatchers = stores.map(
      (store, i) =>
        new WebhookDispatcher({
          store,
          owner: `instance-${i}`,
          concurrency: 8,
          log: () => undefined,
        }),
    );
    try {
      for (let round = 0; round < 200; round++) {
        await Promise.all(dispatchers.map((d) => d.runOnce()));
        if ((await first!.summary()).pending === 0) break;
      }
      const total = 300 + 100;
      expect(receiver.received).toHaveLength(total);
      const deliveries = new Set(receiver.received.map((r) => `${r.path}|${r.id}`));
      expect(deliveries.size).toBe(total);
      expect((await first!.summary()).pending).toBe(0);
      const byInstance = dispatchers.map((d) => d.metrics().delivered);
      expect(byInstance.reduce((a, b) => a + b, 0)).toBe(total);
      expect(byInstance.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      for (const d of dispatchers) await d.close();
    }
  });

  it("gives each tenant's poller lease to one instance at a time", async () => {
    const results = await Promise.all(
      stores.flatMap((s, i) => [
        s.acquireLease('poll:acme', `i${i}`, 30_000),
        s.acquireLease('poll:beta', `i${i}`, 30_000),
      ]),
    );
    const acme = results.filter((l) => l?.name === 'poll:acme');
    const beta = results.filter((l) => l?.name === 'poll:beta');
    expect(acme).toHaveLength(1);
    expect(beta).toHaveLength(1);
  });
});
