/**
 * Problem answers of the write routes (RFC 9457), built as route answers so a handler can
 * record them (audit, idempotency) before sending. The statuses the shared problem table
 * lacks (409, 422, 503) live here; the document has the same shape as the core's.
 */
import { fromError } from './problem.js';
import type { RouteAnswer, RouteContext } from './table.js';

/** A problem kind of the write routes, with its status and title. */
export const WRITE_PROBLEMS = {
  'invalid-request': [400, 'Invalid request'],
  'not-found': [404, 'Not found'],
  conflict: [409, 'Conflict'],
  'idempotency-key-in-use': [409, 'Idempotency key in use'],
  'idempotency-key-mismatch': [422, 'Idempotency key reused with another request'],
  unprocessable: [422, 'Unprocessable request'],
  'partial-write': [502, 'SVA change incomplete'],
  'lock-timeout': [503, 'Contract busy'],
} as const;

/** A problem kind of the write routes. */
export type WriteProblemKind = keyof typeof WRITE_PROBLEMS;

/** Where the problem happened. */
export type ProblemWhere = Pick<RouteContext, 'path' | 'requestId'>;

/** An answer: what a write route sends, and what idempotency stores and replays. */
export interface WriteAnswer {
  status: number;
  headers: Record<string, string>;
  /** The JSON body. */
  body: Record<string, unknown>;
}

const PROBLEM_HEADERS = { 'content-type': 'application/problem+json; charset=utf-8' };

/**
 * A problem answer; `extras` are added members (`operations`, `contratoIds`…).
 *
 * @example
 * ```ts
 * return writeProblem('conflict', 'Say which contract.', ctx, { contratoIds: [8, 9] });
 * ```
 */
export function writeProblem(
  kind: WriteProblemKind,
  detail: string,
  where: ProblemWhere,
  extras: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): WriteAnswer {
  const [status, title] = WRITE_PROBLEMS[kind];
  return {
    status,
    headers: { ...PROBLEM_HEADERS, ...headers },
    body: {
      type: `urn:ixc-campsoft:problem:${kind}`,
      title,
      status,
      detail,
      instance: where.path,
      requestId: where.requestId,
      ...extras,
    },
  };
}

/** Any other error, mapped as the core maps it (404, 400, 502, 503, 504, 500). */
export function coreProblem(
  error: unknown,
  where: ProblemWhere,
  signal: AbortSignal | undefined,
): WriteAnswer & { unexpected: boolean } {
  const { response, unexpected } = fromError(error, where, signal);
  const { 'x-request-id': _id, 'cache-control': _cc, ...headers } = response.headers;
  const body = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
  return { status: response.status, headers, body, unexpected };
}

/** A {@link WriteAnswer} as the core sends it. */
export function toRouteAnswer(answer: WriteAnswer, extraHeaders: Record<string, string> = {}) {
  return {
    status: answer.status,
    headers: { ...answer.headers, ...extraHeaders },
    payload: answer.body,
  } satisfies RouteAnswer;
}
