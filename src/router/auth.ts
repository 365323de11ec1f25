/**
 * API keys and the `authenticate` hook. Keys are kept as SHA-256 digests and compared with
 * `timingSafeEqual`: digests have a fixed length, so neither the time taken nor an early
 * length check tells a caller how much of a guess was right. Every key is compared, match
 * or not, for the same reason.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey, Principal, RouterHeaders, RouterRequest } from './types.js';

interface StoredKey {
  digest: Buffer;
  principal: Principal;
}

/** Finds who a request is from; `null` means 401. */
export type Authenticator = (request: RouterRequest) => Promise<Principal | null>;

/** Reads a header that may have been sent more than once: the first value wins. */
export function header(headers: RouterHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The key sent as `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(headers: RouterHeaders): string | undefined {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = header(headers, 'x-api-key')?.trim();
  return apiKey || undefined;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Builds the authenticator of a router.
 *
 * @throws {TypeError} when a key is empty or shorter than 16 characters, or is listed twice.
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
      throw new TypeError(`apiKeys[${i}].key must be a string of at least 16 characters`);
    }
    if (/\s/.test(entry.key)) throw new TypeError(`apiKeys[${i}].key must not contain spaces`);
    if (seen.has(entry.key)) throw new TypeError(`apiKeys[${i}] repeats an earlier key`);
    seen.add(entry.key);
    const principal: Principal = { tenants: entry.tenants };
    if (entry.name !== undefined) principal.name = entry.name;
    stored.push({ digest: digest(entry.key), principal });
  }
  const anonymous: Principal = { tenants: '*', name: 'anonymous' };

  return async (request) => {
    const key = presentedKey(request.headers);
    if (key !== undefined && stored.length > 0) {
      const candidate = digest(key);
      let found: Principal | null = null;
      for (const entry of stored) {
        if (timingSafeEqual(candidate, entry.digest)) found = entry.principal;
      }
      if (found) return found;
    }
    if (hook) {
      const principal = await hook(request);
      if (principal) return principal;
    }
    return allowUnauthenticated ? anonymous : null;
  };
}
