/**
 * Path matching, compiled once per router from the route table. Static templates are one
 * `Map` lookup; templates with `{params}` are grouped by segment count and compared segment
 * by segment, static templates winning over parameters (`/clientes/planos` before
 * `/clientes/{id}`). With a few dozen routes this beats a regex per route and needs no
 * routing library.
 */
import { misconfigured } from './errors.js';
import type { AnyRouteDef } from './table.js';

/** Every route of one path template, by method. */
export interface PathEntry {
  /** The template, as logged and documented (`/clientes/{id}`). */
  readonly template: string;
  readonly methods: ReadonlyMap<string, AnyRouteDef>;
  /** The `Allow` header of a 405: `'GET, HEAD'`, `'GET, HEAD, POST'`… */
  readonly allow: string;
  /** Parameter names, in template order. */
  readonly names: readonly string[];
}

/** A matched path: its entry and the raw (still percent-encoded) parameter values. */
export interface PathMatch {
  entry: PathEntry;
  raw: string[];
}

interface Pattern {
  /** One per segment: the literal text, or `null` for a parameter. */
  segments: (string | null)[];
  entry: PathEntry;
}

/** Finds the entry of a path under the base path. */
export type Matcher = (rest: string) => PathMatch | null;

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const PARAM = /^\{([A-Za-z_]\w*)\}$/;
const LITERAL = /^[\w.~!$&'()*+,;=:@-]+$/;
const EMPTY: string[] = [];

/**
 * Compiles the routes.
 *
 * @throws {RouterConfigurationError} for a malformed template, a repeated operation id, two
 *   routes on one method and path, or one path spelled with different parameter names.
 */
export function compileRoutes(routes: readonly AnyRouteDef[]): Matcher {
  const byShape = new Map<
    string,
    { names: string[]; template: string; methods: Map<string, AnyRouteDef> }
  >();
  const ids = new Set<string>();
  for (const route of routes) {
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
    group.methods.set(route.method, route);
  }

  const statics = new Map<string, PathEntry>();
  const patterns = new Map<number, Pattern[]>();
  for (const [shape, group] of byShape) {
    const methods = [...group.methods.keys()];
    if (methods.includes('GET')) methods.push('HEAD');
    methods.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    const entry: PathEntry = {
      template: group.template,
      methods: group.methods,
      allow: methods.join(', '),
      names: group.names,
    };
    if (group.names.length === 0) {
      statics.set(shape, entry);
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

  return (rest) => {
    const found = statics.get(rest);
    if (found) return { entry: found, raw: EMPTY };
    if (rest.charCodeAt(0) !== 47) return null;
    const parts = rest.slice(1).split('/');
    const list = patterns.get(parts.length);
    if (!list) return null;
    for (const { segments, entry } of list) {
      let raw: string[] | null = [];
      for (let i = 0; i < segments.length; i++) {
        const want = segments[i];
        const part = parts[i]!;
        if (want === null) {
          if (part === '') {
            raw = null;
            break;
          }
          raw.push(part);
        } else if (want !== part) {
          raw = null;
          break;
        }
      }
      if (raw) return { entry, raw };
    }
    return null;
  };
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
