/**
 * When to try again: the Svix / Standard Webhooks schedule with jitter, and `Retry-After`.
 *
 * @packageDocumentation
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Delay before each attempt, the first immediate: immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h (8 attempts over about 27.6 h). After the last, the delivery is `failed`.
 */
export const DEFAULT_SCHEDULE: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** An endpoint failing without a break for this long is disabled (5 days). */
export const DEFAULT_DISABLE_AFTER_MS = 5 * 24 * HOUR;

/** Longest `Retry-After` honoured (24 h). */
export const DEFAULT_RETRY_AFTER_CAP_MS = 24 * HOUR;

/**
 * The delay before attempt `attempt + 1` after `attempt` failures, with ±`jitter` spread, or
 * `null` when the schedule is exhausted.
 *
 * @example
 * ```ts
 * retryDelay(1, DEFAULT_SCHEDULE, 0.2, () => 0.5); // 5000
 * retryDelay(8, DEFAULT_SCHEDULE, 0.2, Math.random); // null
 * ```
 */
export function retryDelay(
  failures: number,
  schedule: readonly number[],
  jitter: number,
  random: () => number,
): number | null {
  const base = schedule[failures];
  if (base === undefined) return null;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}

/**
 * `Retry-After` as milliseconds from `now`: delta seconds or an HTTP date; `null` when
 * absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('120', Date.now()); // 120000
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
