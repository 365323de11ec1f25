/**
 * RFC 9457 problem details, and the one place where client errors become HTTP statuses.
 * Details are written here, never copied from IXC: IXC's messages may carry HTML, and an
 * error's own message may name a table or a value the caller has no business seeing.
 */
import {
  type IxcValidationError,
  isIxcApiError,
  isIxcConnectionError,
  isIxcInputError,
  isIxcNotFoundError,
  isIxcQueueTimeoutError,
  isIxcTimeoutError,
  isIxcValidationError,
} from '../errors.js';
import { WebhookInputError, WebhookNotFoundError } from '../webhooks/errors.js';
import type { RouterResponse } from './types.js';

/** Problem `type` URIs, documented in docs/router.md. */
export const PROBLEM_TYPES = {
  'invalid-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'too-many-requests': 429,
  'bad-gateway': 502,
  'service-unavailable': 503,
  'gateway-timeout': 504,
  internal: 500,
} as const;

/** A problem kind. */
export type ProblemKind = keyof typeof PROBLEM_TYPES;

const TITLES: Record<ProblemKind, string> = {
  'invalid-request': 'Invalid request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'too-many-requests': 'Too many requests',
  'bad-gateway': 'IXC answered with an error',
  'service-unavailable': 'Too many IXC requests waiting',
  'gateway-timeout': 'IXC did not answer in time',
  internal: 'Internal error',
};

/** One field problem in a 400 answer. */
export interface FieldError {
  /** Where: `query.pageSize`, `path.id`. */
  path: string;
  message: string;
}

/** Extra facts a problem may carry. */
export interface ProblemExtras {
  errors?: readonly FieldError[];
  headers?: Record<string, string>;
}

/** Where a problem happened, for `instance` and `requestId`. */
export interface ProblemContext {
  path: string;
  requestId: string;
}

/** Builds a problem answer. */
export function problem(
  kind: ProblemKind,
  detail: string,
  ctx: ProblemContext,
  extras: ProblemExtras = {},
): RouterResponse {
  const status = PROBLEM_TYPES[kind];
  const doc: Record<string, unknown> = {
    type: `urn:ixc-campsoft:problem:${kind}`,
    title: TITLES[kind],
    status,
    detail,
    instance: ctx.path,
    requestId: ctx.requestId,
  };
  if (extras.errors) doc.errors = extras.errors;
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json; charset=utf-8',
    'cache-control': 'no-store',
    'x-request-id': ctx.requestId,
  };
  if (extras.headers) Object.assign(headers, extras.headers);
  return { status, headers, body: JSON.stringify(doc) };
}

/**
 * `Retry-After` (seconds) of a 503 for a full request queue: a slot frees as soon as one
 * IXC request ends, so a short wait is the honest hint.
 */
export const QUEUE_RETRY_AFTER_S = 1;

/** The answer for a caller that went away: nobody reads it, so no body. */
export const GONE: RouterResponse = Object.freeze({ status: 499, headers: {}, body: '' });

/** What an error thrown by the client means to the router's caller. */
export interface MappedError {
  response: RouterResponse;
  /** True when the error is not an expected outcome and deserves an error log. */
  unexpected: boolean;
}

/** Turns an error thrown by the client (or by the router itself) into an answer. */
export function fromError(
  error: unknown,
  ctx: ProblemContext,
  signal: AbortSignal | undefined,
): MappedError {
  // Only our caller's own abort means nobody is listening; any other abort is a bug.
  if (signal?.aborted) return { response: GONE, unexpected: false };
  if (isIxcNotFoundError(error)) {
    return {
      response: problem('not-found', `IXC has no customer with id ${error.id}.`, ctx),
      unexpected: false,
    };
  }
  if (isIxcValidationError(error)) {
    if (blame(error) === 'caller') {
      return {
        response: problem('invalid-request', summary(error), ctx, { errors: fields(error) }),
        unexpected: false,
      };
    }
    return {
      response: problem(
        'bad-gateway',
        'IXC sent data that does not fit the expected schema. The IXC install may be a ' +
          'version this package does not know yet.',
        ctx,
      ),
      unexpected: true,
    };
  }
  // Before the timeout it extends: IXC was never asked, the client's queue was full.
  if (isIxcQueueTimeoutError(error)) {
    return {
      response: problem(
        'service-unavailable',
        `Every IXC request slot stayed busy for ${error.timeoutMs} ms (maxConcurrency ` +
          `${error.maxConcurrency}); IXC was not asked. Try again shortly.`,
        ctx,
        { headers: { 'retry-after': String(QUEUE_RETRY_AFTER_S) } },
      ),
      unexpected: true,
    };
  }
  if (isIxcTimeoutError(error)) {
    return {
      response: problem(
        'gateway-timeout',
        `IXC did not answer within ${error.timeoutMs} ms. Try again later.`,
        ctx,
      ),
      unexpected: true,
    };
  }
  if (isIxcConnectionError(error)) {
    return {
      response: problem('bad-gateway', 'IXC could not be reached.', ctx),
      unexpected: true,
    };
  }
  if (isIxcApiError(error)) {
    const retry = error.retryAfterMs;
    return {
      response: problem(
        'bad-gateway',
        `IXC answered with an error (HTTP ${error.status}). Check the IXC token and ` +
          'permissions, or try again later.',
        ctx,
        retry === undefined ? {} : { headers: { 'retry-after': String(Math.ceil(retry / 1000)) } },
      ),
      unexpected: true,
    };
  }
  // The webhook service's own checks (after the route's): its messages name no secret.
  if (error instanceof WebhookInputError) {
    const first = error.issues[0];
    const detail = first ? `${first.path}: ${first.message}` : error.message;
    return {
      response: problem('invalid-request', detail, ctx, { errors: error.issues }),
      unexpected: false,
    };
  }
  if (error instanceof WebhookNotFoundError) {
    return { response: problem('not-found', error.message, ctx), unexpected: false };
  }
  return {
    response: problem('internal', 'The server could not answer this request.', ctx),
    unexpected: true,
  };
}

/**
 * Whose fault a validation error is: the caller's input (400) or IXC's data (502). The one
 * place that tells them apart, so moving to `isIxcInputError`/`isIxcDataError` is this line.
 */
export function blame(error: IxcValidationError): 'caller' | 'ixc' {
  // Subclasses name the side; a bare IxcValidationError still says it through `source`.
  if (isIxcInputError(error)) return 'caller';
  return (error as IxcValidationError).source === 'input' ? 'caller' : 'ixc';
}

function fields(error: IxcValidationError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path, message: i.message }));
}

function summary(error: IxcValidationError): string {
  const first = error.issues[0];
  return first ? `${first.path}: ${first.message}` : 'The request is not valid.';
}
