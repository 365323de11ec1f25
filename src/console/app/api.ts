/**
 * The page's only way out: the public HTTP API, with the key as a bearer header (never in a
 * URL) and the tenant header when the key serves several ISPs. Errors become
 * {@link ApiError}s carrying the problem+json answer and a pt-BR sentence for people.
 */
import type { IxcOperation, Problem } from './types.js';

/** Fired on `window` when the API refuses the key (401). */
export const UNAUTHORIZED = 'campsoft:unauthorized';

/** A failed API call. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

const PLAIN: Record<number, string> = {
  0: 'Sem conexão com o servidor. Verifique a rede e tente de novo.',
  400: 'O servidor recusou o pedido: algum dado não é válido.',
  401: 'A chave de API não foi aceita. Entre de novo.',
  403: 'Esta chave não tem permissão para isso.',
  404: 'Não encontrado.',
  409: 'Um pedido igual ainda está em andamento. Aguarde e confira o estado antes de repetir.',
  422: 'Este pedido já foi usado com outros dados; recarregue a página e tente de novo.',
  429: 'Muitos pedidos seguidos. Tente de novo em instantes.',
  500: 'Erro interno do servidor.',
  502: 'O IXC respondeu com um erro.',
  503: 'O serviço está indisponível no momento.',
  504: 'O IXC não respondeu a tempo.',
};

/** A sentence for people: what went wrong, in Portuguese, then the server's own detail. */
export function plainError(error: unknown): string {
  if (!(error instanceof ApiError)) return PLAIN[0]!;
  return error.message;
}

/** The IXC writes a problem says were already made. */
export function doneOperations(error: unknown): IxcOperation[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem?.operations ?? []).filter((op) => op.result !== 'skipped');
}

/** A successful answer: the status and the parsed JSON body. */
export interface Answer<T> {
  status: number;
  body: T;
}

/** Where the API is and who is calling. */
export interface ApiTarget {
  base: string;
  key: string;
  tenant: string | null;
}

/** The API base path the server wrote into the page (`<meta name="campsoft-api">`). */
export function apiBaseFromPage(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="campsoft-api"]');
  return (meta?.content || '/api/v1').replace(/\/+$/, '');
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Calls the API. `idempotencyKey` goes on writes so that a repeated click replays the first
 * answer instead of writing twice.
 */
export async function call<T>(
  target: ApiTarget,
  method: string,
  path: string,
  options: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    authorization: `Bearer ${target.key}`,
  };
  if (target.tenant) headers['x-campsoft-tenant'] = target.tenant;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(target.base + path, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, null, PLAIN[0]!);
  }
  const body = await parse(res);
  if (res.ok) return { status: res.status, body: body as T };
  const problem = body && typeof body === 'object' ? (body as Problem) : null;
  // A key revoked mid-session: the shell signs out instead of every view failing alone.
  if (res.status === 401) dispatchEvent(new Event(UNAUTHORIZED));
  const plain = PLAIN[res.status] ?? `O servidor respondeu ${res.status}.`;
  const detail = problem?.detail ? ` (${problem.detail})` : '';
  throw new ApiError(res.status, problem, plain + detail);
}

/** A GET that returns the body. */
export async function get<T>(target: ApiTarget, path: string, signal?: AbortSignal): Promise<T> {
  return (await call<T>(target, 'GET', path, signal ? { signal } : {})).body;
}

/** A query string from the given values, skipping empty ones. */
export function qs(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
