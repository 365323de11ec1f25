import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  IxcCampsoftClient,
  type IxcCampsoftClientOptions,
  isIxcAbortError,
  isIxcApiError,
  isIxcAuthenticationError,
  isIxcCampsoftError,
  isIxcConnectionError,
  isIxcServerError,
  isIxcTimeoutError,
  isIxcValidationError,
} from '../../src/index.js';
import { BASE, list, recorded, requestsTo, route, TOKEN, useIxcMock } from '../helpers/ixc-mock.js';

useIxcMock();

const fast = { baseDelay: 1, maxDelay: 5 };
function client(extra: Partial<IxcCampsoftClientOptions> = {}) {
  return new IxcCampsoftClient({ baseUrl: BASE, token: TOKEN, retry: fast, ...extra });
}
const cliente7 = {
  id: 7,
  razao: 'Maria',
  cnpj_cpf: '123.456.789-09',
  senha: 'segredo',
  ativo: 'S',
};

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('wire protocol', () => {
  it('sends a POST with ixcsoft: listar, HTTP Basic and grid_param as a JSON string', async () => {
    route('cliente', () => list([cliente7]));
    await client().getCliente(7);
    const [req] = recorded;
    expect(req?.method).toBe('POST');
    expect(req?.headers.get('ixcsoft')).toBe('listar');
    expect(req?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(TOKEN).toString('base64')}`,
    );
    expect(req?.body).toMatchObject({
      qtype: 'cliente.id',
      query: '7',
      oper: '=',
      rp: '1',
      page: '1',
    });
    expect(typeof req?.body.grid_param).toBe('string');
    expect(req?.body.sortname).toBe('cliente.id');
  });

  it('accepts the host or the full webservice URL', async () => {
    route('cliente', () => list([cliente7]));
    await client({ baseUrl: `${BASE}/webservice/v1/` }).getCliente(7);
    await client({ baseUrl: BASE }).getCliente(7);
    expect(requestsTo('cliente')).toHaveLength(2);
  });

  it('sends extra headers', async () => {
    route('cliente', () => list([cliente7]));
    await client({ headers: { 'x-trace': 'abc' } }).getCliente(7);
    expect(recorded[0]?.headers.get('x-trace')).toBe('abc');
  });

  it('reads globalThis.fetch at call time, not when the client is built', async () => {
    route('cliente', () => list([cliente7]));
    const built = client();
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    };
    try {
      await built.getCliente(7);
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual([`${BASE}/webservice/v1/cliente`]);
  });

  it('uses a custom fetch when given, and never globalThis.fetch then', async () => {
    const calls: string[] = [];
    const original = globalThis.fetch;
    const custom: typeof fetch = async (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    };
    route('cliente', () => list([cliente7]));
    let globalCalls = 0;
    const built = client({ fetch: custom });
    globalThis.fetch = (input, init) => {
      globalCalls++;
      return original(input, init);
    };
    try {
      await built.getCliente(7);
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).toEqual([`${BASE}/webservice/v1/cliente`]);
    expect(globalCalls).toBe(0);
  });

  it('hands a custom fetch one Request that carries the method, headers and body', async () => {
    const seen: { method: string; type: string | null; listar: string | null; body: unknown }[] =
      [];
    const original = globalThis.fetch;
    const custom: typeof fetch = async (input, init) => {
      expect(input).toBeInstanceOf(Request);
      const req = input as Request;
      seen.push({
        method: req.method,
        type: req.headers.get('content-type'),
        listar: req.headers.get('ixcsoft'),
        body: await req.clone().json(),
      });
      return original(input, init);
    };
    route('cliente', () => list([cliente7]));
    await client({ fetch: custom }).getCliente(7);
    expect(seen).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        listar: 'listar',
        body: expect.objectContaining({ qtype: 'cliente.id', query: '7', oper: '=' }),
      },
    ]);
  });
});

describe('IXC answers', () => {
  it('treats a missing registros as no rows', async () => {
    route('vd_contratos', () => HttpResponse.json({ page: '1', total: '0' }));
    const page = await client().listPlanos();
    expect(page.data).toEqual([]);
    expect(page.total).toBe(0);
  });

  it('reads total given as a number', async () => {
    route('vd_contratos', () =>
      HttpResponse.json({ page: 1, total: 42, registros: [{ id: '1', nome: 'A' }] }),
    );
    const page = await client().listPlanos({ pageSize: 1 });
    expect(page.total).toBe(42);
    expect(page.hasNextPage()).toBe(true);
  });

  it('reads the flexigrid rows/cell form', async () => {
    route('view_x', () =>
      HttpResponse.json({ page: '1', total: 1, rows: [{ id: '30', cell: ['30', 'Locação ONU'] }] }),
    );
    const page = await client().query('view_x');
    expect(page.data).toEqual([{ id: '30', '0': '30', '1': 'Locação ONU' }]);
  });

  it('throws IxcApiError for {"type":"error"} on 200, cleaned of <br />, without retrying', async () => {
    route('cliente', () =>
      HttpResponse.json({ type: 'error', message: 'Parcela j\u00e1 est\u00e1 recebida!<br />' }),
    );
    const err = await failure(client().getCliente(7));
    expect(isIxcApiError(err)).toBe(true);
    expect(err).toMatchObject({
      status: 200,
      ixcMessage: 'Parcela já está recebida!',
      format: 'json',
      table: 'cliente',
      method: 'POST',
    });
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('throws IxcApiError for the HTML error page on 200, with the text only', async () => {
    const html =
      '<div style="margin:40px; background:#FF0000">Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>';
    route(
      'cliente',
      () => new HttpResponse(html, { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const err = await failure(client().getCliente(7));
    expect(err).toMatchObject({
      status: 200,
      format: 'html',
      ixcMessage: 'Ocorreu um erro ao processar. Contate o suporte IXC Soft.',
    });
    expect(String((err as Error).message)).not.toContain('<div');
  });

  it('retries the HTML page on 500 and ends with IxcServerError', async () => {
    route('cliente', () => new HttpResponse('<div>Erro interno</div>', { status: 500 }));
    const err = await failure(client({ maxRetries: 2 }).getCliente(7));
    expect(isIxcServerError(err)).toBe(true);
    expect(err).toMatchObject({ status: 500, format: 'html', ixcMessage: 'Erro interno' });
    expect(requestsTo('cliente')).toHaveLength(3);
  });

  it('maps 401 to IxcAuthenticationError and does not retry it', async () => {
    route('cliente', () => new HttpResponse('Unauthorized', { status: 401 }));
    const err = await failure(client().getCliente(7));
    expect(isIxcAuthenticationError(err)).toBe(true);
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('retries 503 bursts and recovers', async () => {
    route('cliente', [
      () => new HttpResponse(null, { status: 503 }),
      () => new HttpResponse(null, { status: 502 }),
      () => list([cliente7]),
    ]);
    const c = await client({ maxRetries: 2 }).getCliente(7);
    expect(c.nome).toBe('Maria');
    expect(requestsTo('cliente')).toHaveLength(3);
  });

  it('honours Retry-After on 429 (seconds), waiting at least what IXC asked', async () => {
    route('cliente', [
      () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '0.1' } }),
      () => list([cliente7]),
    ]);
    const started = performance.now();
    const { response } = await client().getCliente(7).withResponse();
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(response.attempts).toBe(2);
    expect(requestsTo('cliente')).toHaveLength(2);
  });

  it('retries a malformed JSON body and then reports it', async () => {
    route(
      'cliente',
      () => new HttpResponse('{"page":"1","total":"1","registros":[{"id"', { status: 200 }),
    );
    const err = await failure(client({ maxRetries: 1 }).getCliente(7));
    expect(err).toMatchObject({ name: 'IxcApiError', format: 'malformed', status: 200 });
    expect(requestsTo('cliente')).toHaveLength(2);
  });

  it('maps a network failure to IxcConnectionError after retries', async () => {
    route('cliente', () => HttpResponse.error());
    const err = await failure(client({ maxRetries: 2 }).getCliente(7));
    expect(isIxcConnectionError(err)).toBe(true);
    expect(isIxcTimeoutError(err)).toBe(false);
    expect(requestsTo('cliente')).toHaveLength(3);
  });

  it('times out each attempt and ends with IxcTimeoutError', async () => {
    route('cliente', async () => {
      await delay(2_000);
      return list([cliente7]);
    });
    const err = await failure(client({ timeout: 50, maxRetries: 1 }).getCliente(7));
    expect(isIxcTimeoutError(err)).toBe(true);
    expect(err).toMatchObject({ timeoutMs: 50 });
    expect(requestsTo('cliente')).toHaveLength(2);
  });

  it('times out a body that trickles past the timeout, and stops reading it', async () => {
    let cancelled = 0;
    const trickle = async () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"page":"1","total":"1","registros":['));
          },
          cancel() {
            cancelled++;
          },
        }),
      );
    const c = client({ timeout: 50, maxRetries: 1, fetch: trickle });
    const err = await failure(c.getCliente(7));
    expect(isIxcTimeoutError(err)).toBe(true);
    expect(err).toMatchObject({ timeoutMs: 50 });
    expect(cancelled).toBe(2);
  });

  it('does not retry timeouts when retry.onTimeout is false', async () => {
    route('cliente', async () => {
      await delay(2_000);
      return list([cliente7]);
    });
    await failure(client({ timeout: 50, retry: { ...fast, onTimeout: false } }).getCliente(7));
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('honours the caller abort, and does not retry it', async () => {
    route('cliente', async () => {
      await delay(2_000);
      return list([cliente7]);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await failure(client().getCliente(7, { signal: controller.signal }));
    expect(isIxcAbortError(err)).toBe(true);
    expect(requestsTo('cliente')).toHaveLength(1);
  });

  it('reports a row that breaks its schema with the table and the field', async () => {
    route('cliente', () => list([{ id: 'abc', razao: 'X' }]));
    const err = await failure(client().getCliente(7));
    expect(isIxcValidationError(err)).toBe(true);
    expect(err).toMatchObject({ table: 'cliente' });
    expect((err as { issues: Array<{ path: string }> }).issues[0]?.path).toBe('registros.0.id');
  });

  it('never puts the token in an error', async () => {
    route('cliente', () => new HttpResponse(`bad token ${TOKEN}`, { status: 401 }));
    const err = await failure(client().getCliente(7));
    expect(isIxcCampsoftError(err)).toBe(true);
    const secret = TOKEN.split(':')[1]!;
    const everything =
      JSON.stringify(err) + String((err as Error).message) + String((err as Error).stack);
    expect(everything).toContain('[REDACTED]');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });
});

describe('answers without registros', () => {
  it('reads a page past the end as empty, and a cut answer as malformed', async () => {
    route('vd_contratos', [
      () => HttpResponse.json({ page: '9', total: '12' }),
      () => HttpResponse.json({ page: '1', total: '12' }),
    ]);
    const past = await client().listPlanos({ page: 9, pageSize: 5 });
    expect(past.data).toEqual([]);
    expect(past.total).toBe(12);
    await expect(client({ maxRetries: 0 }).listPlanos({ pageSize: 5 })).rejects.toMatchObject({
      name: 'IxcApiError',
      format: 'malformed',
    });
  });
});
