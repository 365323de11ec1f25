/**
 * Security: every endpoint refuses a missing, wrong or other tenant's key (over real sockets,
 * through the node:http adapter), keys never reach logs, answers or errors, and no secret of
 * the dataset (passwords) or of IXC (token, HTML) leaves the package. The scanner and the
 * query checker the other suites rely on are tested here too, so they are known to bite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient, isIxcCampsoftError } from '../../src/index.js';
import { createCampsoftRouter } from '../../src/router/index.js';
import {
  createIxcEngine,
  DEMO_TOKEN,
  demoDataset,
  generateDataset,
  IXC_HTML_ERROR,
  type IxcEngine,
  type IxcSimulator,
  startIxcSimulator,
} from '../../src/testing/index.js';
import { checkClientQuery } from './support/fuzz.js';
import {
  clientOptions,
  expectProblem,
  type HttpAnswer,
  httpCall,
  hygiene,
  memoryLogger,
  type RouterServer,
  startRouterServer,
} from './support/harness.js';
import { createSecretScanner, datasetSecrets } from './support/secrets.js';

const KEY_A = 'sec-key-isp-a-0123456789abcdef';
const KEY_B = 'sec-key-isp-b-0123456789abcdef';
const KEY_ALL = 'sec-key-all-isps-0123456789abc';
const KEYS = [KEY_A, KEY_B, KEY_ALL];
const TOKEN_B = '42:0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const ENDPOINTS = [
  '/api/v1/planos',
  '/api/v1/clientes/planos',
  '/api/v1/clientes/7',
  '/api/v1/clientes/7/produtos',
  '/api/v1/openapi.json',
];

let simA: IxcSimulator;
let simB: IxcSimulator;
let http: RouterServer;
const logger = memoryLogger();
const datasetB = generateDataset({ clientes: 12, seed: 3 });
const scanner = createSecretScanner({
  tokens: [DEMO_TOKEN, TOKEN_B],
  apiKeys: KEYS,
  datasets: [demoDataset(), datasetB],
});
let checks: ReturnType<typeof hygiene>;

beforeAll(async () => {
  checks = hygiene();
  simA = await startIxcSimulator();
  simB = await startIxcSimulator({ dataset: datasetB, token: TOKEN_B });
  const router = createCampsoftRouter({
    tenants: {
      'isp-a': new IxcCampsoftClient(clientOptions(simA)),
      'isp-b': new IxcCampsoftClient(clientOptions(simB)),
    },
    apiKeys: [
      { key: KEY_A, tenants: ['isp-a'], name: 'a' },
      { key: KEY_B, tenants: ['isp-b'], name: 'b' },
      { key: KEY_ALL, tenants: '*', name: 'all' },
    ],
    openapi: 'authenticated',
    logger,
  });
  http = await startRouterServer(router);
});
afterAll(async () => {
  await http.close();
  await simA.close();
  await simB.close();
  for (const line of logger.lines) scanner.scan('log line', line);
  expect(logger.lines.length).toBeGreaterThan(50);
  await checks.verify();
});

function clear() {
  simA.engine.clearRequests();
  simB.engine.clearRequests();
}
const ixcRequests = () => simA.engine.requests.length + simB.engine.requests.length;

async function call(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const answer = await httpCall(http.url, path, { headers });
  scanner.scan(`answer to ${path}`, answer);
  expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  return answer;
}

describe('authentication on every endpoint', () => {
  const refused: [string, Record<string, string>][] = [
    ['no credentials', {}],
    ['an unknown key', { authorization: 'Bearer sec-key-unknown-0123456789abcd' }],
    ['a truncated key', { authorization: `Bearer ${KEY_A.slice(0, -1)}` }],
    ['an extended key', { authorization: `Bearer ${KEY_A}0` }],
    ['an upper-cased key', { authorization: `Bearer ${KEY_A.toUpperCase()}` }],
    ['the key as Basic credentials', { authorization: `Basic ${btoa(`${KEY_A}:`)}` }],
    ['another scheme', { authorization: `Token ${KEY_A}` }],
    ['Bearer without a key', { authorization: 'Bearer ' }],
    ['two keys in one header', { authorization: `Bearer ${KEY_A} ${KEY_B}` }],
    ['a key in a cookie', { cookie: `api_key=${KEY_A}` }],
    ['an empty x-api-key', { 'x-api-key': '' }],
  ];

  it.each(ENDPOINTS)(
    '%s: 401 problem+json for every missing or wrong credential, no IXC request',
    async (path) => {
      clear();
      const details = new Set<string>();
      for (const [label, headers] of refused) {
        const answer = await call(path, headers);
        expectProblem(answer, 401);
        expect(answer.headers['www-authenticate'], label).toBe('Bearer realm="campsoft"');
        details.add(JSON.parse(answer.body).detail);
      }
      // A key in the query string is never read either.
      for (const q of [`?api_key=${KEY_A}`, `?key=${KEY_A}`, `?access_token=${KEY_A}`]) {
        const answer = await call(path + (path.endsWith('planos') ? q : ''), {});
        expect(answer.status).toBe(401);
      }
      // Every refusal reads the same: nothing tells a near miss from a wild guess.
      expect(details.size).toBe(1);
      expect(ixcRequests()).toBe(0);
    },
  );

  it.each(ENDPOINTS.slice(0, 4))(
    "%s: another tenant's key is refused (403), its IXC never asked",
    async (path) => {
      clear();
      for (const [key, tenant] of [
        [KEY_A, 'isp-b'],
        [KEY_B, 'isp-a'],
        [KEY_A, 'isp-c'],
        [KEY_A, 'ISP-B'],
        [KEY_A, ' isp-b'],
      ] as const) {
        const answer = await call(path, {
          authorization: `Bearer ${key}`,
          'x-campsoft-tenant': tenant,
        });
        // 403 whether or not the tenant exists, so tenant ids cannot be probed.
        expectProblem(answer, 403);
      }
      expect(ixcRequests()).toBe(0);
    },
  );

  it.each(ENDPOINTS.slice(0, 4))(
    '%s: a key reads its own tenant only, whatever it sends',
    async (path) => {
      clear();
      const fromA = await call(path, { authorization: `Bearer ${KEY_A}` });
      expect(fromA.status).toBe(200);
      expect(simB.engine.requests).toHaveLength(0);
      expect(simA.engine.requests.length).toBeGreaterThan(0);
      clear();
      const fromB = await call(path, { 'x-api-key': KEY_B, 'x-campsoft-tenant': 'isp-b' });
      expect(fromB.status).toBe(200);
      expect(simA.engine.requests).toHaveLength(0);
      clear();
      // A key for every tenant must name one; an unknown one is 404 only for that key.
      expectProblem(await call(path, { authorization: `Bearer ${KEY_ALL}` }), 400);
      expectProblem(
        await call(path, { authorization: `Bearer ${KEY_ALL}`, 'x-campsoft-tenant': 'nope' }),
        404,
      );
      expect(ixcRequests()).toBe(0);
    },
  );

  it('a customer of tenant B is not readable with the key of tenant A, even by id', async () => {
    clear();
    const id = datasetB.cliente!.at(-1)!.id!;
    const own = await call(`/api/v1/clientes/${id}`, { authorization: `Bearer ${KEY_B}` });
    expect(JSON.parse(own.body).data.nome).toBe(datasetB.cliente!.at(-1)!.razao);
    clear();
    const other = await call(`/api/v1/clientes/${id}`, { authorization: `Bearer ${KEY_A}` });
    expect(simB.engine.requests).toHaveLength(0);
    // Tenant A has no customer with this id (the demo has 15): A's IXC is asked, never B's.
    expect(other.body).not.toContain(datasetB.cliente!.at(-1)!.razao!);
  });
});

describe('keys and tokens never leave', () => {
  it('router creation errors do not echo a bad key', () => {
    const client = new IxcCampsoftClient(clientOptions(simA));
    for (const bad of ['short-secret-12', 'has a space in it 0123', KEY_A]) {
      const apiKeys =
        bad === KEY_A
          ? [
              { key: KEY_A, tenants: '*' as const },
              { key: KEY_A, tenants: '*' as const },
            ]
          : [{ key: bad, tenants: '*' as const }];
      let error: unknown;
      try {
        createCampsoftRouter({ client, apiKeys });
      } catch (e) {
        error = e;
      }
      expect(isIxcCampsoftError(error)).toBe(true);
      expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(bad);
    }
  });

  it('a wrong IXC token: the client error and the router answer never show it', async () => {
    const wrong = '7:deadbeefdeadbeefdeadbeefdeadbeef';
    const local = createSecretScanner({ tokens: [wrong] });
    const client = new IxcCampsoftClient(clientOptions({ url: simA.url, token: wrong }));
    const error = await client.getCliente(7).catch((e: unknown) => e);
    expect((error as Error).name).toBe('IxcAuthenticationError');
    local.scan('client error', error);
    const router = await startRouterServer(
      createCampsoftRouter({ client, apiKeys: [{ key: KEY_ALL, tenants: '*' }], logger }),
    );
    try {
      const answer = await httpCall(router.url, '/api/v1/clientes/7', {
        headers: { authorization: `Bearer ${KEY_ALL}` },
      });
      expectProblem(answer, 502);
      local.scan('router answer', answer);
    } finally {
      await router.close();
    }
    for (const line of logger.lines) local.scan('log line', line);
  });

  it('no password of the dataset in any answer: every customer, through the four endpoints', async () => {
    const headers = { authorization: `Bearer ${KEY_A}` };
    expect(datasetSecrets(demoDataset()).length).toBeGreaterThan(15);
    for (let id = 1; id <= 15; id++) {
      expect((await call(`/api/v1/clientes/${id}`, headers)).status).toBe(200);
      expect((await call(`/api/v1/clientes/${id}/produtos`, headers)).status).toBe(200);
    }
    expect((await call('/api/v1/clientes/planos?pageSize=500', headers)).status).toBe(200);
    expect((await call('/api/v1/planos?pageSize=500', headers)).status).toBe(200);
  });

  // `query()` drops password columns unless the caller opts in with `includeSecrets`.
  it("client.query() does not hand out IXC's password columns", async () => {
    const client = new IxcCampsoftClient(clientOptions(simA));
    for (const table of ['cliente', 'sva_usuarios', 'radusuarios']) {
      const page = await client.query(table, [], { pageSize: 50 });
      expect(page.data.length).toBeGreaterThan(0);
      for (const row of page.data) {
        expect(
          Object.keys(row).filter((k) => /senha|password/i.test(k)),
          table,
        ).toEqual([]);
      }
    }
  });
});

describe('the oracles bite', () => {
  it('the secret scanner catches each kind of secret, in bodies, headers and errors', () => {
    const s = createSecretScanner({
      tokens: [DEMO_TOKEN],
      apiKeys: [KEY_A],
      datasets: [demoDataset()],
    });
    const hash = DEMO_TOKEN.split(':')[1]!;
    const leaks: unknown[] = [
      `{"detail":"token ${DEMO_TOKEN}"}`,
      { headers: { 'x-debug': hash } },
      new Error(`Basic ${btoa(DEMO_TOKEN)}`),
      new Error('wrapped', { cause: new Error(`key ${KEY_A}`) }),
      Object.assign(new Error('x'), { body: 'Segredo#0007' }),
      `{"msg":${JSON.stringify(IXC_HTML_ERROR)}}`,
      'color:#FFFFFF; background:#FF0000;',
    ];
    for (const leak of leaks) expect(() => s.scan('leak', leak)).toThrow(/leak/);
    expect(() => s.scan('clean', { body: '{"data":{"nome":"Ricardo"}}' })).not.toThrow();
  });

  it('the IXC query checker refuses a forged column, value or table', () => {
    const ok = {
      qtype: 'cliente.id',
      query: '7',
      oper: '=',
      sortname: 'cliente.id',
      sortorder: 'asc',
      grid_param: '[]',
    };
    expect(() => checkClientQuery('cliente', ok)).not.toThrow();
    for (const [table, body] of [
      ['cliente', { ...ok, qtype: 'cliente.senha' }],
      ['cliente', { ...ok, query: '7 OR 1' }],
      ['cliente', { ...ok, grid_param: '[{"TB":"cliente.senha","OP":"=","P":"x"}]' }],
      ['cliente', { ...ok, grid_param: '[{"TB":"cliente.id","OP":"=","P":"1","X":"y"}]' }],
      ['cliente', { ...ok, sortname: 'cliente.senha' }],
      ['usuarios', { ...ok, qtype: 'usuarios.id', sortname: 'usuarios.id' }],
      [
        'cliente_contrato',
        { ...ok, qtype: 'cliente_contrato.status', query: 'A,X', sortname: 'cliente_contrato.id' },
      ],
    ] as const) {
      expect(() => checkClientQuery(table, body), JSON.stringify(body)).toThrow();
    }
  });
});

describe('the in-memory engine used by the fuzz suites answers like the socket one', () => {
  let engine: IxcEngine;
  beforeAll(() => {
    engine = createIxcEngine();
  });
  it('same customer through engine.fetch and over HTTP', async () => {
    const viaFetch = await new IxcCampsoftClient({
      baseUrl: 'http://ixc.test',
      token: engine.token,
      fetch: (i, init) => engine.fetch(new Request(i, init)),
    }).getCliente(7);
    const viaHttp = await new IxcCampsoftClient(clientOptions(simA)).getCliente(7);
    expect(viaFetch).toEqual(viaHttp);
  });
});
