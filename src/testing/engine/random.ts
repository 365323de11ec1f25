/**
 * mulberry32: a tiny seeded PRNG. Everything random in the simulator (latency ranges, fault
 * probabilities, generated datasets) draws from one of these so a seed replays a run exactly.
 * @returns a function yielding floats in [0, 1)
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // same value on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A latency spec: fixed milliseconds or an inclusive `[min, max]` range. */
export type LatencySpec = number | readonly [number, number];

/** Draws one latency from a spec. */
export function drawLatency(spec: LatencySpec | undefined, random: () => number): number {
  if (spec === undefined) return 0;
  if (typeof spec === 'number') return Math.max(0, spec);
  const [min, max] = spec;
  return Math.max(0, min + random() * (max - min));
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && signal?.aborted !== true) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
