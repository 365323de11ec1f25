/**
 * JSON request bodies. Only `application/json` is accepted (415 otherwise), the length is
 * capped before and while reading (413), and a body that is not JSON is a 400. A declared
 * `Content-Length` over the limit is refused without reading a byte. Bodies are read only
 * for routes with a body schema, and only after the caller is authenticated, so an
 * anonymous caller cannot make the router buffer anything.
 */
import { header } from './auth.js';
import type { FieldError, ProblemKind } from './problem.js';
import type { RouterBody, RouterRequest } from './types.js';

/** Default `bodyLimit`: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A read body (`undefined` when none was sent), or the problem that refuses it. */
export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; kind: ProblemKind; detail: string; errors?: FieldError[] };

const decoder = new TextDecoder('utf-8', { fatal: true });

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const mime = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return mime === 'application/json';
}

function tooLarge(limit: number): BodyResult {
  return { ok: false, kind: 'payload-too-large', detail: `The body is over ${limit} bytes.` };
}

function invalid(message: string): BodyResult {
  const errors = [{ path: 'body', message }];
  return { ok: false, kind: 'invalid-request', detail: `body: ${message}`, errors };
}

function parseText(text: string): BodyResult {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return invalid('is not valid JSON');
  }
}

/** True when the request says it carries a body (RFC 9112 §6.3). */
function announcesBody(request: RouterRequest): boolean {
  const length = header(request.headers, 'content-length');
  if (length !== undefined) return length.trim() !== '0';
  return header(request.headers, 'transfer-encoding') !== undefined;
}

/** Reads and parses the JSON body of a request. */
export async function readJsonBody(request: RouterRequest, limit: number): Promise<BodyResult> {
  const source: RouterBody | undefined = request.body;
  const given =
    source !== undefined && ('parsed' in source ? source.parsed !== undefined : source.present);
  if (!given && !announcesBody(request)) return { ok: true, value: undefined };
  if (!isJson(header(request.headers, 'content-type'))) {
    return {
      ok: false,
      kind: 'unsupported-media-type',
      detail: 'Send the body as application/json.',
    };
  }
  const declared = Number(header(request.headers, 'content-length'));
  if (declared > limit) return tooLarge(limit);
  if (source === undefined) return { ok: true, value: undefined };
  if ('parsed' in source) {
    const value = source.parsed;
    // A host parser that kept text or bytes (express.text(), raw()) left the JSON to us.
    if (typeof value === 'string') return value.length > limit ? tooLarge(limit) : parseText(value);
    if (value instanceof Uint8Array) return decode(value, limit);
    return { ok: true, value };
  }
  const bytes = await source.read(limit);
  return bytes === null ? tooLarge(limit) : decode(bytes, limit);
}

function decode(bytes: Uint8Array, limit: number): BodyResult {
  if (bytes.byteLength > limit) return tooLarge(limit);
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return invalid('is not valid UTF-8');
  }
  return parseText(text);
}

/**
 * Reads a stream of chunks up to `limit` bytes; `null` as soon as it goes past. Shared by
 * the Node-side adapters (an `IncomingMessage` is such a stream) and the fetch side.
 */
export async function collect(
  chunks: AsyncIterable<Uint8Array | string>,
  limit: number,
): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += part.byteLength;
    if (length > limit) return null;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
}
