/**
 * JSON bodies through every adapter: POST, PATCH and DELETE reach the handler parsed and
 * checked, and a body that is too long (413), not JSON by type (415) or by content (400), or
 * wrong for its schema (400 with field errors) gets problem+json. Hosts whose own body
 * parser reads JSON first (`express.json()`, Nest's default) answer malformed JSON
 * themselves; everything else is the router's.
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CampsoftRouter,
  campsoftFastifyPlugin,
  campsoftKoaMiddleware,
  createCampsoftRouter,
  toNodeHandler,
} from '../../src/router/index.js';
import { ADMIN_JSON, ECHO_ROUTES, engineClient, TEST_KEYS } from './helpers.js';
import { type Listening, listen } from './servers.js';

const LIMIT = 64;

interface Answer {
  status: number;
  type: string;
  allow: string | null;
  connection: string | null;
  location: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: bodies are checked by assertions.
  body: any;
}
type Send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<Answer>;

function makeRouter(): CampsoftRouter {
  const { client } = engineClient();
  return createCampsoftRouter({
    client,
    apiKeys: TEST_KEYS,
    routes: ECHO_ROUTES,
    bodyLimit: LIMIT,
  });
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    allow: res.headers.get('allow'),
    connection: res.headers.get('connection'),
    location: res.headers.get('location'),
    body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

const open: Listening[] = [];
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function overSocket(server: Server): Promise<Send> {
  const s = await listen(server);
  open.push(s);
  return async (method, path, headers, body) =>
    read(
      await fetch(`${s.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }),
    );
}

class EmptyModule {}
Module({})(EmptyModule);

/** Each host, and whether its own parser reads JSON bodies before the router does. */
const HOSTS: [string, boolean, () => Promise<Send>][] = [
  [
    'router.fetch',
    false,
    async () => {
      const r = makeRouter();
      return async (method, path, headers, body) =>
        read(
          await r.fetch(new Request(`http://h${path}`, { method, headers, body: body ?? null })),
        );
    },
  ],
  [
    'Hono',
    false,
    async () => {
      const r = makeRouter();
      const app = new Hono();
      app.use('/api/v1/*', async (c, next) => (await r.fetchOrNull(c.req.raw)) ?? next());
      return async (method, path, headers, body) =>
        read(await app.request(path, { method, headers, body: body ?? null }));
    },
  ],
  ['node:http', false, () => overSocket(createServer(toNodeHandler(makeRouter())))],
  [
    'Express 5, no body parser',
    false,
    () => {
      const app = express();
      app.use(toNodeHandler(makeRouter()));
      return overSocket(createServer(app));
    },
  ],
  [
    'Express 5 after express.json()',
    true,
    () => {
      const app = express();
      app.use(express.json());
      app.use('/api/v1', toNodeHandler(makeRouter()));
      return overSocket(createServer(app));
    },
  ],
  [
    'Express 4 after express.json()',
    true,
    () => {
      const app = express4();
      app.use(express4.json());
      app.use(toNodeHandler(makeRouter()));
      return overSocket(createServer(app));
    },
  ],
  [
    'NestJS (Express platform, default body parser)',
    true,
    async () => {
      const app = await NestFactory.create<NestExpressApplication>(EmptyModule, { logger: false });
      app.use(toNodeHandler(makeRouter()));
      await app.listen(0, '127.0.0.1');
      closers.push(() => app.close());
      const url = await app.getUrl();
      return async (method, path, headers, body) =>
        read(
          await fetch(`${url.replace('[::1]', '127.0.0.1')}${path}`, {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
          }),
        );
    },
  ],
  [
    'Fastify',
    false,
    async () => {
      const app = Fastify();
      await app.register(campsoftFastifyPlugin, { router: makeRouter() });
      await app.ready();
      closers.push(() => app.close());
      return async (method, path, headers, body) => {
        const res = await app.inject({
          method: method as 'POST',
          url: path,
          headers,
          ...(body === undefined ? {} : { payload: body }),
        });
        const type = String(res.headers['content-type'] ?? '');
        return {
          status: res.statusCode,
          type,
          allow: (res.headers.allow as string | undefined) ?? null,
          connection: (res.headers.connection as string | undefined) ?? null,
          location: (res.headers.location as string | undefined) ?? null,
          body: res.body && type.includes('json') ? res.json() : res.body,
        };
      };
    },
  ],
  [
    'Koa, no body parser',
    false,
    () => {
      const app = new Koa();
      app.use(campsoftKoaMiddleware(makeRouter()));
      return overSocket(createServer(app.callback()));
    },
  ],
  [
    'Koa after a body parser',
    true,
    () => {
      const app = new Koa();
      // What @koa/bodyparser does: read the stream, leave the JSON on ctx.request.body.
      app.use(async (ctx, next) => {
        if (ctx.is('application/json')) {
          const chunks: Buffer[] = [];
          for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
          const text = Buffer.concat(chunks).toString();
          try {
            (ctx.request as { body?: unknown }).body = text ? JSON.parse(text) : undefined;
          } catch {
            ctx.throw(400, 'host parser: bad JSON');
          }
        }
        await next();
      });
      app.use(campsoftKoaMiddleware(makeRouter()));
      return overSocket(createServer(app.callback()));
    },
  ],
];

describe.each(HOSTS)('%s', (_name, hostParsesJson, make) => {
  let send: Send;
  const ready = make().then((s) => {
    send = s;
  });

  it('POST, PATCH and DELETE reach the handler with the parsed body, params and query', async () => {
    await ready;
    const created = await send(
      'POST',
      '/api/v1/echo/7?dryRun=1',
      ADMIN_JSON,
      '{"nome":"Ana","valor":2.5}',
    );
    expect(created.status).toBe(201);
    expect(created.type).toMatch(/^application\/json/);
    expect(created.location).toBe('/echo/7');
    expect(created.body.data).toEqual({
      id: 7,
      nome: 'Ana',
      valor: 2.5,
      dryRun: true,
      key: 'admin',
      tenant: 'default',
    });
    const patched = await send('PATCH', '/api/v1/echo/7', ADMIN_JSON, '{"valor":3}');
    expect(patched.status).toBe(200);
    expect(patched.body.data).toEqual({ id: 7, patch: { valor: 3 } });
    const deleted = await send('DELETE', '/api/v1/echo/7', {
      authorization: ADMIN_JSON.authorization,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toEqual({ id: 7, deleted: true });
  });

  it('415 for a body that is not application/json', async () => {
    await ready;
    const res = await send(
      'POST',
      '/api/v1/echo/7',
      { ...ADMIN_JSON, 'content-type': 'text/plain' },
      '{"nome":"Ana"}',
    );
    expect(res.status).toBe(415);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:ixc-campsoft:problem:unsupported-media-type');
  });

  it('413 for a body over bodyLimit, and the connection is not kept', async () => {
    await ready;
    const big = JSON.stringify({ nome: 'x'.repeat(LIMIT * 3) });
    const res = await send('POST', '/api/v1/echo/7', ADMIN_JSON, big);
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:ixc-campsoft:problem:payload-too-large');
  });

  it('400 with field errors for a body that does not fit the schema, or is missing', async () => {
    await ready;
    const empty = await send('POST', '/api/v1/echo/7', ADMIN_JSON, '{"nome":"","extra":1}');
    expect(empty.status).toBe(400);
    expect(empty.type).toMatch(/^application\/problem\+json/);
    expect(empty.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'body.nome', message: 'must not be empty' },
        {
          path: 'body',
          message: expect.stringMatching(/unknown field extra \(accepted: nome, valor\)/),
        },
      ]),
    );
    const none = await send('POST', '/api/v1/echo/7', { authorization: ADMIN_JSON.authorization });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('body');
  });

  it(`400 for malformed JSON${hostParsesJson ? " (answered by the host's own parser)" : ''}`, async () => {
    await ready;
    const res = await send('POST', '/api/v1/echo/7', ADMIN_JSON, '{"nome":');
    expect(res.status).toBe(400);
    if (!hostParsesJson) {
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ path: 'body', message: 'is not valid JSON' }]);
    }
  });

  it('405 with Allow naming the methods of the path, before any body is read', async () => {
    await ready;
    const res = await send('PUT', '/api/v1/echo/7', ADMIN_JSON, '{"nome":"Ana"}');
    expect(res.status).toBe(405);
    expect(res.allow).toBe('POST, PATCH, DELETE');
    const read = await send('POST', '/api/v1/planos', ADMIN_JSON, '{}');
    expect(read.allow).toBe('GET, HEAD');
  });
});

describe('node:http, bodies without Content-Length', () => {
  it('stops reading a chunked body past the limit and answers 413', async () => {
    const s = await listen(createServer(toNodeHandler(makeRouter())));
    open.push(s);
    // 16 MB in all: far more than socket buffers hold, so a server that stops reading
    // stops the upload too.
    const chunk = new TextEncoder().encode(`{"nome":"${'x'.repeat(16_384)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 1000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${s.url}/api/v1/echo/7`, {
      method: 'POST',
      headers: ADMIN_JSON,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(sent).toBeLessThan(1000);
  });
});
