/**
 * Conditional reads. The ETag is a hash of the body, so it changes exactly when the JSON a
 * caller would get changes; it is weak because the same data could be serialised
 * differently by another version of the router. A match answers 304 without a body, which
 * spares the caller the transfer though not the IXC read behind it.
 */
import { createHash } from 'node:crypto';
import type { RouterResponse } from './types.js';

/** A weak ETag of a body: `W/"<sha1, base64url>"`. */
export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body, 'utf8').digest('base64url')}"`;
}

/** True when `If-None-Match` lists `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const wanted = etag.replace(/^W\//, '');
  for (const raw of ifNoneMatch.split(',')) {
    const tag = raw.trim();
    if (tag === '*' || tag.replace(/^W\//, '') === wanted) return true;
  }
  return false;
}

/**
 * A JSON answer without validators (writes, `no-store` reads, statuses other than 200):
 * `Cache-Control: no-store`, no ETag. HEAD gets the headers without the body.
 */
export function plainJsonResponse(
  status: number,
  payload: unknown,
  method: string,
  requestId: string,
): RouterResponse {
  const body = JSON.stringify(payload);
  return {
    status,
    headers: {
      'cache-control': 'no-store',
      'x-request-id': requestId,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body: method === 'HEAD' ? '' : body,
  };
}

/**
 * A 200 JSON answer with its ETag and `Cache-Control`, or a 304 when the caller already has
 * it. HEAD gets the headers of the GET without the body. The header records are written
 * whole, in the order they go on the wire, rather than grown field by field.
 */
export function jsonResponse(
  payload: unknown,
  method: string,
  ifNoneMatch: string | undefined,
  cacheControl: string,
  requestId: string,
): RouterResponse {
  const body = JSON.stringify(payload);
  const etag = etagOf(body);
  if (matches(ifNoneMatch, etag)) {
    return {
      status: 304,
      headers: { etag, 'cache-control': cacheControl, 'x-request-id': requestId },
      body: '',
    };
  }
  return {
    status: 200,
    headers: {
      etag,
      'cache-control': cacheControl,
      'x-request-id': requestId,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    },
    body: method === 'HEAD' ? '' : body,
  };
}
