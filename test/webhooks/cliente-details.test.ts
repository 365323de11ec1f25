/**
 * Customer details in payloads, only for endpoints that opt in: detected in the simulator,
 * read from IXC when sent, CPF/CNPJ masked, signed over the bytes sent, and a lookup that
 * fails makes the attempt fail (and retry) instead of sending without them.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { clienteDetailsLookup } from '../../src/webhooks/delivery/cliente-details.js';
import { type DispatchEvent, WebhookDispatcher } from '../../src/webhooks/delivery/dispatcher.js';
import { WebhookEventSchema } from '../../src/webhooks/events.js';
import { WebhookService } from '../../src/webhooks/service.js';
import { type Tenant, tenant } from './detect/harness.js';
import { startReceiver, type TestReceiver } from './receiver.js';

let t: Tenant;
let receiver: TestReceiver;
let dispatcher: WebhookDispatcher | undefined;

afterEach(async () => {
  await dispatcher?.close();
  dispatcher = undefined;
  await receiver?.close();
  await t?.store.close();
});

/** A tenant with a baseline taken, two receivers' paths and the harness's own endpoint off. */
async function setUp() {
  t = await tenant();
  for (const e of await t.store.listEndpoints()) {
    await t.store.updateEndpoint(e.id, { enabled: false });
  }
  receiver = await startReceiver();
  const service = new WebhookService({ store: t.store, allowInsecure: true });
  const withDetails = await service.createEndpoint({
    url: `${receiver.url}/com-dados`,
    includeCliente: true,
    allowInsecure: true,
  });
  const without = await service.createEndpoint({
    url: `${receiver.url}/sem-dados`,
    allowInsecure: true,
  });
  await t.watcher.pollOnce();
  t.clock.advance(60_000);
  return { service, withDetails, without };
}

function bodiesAt(path: string) {
  return receiver.received
    .filter((r) => r.path.endsWith(path))
    .map((r) => WebhookEventSchema.parse(JSON.parse(r.body)));
}

describe('customer details for endpoints that opt in', () => {
  it('sends data.cliente, CPF masked, to the endpoint that opted in and to no other', async () => {
    const { withDetails, without } = await setUp();
    expect(withDetails.endpoint.includeCliente).toBe(true);
    expect(without.endpoint.includeCliente).toBe(false);
    const cliente = await t.client.getCliente(1);
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    await t.watcher.pollOnce();
    dispatcher = new WebhookDispatcher({
      store: t.store,
      clienteDetails: clienteDetailsLookup(() => t.client),
    });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 2 });

    const [opted] = bodiesAt('/com-dados');
    expect(opted?.data.cliente).toEqual({
      nome: cliente.nome,
      cnpjCpf: expect.stringMatching(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/),
      email: cliente.email,
    });
    expect(opted?.data.cliente?.cnpjCpf?.slice(4, 11)).toBe(cliente.cnpjCpf?.slice(4, 11));
    const [plain] = bodiesAt('/sem-dados');
    expect(plain?.data).not.toHaveProperty('cliente');
    expect(plain?.data.clienteId).toBe(1);

    // The signature covers the enriched bytes, so a receiver's library accepts them.
    const secret = withDetails.secret;
    const raw = receiver.received.find((r) => r.path.endsWith('/com-dados'))!;
    const verified = new Webhook(secret).verify(raw.body, raw.headers as Record<string, string>);
    expect((verified as { data: { cliente: unknown } }).data.cliente).toEqual(opted?.data.cliente);
    // Nothing personal is kept with the event in the outbox.
    const stored = await t.store.getEvent(raw.id);
    expect(stored?.body).not.toContain(cliente.nome ?? '???');
  });

  it('documents unmasked only when the operator turns masking off', async () => {
    await setUp();
    const cliente = await t.client.getCliente(1);
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    await t.watcher.pollOnce();
    dispatcher = new WebhookDispatcher({
      store: t.store,
      clienteDetails: clienteDetailsLookup(() => t.client, { maskDocuments: false }),
    });
    await dispatcher.runOnce();
    expect(bodiesAt('/com-dados')[0]?.data.cliente?.cnpjCpf).toBe(cliente.cnpjCpf);
  });

  it('reads each customer once for a burst of events about them', async () => {
    await setUp();
    t.engine.tables.update('cliente_contrato', 1, {
      status_internet: 'CM',
      status_velocidade: 'R',
    });
    await t.watcher.pollOnce();
    t.engine.clearRequests();
    dispatcher = new WebhookDispatcher({
      store: t.store,
      clienteDetails: clienteDetailsLookup(() => t.client),
    });
    const run = await dispatcher.runOnce();
    expect(run.delivered).toBe(4);
    expect(
      bodiesAt('/com-dados')
        .map((e) => e.type)
        .sort(),
    ).toEqual(['contrato.internet_status_changed', 'contrato.speed_status_changed']);
    const reads = t.engine.requests.filter((r) => r.table === 'cliente');
    expect(reads).toHaveLength(1);
  });

  it('fails the attempt and retries when IXC cannot be read, then sends the details', async () => {
    const { withDetails } = await setUp();
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    await t.watcher.pollOnce();
    let down = true;
    const seen: DispatchEvent[] = [];
    dispatcher = new WebhookDispatcher({
      store: t.store,
      now: t.clock.now,
      random: () => 0.5,
      onEvent: (e) => seen.push(e),
      clienteDetails: clienteDetailsLookup(() =>
        down
          ? { getCliente: () => Promise.reject(new Error('IXC answered 503')) as never }
          : t.client,
      ),
    });
    const first = await dispatcher.runOnce();
    expect(first).toMatchObject({ delivered: 1, retried: 1 });
    expect(seen.find((e) => e.type === 'retry')).toMatchObject({
      endpointId: withDetails.endpoint.id,
      statusCode: null,
      error: 'customer details could not be read: IXC answered 503',
    });
    expect(bodiesAt('/com-dados')).toHaveLength(0);

    down = false;
    t.clock.advance(6_000);
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1 });
    expect(bodiesAt('/com-dados')[0]?.data.cliente?.nome).toBeTruthy();
  });

  it('sends cliente: null when IXC no longer knows the customer', async () => {
    await setUp();
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    await t.watcher.pollOnce();
    dispatcher = new WebhookDispatcher({
      store: t.store,
      clienteDetails: clienteDetailsLookup(() => ({
        getCliente: () => t.client.getCliente(999_999),
      })),
    });
    await dispatcher.runOnce();
    const [event] = bodiesAt('/com-dados');
    expect(event?.data.clienteId).toBe(1);
    expect(event?.data.cliente).toBeNull();
  });

  it('without a lookup the opted-in endpoint fails with the reason, the others are sent', async () => {
    await setUp();
    t.engine.tables.update('cliente', 1, { ativo: 'N' });
    await t.watcher.pollOnce();
    const seen: DispatchEvent[] = [];
    dispatcher = new WebhookDispatcher({ store: t.store, onEvent: (e) => seen.push(e) });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1, retried: 1 });
    expect(seen.find((e) => e.type === 'retry')?.error).toMatch(/no lookup is configured/);
  });

  it('is switched on and off by updating the endpoint', async () => {
    const { service, without } = await setUp();
    const on = await service.updateEndpoint(without.endpoint.id, { includeCliente: true });
    expect(on.includeCliente).toBe(true);
    expect((await service.getEndpoint(without.endpoint.id)).includeCliente).toBe(true);
    const off = await service.updateEndpoint(without.endpoint.id, { includeCliente: false });
    expect(off.includeCliente).toBe(false);
    await expect(
      service.createEndpoint({ url: `${receiver.url}/x`, includeCliente: 'yes' }),
    ).rejects.toMatchObject({ name: 'WebhookInputError' });
  });
});
