/**
 * Path matching, compiled once per router from the route table. Static templates are one
 * `Map` lookup of the whole path (base path included, so nothing is sliced off first);
 * templates with `{params}` are grouped by segment count and compared segment by segment
 * in place, static templates winning over parameters (`/clientes/planos` before
 * `/clientes/{id}`). With a few dozen routes this beats a regex per route and needs no
 * routing library.
 */
import { misconfigured } from './errors.js';
import type { AnyRouteDef } from './table.js';

/** What the matcher is given per route: the route's definition, and whatever goes with it. */
export interface Routed {
  readonly def: AnyRouteDef;
}

/** Every route of one path template, by method. */
export interface PathEntry<R extends Routed = Routed> {
  /** The template, as logged and documented (`/clientes/{id}`). */
  readonly template: string;
  readonly methods: ReadonlyMap<string, R>;
  /** The `Allow` header of a 405: `'GET, HEAD'`, `'GET, HEAD, POST'`… */
  readonly allow: string;
  /** Parameter names, in template order. */
  readonly names: readonly string[];
}

/** A matched path: its entry and the raw (still percent-encoded) parameter values. */
export interface PathMatch<R extends Routed = Routed> {
  entry: PathEntry<R>;
  raw: string[];
}

interface Pattern<R extends Routed> {
  /** One per segment: the literal text, or `null` for a parameter. */
  segments: (string | null)[];
  entry: PathEntry<R>;
}

/** Finds the entry of a request path (base path included, no query); `null` if none. */
export type Matcher<R extends Routed = Routed> = (path: string) => PathMatch<R> | null;

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PARAM = /^\{([A-Za-z_]\w*)\}$/;
const LITERAL = /^[\w.~!$&'()*+,;=:@-]+$/;
const EMPTY: string[] = [];

/**
 * Compiles the routes served under `basePath` (`''` for the root).
 *
 * @throws {RouterConfigurationError} for a malformed template, a repeated operation id, two
 *   routes on one method and path, or one path spelled with different parameter names.
 */
export function compileRoutes<R extends Routed>(
  routes: readonly R[],
  basePath: string,
): Matcher<R> {
  const byShape = new Map<string, { names: string[]; template: string; methods: Map<string, R> }>();
  const ids = new Set<string>();
  for (const routed of routes) {
    const route = routed.def;
    if (ids.has(route.operationId)) misconfigured(`Two routes are named ${route.operationId}`);
    ids.add(route.operationId);
    const { shape, names } = parseTemplate(route);
    let group = byShape.get(shape);
    if (!group) {
      group = { names, template: route.path, methods: new Map() };
      byShape.set(shape, group);
    } else if (group.names.join() !== names.join()) {
      misconfigured(`${route.path} and ${group.template} name their parameters differently`);
    }
    if (group.methods.has(route.method)) {
      misconfigured(`Two routes answer ${route.method} ${route.path}`);
    }
    group.methods.set(route.method, routed);
  }

  const statics = new Map<string, PathEntry<R>>();
  const patterns = new Map<number, Pattern<R>[]>();
  for (const [shape, group] of byShape) {
    const methods = [...group.methods.keys()];
    if (methods.includes('GET')) methods.push('HEAD');
    methods.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    const entry: PathEntry<R> = {
      template: group.template,
      methods: group.methods,
      allow: methods.join(', '),
      names: group.names,
    };
    if (group.names.length === 0) {
      statics.set(basePath + shape, entry);
      continue;
    }
    const segments = shape
      .slice(1)
      .split('/')
      .map((s) => (s === '{}' ? null : s));
    const list = patterns.get(segments.length) ?? [];
    list.push({ segments, entry });
    patterns.set(segments.length, list);
  }
  // Fewer parameters first: a literal segment beats a parameter at the same place.
  for (const list of patterns.values()) {
    list.sort((a, b) => count(a.segments) - count(b.segments));
  }

  const byCount: (Pattern<R>[] | undefined)[] = [];
  for (const [n, list] of patterns) byCount[n] = list;
  const most = byCount.length - 1;
  // Where each segment starts, reused: matching is synchronous, and splitting the path
  // into an array of strings cost more than the rest of the match. A path with more
  // segments than any template is refused before it can grow this.
  const cuts: number[] = [];

  const from = basePath.length;
  return (path) => {
    const found = statics.get(path);
    if (found) return { entry: found, raw: EMPTY };
    if (most < 0 || path.charCodeAt(from) !== 47) return null;
    if (from > 0 && !path.startsWith(basePath)) return null;
    let n = 0;
    for (let i = from; i < path.length; i++) {
      if (path.charCodeAt(i) !== 47) continue;
      if (n === most) return null;
      cuts[n++] = i;
    }
    cuts[n] = path.length;
    const list = byCount[n];
    if (!list) return null;
    for (const pattern of list) {
      if (fits(pattern.segments, path, cuts)) {
        return { entry: pattern.entry, raw: params(pattern.segments, path, cuts) };
      }
    }
    return null;
  };
}

/** True when every segment of `path` (bounded by `cuts`) is the literal or a non-empty value. */
function fits(
  segments: readonly (string | null)[],
  path: string,
  cuts: readonly number[],
): boolean {
  for (let i = 0; i < segments.length; i++) {
    const want = segments[i] as string | null;
    const start = cuts[i]! + 1;
    const length = cuts[i + 1]! - start;
    if (want === null) {
      if (length === 0) return false;
    } else if (length !== want.length || path.slice(start, start + length) !== want) return false;
  }
  return true;
}

/** The raw values of the parameter segments of a path that fits. */
function params(
  segments: readonly (string | null)[],
  path: string,
  cuts: readonly number[],
): string[] {
  const raw: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (segments[i] === null) raw.push(path.slice(cuts[i]! + 1, cuts[i + 1]));
  }
  return raw;
}

function count(segments: (string | null)[]): number {
  let n = 0;
  for (const s of segments) if (s === null) n++;
  return n;
}

/** A template's shape (parameters as `{}`) and its parameter names. */
function parseTemplate(route: AnyRouteDef): { shape: string; names: string[] } {
  const { path } = route;
  if (typeof path !== 'string' || !path.startsWith('/') || path.endsWith('/')) {
    misconfigured(`Route ${route.operationId}: path must start with "/" and not end with one`);
  }
  const names: string[] = [];
  const shape = path
    .slice(1)
    .split('/')
    .map((segment) => {
      const param = PARAM.exec(segment);
      if (param) {
        if (names.includes(param[1]!)) misconfigured(`${path} repeats {${param[1]}}`);
        names.push(param[1]!);
        return '{}';
      }
      if (!LITERAL.test(segment)) misconfigured(`${path}: "${segment}" is not a path segment`);
      return segment;
    });
  const declared = route.params?.shape ? Object.keys(route.params.shape) : [];
  if (declared.sort().join() !== [...names].sort().join()) {
    misconfigured(
      `Route ${route.operationId}: params must declare exactly ${names.join(', ') || 'nothing'}`,
    );
  }
  return { shape: `/${shape.join('/')}`, names };
}
