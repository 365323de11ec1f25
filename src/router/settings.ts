/**
 * Router options, checked once when the router is created: a misconfigured router should
 * fail at startup, not answer 500 to the first caller.
 */
import { type Authenticator, createAuthenticator } from './auth.js';
import { allowedFields, type ClienteView, createClienteView } from './mask.js';
import { createTenantResolver, type TenantResolver } from './tenants.js';
import type { CampsoftRouterOptions, ClienteField, RouterLogger } from './types.js';

/** Options after checks and defaults. */
export interface ResolvedRouter {
  basePath: string;
  authenticate: Authenticator;
  tenants: TenantResolver;
  tenantHeader: string;
  view: ClienteView;
  maskDocuments: boolean;
  clienteFields: readonly ClienteField[] | undefined;
  defaultPageSize: number;
  cache: { planos: string; clientes: string; openapi: string };
  openapi: 'public' | 'authenticated' | false;
  logger: RouterLogger | undefined;
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
    throw new TypeError(`basePath must be a path such as /api/v1, got ${JSON.stringify(value)}`);
  }
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Checks options and applies defaults.
 *
 * @throws {TypeError} naming the option at fault.
 */
export function resolveRouterOptions(options: CampsoftRouterOptions): ResolvedRouter {
  if (!options || typeof options !== 'object') throw new TypeError('Router options are required');
  const apiKeys = options.apiKeys ?? [];
  const allowUnauthenticated = options.allowUnauthenticated === true;
  if (apiKeys.length === 0 && !options.authenticate && !allowUnauthenticated) {
    throw new TypeError(
      'The router needs apiKeys or an authenticate hook; pass allowUnauthenticated: true to serve without authentication',
    );
  }
  const pageSize = options.defaultPageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
    throw new TypeError('defaultPageSize must be an integer from 1 to 500');
  }
  const tenantHeader = (options.tenantHeader ?? 'x-campsoft-tenant').toLowerCase();
  if (!/^[a-z0-9-]+$/.test(tenantHeader)) throw new TypeError('tenantHeader must be a header name');
  const openapi = options.openapi ?? 'public';
  const resolved: ResolvedRouter = {
    basePath: normalizeBasePath(options.basePath ?? '/api/v1'),
    authenticate: createAuthenticator(apiKeys, options.authenticate, allowUnauthenticated),
    tenants: createTenantResolver(options.client, options.tenants, tenantHeader),
    tenantHeader,
    view: createClienteView(options.maskDocuments === true, options.clienteFields),
    maskDocuments: options.maskDocuments === true,
    clienteFields: options.clienteFields && allowedFields(options.clienteFields),
    defaultPageSize: pageSize,
    cache: { ...DEFAULT_CACHE_CONTROL, ...options.cacheControl },
    openapi,
    logger: options.logger,
  };
  if (allowUnauthenticated) {
    const message =
      'ixc-campsoft router: authentication is OFF (allowUnauthenticated: true); anyone who can reach it reads customer data';
    if (resolved.logger) resolved.logger.warn({ basePath: resolved.basePath }, message);
    else console.warn(message);
  }
  return resolved;
}
