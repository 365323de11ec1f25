/**
 * When and how long to wait before retrying a read. Reads are idempotent, so network
 * failures, timeouts, 408/429/5xx and broken bodies are retried; IXC's deliberate errors on
 * 200 are not, since asking again gets the same answer.
 */
import {
  isIxcAbortError,
  isIxcApiError,
  isIxcConnectionError,
  isIxcTimeoutError,
} from '../errors.js';

/** Retry tuning. Every field has a default; see {@link DEFAULT_RETRY}. */
export interface RetryPolicy {
  /** First backoff delay in ms; doubles at each retry. */
  baseDelay: number;
  /** Cap of one backoff delay in ms. */
  maxDelay: number;
  /** Cap of a `Retry-After` wait in ms: a hostile or buggy header cannot stall the caller. */
  maxRetryAfter: number;
  /** Retry an attempt that hit `timeout`. */
  onTimeout: boolean;
  /** HTTP statuses worth another attempt. */
  statuses: readonly number[];
}

/**
 * Defaults: 0.5 s doubling to 8 s with jitter, `Retry-After` capped at 30 s. Frozen: change
 * the policy of one client with its `retry` option.
 */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  baseDelay: 500,
  maxDelay: 8_000,
  maxRetryAfter: 30_000,
  onTimeout: true,
  statuses: Object.freeze([408, 429, 500, 502, 503, 504]),
});

/** True when `error` is worth another attempt under `policy`. */
export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (isIxcAbortError(error)) return false;
  if (isIxcTimeoutError(error)) return policy.onTimeout;
  if (isIxcConnectionError(error)) return true;
  if (isIxcApiError(error)) {
    if (error.format === 'malformed' && error.status < 300) return true;
    return policy.statuses.includes(error.status);
  }
  return false;
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms; undefined when absent or invalid. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Delay before retry number `retry` (1-based): the server's `Retry-After` when it gave one
 * (capped), else exponential backoff with jitter in [½, 1] of the step so that many clients
 * failing together do not come back together.
 */
export function retryDelay(
  retry: number,
  error: unknown,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const retryAfter = isIxcApiError(error) ? error.retryAfterMs : undefined;
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxRetryAfter);
  const step = Math.min(policy.baseDelay * 2 ** (retry - 1), policy.maxDelay);
  return Math.round(step * (0.5 + random() * 0.5));
}
