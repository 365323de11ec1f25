/**
 * Serves the built console: index.html revalidated on every visit, hashed assets cached for
 * a year, every answer under a Content-Security-Policy that allows nothing but this origin.
 * Hash routing (`#/cliente/7`) means the server only ever sees the files themselves, so
 * there is no fallback route that could shadow the host's paths.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ConsoleFile, defaultConsoleDir, loadConsoleFiles } from './files.js';

/** The policy of every console answer: same origin only, no inline code, no framing. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const IMMUTABLE = 'public, max-age=31536000, immutable';
const ALLOW = 'GET, HEAD';

/** Options of {@link consoleHandler}. */
export interface ConsoleHandlerOptions {
  /** Public path the console lives under, `''` for the root. @defaultValue `''` */
  basePath?: string;
  /** Public path of the HTTP API the page calls. @defaultValue `'/api/v1'` */
  apiBasePath?: string;
  /** Folder of the build. @defaultValue the package's `dist/console` */
  dir?: string;
}

/** What the handler needs from a request. */
export interface ConsoleRequest {
  method: string;
  /** Path and query as on the request line. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The handler's answer; `body` is empty for HEAD and 304. */
export interface ConsoleResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The console as a framework-neutral handler and as a node:http/Express/Connect one. */
export interface ConsoleHandler {
  /** The normalised base path (`''` or `/console`). */
  readonly basePath: string;
  /** Answers a console path, or `null` when the path is not the console's. */
  handle(request: ConsoleRequest): ConsoleResponse | null;
  /** Node handler: paths that are not the console's go to `next()`, or get a bare 404. */
  node(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function normaliseBase(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/') || /[?#\s]/.test(trimmed)) {
    throw new TypeError('basePath must be a path such as "/console" (or "" for the root)');
  }
  return trimmed;
}

function baseHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

function text(status: number, body: string, extra: Record<string, string> = {}): ConsoleResponse {
  return {
    status,
    headers: {
      ...baseHeaders(),
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...extra,
    },
    body: Buffer.from(body, 'utf8'),
  };
}

function fileAnswer(file: ConsoleFile, request: ConsoleRequest): ConsoleResponse {
  const headers: Record<string, string> = {
    ...baseHeaders(),
    'content-type': file.contentType,
    'cache-control': file.path.startsWith('assets/') ? IMMUTABLE : 'no-cache',
    etag: file.etag,
    vary: 'accept-encoding',
  };
  const ifNoneMatch = first(request.headers['if-none-match']);
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === file.etag)) {
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  const accepts = /\bgzip\b/i.test(first(request.headers['accept-encoding']) ?? '');
  const zipped = accepts ? file.gzip : null;
  const body = zipped ?? file.body;
  if (zipped) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  return { status: 200, headers, body: request.method === 'HEAD' ? Buffer.alloc(0) : body };
}

/**
 * Creates the console handler. The build is read on the first request, so a host can mount
 * the handler before the files exist (a 500 says what is missing until they do).
 *
 * @throws {TypeError} when `basePath` is not a path.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const ui = consoleHandler({ basePath: '/console', apiBasePath: '/api/v1' });
 * createServer((req, res) => ui.node(req, res, () => api(req, res))).listen(3000);
 * // http://127.0.0.1:3000/console/
 * ```
 */
export function consoleHandler(options: ConsoleHandlerOptions = {}): ConsoleHandler {
  const basePath = normaliseBase(options.basePath ?? '');
  const apiBasePath = options.apiBasePath ?? '/api/v1';
  const dir = options.dir ?? defaultConsoleDir();
  let files: Map<string, ConsoleFile> | undefined;

  function handle(request: ConsoleRequest): ConsoleResponse | null {
    const q = request.url.indexOf('?');
    const path = q === -1 ? request.url : request.url.slice(0, q);
    if (basePath !== '' && path === basePath) {
      // Asset URLs are relative: the page must be addressed with its trailing slash.
      return text(308, '', { location: basePath + '/' + (q === -1 ? '' : request.url.slice(q)) });
    }
    if (!path.startsWith(basePath + '/')) return null;
    const rest = path.slice(basePath.length + 1);
    const name = rest === '' ? 'index.html' : rest;
    try {
      files ??= loadConsoleFiles(dir, apiBasePath);
    } catch (error) {
      return name === 'index.html' ? text(500, (error as Error).message) : null;
    }
    const file = files.get(name);
    if (!file) return null;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Method not allowed', { allow: ALLOW });
    }
    return fileAnswer(file, request);
  }

  return {
    basePath,
    handle,
    node(req, res, next) {
      // Express strips its mount path from `url`; `originalUrl` keeps it.
      const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
      const answer = handle({ method: req.method ?? 'GET', url, headers: req.headers });
      if (answer === null) {
        if (next) return next();
        const missing = text(404, 'Not found');
        res.writeHead(missing.status, missing.headers).end(missing.body);
        return;
      }
      res.writeHead(answer.status, answer.headers).end(answer.body);
    },
  };
}
