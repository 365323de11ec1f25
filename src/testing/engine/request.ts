import type { IxcRequestKind } from './request-log.js';

/** Where a request goes, decided from verb, path and the `ixcsoft` header alone. */
export interface Route {
  /** Table named in the path, `''` when the path is not a webservice path. */
  readonly table: string;
  readonly id?: string;
  readonly kind: IxcRequestKind;
  /** True when the path is `/webservice/v1/<table>[/<id>]`. */
  readonly webservice: boolean;
}

const WEBSERVICE_PATH = /^\/webservice\/v1\/([^/]+)(?:\/([^/]+))?\/?$/;

/** Lower-cases header names so lookups match HTTP's case-insensitivity. */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Maps a request onto IXC's verb table: `ixcsoft: listar` on POST or GET is a query, POST
 * without it an insert, PUT/DELETE on `/<table>/<id>` an update/delete; anything else (a GET
 * without the header, POST on an id…) is `other` and gets a 404 or 405.
 */
export function route(
  method: string,
  rawPath: string,
  headers: Readonly<Record<string, string>>,
): Route {
  const path = rawPath.split('?')[0] ?? '';
  const m = WEBSERVICE_PATH.exec(path);
  if (m === null) return { table: '', kind: 'other', webservice: false };
  const table = decode(m[1] ?? '');
  const id = m[2] === undefined ? undefined : decode(m[2]);
  const base = id === undefined ? { table, webservice: true } : { table, id, webservice: true };
  const verb = method.toUpperCase();
  const listar = (headers.ixcsoft ?? '').trim().toLowerCase() === 'listar';
  if (listar && (verb === 'POST' || verb === 'GET')) return { ...base, kind: 'list' };
  if (verb === 'POST' && id === undefined) return { ...base, kind: 'insert' };
  if (verb === 'PUT') return { ...base, kind: 'update' };
  if (verb === 'DELETE') return { ...base, kind: 'delete' };
  return { ...base, kind: 'other' };
}

/** A parsed request body: JSON object or form fields. */
export type ParsedBody = { ok: true; params: Record<string, unknown> } | { ok: false };

/**
 * Reads a JSON or `application/x-www-form-urlencoded` body. IXC's own PHP client posts form
 * fields and almost every other client posts JSON; without a usable content type the body is
 * sniffed (`{` means JSON).
 */
export function parseBody(contentType: string | undefined, body: string): ParsedBody {
  const trimmed = body.trim();
  if (trimmed === '') return { ok: true, params: {} };
  const type = (contentType ?? '').toLowerCase();
  const isForm = type.includes('application/x-www-form-urlencoded');
  if (!isForm && (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return { ok: false };
      return { ok: true, params: parsed as Record<string, unknown> };
    } catch {
      return { ok: false };
    }
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(trimmed)) params[key] = value;
  return { ok: true, params };
}

/** Flattens parsed params to strings for the request log. */
export function stringifyParams(params: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    out[key] =
      typeof value === 'string'
        ? value
        : value === undefined
          ? ''
          : (JSON.stringify(value) ?? String(value));
  }
  return out;
}
