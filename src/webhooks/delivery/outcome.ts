/**
 * What an attempt's answer means: delivered (2xx), retry at a time (the schedule, or the
 * receiver's `Retry-After` on 429 and 503, capped), or failed (the schedule is exhausted).
 *
 * @packageDocumentation
 */
import { parseRetryAfter, retryDelay } from './schedule.js';
import type { SendResult } from './send.js';

/** Outcome of one attempt. */
export interface Outcome {
  outcome: 'delivered' | 'retry' | 'failed';
  /** When to try again, for `retry`. */
  nextAttemptAt: number | null;
  /** Whether the receiver answered 2xx. */
  ok: boolean;
}

/** Retry policy of {@link decideOutcome}. */
export interface RetryPolicy {
  schedule: readonly number[];
  jitter: number;
  random: () => number;
  retryAfterCapMs: number;
}

/**
 * Decide what attempt number `attempt` (from 1) came to, answered at `at`.
 *
 * @example
 * ```ts
 * decideOutcome({ statusCode: 500, error: 'HTTP 500', durationMs: 3, retryAfter: undefined }, 1, Date.now(), policy);
 * // { outcome: 'retry', nextAttemptAt: now + 5 s ± 20 %, ok: false }
 * ```
 */
export function decideOutcome(
  result: SendResult,
  attempt: number,
  at: number,
  policy: RetryPolicy,
): Outcome {
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  if (ok) return { outcome: 'delivered', nextAttemptAt: null, ok };
  let delay = retryDelay(attempt, policy.schedule, policy.jitter, policy.random);
  if (delay !== null && (result.statusCode === 429 || result.statusCode === 503)) {
    const asked = parseRetryAfter(result.retryAfter, at);
    if (asked !== null) delay = Math.min(asked, policy.retryAfterCapMs);
  }
  return delay === null
    ? { outcome: 'failed', nextAttemptAt: null, ok }
    : { outcome: 'retry', nextAttemptAt: at + delay, ok };
}
