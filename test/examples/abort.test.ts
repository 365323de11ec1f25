/**
 * In every host, a caller that hangs up mid-request cancels the IXC request behind it (the
 * IXC here hangs until its request is aborted).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import * as express from '../../examples/express.js';
import * as fastify from '../../examples/fastify.js';
import * as hono from '../../examples/hono.js';
import * as koa from '../../examples/koa.js';
import * as nestjs from '../../examples/nestjs.js';
import * as nodeHttp from '../../examples/node-http.js';
import { engineClient, KEY } from '../router/helpers.js';
import { until } from '../router/servers.js';

describe.each([
  ['node:http', nodeHttp],
  ['Express 5', express],
  ['Fastify 5', fastify],
  ['Koa 3', koa],
  ['Hono 4', hono],
  ['NestJS', nestjs],
])('%s', (_name, mod) => {
  it('aborts the IXC request when the caller disconnects', async () => {
    const { client, engine, upstream } = engineClient({ timeout: 10_000 });
    engine.faults.add({ table: 'cliente_contrato', hang: true });
    const server = await mod.start({ client, apiKeys: [{ key: KEY, tenants: '*' }], port: 0 });
    try {
      const req = request(`${server.url}/api/v1/clientes/7/produtos`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      req.on('error', () => {});
      req.end();
      await until(() => upstream.signals.length > 0);
      expect(upstream.signals.every((s) => !s.aborted)).toBe(true);
      req.destroy();
      await until(() => upstream.signals.every((s) => s.aborted));
      // The server is still healthy afterwards.
      const health = await fetch(`${server.url}${mod === nestjs ? '/internal/health' : '/health'}`);
      expect(health.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
