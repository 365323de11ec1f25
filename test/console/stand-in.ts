/**
 * Browser-side stand-ins for API routes (/me, /svas, the SVA writes, webhooks, auditoria),
 * shaped as the real ones answer, for tests of the console's own behaviour: a 502 with the
 * writes made, a contract choice, a double click. The SVA writes change the simulator's
 * tables the way the real routes do, so the console's read-back goes through the real
 * /clientes/{id}/produtos. The end-to-end flows over the real routes are in flows.test.ts and
 * svas-flows.test.ts.
 */
import type { Page, Request, Route } from 'playwright-core';
import type { IxcEngine } from '../../src/testing/index.js';

/** A request the stand-in received. */
export interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A stand-in answer. */
export interface Reply {
  status: number;
  body: unknown;
  /** Wait for this before answering (to look at the page while a request is in flight). */
  gate?: Promise<void>;
}

/** One handler: `null` passes the request on to the real server. */
export type Handler = (req: Seen) => Reply | null | Promise<Reply | null>;

const json = (status: number, body: unknown): Reply => ({ status, body });

/** Installs handlers on `/api/v1/...` paths (regular expressions on `METHOD /path`). */
export async function standIn(
  page: Page,
  handlers: [RegExp, Handler][],
): Promise<{ seen: Seen[] }> {
  const seen: Seen[] = [];
  await page.route('**/api/v1/**', async (route: Route, request: Request) => {
    const url = new URL(request.url());
    const path = url.pathname.replace(/^\/api\/v1/, '') + url.search;
    const line = `${request.method()} ${path}`;
    const found = handlers.find(([re]) => re.test(line));
    if (!found) return route.fallback();
    const raw = request.postData();
    const req: Seen = {
      method: request.method(),
      path,
      headers: await request.allHeaders(),
      body: raw ? JSON.parse(raw) : undefined,
    };
    const reply = await found[1](req);
    if (!reply) return route.fallback();
    seen.push(req);
    if (reply.gate) await reply.gate;
    const problem = reply.status >= 400;
    await route.fulfill({
      status: reply.status,
      contentType: problem ? 'application/problem+json' : 'application/json',
      body: JSON.stringify(reply.body),
    });
  });
  return { seen };
}

/** `/me` for a key with these scopes. */
export function me(scopes: string[], tenants: string[] | '*' = '*'): [RegExp, Handler] {
  return [/^GET \/me$/, () => json(200, { data: { name: 'atendimento', scopes, tenants } })];
}

/** `/svas`: the simulator's SVA catalogue. */
export function catalogue(engine: IxcEngine): [RegExp, Handler] {
  return [
    /^GET \/svas$/,
    () =>
      json(200, {
        data: engine.tables
          .find('produtos', (r) => (r.id_sva_integracao ?? '0') !== '0')
          .map((r) => ({ id: Number(r.id), nome: r.descricao, valor: Number(r.valor) })),
      }),
  ];
}

function conta(engine: IxcEngine, id: number) {
  const row = engine.tables.get('sva_usuarios', id)!;
  const status = { A: 'ativo', B: 'bloqueado', D: 'desativado' }[row.status_integracao ?? ''];
  return {
    id,
    integracaoId: 1,
    usuario: row.user ?? null,
    status,
    userId: null,
    subscriptionId: null,
  };
}

/** The SVA writes, done on the simulator's tables. */
export function svaWrites(engine: IxcEngine): [RegExp, Handler][] {
  return [
    [
      /^POST \/clientes\/\d+\/svas$/,
      (req) => {
        const { produtoId, contratoId } = req.body as { produtoId: number; contratoId: number };
        const produto = engine.tables.get('produtos', produtoId)!;
        const line = engine.tables.insert('vd_contratos_produtos', {
          tipo: 'SVA',
          id_contrato: contratoId,
          id_vd_contrato: 0,
          id_produto: produtoId,
          descricao: produto.descricao ?? '',
          qtde: '1',
          valor_unit: produto.valor ?? '0',
        });
        const account = engine.tables.insert('sva_usuarios', {
          id_contrato: contratoId,
          id_integracao: produto.id_sva_integracao ?? '1',
          id_produto_contrato: line.id!,
          status_integracao: 'A',
        });
        return json(201, {
          data: {
            outcome: 'created',
            conta: conta(engine, Number(account.id)),
            produto: null,
            operations: [
              {
                method: 'POST',
                table: 'vd_contratos_produtos',
                result: 'done',
                ixcId: Number(line.id),
              },
              { method: 'POST', table: 'sva_usuarios', result: 'done', ixcId: Number(account.id) },
            ],
          },
        });
      },
    ],
    [
      /^PATCH \/clientes\/\d+\/svas\/\d+$/,
      (req) => {
        const id = Number(req.path.split('/').pop());
        const status = (req.body as { status: string }).status;
        engine.tables.update('sva_usuarios', id, {
          status_integracao: status === 'bloqueado' ? 'B' : 'A',
        });
        return json(200, {
          data: {
            outcome: status === 'bloqueado' ? 'blocked' : 'unblocked',
            conta: conta(engine, id),
            produto: null,
            operations: [{ method: 'PUT', table: 'sva_usuarios', id, result: 'done' }],
          },
        });
      },
    ],
    [
      /^DELETE \/clientes\/\d+\/svas\/\d+$/,
      (req) => {
        const id = Number(req.path.split('/').pop());
        engine.tables.update('sva_usuarios', id, { status_integracao: 'D' });
        return json(200, {
          data: { outcome: 'cancelled', conta: conta(engine, id), produto: null, operations: [] },
        });
      },
    ],
  ];
}
