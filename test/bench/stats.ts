/**
 * Small statistics and formatting helpers shared by the benchmarks. Every comparison in
 * `docs/benchmarks.md` is a ratio of medians of samples taken side by side in the same run,
 * so the helpers stop at medians, percentiles and spreads: means are too sensitive to the
 * stalls a shared, noisy machine produces.
 */

/** The `p`-th percentile (0–100) of `values`, by linear interpolation between ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Smallest and largest value. */
export function range(values: readonly number[]): [min: number, max: number] {
  return [Math.min(...values), Math.max(...values)];
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Formats a ratio as `0.93×`. */
export function ratio(value: number): string {
  return `${fmt(value, 2)}×`;
}

/** Formats a byte count as kB (1 kB = 1000 B) or MB. */
export function bytes(value: number): string {
  return Math.abs(value) >= 1e6 ? `${fmt(value / 1e6, 1)} MB` : `${fmt(value / 1e3, 1)} kB`;
}

/** Pass/miss cell of a target. */
export function verdict(ok: boolean): string {
  return ok ? 'pass' : '**MISS**';
}

/** Milliseconds elapsed since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The order of two variants in round `i`: ABBA (a b, b a, a b, …), which cancels a linear
 * drift of the machine (thermal, another tenant's load) between the two.
 */
export function abba<T>(i: number, a: T, b: T): [T, T] {
  return i % 2 === 0 ? [a, b] : [b, a];
}
