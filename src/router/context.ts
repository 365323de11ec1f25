/**
 * What a handler receives, one object per request. Its signal is read from the request only
 * when asked for, and the per-call options it hands client methods read it only when the
 * client sends IXC a request, so an answer from the client's cache costs no `AbortController`.
 */
import type { IxcCampsoftClient } from '../client/client.js';
import type { CallOptions } from '../ixc/call-options.js';
import type { ClienteView } from './mask.js';
import type { ResolvedRouter } from './options.js';
import type { ProblemContext } from './problem.js';
import type { RouteContext, RoutePrincipal, RouterServices } from './table.js';
import type { RouterLogger, RouterRequest } from './types.js';

/** The caller of a public route: no key, no scopes. */
export const ANYONE: RoutePrincipal = Object.freeze({ name: 'public', scopes: [], tenants: [] });

/**
 * Per-call options for client methods whose `signal` is the request's, read only when the
 * client sends IXC a request: an answer from the client's cache, or a route that never
 * reaches IXC, then costs no `AbortController`.
 */
class DeferredCall implements CallOptions {
  readonly #context: HandlerContext;
  constructor(context: HandlerContext) {
    this.#context = context;
  }
  get signal(): AbortSignal | undefined {
    return this.#context.signal;
  }
}

/**
 * A handler's {@link RouteContext}. A class, so that a request allocates one object with
 * its accessors on the prototype rather than a literal with a fresh getter closure.
 */
export class HandlerContext implements RouteContext {
  readonly headers: RouterRequest['headers'];
  readonly requestId: string;
  readonly path: string;
  readonly logger: RouterLogger | undefined;
  readonly services: RouterServices;
  /** Set once the body is read and checked, before the handler runs. */
  body: unknown = undefined;
  readonly #request: RouterRequest;
  #signal: AbortSignal | undefined;
  #asked = false;
  #call: DeferredCall | undefined;

  constructor(
    readonly client: IxcCampsoftClient,
    readonly tenant: string | undefined,
    readonly principal: RoutePrincipal,
    readonly params: unknown,
    readonly query: unknown,
    request: RouterRequest,
    readonly view: ClienteView,
    ctx: ProblemContext,
    s: ResolvedRouter,
  ) {
    this.headers = request.headers;
    this.requestId = ctx.requestId;
    this.path = ctx.path;
    this.logger = s.logger;
    this.services = s.services;
    this.#request = request;
  }

  // Read on demand: a Node request makes its AbortController only when asked, so a
  // handler that never passes the signal on (`/me`, `/openapi.json`) costs none.
  get signal(): AbortSignal | undefined {
    if (!this.#asked) {
      this.#asked = true;
      this.#signal = this.#request.signal;
    }
    return this.#signal;
  }

  get call(): CallOptions {
    this.#call ??= new DeferredCall(this);
    return this.#call;
  }

  /** The signal if a handler asked for it, without making one. */
  get askedSignal(): AbortSignal | undefined {
    return this.#signal;
  }
}
