/** Hash routes: `#/busca`, `#/planos`, `#/planos/3?status=ativo&page=2`, `#/cliente/7`… */

/** A parsed route. */
export interface Route {
  name: 'busca' | 'planos' | 'plano' | 'cliente' | 'webhooks' | 'auditoria';
  id: string | null;
  query: URLSearchParams;
}

/** Reads a route from a hash; unknown hashes go to the search. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const [head, id] = path.split('/');
  const route = (name: Route['name'], idPart: string | null = null): Route => ({
    name,
    id: idPart,
    query,
  });
  if (head === 'planos' && id) return route('plano', decodeURIComponent(id));
  if (head === 'planos') return route('planos');
  if (head === 'cliente' && id && /^\d{1,15}$/.test(id)) return route('cliente', id);
  if (head === 'webhooks') return route('webhooks', id ? decodeURIComponent(id) : null);
  if (head === 'auditoria') return route('auditoria');
  return route('busca');
}

/** A hash for a route. */
export function href(
  path: string,
  query: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return `#/${path}${s ? `?${s}` : ''}`;
}
