/**
 * The built console (dist/console) read into memory once: a few small text files, so every
 * answer is a map lookup, and a request path can never name a file outside the build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { IxcCampsoftError } from '../errors.js';

/** Thrown when the console's files are missing: the package was built without `build:console`. */
export class ConsoleNotBuiltError extends IxcCampsoftError {
  /** The folder that was searched. */
  readonly dir: string;
  constructor(dir: string) {
    super(`The console is not built: ${dir} has no index.html (run npm run build:console)`);
    this.dir = dir;
  }
}

/** One file of the build, with what its answer needs. */
export interface ConsoleFile {
  /** Path from the build root with `/` separators: `index.html`, `assets/index-3f9a.js`. */
  path: string;
  body: Buffer;
  /** The gzip form, when it is smaller. */
  gzip: Buffer | null;
  contentType: string;
  /** Strong ETag of the identity body. */
  etag: string;
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
};
const COMPRESSIBLE = new Set(['html', 'js', 'css', 'svg', 'json', 'txt']);

function here(): string {
  // The module runs from src/console (tests), dist/ or dist/router (ESM) or CJS.
  if (typeof __dirname === 'string') return __dirname;
  return dirname(fileURLToPath(import.meta.url));
}

/** Where the built console is, searched from this module's folder up to the package root. */
export function defaultConsoleDir(): string {
  const start = here();
  const candidates = [
    join(start, 'console'),
    join(start, '..', 'console'),
    join(start, '..', '..', 'dist', 'console'),
    join(start, '..', 'dist', 'console'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(root, full, out);
    else
      out.push(
        full
          .slice(root.length + 1)
          .split(sep)
          .join('/'),
      );
  }
}

/**
 * Reads every file of the build. `index.html` gets the API base path written into its
 * `campsoft-api` meta tag, so the page knows where the API is without an inline script.
 *
 * @throws {ConsoleNotBuiltError} when `dir` has no index.html.
 */
export function loadConsoleFiles(dir: string, apiBasePath: string): Map<string, ConsoleFile> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new ConsoleNotBuiltError(root);
  const paths: string[] = [];
  walk(root, root, paths);
  const files = new Map<string, ConsoleFile>();
  for (const path of paths) {
    const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    let body = readFileSync(join(root, path));
    if (path === 'index.html') {
      const api = apiBasePath.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
      body = Buffer.from(
        body
          .toString('utf8')
          .replace(/(<meta name="campsoft-api" content=")[^"]*(")/, `$1${api}$2`),
        'utf8',
      );
    }
    const zipped = COMPRESSIBLE.has(ext) ? gzipSync(body, { level: 9 }) : null;
    files.set(path, {
      path,
      body,
      gzip: zipped && zipped.length < body.length ? zipped : null,
      contentType: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    });
  }
  return files;
}
