/**
 * The Fastify plugin. It answers through `reply.send()` rather than writing `reply.raw`, so
 * Fastify's hooks, logging and `inject()` keep working. The types below are the few members
 * the plugin uses, so the package needs no Fastify types; a real `FastifyInstance` fits them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RouterConfigurationError } from './errors.js';
import { nodeRequest } from './node-request.js';
import type { CampsoftRouter } from './types.js';

/** The members of a Fastify request the plugin reads. */
export interface FastifyRequestLike {
  raw: IncomingMessage;
}

/** The members of a Fastify reply the plugin uses. */
export interface FastifyReplyLike {
  raw: ServerResponse;
  code(status: number): FastifyReplyLike;
  headers(values: Record<string, string>): FastifyReplyLike;
  send(payload?: unknown): FastifyReplyLike;
  callNotFound(): void;
}

/** The members of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  prefix: string;
  route(options: {
    method: string[];
    url: string;
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;
  }): unknown;
  removeAllContentTypeParsers(): unknown;
  addContentTypeParser(
    type: string,
    parser: (request: unknown, payload: unknown, done: (err: null, body?: unknown) => void) => void,
  ): unknown;
}

/** Options of {@link campsoftFastifyPlugin}. */
export interface CampsoftFastifyOptions {
  router: CampsoftRouter;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * A Fastify plugin serving the router under its `basePath`. The base path is the full public
 * path: with `register(plugin, { prefix: '/api' })` and `basePath: '/api/v1'`, the plugin's
 * routes live at `/v1/*` inside the prefix. Paths the router does not own go to Fastify's
 * not-found handler. Other methods get a 405 from the router instead of Fastify's 404.
 *
 * @throws {RouterConfigurationError} at registration when `basePath` does not start with the prefix.
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * const app = Fastify();
 * await app.register(campsoftFastifyPlugin, { router });
 * ```
 */
export async function campsoftFastifyPlugin(
  fastify: FastifyInstanceLike,
  options: CampsoftFastifyOptions,
): Promise<void> {
  const { router } = options;
  const prefix = fastify.prefix ?? '';
  if (!router.basePath.startsWith(prefix)) {
    throw new RouterConfigurationError(
      `Router basePath "${router.basePath}" must start with the Fastify prefix "${prefix}": basePath is the full public path`,
    );
  }
  // Encapsulated: the host's parsers stay as they were. Fastify's own parsers would read the
  // body with their own limit and error format; this one leaves the stream to the router,
  // which answers 413/415/400 as problem+json (and 405 before looking at any body).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));

  fastify.route({
    method: METHODS,
    url: `${router.basePath.slice(prefix.length)}/*`,
    handler: async (request, reply) => {
      const result = await router.handle(
        nodeRequest(request.raw, reply.raw, request.raw.url ?? '/'),
      );
      if (result === null) return reply.callNotFound();
      // A refused body may still be arriving: close rather than read it to the end.
      if (result.status === 413) result.headers.connection = 'close';
      return reply
        .code(result.status)
        .headers(result.headers)
        .send(result.body === '' ? undefined : result.body);
    },
  });
}
