import type { FaultPlan, FaultRegistry } from '../faults/registry.js';
import type { FaultRequestInfo, FaultRule } from '../faults/types.js';
import type { Database } from './database.js';
import { type ExecuteSettings, executeList, executeWrite, type WriteResult } from './execute.js';
import { drawLatency, type LatencySpec, sleep } from './random.js';
import {
  lowerCaseHeaders,
  type ParsedBody,
  parseBody,
  type Route,
  route,
  stringifyParams,
} from './request.js';
import type { IxcRequestLogEntry } from './request-log.js';
import {
  type EngineResponse,
  htmlErrorResponse,
  IXC_JSON_TYPE,
  ixcErrorResponse,
  nginxPage,
} from './responses.js';
import { isTableName } from './schema/index.js';
import type { IxcHttpRequest, IxcHttpResponse } from './types.js';

/** Presses an IXC button (action endpoint); undefined when `name` is no button. */
export type ButtonDispatch = (
  name: string,
  params: Readonly<Record<string, unknown>>,
  options: { readonly operador: string; readonly keepUltimaAtualizacao: boolean },
) => WriteResult | undefined;

/** Everything the protocol core needs from its engine. */
export interface CoreContext {
  readonly db: Database;
  readonly isButton: (name: string) => boolean;
  readonly pressButton: ButtonDispatch;
  readonly faults: FaultRegistry;
  readonly settings: ExecuteSettings;
  readonly token: string;
  readonly latency: LatencySpec | undefined;
  readonly random: () => number;
  readonly log: IxcRequestLogEntry[] | undefined;
  nextSeq(): number;
}

const DEFAULT_TRICKLE = { bytes: 16, everyMs: 50 };

function authorize(
  headers: Readonly<Record<string, string>>,
  token: string,
): EngineResponse | undefined {
  const header = (headers.authorization ?? '').trim();
  if (header === '') return ixcErrorResponse('Acesso negado: informe o token da API.', 401);
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (scheme.toLowerCase() !== 'basic') return nginxPage(400);
  return decodeBase64(header.slice(space + 1).trim()) === token
    ? undefined
    : ixcErrorResponse('Token inválido ou usuário sem acesso ao webservice!', 401);
}

function decodeBase64(text: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The answer a replacing fault gives instead of executing the request. */
function replacement(rule: FaultRule): EngineResponse | undefined {
  if (rule.status !== undefined) {
    const res =
      rule.body === undefined
        ? nginxPage(rule.status)
        : {
            status: rule.status,
            headers: {
              'content-type':
                rule.contentType ??
                (/^\s*[{[]/.test(rule.body) ? IXC_JSON_TYPE : 'text/html; charset=utf-8'),
            },
            body: rule.body,
          };
    if (rule.retryAfter !== undefined) res.headers['retry-after'] = String(rule.retryAfter);
    return res;
  }
  if (rule.html !== undefined && rule.html !== false) {
    const opts = rule.html === true ? {} : rule.html;
    return htmlErrorResponse(opts.status ?? 200, opts.message);
  }
  if (rule.ixcError !== undefined) return ixcErrorResponse(rule.ixcError);
  if (rule.malformed !== undefined && rule.malformed !== false) {
    return {
      status: 200,
      headers: { 'content-type': IXC_JSON_TYPE },
      body:
        typeof rule.malformed === 'string'
          ? rule.malformed
          : '{"page":"1","total":"1","registros":[{"id":"1",}',
    };
  }
  return undefined;
}

/** An answer plus, for writes, whether the data changed. */
interface Executed {
  readonly response: EngineResponse;
  readonly committed?: boolean;
}

function execute(
  ctx: CoreContext,
  method: string,
  r: Route,
  headers: Readonly<Record<string, string>>,
  parsed: ParsedBody,
  plan: FaultPlan,
): Executed {
  if (!r.webservice) return { response: nginxPage(404) };
  const denied = authorize(headers, ctx.token);
  if (denied !== undefined) return { response: denied };
  const operador = ctx.token.split(':')[0] ?? '0';
  if (r.kind === 'button') {
    if (!parsed.ok) return { response: ixcErrorResponse('Dados inválidos na requisição!') };
    const keep = plan.keepUltimaAtualizacao;
    const pressed = ctx.pressButton(r.table, parsed.params, {
      operador,
      keepUltimaAtualizacao: keep,
    });
    return pressed ?? { response: ixcErrorResponse(`Recurso ${r.table} não está disponível!`) };
  }
  // A GET without `ixcsoft: listar` is IXC's documented 404; other verbs have no route at all.
  if (r.kind === 'other') {
    return { response: nginxPage(method === 'GET' || method === 'POST' ? 404 : 405) };
  }
  if (!isTableName(r.table)) {
    return { response: ixcErrorResponse(`Recurso ${r.table} não está disponível!`) };
  }
  if (!parsed.ok) {
    return {
      response:
        r.kind === 'list'
          ? htmlErrorResponse(200)
          : ixcErrorResponse('Dados inválidos na requisição!'),
    };
  }
  if (r.kind === 'list') {
    return { response: executeList(ctx.db, r.table, parsed.params, ctx.settings, plan) };
  }
  return executeWrite(ctx.db, r.kind, r.table, r.id, parsed.params, operador, ctx.settings, {
    keepUltimaAtualizacao: plan.keepUltimaAtualizacao || undefined,
  });
}

const REPLACING = ['status', 'html', 'ixcError', 'malformed'] as const;

/** Whether a write hit by `rule` is applied before the fault takes the answer. */
function commitsFirst(rule: FaultRule): boolean {
  if (rule.commit !== undefined) return rule.commit === 'after';
  return !REPLACING.some((key) => rule[key] !== undefined && rule[key] !== false);
}

function sessionCookie(seq: number): string {
  const id = ((seq * 2654435761) >>> 0).toString(36).padStart(7, '0');
  return `IXC_Session=ixcsim${id}${seq.toString(36)}; path=/; HttpOnly`;
}

/**
 * The protocol core: route, fault plan, latency, auth, execution, then delivery instructions
 * for the face. Replacing faults answer before auth, the way a proxy in front of IXC would;
 * a write a fault lets commit first is authorised and executed, then its answer replaced.
 */
export async function handleRequest(
  ctx: CoreContext,
  req: IxcHttpRequest,
): Promise<IxcHttpResponse> {
  const startedAt = req.receivedAt ?? performance.now();
  const headers = lowerCaseHeaders(req.headers);
  const routed = route(req.method, req.path, headers);
  // Buttons answer POST and GET, with or without `ixcsoft: listar` (integrators send both).
  const r: Route =
    routed.webservice &&
    routed.id === undefined &&
    ['POST', 'GET'].includes(req.method.toUpperCase()) &&
    ctx.isButton(routed.table)
      ? { ...routed, kind: 'button' }
      : routed;
  const seq = ctx.nextSeq();
  const parsed = parseBody(headers['content-type'], req.body);
  const entry: IxcRequestLogEntry = {
    seq,
    method: req.method.toUpperCase(),
    path: req.path.split('?')[0] ?? '',
    table: r.table,
    ...(r.id === undefined ? {} : { id: r.id }),
    kind: r.kind,
    body: parsed.ok ? stringifyParams(parsed.params) : { _raw: req.body },
    startedAt,
    finishedAt: Number.NaN,
    status: 0,
    faults: [],
  };
  ctx.log?.push(entry);
  const info: FaultRequestInfo = {
    seq,
    method: entry.method,
    path: entry.path,
    table: r.table,
    ...(r.id === undefined ? {} : { id: r.id }),
    kind: r.kind,
    headers: req.headers,
    body: req.body,
  };
  try {
    const plan = ctx.faults.plan(info);
    entry.faults = plan.names;
    for (const tap of plan.taps) await tap(info);
    await sleep(drawLatency(ctx.latency, ctx.random) + plan.latencyMs, req.signal);
    const rule = plan.outcome;
    const write = ['insert', 'update', 'delete', 'button'].includes(r.kind);
    let res: EngineResponse;
    if (rule !== undefined && write && !commitsFirst(rule)) {
      // Fail before commit: the write is never executed.
      entry.committed = false;
      res = replacement(rule) ?? htmlErrorResponse(200);
    } else {
      // Reads that a fault replaces are not executed; writes committed first always are.
      const replaced = rule === undefined || write ? undefined : replacement(rule);
      if (replaced !== undefined) res = replaced;
      else {
        const done = execute(ctx, entry.method, r, headers, parsed, plan);
        if (done.committed !== undefined) entry.committed = done.committed;
        res = (rule === undefined ? undefined : replacement(rule)) ?? done.response;
      }
    }
    res.headers['set-cookie'] = sessionCookie(seq);
    if (rule?.hang === true) return { status: 0, headers: {}, body: '', fault: { type: 'hang' } };
    if (rule?.reset === true || rule?.reset === 'before-headers') {
      return { status: 0, headers: {}, body: '', fault: { type: 'reset', when: 'before-headers' } };
    }
    entry.status = res.status;
    if (rule?.reset === 'mid-body') return { ...res, fault: { type: 'reset', when: 'mid-body' } };
    if (rule?.trickle !== undefined && rule.trickle !== false) {
      const spec = rule.trickle === true ? DEFAULT_TRICKLE : rule.trickle;
      return {
        ...res,
        fault: { type: 'trickle', bytes: Math.max(1, spec.bytes), everyMs: spec.everyMs },
      };
    }
    if (rule?.truncate === true) return { ...res, fault: { type: 'truncate' } };
    return res;
  } finally {
    entry.finishedAt = performance.now();
  }
}
