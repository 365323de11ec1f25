/**
 * Fault suite, part 1: IXC answers, but badly. 5xx bursts, 429 with Retry-After, truncated
 * and malformed bodies, IXC's HTML page on 200 and 500, `{"type":"error"}` on 200, a missing
 * `registros`, `total` as a number, and the flexigrid shape. Client and router run over real
 * sockets against the simulator; every router answer and every client error goes through
 * the secret scanner.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  IxcCampsoftClient,
  isIxcApiError,
  isIxcCampsoftError,
  isIxcRateLimitError,
  isIxcServerError,
  isIxcTimeoutError,
  isIxcValidationError,
} from '../../src/index.js';
import {
  clientOptions,
  DEADLINE,
  expectProblem,
  hygiene,
  MAX_RETRIES,
  RETRY,
  type Rig,
  rejection,
  startRig,
  timed,
} from './support/harness.js';

const CLIENTE = '/api/v1/clientes/7';
const NOME_7 = 'Ricardo Almeida Ferreira';

let rig: Rig;
let checks: ReturnType<typeof hygiene>;

beforeAll(async () => {
  checks = hygiene();
  // Retry-After is capped at 50 ms for the rig's client so a router test never sleeps long.
  rig = await startRig({ client: { retry: { ...RETRY, maxRetryAfter: 50 } } });
});
afterEach(() => rig.reset());
afterAll(async () => {
  await rig.close();
  expect(rig.scanner.scanned).toBeGreaterThan(20);
  await checks.verify();
});

/** A fresh client on the rig's simulator with the suite's options (plus `extra`). */
function client(extra: Parameters<typeof clientOptions>[1] = {}) {
  return new IxcCampsoftClient(clientOptions(rig.sim, extra));
}

/** Runs `getCliente(7)` expecting a rejection; scans the error. */
async function failing(c: IxcCampsoftClient = client()) {
  const out = await rejection(c.getCliente(7));
  rig.scanner.scan('client error', out.error);
  expect(isIxcCampsoftError(out.error), String(out.error)).toBe(true);
  expect(out.elapsed).toBeLessThan(DEADLINE);
  return out;
}

describe.each([500, 502, 503, 504])('HTTP %i burst', (status) => {
  it('client: a burst of 2 is absorbed by the retries (3 attempts)', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status, times: 2 });
    const { value, elapsed } = await timed(client().getCliente(7));
    expect(value.nome).toBe(NOME_7);
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
    expect(elapsed).toBeLessThan(DEADLINE);
  });

  it('client: a burst longer than the budget fails with IxcServerError after 3 attempts', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status, times: 3 });
    const { error } = await failing();
    expect(isIxcServerError(error)).toBe(true);
    expect(error).toMatchObject({ status, format: 'html', table: 'cliente' });
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
  });

  it('router: 200 after a burst of 2, 502 problem+json after a burst of 3', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status, times: 2 });
    const ok = await rig.get(CLIENTE);
    rig.scanner.scan('router answer', ok);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).data.nome).toBe(NOME_7);
    rig.reset();
    rig.sim.engine.faults.add({ table: 'cliente', status, times: 3 });
    const bad = await rig.get(CLIENTE);
    expectProblem(bad, 502, rig.scanner);
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
    expect(bad.elapsed).toBeLessThan(DEADLINE);
    // The burst is over: the next call is served again.
    expect((await rig.get(CLIENTE)).status).toBe(200);
  });
});

describe('HTTP 429 with Retry-After in seconds', () => {
  it('client waits what IXC asked before retrying, then succeeds', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: 1, times: 1 });
    const c = client({ retry: { ...RETRY, maxRetryAfter: 2_000 } });
    const { value, elapsed } = await timed(c.getCliente(7));
    expect(value.id).toBe(7);
    expect(rig.attempts()).toBe(2);
    // Backoff alone would have been ≤ 20 ms: the wait is IXC's second.
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(1_000 + DEADLINE);
    const [first, second] = rig.sim.engine.requests;
    expect(second!.startedAt - first!.finishedAt).toBeGreaterThanOrEqual(950);
  });

  it('client caps a long Retry-After with maxRetryAfter, and fails with IxcRateLimitError', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: 3_600 });
    const c = client({ retry: { ...RETRY, maxRetryAfter: 80 } });
    const { error, elapsed } = await failing(c);
    expect(isIxcRateLimitError(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
    expect(elapsed).toBeGreaterThanOrEqual(2 * 80 - 5);
  });

  it('router answers 502 problem+json and relays Retry-After', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: 7 });
    const answer = await rig.get(CLIENTE);
    expectProblem(answer, 502, rig.scanner);
    expect(answer.headers['retry-after']).toBe('7');
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
  });
});

describe('HTTP 429 with Retry-After as an HTTP date', () => {
  it('client reads the date: a date about a second ahead is waited for', async () => {
    // toUTCString() drops the milliseconds: the real wait is between 0.5 and 1.5 s.
    const date = new Date(Date.now() + 1_500).toUTCString();
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: date, times: 1 });
    const c = client({ retry: { ...RETRY, maxRetryAfter: 5_000 } });
    const { elapsed } = await timed(c.getCliente(7));
    expect(rig.attempts()).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(1_500 + DEADLINE);
  });

  it('client caps a far date with maxRetryAfter and retries a past date at once', async () => {
    const far = new Date(Date.now() + 3_600_000).toUTCString();
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: far, times: 1 });
    const capped = await timed(client({ retry: { ...RETRY, maxRetryAfter: 150 } }).getCliente(7));
    expect(capped.elapsed).toBeGreaterThanOrEqual(145);
    expect(capped.elapsed).toBeLessThan(150 + DEADLINE);

    rig.reset();
    const past = new Date(Date.now() - 60_000).toUTCString();
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: past, times: 1 });
    const now = await timed(client({ retry: { ...RETRY, maxRetryAfter: 5_000 } }).getCliente(7));
    expect(rig.attempts()).toBe(2);
    expect(now.elapsed).toBeLessThan(300);
  });

  it('router answers 502 problem+json with a Retry-After in seconds', async () => {
    const date = new Date(Date.now() + 120_000).toUTCString();
    rig.sim.engine.faults.add({ table: 'cliente', status: 429, retryAfter: date });
    const answer = await rig.get(CLIENTE);
    expectProblem(answer, 502, rig.scanner);
    const seconds = Number(answer.headers['retry-after']);
    expect(seconds).toBeGreaterThanOrEqual(100);
    expect(seconds).toBeLessThanOrEqual(121);
  });
});

describe('truncated body (half the JSON, clean end of response)', () => {
  it('client retries a cut body and recovers', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', truncate: true, times: 1 });
    expect((await client().getCliente(7)).nome).toBe(NOME_7);
    expect(rig.attempts()).toBe(2);
  });

  it('client fails with IxcApiError (format malformed) when every body is cut', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', truncate: true });
    const { error } = await failing();
    expect(isIxcApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, format: 'malformed' });
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
  });

  it('router answers 502 problem+json', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', truncate: true });
    expectProblem(await rig.get(CLIENTE), 502, rig.scanner);
  });
});

describe('malformed JSON on 200', () => {
  it.each([
    ['a trailing comma', undefined],
    ['an unterminated object', '{"page":"1","total":"1","registros":[{"id":"7"'],
    ['a JSON array', '[{"id":"7"}]'],
    ['JSON null', 'null'],
    ['a bare string', '"ok"'],
    ['registros as an object', '{"page":"1","total":"1","registros":{"id":"7"}}'],
  ])('client retries %s, then fails with format malformed', async (_, body) => {
    rig.sim.engine.faults.add({ table: 'cliente', malformed: body ?? true });
    const { error } = await failing();
    expect(isIxcApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, format: 'malformed' });
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
  });

  it('client recovers when only the first body is broken', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', malformed: true, times: 1 });
    expect((await client().getCliente(7)).id).toBe(7);
    expect(rig.attempts()).toBe(2);
  });

  it('router answers 502 problem+json', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', malformed: true });
    expectProblem(await rig.get(CLIENTE), 502, rig.scanner);
  });
});

describe("IXC's HTML error page on HTTP 200", () => {
  it('client fails at once (a deliberate IXC error is not retried), message without markup', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', html: true });
    const { error } = await failing();
    expect(isIxcApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 200, format: 'html' });
    expect((error as { ixcMessage: string }).ixcMessage).toBe(
      'Ocorreu um erro ao processar. Contate o suporte IXC Soft.',
    );
    expect(rig.attempts()).toBe(1);
  });

  it('router answers 502 problem+json without relaying the HTML', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', html: true });
    const answer = await rig.get(CLIENTE);
    expectProblem(answer, 502, rig.scanner);
    expect(answer.body).not.toContain('Ocorreu um erro');
  });
});

describe("IXC's HTML error page on HTTP 500", () => {
  it('client retries it as a server error and recovers from a burst of 2', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', html: { status: 500 }, times: 2 });
    expect((await client().getCliente(7)).id).toBe(7);
    expect(rig.attempts()).toBe(3);
  });

  it('client fails with IxcServerError (format html) when it persists', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', html: { status: 500 } });
    const { error } = await failing();
    expect(isIxcServerError(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, format: 'html' });
    expect(rig.attempts()).toBe(MAX_RETRIES + 1);
  });

  it('router answers 502 problem+json without relaying the HTML', async () => {
    rig.sim.engine.faults.add({
      table: 'cliente',
      html: { status: 500, message: 'Fatal <b>x</b>' },
    });
    const answer = await rig.get(CLIENTE);
    expectProblem(answer, 502, rig.scanner);
    expect(answer.body).not.toContain('Fatal');
  });
});

describe('{"type":"error"} on HTTP 200', () => {
  it('client fails at once with IxcApiError (format json), message cleaned of <br />', async () => {
    rig.sim.engine.faults.add({
      table: 'cliente',
      ixcError: 'Filtro inválido!<br />Tente de novo',
    });
    const { error } = await failing();
    expect(isIxcApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 200,
      format: 'json',
      ixcMessage: 'Filtro inválido! Tente de novo',
    });
    expect(rig.attempts()).toBe(1);
  });

  it('client redacts the token if IXC echoes it in a message, on 200 and on 500', async () => {
    const hash = rig.sim.token.split(':')[1]!;
    const basic = Buffer.from(rig.sim.token).toString('base64');
    rig.sim.engine.faults.add({
      table: 'cliente',
      ixcError: `Token ${rig.sim.token} / ${hash} recusado`,
      times: 1,
    });
    const onOk = await failing();
    expect((onOk.error as { ixcMessage: string }).ixcMessage).toContain('[REDACTED]');
    rig.reset();
    rig.sim.engine.faults.add({
      table: 'cliente',
      status: 500,
      body: `<div style="background:#FF0000">Authorization: Basic ${basic}</div>`,
    });
    const onError = await failing();
    expect((onError.error as { ixcMessage: string }).ixcMessage).toBe(
      'Authorization: Basic [REDACTED]',
    );
  });

  it('router answers 502 problem+json', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', ixcError: 'Erro interno' });
    const answer = await rig.get(CLIENTE);
    expectProblem(answer, 502, rig.scanner);
    expect(answer.body).not.toContain('Erro interno');
  });
});

describe('`registros` missing', () => {
  it('client reads a missing registros with total 0 as "no rows" (IXC\'s empty answer)', async () => {
    const page = await client().query('cliente', [{ column: 'id', value: 99_999 }]);
    expect(page.data).toEqual([]);
    expect(page.total).toBe(0);
    expect(rig.sim.engine.requests[0]?.status).toBe(200);
    expect((await rig.get('/api/v1/clientes/99999')).status).toBe(404);
  });

  // A missing `registros` with `total` > 0 is a cut answer: read as "no rows" it would make
  // getCliente(7) say "not found" and listPlanos lose every row.
  it('client does not turn a missing registros with total > 0 into "not found"', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', omitRegistros: true, times: 1 });
    expect((await client().getCliente(7)).nome).toBe(NOME_7);
    expect(rig.attempts()).toBe(2);
  });

  it('client does not return an empty page when IXC says there are 12 plans', async () => {
    rig.sim.engine.faults.add({ table: 'vd_contratos', omitRegistros: true });
    const { error } = await rejection(client().listPlanos());
    expect(isIxcApiError(error)).toBe(true);
    expect(error).toMatchObject({ format: 'malformed' });
  });

  it('router answers 502, not 404, when registros is missing for an existing customer', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', omitRegistros: true });
    expectProblem(await rig.get(CLIENTE), 502, rig.scanner);
  });
});

describe('a page past the end (no `registros`, positive `total`)', () => {
  // The cut-answer check must not catch a page past the end: `?page=4` of 12 plans is an
  // empty page, not three retries and a 502.
  it('client: listPlanos({ page: 4, pageSize: 5 }) of 12 plans is an empty page, one request', async () => {
    const page = await client().listPlanos({ page: 4, pageSize: 5 });
    expect(page.data).toEqual([]);
    expect(page.total).toBe(12);
    expect(page.hasNextPage()).toBe(false);
    expect(rig.attempts()).toBe(1);
  });

  it('router: ?page=9 is a 200 with an empty page', async () => {
    const answer = await rig.get('/api/v1/planos?page=9&pageSize=5');
    rig.scanner.scan('router answer', answer);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      data: [],
      paging: { page: 9, hasNextPage: false },
    });
  });
});

describe('`total` as a JSON number', () => {
  it('client pages through every plan with a numeric total', async () => {
    rig.sim.engine.faults.add({ table: 'vd_contratos', totalAsNumber: true });
    const page = await client().listPlanos({ pageSize: 5 });
    expect(page.total).toBe(12);
    expect(page.hasNextPage()).toBe(true);
    const ids: number[] = [];
    for await (const plano of client().listPlanos({ pageSize: 5 })) ids.push(plano.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('router reports the paging from a numeric total', async () => {
    rig.sim.engine.faults.add({ table: 'vd_contratos', totalAsNumber: true });
    const answer = await rig.get('/api/v1/planos?pageSize=5');
    rig.scanner.scan('router answer', answer);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).paging).toMatchObject({
      total: 12,
      totalPages: 3,
      hasNextPage: true,
    });
  });
});

describe('flexigrid answer from a table endpoint (positional cells, no column names)', () => {
  // Grid rows (positional cells) must not map to a hollow customer (nome "", every field
  // null): rows lacking their table's key columns fail validation.
  it('client refuses to map positional cells as an empty customer; router answers 502', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', flexigrid: true });
    const { error } = await failing();
    expect(isIxcValidationError(error)).toBe(true);
    expect(error).toMatchObject({ table: 'cliente' });
    expectProblem(await rig.get(CLIENTE), 502, rig.scanner);
  });

  it('client.query() keeps the cells by position for grid views', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', flexigrid: true });
    const page = await client().query('cliente', [{ column: 'id', value: 7 }]);
    const row = page.data[0]!;
    expect(row.id).toBe('7');
    expect(
      Object.keys(row)
        .filter((k) => k !== 'id')
        .every((k) => /^\d+$/.test(k)),
    ).toBe(true);
    expect(Object.values(row)).toContain(NOME_7);
  });
});

describe('timeouts are per attempt, not per call', () => {
  it('a slow first attempt (latency > timeout) is retried and the call succeeds', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', latencyMs: 1_000, times: 1 });
    const { value, elapsed } = await timed(client().getCliente(7));
    expect(value.id).toBe(7);
    expect(rig.attempts()).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(DEADLINE);
  });

  it('onTimeout: false fails after one attempt with IxcTimeoutError', async () => {
    rig.sim.engine.faults.add({ table: 'cliente', latencyMs: 1_000 });
    const { error, elapsed } = await failing(client({ retry: { ...RETRY, onTimeout: false } }));
    expect(isIxcTimeoutError(error)).toBe(true);
    expect(rig.attempts()).toBe(1);
    expect(elapsed).toBeLessThan(300 + 250);
  });
});
