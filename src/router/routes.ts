/**
 * The route table: four reads and the OpenAPI document. Matching is a handful of string
 * comparisons on the path after the base path; with five routes, a routing library would
 * cost more than it saves.
 */
import type { IxcCampsoftClient } from '../client/client.js';
import { agruparPorPlano } from '../schemas/domain/cliente-por-plano.js';
import type { ClienteView } from './mask.js';
import type { FieldError } from './problem.js';
import {
  clientesPorPlanoQuery,
  NoQuery,
  type Parsed,
  parseId,
  parseQuery,
  planosQuery,
} from './query.js';

/** Route names, as logged and as OpenAPI operation ids. */
export type RouteName =
  | 'listPlanos'
  | 'listClientesPorPlano'
  | 'getCliente'
  | 'getProdutos'
  | 'openapi';

/** Path templates relative to the base path, as logged. */
export const TEMPLATES: Record<RouteName, string> = {
  listPlanos: '/planos',
  listClientesPorPlano: '/clientes/planos',
  getCliente: '/clientes/{id}',
  getProdutos: '/clientes/{id}/produtos',
  openapi: '/openapi.json',
};

/** A matched route and its raw path id. */
export interface Match {
  name: RouteName;
  rawId?: string;
}

/** Matches the part of the path after the base path; `null` when no route owns it. */
export function matchRoute(rest: string): Match | null {
  if (rest === '/planos') return { name: 'listPlanos' };
  if (rest === '/openapi.json') return { name: 'openapi' };
  if (!rest.startsWith('/clientes/')) return null;
  const tail = rest.slice('/clientes/'.length);
  if (tail === 'planos') return { name: 'listClientesPorPlano' };
  const slash = tail.indexOf('/');
  if (slash === -1) return tail ? { name: 'getCliente', rawId: tail } : null;
  if (slash > 0 && tail.slice(slash) === '/produtos') {
    return { name: 'getProdutos', rawId: tail.slice(0, slash) };
  }
  return null;
}

/** What a data route needs. */
export interface RouteContext {
  client: IxcCampsoftClient;
  view: ClienteView;
  defaultPageSize: number;
  rawId: string | undefined;
  search: string;
  signal: AbortSignal | undefined;
}

/** A data route's outcome: the JSON payload, or why the request is invalid. */
export type RouteResult = { ok: true; payload: unknown } | { ok: false; errors: FieldError[] };

// Query schemas depend only on the default page size: build them once per size.
const schemas = new Map<number, ReturnType<typeof buildSchemas>>();
function buildSchemas(defaultPageSize: number) {
  return {
    planos: planosQuery(defaultPageSize),
    clientesPorPlano: clientesPorPlanoQuery(defaultPageSize),
  };
}
function schemasFor(defaultPageSize: number) {
  const found = schemas.get(defaultPageSize);
  if (found) return found;
  const built = buildSchemas(defaultPageSize);
  schemas.set(defaultPageSize, built);
  return built;
}

function decodeId(raw: string | undefined): Parsed<number> {
  let value: string;
  try {
    value = decodeURIComponent(raw ?? '');
  } catch {
    return { ok: false, errors: [{ path: 'path.id', message: 'is not valid percent-encoding' }] };
  }
  return parseId(value);
}

/** Runs a data route against one tenant's client. Client errors propagate. */
export async function runRoute(
  name: Exclude<RouteName, 'openapi'>,
  ctx: RouteContext,
): Promise<RouteResult> {
  const { client, view, signal } = ctx;
  switch (name) {
    case 'listPlanos': {
      const q = parseQuery(schemasFor(ctx.defaultPageSize).planos, ctx.search);
      if (!q.ok) return { ok: false, errors: q.errors };
      const page = await client.listPlanos({ ...q.value, signal });
      return { ok: true, payload: { data: page.data, paging: page.info } };
    }
    case 'listClientesPorPlano': {
      const q = parseQuery(schemasFor(ctx.defaultPageSize).clientesPorPlano, ctx.search);
      if (!q.ok) return { ok: false, errors: q.errors };
      const page = await client.listClientesPorPlano({ ...q.value, signal });
      const data = agruparPorPlano(page.data).map((g) => ({
        ...g,
        clientes: g.clientes.map((c) => ({ ...c, cliente: c.cliente && view(c.cliente) })),
      }));
      return { ok: true, payload: { data, paging: page.info } };
    }
    case 'getCliente':
    case 'getProdutos': {
      const id = decodeId(ctx.rawId);
      if (!id.ok) return { ok: false, errors: id.errors };
      if (ctx.search !== '') {
        const q = parseQuery(NoQuery, ctx.search);
        if (!q.ok) return { ok: false, errors: q.errors };
      }
      if (name === 'getCliente') {
        return { ok: true, payload: { data: view(await client.getCliente(id.value, { signal })) } };
      }
      return { ok: true, payload: { data: await client.getProdutos(id.value, { signal }) } };
    }
  }
}
