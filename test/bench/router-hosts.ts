/**
 * Child-process entry of the router-overhead figure: `router-hosts.ts <host> <ours|hand>`
 * starts one server and reports its port to the parent over IPC.
 *
 * Both variants of a host share everything but the layer under test: the same
 * `IxcCampsoftClient` (demo dataset, in-memory engine, request log off, `coalesce` on as
 * shipped), the same answer bytes and headers, written the way that host is written to.
 *
 * - `ours`: the package's adapter for that host (`toNodeHandler`, `router.fetch`,
 *   `campsoftFastifyPlugin`, `campsoftKoaMiddleware`) with API-key auth on.
 * - `hand`: a hand-written route for `GET /api/v1/clientes/:id` that does what a careful
 *   person would write by hand to return the same answer: compares the bearer key
 *   (plain string comparison), checks the id, calls `client.getCliente`, and sends the
 *   same status and headers as the router (`content-type`, `content-length`, weak SHA-1
 *   `etag`, `cache-control`, `x-request-id`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import type { IxcCampsoftClient } from '../../src/index.js';
import {
  type CampsoftRouter,
  campsoftFastifyPlugin,
  campsoftKoaMiddleware,
  createCampsoftRouter,
  toNodeHandler,
} from '../../src/router/index.js';
import { createIxcEngine } from '../../src/testing/index.js';
import { AUTH_HEADER, KEY, memoryClient } from './ixc.js';
import { beforeFactory } from './router-core.js';

/** IXC (engine) calls made by this server's client, and requests it received. */
let engineCalls = 0;
let received = 0;

/** Hosts the figure compares. */
export const HOSTS = ['node', 'fetch', 'express', 'fastify', 'koa'] as const;
export type Host = (typeof HOSTS)[number];

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ID = /^\d{1,15}$/;
const PATH = /^\/api\/v1\/clientes\/([^/?]+)$/;

/** The hand-written handler body, identical for every host. */
export async function handAnswer(
  client: IxcCampsoftClient,
  authorization: string | undefined | null,
  rawId: string,
): Promise<Answer> {
  const requestId = randomUUID();
  if (authorization !== AUTH_HEADER) {
    return { status: 401, headers: { 'x-request-id': requestId }, body: '' };
  }
  if (!ID.test(rawId)) return { status: 400, headers: { 'x-request-id': requestId }, body: '' };
  const body = JSON.stringify({ data: await client.getCliente(Number(rawId)) });
  return {
    status: 200,
    headers: {
      etag: `W/"${createHash('sha1').update(body, 'utf8').digest('base64url')}"`,
      'cache-control': 'private, no-cache',
      'x-request-id': requestId,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
  };
}

function writeNode(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, a.headers);
  res.end(a.body);
}

const notFound = (res: ServerResponse) => res.writeHead(404).end();

/** The hand-written node:http handler (a request listener). */
export function handNode(client: IxcCampsoftClient) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const m = PATH.exec(req.url ?? '');
    if (!m || req.method !== 'GET') return notFound(res);
    handAnswer(client, req.headers.authorization, m[1]!).then(
      (a) => writeNode(res, a),
      () => res.writeHead(500).end(),
    );
  };
}

async function handFetch(client: IxcCampsoftClient, request: Request): Promise<Response> {
  const url = request.url;
  const path = url.slice(url.indexOf('/', url.indexOf('://') + 3));
  const m = PATH.exec(path);
  if (!m || request.method !== 'GET') return new Response(null, { status: 404 });
  const a = await handAnswer(client, request.headers.get('authorization'), m[1]!);
  return new Response(a.body || null, { status: a.status, headers: a.headers });
}

/** Variants: the package's adapter, the hand-written route, an earlier tree's adapter. */
export type Variant = 'ours' | 'hand' | 'before';

/** Builds the server of `host` in `variant`; every variant listens on node:http. */
async function build(host: Host, variant: Variant): Promise<Server> {
  const engine = createIxcEngine({ logRequests: false });
  const client = memoryClient(engine, {
    fetch: (input, init) => {
      engineCalls++;
      return engine.fetch(new Request(input, init));
    },
  });
  const apiKeys = [{ key: KEY, tenants: '*' as const, name: 'bench' }];
  let router: CampsoftRouter = createCampsoftRouter({ client, apiKeys });
  if (variant === 'before') {
    // The earlier tree's router behind this tree's adapters would mix the two: load its own.
    const dir = process.env.BENCH_ROUTER_BEFORE!;
    const earlier = (await beforeFactory())!;
    router = earlier({ client, apiKeys });
    const mod = await import(`${dir}/src/router/index.ts`);
    return buildWith(host, router, mod);
  }
  const ours = variant === 'ours';
  switch (host) {
    case 'node':
      return createServer(ours ? toNodeHandler(router) : handNode(client));
    case 'fetch':
      return createAdaptorServer({
        fetch: ours ? router.fetch : (request: Request) => handFetch(client, request),
      }) as Server;
    case 'express': {
      const app = express();
      app.disable('x-powered-by');
      if (ours) app.use(toNodeHandler(router));
      else {
        app.get('/api/v1/clientes/:id', (req, res, next) => {
          handAnswer(client, req.headers.authorization, String(req.params.id)).then(
            (a) => writeNode(res, a),
            next,
          );
        });
      }
      return createServer(app);
    }
    case 'fastify': {
      let server!: Server;
      const app = Fastify({
        logger: false,
        serverFactory: (handler) => {
          server = createServer(handler);
          return server;
        },
      });
      if (ours) await app.register(campsoftFastifyPlugin, { router });
      else {
        app.get<{ Params: { id: string } }>('/api/v1/clientes/:id', async (req, reply) => {
          const a = await handAnswer(client, req.headers.authorization, req.params.id);
          return reply
            .code(a.status)
            .headers(a.headers)
            .send(a.body || undefined);
        });
      }
      await app.ready();
      return server;
    }
    case 'koa': {
      const app = new Koa();
      if (ours) app.use(campsoftKoaMiddleware(router));
      else {
        app.use(async (ctx, next) => {
          const m = ctx.method === 'GET' ? PATH.exec(ctx.path) : null;
          if (!m) return next();
          const a = await handAnswer(client, ctx.get('authorization'), m[1]!);
          ctx.status = a.status;
          ctx.set(a.headers);
          if (a.body) ctx.body = a.body;
        });
      }
      return createServer(app.callback());
    }
  }
}

interface Adapters {
  toNodeHandler: typeof toNodeHandler;
  campsoftFastifyPlugin: typeof campsoftFastifyPlugin;
  campsoftKoaMiddleware: typeof campsoftKoaMiddleware;
}

/** The `ours` server of `host`, with the adapters of `mod` (an earlier tree's). */
async function buildWith(host: Host, router: CampsoftRouter, mod: Adapters): Promise<Server> {
  switch (host) {
    case 'node':
      return createServer(mod.toNodeHandler(router));
    case 'fetch':
      return createAdaptorServer({ fetch: router.fetch }) as Server;
    case 'express': {
      const app = express();
      app.disable('x-powered-by');
      app.use(mod.toNodeHandler(router));
      return createServer(app);
    }
    case 'fastify': {
      let server!: Server;
      const app = Fastify({
        logger: false,
        serverFactory: (handler) => {
          server = createServer(handler);
          return server;
        },
      });
      await app.register(mod.campsoftFastifyPlugin, { router });
      await app.ready();
      return server;
    }
    case 'koa': {
      const app = new Koa();
      app.use(mod.campsoftKoaMiddleware(router));
      return createServer(app.callback());
    }
  }
}

async function main(): Promise<void> {
  const [host, variant] = process.argv.slice(2) as [Host, Variant];
  if (!HOSTS.includes(host) || !['ours', 'hand', 'before'].includes(variant)) {
    throw new Error(`usage: router-hosts.ts <${HOSTS.join('|')}> <ours|hand|before>`);
  }
  const server = await build(host, variant);
  server.on('request', () => received++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send?.({ ready: true, port: (server.address() as AddressInfo).port });
  process.on('message', (m: { ask?: string }) => {
    if (m.ask === 'memory') process.send?.({ answer: process.memoryUsage() });
    if (m.ask === 'counts') process.send?.({ answer: { received, engineCalls } });
  });
  process.on('SIGTERM', () => process.exit(0));
}

// Imported by the parent for HOSTS; only the forked child starts a server.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
