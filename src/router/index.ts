/**
 * `ixc-campsoft/router`: the four documented Campsoft endpoints (and their OpenAPI
 * document), mountable in any Node framework or fetch-style runtime. No framework is
 * imported at run time.
 *
 * @packageDocumentation
 */

export { createCampsoftRouter } from './core.js';
export {
  type CampsoftFastifyOptions,
  campsoftFastifyPlugin,
  type FastifyInstanceLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from './fastify.js';
export { campsoftKoaMiddleware, type KoaContextLike, type KoaMiddleware } from './koa.js';
export { maskDocument } from './mask.js';
export { type NodeHandler, type NodeNext, type NodeRequest, toNodeHandler } from './node.js';
export type {
  ApiKey,
  CacheControlOptions,
  CampsoftRouter,
  CampsoftRouterOptions,
  ClienteField,
  Principal,
  RouterHeaders,
  RouterLogger,
  RouterRequest,
  RouterResponse,
} from './types.js';
