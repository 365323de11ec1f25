/**
 * Each example server, as a user would run it: real framework, real socket on 127.0.0.1,
 * the IXC simulator behind it. Checks the four endpoints, the host's own route, and that
 * paths the router does not own reach the host's not-found handling.
 */

import { IxcCampsoftClient } from 'ixc-campsoft';
import { type IxcSimulator, startIxcSimulator } from 'ixc-campsoft/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as express from '../../examples/express.js';
import * as fastify from '../../examples/fastify.js';
import * as hono from '../../examples/hono.js';
import * as koa from '../../examples/koa.js';
import * as nestjs from '../../examples/nestjs.js';
import * as nodeHttp from '../../examples/node-http.js';
import type { RunningExample } from '../../examples/run.js';

const KEY = 'example-test-key-0123456789';
const auth = { authorization: `Bearer ${KEY}` };

const examples = [
  { name: 'node:http', mod: nodeHttp, health: '/health' },
  { name: 'Express 5', mod: express, health: '/health' },
  { name: 'Fastify 5', mod: fastify, health: '/health' },
  { name: 'Koa 3', mod: koa, health: '/health' },
  { name: 'Hono 4', mod: hono, health: '/health' },
  { name: 'NestJS', mod: nestjs, health: '/internal/health' },
];

let ixc: IxcSimulator;
beforeAll(async () => {
  ixc = await startIxcSimulator();
});
afterAll(async () => {
  await ixc?.close();
});

describe.each(examples)('$name example', ({ mod, health }) => {
  let server: RunningExample;
  beforeAll(async () => {
    const client = new IxcCampsoftClient({ baseUrl: ixc.url, token: ixc.token });
    server = await mod.start({ client, apiKeys: [{ key: KEY, tenants: '*' }], port: 0 });
  });
  afterAll(async () => {
    await server?.close();
  });
  const get = (path: string, headers: Record<string, string> = auth, method = 'GET') =>
    fetch(`${server.url}${path}`, { method, headers });

  it('serves the plans with paging metadata', async () => {
    const res = await get('/api/v1/planos?pageSize=5');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body.data).toHaveLength(5);
    expect(body.data[0]).toMatchObject({ id: 1, nome: expect.any(String) });
    expect(body.paging).toMatchObject({ page: 1, pageSize: 5, hasNextPage: true });
  });

  it('serves the customers of a plan, grouped by plan', async () => {
    const res = await get('/api/v1/clientes/planos?planoId=3&status=ativo');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toHaveLength(1);
    expect(body.data[0].planoId).toBe(3);
    expect(body.data[0].clientes.length).toBeGreaterThan(0);
    expect(
      body.data[0].clientes.every(
        (c: { contrato: { status: string } }) => c.contrato.status === 'ativo',
      ),
    ).toBe(true);
  });

  it('serves one customer and its products', async () => {
    const cliente = await get('/api/v1/clientes/7');
    expect(cliente.status).toBe(200);
    expect((await cliente.json()).data).toMatchObject({ id: 7, nome: 'Ricardo Almeida Ferreira' });
    const produtos = await get('/api/v1/clientes/7/produtos');
    expect(produtos.status).toBe(200);
    const body = await produtos.json();
    expect(body.data.length).toBeGreaterThan(1);
    expect(body.data.some((p: { sva: boolean }) => p.sva)).toBe(true);
  });

  it('answers errors as problem+json', async () => {
    const missing = await get('/api/v1/clientes/999999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('/api/v1/clientes/abc')).status).toBe(400);
    const anonymous = await get('/api/v1/planos', {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).status).toBe(401);
    const post = await get('/api/v1/planos', auth, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const res = await get('/api/v1/planos', auth, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^W\//);
    expect(await res.text()).toBe('');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/api/v1/clientes/7');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/api/v1/clientes/7', { ...auth, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it("keeps the host's own routes and its not-found handling", async () => {
    const own = await get(health, {});
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ ok: true });
    for (const path of ['/nope', '/api/v1/nope', '/api/v1/clientes/7/faturas']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      // The host's 404, not the router's problem+json.
      expect(res.headers.get('content-type') ?? '', path).not.toMatch(/problem\+json/);
    }
  });
});
