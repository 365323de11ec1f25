/**
 * API keys checked by `serve` itself, through the router's `authenticate` hook: a config
 * file may give a key as its SHA-256 digest only, which the router's own key list cannot
 * take, and every key (digest or value) is compared the same way. Digests have a fixed
 * length and every entry is compared, match or not, so timing tells a caller nothing.
 */
import { timingSafeEqual } from 'node:crypto';
import { presentedKey } from '../router/auth.js';
import type { Principal, RouterRequest } from '../router/types.js';
import { type KeyConfig, keyDigest, type Scope } from './config.js';

/** Who a request is from, with the key's scopes. */
export type ServePrincipal = Principal & { name: string; scopes: readonly Scope[] };

/**
 * Builds the `authenticate` hook for `keys`; `onMatch` learns the key's name (for logs).
 *
 * @example
 * ```ts
 * const authenticate = keyAuthenticator(config.apiKeys, (name) => ctx.keyName = name);
 * createCampsoftRouter({ tenants, authenticate });
 * ```
 */
export function keyAuthenticator(
  keys: readonly KeyConfig[],
  onMatch: (principal: ServePrincipal) => void,
): (request: RouterRequest) => ServePrincipal | null {
  const principals = keys.map((k) => ({
    digest: k.digest,
    principal: { name: k.name, tenants: k.tenants, scopes: k.scopes } as ServePrincipal,
  }));
  return (request) => {
    const key = presentedKey(request.headers);
    if (key === undefined) return null;
    const candidate = keyDigest(key);
    let found: ServePrincipal | null = null;
    for (const entry of principals) {
      if (timingSafeEqual(candidate, entry.digest)) found = entry.principal;
    }
    if (found) onMatch(found);
    return found;
  };
}
