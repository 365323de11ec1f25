/**
 * Signing in: the key lives in this tab's sessionStorage only (gone when the tab closes,
 * never shared with other tabs, never in a URL). What the key may do comes from `GET /me`;
 * a server without that route is asked for `/planos` and the key is taken as read-only.
 */
import { ApiError, type ApiTarget, get } from './api.js';
import type { Me } from './types.js';

const STORAGE = 'campsoft.console';

/** A signed-in key and what it may do. */
export interface Session {
  key: string;
  name: string;
  scopes: string[];
  /** Tenants the key serves, when known (`'*'`: every one). */
  tenants: string[] | '*';
  /** The tenant every request names; `null` when the server needs none. */
  tenant: string | null;
  /** The server must be told a tenant, and none is chosen yet. */
  needsTenant: boolean;
}

/** Whether the session may use a scope. */
export function can(session: Session | null, scope: string): boolean {
  return !!session && (session.scopes.includes('*') || session.scopes.includes(scope));
}

/** The key and tenant kept for this tab, if any. */
export function stored(): { key: string; tenant: string | null } | null {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    const value = raw ? (JSON.parse(raw) as { key?: unknown; tenant?: unknown }) : null;
    if (value && typeof value.key === 'string') {
      return { key: value.key, tenant: typeof value.tenant === 'string' ? value.tenant : null };
    }
  } catch {
    // Storage disabled or corrupt: start signed out.
  }
  return null;
}

/** Keeps the key and tenant for this tab. */
export function keep(key: string, tenant: string | null): void {
  try {
    sessionStorage.setItem(STORAGE, JSON.stringify({ key, tenant }));
  } catch {
    // Storage disabled: the session lasts until the page is reloaded.
  }
}

/** Forgets the key. */
export function forget(): void {
  try {
    sessionStorage.removeItem(STORAGE);
  } catch {
    // Nothing kept.
  }
}

/** Whether an answer says the request must name a tenant. */
function asksForTenant(error: unknown): boolean {
  return (
    error instanceof ApiError && error.status === 400 && /tenant/i.test(error.problem?.detail ?? '')
  );
}

/**
 * Checks a key against the server and learns what it may do.
 *
 * @throws {ApiError} 401 when the key is refused, or whatever else the server answered.
 */
export async function signIn(base: string, key: string, tenant: string | null): Promise<Session> {
  const target: ApiTarget = { base, key, tenant };
  let me: Me;
  try {
    me = (await get<{ data: Me }>(target, '/me')).data;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    // A server without /me: a read proves the key; assume it may only read.
    me = { name: 'Chave de API', scopes: ['read'], tenants: '*' };
  }
  const session: Session = {
    key,
    name: me.name,
    scopes: me.scopes,
    tenants: me.tenants,
    tenant,
    needsTenant: false,
  };
  if (tenant === null && Array.isArray(me.tenants) && me.tenants.length > 1) {
    return { ...session, needsTenant: true };
  }
  if (tenant === null && Array.isArray(me.tenants) && me.tenants.length === 1) {
    return { ...session, tenant: me.tenants[0]! };
  }
  try {
    await get(target, '/planos?pageSize=1');
  } catch (error) {
    if (asksForTenant(error)) return { ...session, needsTenant: true };
    throw error;
  }
  return session;
}
