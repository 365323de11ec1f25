/**
 * A scripted IXC for unit tests of the client, on msw: each table answers from a queue of
 * responses (or a function), and every request is recorded with its decoded body.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const BASE = 'https://ixc.test';
export const TOKEN = '12:6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee6a41c0ffee1234';

export interface Recorded {
  table: string;
  method: string;
  headers: Headers;
  body: Record<string, string>;
  grid: Array<{ TB: string; OP: string; P: string; P2?: string }>;
}

type Responder = (req: Recorded) => Response | Promise<Response>;

export const server = setupServer();
export const recorded: Recorded[] = [];
const routes = new Map<string, Responder[] | Responder>();

/** IXC's list envelope with every value turned into a string. */
export function list(
  rows: Array<Record<string, unknown>>,
  total = rows.length,
  page = 1,
): Response {
  const registros = rows.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])),
  );
  return new HttpResponse(JSON.stringify({ page: String(page), total: String(total), registros }), {
    headers: { 'content-type': 'text/x-json; charset=utf-8' },
  });
}

/** Answers `table` with `responders` in order (the last one repeats), or with one function. */
export function route(table: string, responders: Responder | Responder[]): void {
  routes.set(table, Array.isArray(responders) ? [...responders] : responders);
}

export function requestsTo(table: string): Recorded[] {
  return recorded.filter((r) => r.table === table);
}

/** Starts msw for the file's tests; each test starts with no scripted answers. */
export function useIxcMock(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => server.use(handler));
  afterEach(() => {
    server.resetHandlers();
    routes.clear();
    recorded.length = 0;
  });
  afterAll(() => server.close());
}

const handler = http.all(`${BASE}/webservice/v1/:table`, async ({ request, params }) => {
  const table = String(params.table);
  const body = (await request.json().catch(() => ({}))) as Record<string, string>;
  const rec: Recorded = {
    table,
    method: request.method,
    headers: request.headers,
    body,
    grid: body.grid_param ? JSON.parse(body.grid_param) : [],
  };
  recorded.push(rec);
  const r = routes.get(table);
  if (!r) return list([]);
  if (typeof r === 'function') return r(rec);
  const next = r.length > 1 ? r.shift()! : r[0]!;
  return next(rec);
});
