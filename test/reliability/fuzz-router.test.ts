/**
 * Property-based: the router against garbage. Random request targets (ids that are negative,
 * huge, non-numeric, unicode, `../`, encoded slashes…), query strings, headers and methods.
 * The router never answers 500, every error is problem+json, no IXC request is ever built
 * from an invalid id, and no value a caller sends ever becomes an IXC column. Runs without
 * sockets: `router.handle()` / `router.fetch()` over a client bound to an in-memory engine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient } from '../../src/index.js';
import {
  type CampsoftRouter,
  createCampsoftRouter,
  type RouterResponse,
} from '../../src/router/index.js';
import { createIxcEngine, demoDataset, type IxcEngine } from '../../src/testing/index.js';
import { checkClientQuery, params, RUNS } from './support/fuzz.js';
import { hygiene, memoryLogger } from './support/harness.js';
import { createSecretScanner } from './support/secrets.js';

const KEY = 'fuzz-key-0123456789abcdefghij';
const NOBODY = 'fuzz-key-nobody-0123456789xx';
const BASE = '/api/v1';
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const STATUSES = new Set([200, 304, 400, 401, 404, 405]);

let engine: IxcEngine;
let router: CampsoftRouter;
const logger = memoryLogger();
const scanner = createSecretScanner({
  tokens: [createIxcEngine().token],
  apiKeys: [KEY],
  datasets: [demoDataset()],
});
let checks: ReturnType<typeof hygiene>;

beforeAll(() => {
  checks = hygiene();
  engine = createIxcEngine();
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    maxRetries: 0,
    fetch: (input, init) => engine.fetch(new Request(input, init)),
  });
  router = createCampsoftRouter({ client, apiKeys: [{ key: KEY, tenants: '*' }], logger });
});
afterAll(async () => {
  for (const line of logger.lines) scanner.scan('log line', line);
  expect(scanner.scanned).toBeGreaterThan(RUNS);
  await checks.verify();
});

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nastyIds = [
  '-1',
  '0',
  '-0',
  '00',
  '007',
  '7',
  '15',
  '16',
  '999999999999999',
  '9999999999999999',
  '1e3',
  '0x10',
  '7.0',
  ' 7',
  '7 ',
  '+7',
  '%37',
  '%2F',
  '%2f7',
  '..',
  '../',
  '..%2F7',
  '%2e%2e',
  '%2e%2e%2f',
  '7%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '7;drop',
  '١٢',
  '٧',
  '７',
  '𝟕',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '[]',
  '{}',
  '7,8',
  '7%2C8',
  '\u0000',
  'cliente.senha',
  'id","TB":"cliente.senha',
  "7' OR '1'='1",
  '7\r\nx-api-key: a',
  'planos',
  'produtos',
];
const idSegment = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom(...nastyIds) },
  { weight: 2, arbitrary: fc.integer({ min: -1_000, max: 1_000 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 10 }) },
);
const segment = fc.oneof(
  fc.constantFrom('planos', 'clientes', 'produtos', 'openapi.json', '', '.', '..', '%2F', '7'),
  idSegment,
);
const rawPath = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(`${BASE}/planos`, `${BASE}/clientes/planos`, `${BASE}/openapi.json`),
  },
  { weight: 4, arbitrary: idSegment.map((id) => `${BASE}/clientes/${id}`) },
  { weight: 4, arbitrary: idSegment.map((id) => `${BASE}/clientes/${id}/produtos`) },
  {
    weight: 2,
    arbitrary: fc.array(segment, { maxLength: 5 }).map((s) => `${BASE}/${s.join('/')}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `/${s}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'http://evil.test/api/v1/planos',
      '//evil.test/api/v1/clientes/7',
      '*',
      '',
      `${BASE}`,
      `${BASE}/`,
      `${BASE}//clientes/7`,
      `${BASE}/clientes//produtos`,
      `${BASE}/clientes/7/produtos/`,
      `${BASE}/CLIENTES/7`,
    ),
  },
);
const paramName = fc.oneof(
  fc.constantFrom(
    'page',
    'pageSize',
    'ativo',
    'planoId',
    'status',
    'qtype',
    'query',
    'oper',
    'grid_param',
    'TB',
    'sortname',
    'rp',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'page[]',
  ),
  fc.string({ maxLength: 8 }),
);
const paramValue = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '2',
    '500',
    '501',
    'true',
    'false',
    'TRUE',
    'A',
    'a',
    'ativo',
    'P,A',
    'x',
    '1,2,3',
    '1,,2',
    ' 3 ',
    '3',
    '12',
    '999999999999',
    '1e2',
    'cliente.senha',
    '1","TB":"cliente.senha',
    '[{"TB":"cliente.senha","OP":"L","P":"%"}]',
    'S',
    'N',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
);
const queryString = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(paramName, paramValue), { minLength: 1, maxLength: 4 })
      .map(
        (pairs) =>
          `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
      ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `?${s}`) },
);
const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'get', 'Get'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }) },
);
const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ authorization: `Bearer ${KEY}` }) },
  { weight: 2, arbitrary: fc.constant({ 'x-api-key': KEY }) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      { authorization: `Bearer ${NOBODY}` },
      { authorization: `Bearer ${KEY} ${KEY}` },
      { authorization: `Bearer ${KEY.toUpperCase()}` },
      { authorization: `Basic ${btoa(`x:${KEY}`)}` },
      { authorization: `Bearer ${KEY.slice(1)}` },
      { authorization: [`Bearer ${NOBODY}`, `Bearer ${KEY}`] },
      { 'x-api-key': [NOBODY, KEY] },
      { 'x-api-key': ` ${KEY} ` },
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => ({ authorization: s })) },
);
const otherHeaders = fc.record(
  {
    'x-request-id': fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('abc\r\nset-cookie: x=1', 'a'.repeat(129), 'ok-id.1:2', '<script>'),
    ),
    'if-none-match': fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('*', 'W/"x"', '"a", "b"'),
    ),
    'x-campsoft-tenant': fc.string({ maxLength: 10 }),
    'content-type': fc.constantFrom('application/json', 'text/html', 'x'),
    'x-forwarded-for': fc.string({ maxLength: 10 }),
  },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------------------------------------
// What the router should have done with a target

type Expect = { route: 'id'; valid: boolean; id: number } | { route: 'other' };

/** Independent reading of an id route, to know whether IXC may be asked for anything. */
function expectation(url: string): Expect {
  const path = url.split('?')[0] ?? '';
  const m = /^\/api\/v1\/clientes\/([^/]+?)(\/produtos)?$/.exec(path);
  if (!m || m[1] === 'planos') return { route: 'other' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(m[1]!);
  } catch {
    return { route: 'id', valid: false, id: 0 };
  }
  const valid = /^\d{1,15}$/.test(decoded) && Number(decoded) >= 1;
  return { route: 'id', valid, id: valid ? Number(decoded) : 0 };
}

/**
 * The key a request presents, read independently of the router: `Authorization: Bearer`
 * first (any case, one token), else `x-api-key` (trimmed); the first of repeated headers.
 */
function presented(headers: Record<string, string | string[]>): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const bearer = /^bearer[ \t]+(\S+)\s*$/i.exec(first(headers.authorization) ?? '');
  if (bearer) return bearer[1];
  return first(headers['x-api-key'])?.trim() || undefined;
}

/** Every check that holds for any answer. */
function checkAnswer(res: RouterResponse, label: string): void {
  scanner.scan(label, res);
  expect(res.status, res.body).not.toBe(500);
  expect(STATUSES.has(res.status), `${res.status} ${res.body}`).toBe(true);
  for (const [name, value] of Object.entries(res.headers)) {
    expect(/[\r\n]/.test(value), `header ${name}`).toBe(false);
  }
  expect(res.headers['x-request-id'] ?? 'absent-ok').toMatch(REQUEST_ID);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (res.body === '') return; // HEAD
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body.status).toBe(res.status);
    expect(typeof body.type).toBe('string');
    expect(typeof body.detail).toBe('string');
  }
}

/** Every IXC request of this run was built by the client, from valid values only. */
function checkIxcRequests(exp: Expect): void {
  for (const req of engine.requests) {
    expect(req.kind).toBe('list');
    const filters = checkClientQuery(req.table, req.body);
    if (exp.route === 'id' && req.seq === engine.requests[0]!.seq) {
      // The first request of an id route carries the caller's id, and only it.
      const main = filters[0]!;
      expect(main.P).toBe(String(exp.id));
    }
  }
  if (exp.route === 'id' && !exp.valid) expect(engine.requests).toHaveLength(0);
}

describe('router against random requests', () => {
  it(`raw targets, methods and headers (router.handle, ${RUNS} runs)`, async () => {
    const seen = { ok: 0, ixc: 0, idRoutes: 0 };
    await fc.assert(
      fc.asyncProperty(
        method,
        rawPath,
        queryString,
        authorization,
        otherHeaders,
        async (verb, path, search, auth, extra) => {
          engine.clearRequests();
          const url = path + search;
          const headers = { ...extra, ...auth } as Record<string, string | string[]>;
          const res = await router.handle({ method: verb, url, headers });
          if (res === null) {
            // Only paths outside the router may be left to the host.
            expect(url.startsWith(`${BASE}/planos`) && !url.startsWith(`${BASE}/planos/`)).toBe(
              false,
            );
            expect(engine.requests).toHaveLength(0);
            return;
          }
          checkAnswer(res, `${verb} ${url}`);
          if (res.status === 200) seen.ok++;
          if (engine.requests.length > 0) seen.ixc++;
          if (expectation(url).route === 'id') seen.idRoutes++;
          const authorized = presented(headers) === KEY;
          if (!authorized || (verb !== 'GET' && verb !== 'HEAD')) {
            expect(engine.requests, `${verb} ${url}`).toHaveLength(0);
          }
          if (res.status === 405) expect(res.headers.allow).toBe('GET, HEAD');
          if (verb === 'HEAD') expect(res.body).toBe('');
          checkIxcRequests(expectation(url));
        },
      ),
      params(),
    );
    // The generator reaches IXC often enough for the column checks to mean something.
    expect(seen.ok).toBeGreaterThan(RUNS / 10);
    expect(seen.ixc).toBeGreaterThan(RUNS / 10);
    expect(seen.idRoutes).toBeGreaterThan(RUNS / 4);
  });

  it(`URLs through router.fetch, as a fetch host passes them (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.webPath().map((p) => `${BASE}/clientes${p}`),
          fc.webPath().map((p) => `${BASE}${p}`),
          idSegment.map((id) => `${BASE}/clientes/${encodeURIComponent(id)}`),
          idSegment.map((id) => `${BASE}/clientes/${encodeURIComponent(id)}/produtos`),
        ),
        fc.oneof(
          fc.constant(''),
          fc.webQueryParameters().map((q) => (q ? `?${q}` : '')),
        ),
        async (path, search) => {
          engine.clearRequests();
          const request = new Request(`http://host.test${path}${search}`, {
            headers: { authorization: `Bearer ${KEY}` },
          });
          const response = await router.fetch(request);
          const headers: Record<string, string> = {};
          response.headers.forEach((v, k) => {
            headers[k] = v;
          });
          const res = { status: response.status, headers, body: await response.text() };
          checkAnswer(res, `GET ${request.url}`);
          const { pathname, search: normalized } = new URL(request.url);
          checkIxcRequests(expectation(pathname + normalized));
        },
      ),
      params(),
    );
  });

  it(`query values are data: planoId and status never reach IXC as anything but ids and letters (${RUNS} runs)`, async () => {
    let ran = 0;
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('planoId', 'status', 'page', 'pageSize'), paramValue), {
          maxLength: 5,
        }),
        async (pairs) => {
          engine.clearRequests();
          ran++;
          const search = new URLSearchParams(pairs).toString();
          const res = await router.handle({
            method: 'GET',
            url: `${BASE}/clientes/planos?${search}`,
            headers: { authorization: `Bearer ${KEY}` },
          });
          checkAnswer(res!, search);
          expect([200, 400]).toContain(res!.status);
          if (res!.status === 400) expect(engine.requests).toHaveLength(0);
          else reached++;
          checkIxcRequests({ route: 'other' });
        },
      ),
      params(),
    );
    expect(reached).toBeGreaterThan(ran / 10);
  });
});

describe('HEAD', () => {
  // RouterResponse documents '' as the body of every answer to HEAD, problems included.
  it('a problem answer to HEAD has no body', async () => {
    const res = await router.handle({ method: 'HEAD', url: `${BASE}/clientes/abc`, headers: {} });
    expect(res?.status).toBe(401);
    expect(res?.body).toBe('');
  });

  it('a 200 answer to HEAD has the GET headers and no body', async () => {
    const headers = { authorization: `Bearer ${KEY}` };
    const get = await router.handle({ method: 'GET', url: `${BASE}/planos`, headers });
    const head = await router.handle({ method: 'HEAD', url: `${BASE}/planos`, headers });
    expect(head?.status).toBe(200);
    expect(head?.body).toBe('');
    expect(head?.headers.etag).toBe(get?.headers.etag);
  });
});
