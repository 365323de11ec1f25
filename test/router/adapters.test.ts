/**
 * Each adapter through its real framework: mount paths and prefixes, delegation of paths the
 * router does not own, and that the host's own routes and hooks keep working.
 */
import { createServer } from 'node:http';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  campsoftFastifyPlugin,
  campsoftKoaMiddleware,
  createCampsoftRouter,
  toNodeHandler,
} from '../../src/router/index.js';
import { AUTH, engineClient, KEY } from './helpers.js';
import { type Listening, listen } from './servers.js';

const keys = [{ key: KEY, tenants: '*' as const }];
const open: Listening[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function router(basePath?: string) {
  const { client } = engineClient();
  return createCampsoftRouter({ client, apiKeys: keys, ...(basePath ? { basePath } : {}) });
}

async function serve(server: Parameters<typeof listen>[0]) {
  const s = await listen(server);
  open.push(s);
  return (path: string, init: RequestInit = {}) =>
    fetch(`${s.url}${path}`, { headers: AUTH, ...init });
}

describe('node:http', () => {
  it('serves the API and answers 404 problem+json itself for other paths', async () => {
    const get = await serve(createServer(toNodeHandler(router())));
    expect((await get('/api/v1/clientes/7')).status).toBe(200);
    const other = await get('/elsewhere?x=1');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await other.json()).instance).toBe('/elsewhere');
  });
});

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
])('%s', (_name, expressFn) => {
  it.each([
    ['app.use(handler)', (app: express.Express, h: express.RequestHandler) => app.use(h)],
    [
      'app.use("/api/v1", handler)',
      (app: express.Express, h: express.RequestHandler) => app.use('/api/v1', h),
    ],
    [
      'a sub-router mounted at /api with the handler at /v1',
      (app: express.Express, h: express.RequestHandler) => {
        const sub = expressFn.Router();
        sub.use('/v1', h);
        app.use('/api', sub);
      },
    ],
  ])('mounted with %s: serves the full path and passes other paths on', async (_how, mount) => {
    const app = expressFn();
    mount(app, toNodeHandler(router()));
    app.get('/api/v1/health', (_req, res) => {
      res.json({ host: true });
    });
    const get = await serve(createServer(app));
    expect((await get('/api/v1/clientes/7')).status).toBe(200);
    expect(await (await get('/api/v1/health')).json()).toEqual({ host: true });
    const missing = await get('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('Fastify 5', () => {
  it.each([
    ['no prefix', undefined],
    ['prefix /api', '/api'],
    ['prefix /api/v1', '/api/v1'],
  ])(
    'with %s: serves the API, keeps host routes, and uses Fastify not-found',
    async (_n, prefix) => {
      const app = Fastify();
      app.get('/health', async () => ({ host: true }));
      app.setNotFoundHandler((_req, reply) => {
        reply.code(404).send({ host404: true });
      });
      await app.register(campsoftFastifyPlugin, {
        router: router(),
        ...(prefix ? { prefix } : {}),
      });
      await app.ready();
      const ok = await app.inject({ url: '/api/v1/clientes/7', headers: AUTH });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().data.id).toBe(7);
      expect((await app.inject({ url: '/health' })).json()).toEqual({ host: true });
      const missing = await app.inject({ url: '/api/v1/nothing', headers: AUTH });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ host404: true });
      await app.close();
    },
  );

  it('answers 405 for writes with any body, and HEAD without a body', async () => {
    const app = Fastify();
    await app.register(campsoftFastifyPlugin, { router: router() });
    for (const contentType of ['application/json', 'application/x-unknown']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/planos',
        headers: { ...AUTH, 'content-type': contentType },
        payload: '{"a":1}',
      });
      expect(res.statusCode, contentType).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    const head = await app.inject({ method: 'HEAD', url: '/api/v1/planos', headers: AUTH });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    await app.close();
  });

  it("runs the host's hooks on the router's answers", async () => {
    const app = Fastify();
    app.addHook('onSend', async (_req, reply, payload) => {
      reply.header('x-host-hook', 'yes');
      return payload;
    });
    await app.register(campsoftFastifyPlugin, { router: router() });
    const res = await app.inject({ url: '/api/v1/planos', headers: AUTH });
    expect(res.headers['x-host-hook']).toBe('yes');
    await app.close();
  });

  it('refuses a prefix that the base path does not start with', async () => {
    const app = Fastify();
    app.register(campsoftFastifyPlugin, { router: router(), prefix: '/other' });
    await expect(app.ready()).rejects.toThrow(/must start with the Fastify prefix "\/other"/);
    await app.close();
  });
});

describe('Koa 3', () => {
  it('serves the API, lets upstream middleware see the answer, and passes other paths on', async () => {
    const app = new Koa();
    app.use(async (ctx, next) => {
      await next();
      ctx.set('x-host-wrapped', String(ctx.status));
    });
    app.use(campsoftKoaMiddleware(router()));
    app.use((ctx) => {
      if (ctx.path === '/api/v1/health') ctx.body = { host: true };
    });
    const get = await serve(createServer(app.callback()));
    const ok = await get('/api/v1/clientes/7');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/json/);
    expect(ok.headers.get('x-host-wrapped')).toBe('200');
    expect(await (await get('/api/v1/health')).json()).toEqual({ host: true });
    expect((await get('/api/v1/nothing')).status).toBe(404);
    const etag = ok.headers.get('etag')!;
    const cached = await get('/api/v1/clientes/7', { headers: { ...AUTH, 'if-none-match': etag } });
    expect(cached.status).toBe(304);
    const head = await get('/api/v1/planos', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(100);
  });
});

describe('Hono 4 (fetch side, no sockets)', () => {
  it('serves the API from a middleware and falls through to Hono routes', async () => {
    const r = router();
    const app = new Hono();
    app.use('/api/v1/*', async (c, next) => {
      const response = await r.fetchOrNull(c.req.raw);
      if (response) return response;
      await next();
    });
    app.get('/api/v1/health', (c) => c.json({ host: true }));
    expect((await app.request('/api/v1/clientes/7', { headers: AUTH })).status).toBe(200);
    expect(await (await app.request('/api/v1/health')).json()).toEqual({ host: true });
    expect((await app.request('/api/v1/nothing')).status).toBe(404);
  });

  it('router.fetch works as a whole app (Bun, Deno, Workers, Next route handlers)', async () => {
    const { fetch: handler } = router();
    const res = await handler(new Request('https://any.host/api/v1/planos', { headers: AUTH }));
    expect(res.status).toBe(200);
  });
});
