/**
 * The per-key rate limit: a token bucket per key name, holding up to a minute's worth of
 * requests and refilled continuously. It lives in the router instance, so several processes
 * (or several routers) each count on their own; a shared limit belongs in front of them (a
 * proxy or gateway). Time comes from the injected `now`, so tests never wait.
 */
import { misconfigured } from './errors.js';
import type { RateLimitOptions } from './types.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Takes one request from a key's bucket: `0` when allowed, else the seconds to wait. */
export type RateLimiter = (name: string) => number;

/**
 * Builds the limiter.
 *
 * @throws {RouterConfigurationError} when `requestsPerMinute` is not a positive number.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  const capacity = options.requestsPerMinute;
  if (typeof capacity !== 'number' || !Number.isFinite(capacity) || capacity <= 0) {
    misconfigured('rateLimit.requestsPerMinute must be a positive number');
  }
  if (typeof now !== 'function') misconfigured('now must be a function returning milliseconds');
  const perMs = capacity / 60_000;
  const buckets = new Map<string, Bucket>();
  return (name) => {
    const t = now();
    let bucket = buckets.get(name);
    if (!bucket) {
      bucket = { tokens: capacity, at: t };
      buckets.set(name, bucket);
    } else if (t > bucket.at) {
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  };
}
