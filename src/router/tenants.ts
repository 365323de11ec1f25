/**
 * Which IXC a request reads. A single-tenant router has one client and every authenticated
 * caller reads it. A multi-tenant router picks the tenant named by a header, or the only one
 * the caller is bound to; a caller asking for a tenant it is not bound to gets 403 whether
 * that tenant exists or not, so tenant ids cannot be probed.
 */
import type { IxcCampsoftClient } from '../client/client.js';
import { header } from './auth.js';
import { misconfigured } from './errors.js';
import type { Principal, RouterHeaders } from './types.js';

/** The tenant id a single-tenant router reports in logs. */
export const SINGLE_TENANT = 'default';

/** A chosen tenant, or why none could be. */
export type TenantChoice =
  | { ok: true; id: string; client: IxcCampsoftClient }
  | { ok: false; status: 400 | 403 | 404; detail: string };

/** Picks tenants for requests. */
export interface TenantResolver {
  readonly multi: boolean;
  readonly ids: readonly string[];
  choose(principal: Principal, headers: RouterHeaders): TenantChoice;
}

const TENANT_ID = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * Builds the tenant resolver.
 *
 * @throws {RouterConfigurationError} when neither or both of `client` and `tenants` are given, or a tenant
 *   id is not a short token.
 */
export function createTenantResolver(
  client: IxcCampsoftClient | undefined,
  tenants: Readonly<Record<string, IxcCampsoftClient>> | undefined,
  headerName: string,
): TenantResolver {
  if (client && tenants) misconfigured('Give either `client` or `tenants`, not both');
  if (client) {
    const only: TenantChoice = { ok: true, id: SINGLE_TENANT, client };
    return { multi: false, ids: [SINGLE_TENANT], choose: () => only };
  }
  if (!tenants || Object.keys(tenants).length === 0) {
    misconfigured('Give `client` (one IXC) or `tenants` (one IXC client per tenant id)');
  }
  const map = new Map<string, IxcCampsoftClient>();
  for (const [id, c] of Object.entries(tenants)) {
    if (!TENANT_ID.test(id)) {
      misconfigured(`Tenant id "${id}" must be letters, digits, ".", "_" or "-"`);
    }
    map.set(id, c);
  }
  const name = headerName.toLowerCase();

  return {
    multi: true,
    ids: [...map.keys()],
    choose(principal, headers) {
      const asked = header(headers, name)?.trim();
      const bound = principal.tenants;
      let id: string;
      if (asked) id = asked;
      else if (bound !== '*' && bound.length === 1) id = bound[0]!;
      else {
        return {
          ok: false,
          status: 400,
          detail: `This API key can read several tenants: name one with the ${name} header.`,
        };
      }
      if (bound !== '*' && !bound.includes(id)) {
        return { ok: false, status: 403, detail: 'This API key may not read this tenant.' };
      }
      const chosen = map.get(id);
      if (!chosen) return { ok: false, status: 404, detail: 'No such tenant.' };
      return { ok: true, id, client: chosen };
    },
  };
}
