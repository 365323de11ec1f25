/**
 * Router options, checked once when the router is created: a misconfigured router should
 * fail at startup, not answer 500 to the first caller.
 */
import { type ConsoleHandler, consoleHandler } from '../console/serve.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';
import { type Authenticator, createAuthenticator } from './auth.js';
import { DEFAULT_BODY_LIMIT } from './body.js';
import { misconfigured } from './errors.js';
import { allowedFields, type ClienteView, createClienteView } from './mask.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import type { AnyRouteDef, RouterServices } from './table.js';
import { createTenantResolver, type TenantResolver } from './tenants.js';
import type { CampsoftRouterOptions, ClienteField, RouterLogger } from './types.js';

/** Options after checks and defaults. */
export interface ResolvedRouter {
  basePath: string;
  authenticate: Authenticator;
  tenants: TenantResolver;
  tenantHeader: string;
  /** The customer view of callers without `documentos:read`. */
  view: ClienteView;
  /** The customer view of callers with `documentos:read` (same fields, documents unmasked). */
  documentsView: ClienteView;
  maskDocuments: boolean;
  clienteFields: readonly ClienteField[] | undefined;
  defaultPageSize: number;
  cache: { planos: string; clientes: string; openapi: string };
  openapi: 'public' | 'authenticated' | false;
  logger: RouterLogger | undefined;
  bodyLimit: number;
  rateLimiter: RateLimiter | undefined;
  services: RouterServices;
  extraRoutes: readonly AnyRouteDef[];
  /** The console, when the `console` option asks for it. */
  console: ConsoleHandler | undefined;
}

/** Default `Cache-Control` values. */
export const DEFAULT_CACHE_CONTROL = {
  planos: 'private, max-age=30',
  clientes: 'private, no-cache',
  openapi: 'public, max-age=300',
} as const;

/** Normalises a base path: leading slash, no trailing slash, `''` for the root. */
export function normalizeBasePath(value: string): string {
  if (typeof value !== 'string' || /[?#\s]/.test(value)) {
    misconfigured(`basePath must be a path such as /api/v1, got ${JSON.stringify(value)}`);
  }
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function resolveConsole(
  option: CampsoftRouterOptions['console'],
  apiBasePath: string,
): ConsoleHandler | undefined {
  if (option === undefined || option === false) return undefined;
  const given = option === true ? {} : option;
  if (typeof given !== 'object' || given === null) {
    misconfigured('console must be true, false or { path, dir }');
  }
  const path = normalizeBasePath(given.path ?? '/console');
  if (path === '' || path === apiBasePath || path.startsWith(`${apiBasePath}/`)) {
    misconfigured(`console.path must be a path of its own, outside basePath (got "${path}")`);
  }
  return consoleHandler({
    basePath: path,
    apiBasePath,
    ...(given.dir !== undefined && { dir: given.dir }),
  });
}

/**
 * Checks options and applies defaults.
 *
 * @throws {RouterConfigurationError} naming the option at fault.
 */
export function resolveRouterOptions(options: CampsoftRouterOptions): ResolvedRouter {
  if (!options || typeof options !== 'object') misconfigured('Router options are required');
  const apiKeys = options.apiKeys ?? [];
  const allowUnauthenticated = options.allowUnauthenticated === true;
  if (apiKeys.length === 0 && !options.authenticate && !allowUnauthenticated) {
    misconfigured(
      'The router needs apiKeys or an authenticate hook; pass allowUnauthenticated: true to serve without authentication',
    );
  }
  const pageSize = options.defaultPageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    misconfigured(`defaultPageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const tenantHeader = (options.tenantHeader ?? 'x-campsoft-tenant').toLowerCase();
  if (!/^[a-z0-9-]+$/.test(tenantHeader)) misconfigured('tenantHeader must be a header name');
  const openapi = options.openapi ?? 'public';
  if (openapi !== 'public' && openapi !== 'authenticated' && openapi !== false) {
    misconfigured("openapi must be 'public', 'authenticated' or false");
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) {
    misconfigured('bodyLimit must be a positive whole number of bytes');
  }
  if (options.routes !== undefined && !Array.isArray(options.routes)) {
    misconfigured('routes must be a list of routes made with defineRoute');
  }
  const maskDocuments = options.maskDocuments === true;
  const basePath = normalizeBasePath(options.basePath ?? '/api/v1');
  const resolved: ResolvedRouter = {
    basePath,
    authenticate: createAuthenticator(apiKeys, options.authenticate, allowUnauthenticated),
    tenants: createTenantResolver(options.client, options.tenants, tenantHeader),
    tenantHeader,
    view: createClienteView(maskDocuments, options.clienteFields),
    documentsView: createClienteView(false, options.clienteFields),
    maskDocuments,
    clienteFields: options.clienteFields && allowedFields(options.clienteFields),
    defaultPageSize: pageSize,
    cache: { ...DEFAULT_CACHE_CONTROL, ...options.cacheControl },
    openapi,
    logger: options.logger,
    bodyLimit,
    rateLimiter: options.rateLimit && createRateLimiter(options.rateLimit, options.now ?? Date.now),
    services: options.services ?? {},
    extraRoutes: options.routes ?? [],
    console: resolveConsole(options.console, basePath),
  };
  if (allowUnauthenticated) {
    const message =
      'ixc-campsoft router: authentication is OFF (allowUnauthenticated: true); anyone who can reach it reads customer data';
    if (resolved.logger) resolved.logger.warn({ basePath: resolved.basePath }, message);
    else console.warn(message);
  }
  return resolved;
}
