/**
 * `ixc-campsoft/router`: the Campsoft endpoints (a declarative route table, its OpenAPI
 * document), mountable in any Node framework or fetch-style runtime. No framework is
 * imported at run time.
 *
 * @packageDocumentation
 * @module ixc-campsoft/router
 */

export {
  CONSOLE_CSP,
  type ConsoleHandler,
  type ConsoleHandlerOptions,
  type ConsoleRequest,
  type ConsoleResponse,
  consoleHandler,
} from '../console/serve.js';
export { createCampsoftRouter } from './core.js';
export { isRouterConfigurationError, RouterConfigurationError } from './errors.js';
export {
  type CampsoftFastifyOptions,
  campsoftFastifyPlugin,
  type FastifyInstanceLike,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from './fastify.js';
export { campsoftKoaMiddleware, type KoaContextLike, type KoaMiddleware } from './koa.js';
export { type ClienteView, maskDocument } from './mask.js';
export { type NodeHandler, type NodeNext, type NodeRequest, toNodeHandler } from './node.js';
export {
  isSvaLockTimeoutError,
  StoreSvaLock,
  type StoreSvaLockOptions,
  SvaLockTimeoutError,
} from './sva-lock.js';
export {
  type AnyRouteDef,
  type CachePolicy,
  defineRoute,
  type ResponseDoc,
  type RouteAccess,
  type RouteAnswer,
  type RouteContext,
  type RouteDef,
  type RouteMethod,
  type RouteOptions,
  type RoutePrincipal,
  type RouterServices,
  type RouteSettings,
  SCOPES,
  type SchemaSource,
  type Scope,
} from './table.js';
export type {
  ApiKey,
  CacheControlOptions,
  CampsoftRouter,
  CampsoftRouterOptions,
  ClienteField,
  Principal,
  RateLimitOptions,
  RouterBody,
  RouterHeaders,
  RouterLogger,
  RouterRequest,
  RouterResponse,
} from './types.js';
