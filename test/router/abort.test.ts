/** The caller's disconnect aborts the upstream IXC request, and nobody writes to it after. */
import { describe, expect, it } from 'vitest';
import { createCampsoftRouter } from '../../src/router/index.js';
import { AUTH, engineClient, KEY } from './helpers.js';
import { until } from './servers.js';

describe('abort propagation through fetch', () => {
  it("aborting the Request's signal aborts the IXC request and answers 499 with no body", async () => {
    const { client, engine, upstream } = engineClient({ timeout: 10_000 });
    engine.faults.add({ table: 'cliente', hang: true });
    const router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }] });
    const controller = new AbortController();
    const pending = router.fetch(
      new Request('http://h/api/v1/clientes/7', { headers: AUTH, signal: controller.signal }),
    );
    await until(() => upstream.signals.length > 0);
    expect(upstream.signals[0]?.aborted).toBe(false);
    controller.abort();
    const res = await pending;
    expect(upstream.signals[0]?.aborted).toBe(true);
    expect(res.status).toBe(499);
    expect(await res.text()).toBe('');
  });
});
