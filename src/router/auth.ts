/**
 * API keys and the `authenticate` hook. Keys are kept as SHA-256 digests and compared with
 * `timingSafeEqual`: digests have a fixed length, so neither the time taken nor an early
 * length check tells a caller how much of a guess was right. Every key is compared, match
 * or not, for the same reason.
 *
 * A key that matched is remembered (a `Map` from the presented string to its caller, holding
 * at most the configured keys, and one from the `Authorization` header it came in, holding
 * a few spellings per key), so a known key skips the digest on its next requests. That
 * makes a valid key answer a little faster than a wrong one, which tells a caller only what
 * the status code already does; a wrong key always takes the full digest-and-compare path,
 * and nothing is remembered for it, so guesses can neither fill the map nor probe it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { misconfigured } from './errors.js';
import { type RoutePrincipal, SCOPES } from './table.js';
import type { ApiKey, Principal, RouterHeaders, RouterRequest } from './types.js';

interface StoredKey {
  digest: Buffer;
  principal: RoutePrincipal;
}

/**
 * Finds who a request is from; `null` means 401. Synchronous for API keys (no promise per
 * request); a promise only when the `authenticate` hook runs.
 */
export type Authenticator = (
  request: RouterRequest,
) => RoutePrincipal | null | Promise<RoutePrincipal | null>;

/** Reads a header that may have been sent more than once: the first value wins. */
export function header(headers: RouterHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const BEARER = /^Bearer[ \t]+(\S+)\s*$/i;

/** The key of an `Authorization: Bearer <key>` value, if it is one. */
function presentedBearer(authorization: string): string | undefined {
  return BEARER.exec(authorization)?.[1];
}

/** The key sent as `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(headers: RouterHeaders): string | undefined {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const bearer = presentedBearer(authorization);
    if (bearer !== undefined) return bearer;
  }
  const apiKey = header(headers, 'x-api-key')?.trim();
  return apiKey || undefined;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const READ_ONLY: readonly string[] = Object.freeze(['read']);

/** True when `principal` holds `scope` (directly or through `'*'`). */
export function holds(principal: RoutePrincipal, scope: string): boolean {
  const { scopes } = principal;
  return scopes === READ_ONLY ? scope === 'read' : scopes.includes('*') || scopes.includes(scope);
}

/**
 * Checks a list of scopes and freezes it; `undefined` is `['read']`.
 *
 * @throws {RouterConfigurationError} naming an unknown scope.
 */
export function checkScopes(
  scopes: readonly string[] | undefined,
  where: string,
): readonly string[] {
  if (scopes === undefined) return READ_ONLY;
  if (!Array.isArray(scopes)) misconfigured(`${where}.scopes must be a list of scope names`);
  for (const scope of scopes) {
    if (scope !== '*' && !(SCOPES as readonly string[]).includes(scope)) {
      misconfigured(`${where}.scopes: unknown scope "${scope}" (one of ${SCOPES.join(', ')} or *)`);
    }
  }
  return Object.freeze([...scopes]);
}

function fromHook(p: Principal): RoutePrincipal {
  return {
    name: p.name ?? 'authenticated',
    tenants: p.tenants,
    scopes: checkScopes(p.scopes, 'authenticate()'),
  };
}

/**
 * Builds the authenticator of a router.
 *
 * @throws {RouterConfigurationError} when a key is empty or shorter than 16 characters, is
 *   listed twice, or names an unknown scope.
 */
export function createAuthenticator(
  apiKeys: readonly ApiKey[],
  hook: ((request: RouterRequest) => Principal | null | Promise<Principal | null>) | undefined,
  allowUnauthenticated: boolean,
): Authenticator {
  const stored: StoredKey[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of apiKeys.entries()) {
    if (typeof entry.key !== 'string' || entry.key.trim().length < 16) {
      misconfigured(`apiKeys[${i}].key must be a string of at least 16 characters`);
    }
    if (/\s/.test(entry.key)) misconfigured(`apiKeys[${i}].key must not contain spaces`);
    if (seen.has(entry.key)) misconfigured(`apiKeys[${i}] repeats an earlier key`);
    if (entry.name !== undefined && (typeof entry.name !== 'string' || entry.name === '')) {
      misconfigured(`apiKeys[${i}].name must be a non-empty string`);
    }
    seen.add(entry.key);
    const principal: RoutePrincipal = Object.freeze({
      name: entry.name ?? `apiKeys[${i}]`,
      tenants: entry.tenants,
      scopes: checkScopes(entry.scopes, `apiKeys[${i}]`),
    });
    stored.push({ digest: digest(entry.key), principal });
  }
  const anonymous: RoutePrincipal = Object.freeze({
    tenants: '*',
    name: 'anonymous',
    scopes: READ_ONLY,
  });
  const known = new Map<string, RoutePrincipal>();
  // The `authorization` header values that carried a known key, so that the next request
  // with the same header skips parsing it too. Bounded: a caller holding a valid key could
  // otherwise spell its header in endless ways (spacing, case) and grow the map.
  const knownHeaders = new Map<string, RoutePrincipal>();
  const maxHeaders = stored.length * 4;

  /** Remembers the header a known key came in, when it was the header that carried it. */
  const rememberHeader = (
    authorization: RouterRequest['headers'][string],
    key: string,
    principal: RoutePrincipal,
  ) => {
    if (typeof authorization !== 'string' || knownHeaders.size >= maxHeaders) return;
    // The key may have come in x-api-key while this header held something else.
    if (presentedBearer(authorization) === key) knownHeaders.set(authorization, principal);
  };

  const viaHook = async (request: RouterRequest): Promise<RoutePrincipal | null> => {
    const principal = await hook!(request);
    if (principal) return fromHook(principal);
    return allowUnauthenticated ? anonymous : null;
  };

  return (request) => {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
      const remembered = knownHeaders.get(authorization);
      if (remembered) return remembered;
    }
    const key = presentedKey(request.headers);
    if (key !== undefined && stored.length > 0) {
      const remembered = known.get(key);
      if (remembered) {
        rememberHeader(authorization, key, remembered);
        return remembered;
      }
      const candidate = digest(key);
      let found: RoutePrincipal | null = null;
      for (const entry of stored) {
        if (timingSafeEqual(candidate, entry.digest)) found = entry.principal;
      }
      if (found) {
        known.set(key, found);
        rememberHeader(authorization, key, found);
        return found;
      }
    }
    if (hook) return viaHook(request);
    return allowUnauthenticated ? anonymous : null;
  };
}
