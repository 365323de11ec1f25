/**
 * Raw access to what IXC answered, like openai-node's `withResponse()`: every client method
 * returns a promise of its data that can also give the facts of the IXC requests behind it.
 */
import type { IxcRequestInfo } from '../ixc/transport.js';

export type { IxcRequestInfo };

/** The facts of the IXC requests one call made. */
export interface IxcResponseInfo {
  /** HTTP status of the call's first IXC request. */
  status: number;
  /** Headers of the call's first IXC request. */
  headers: Headers;
  /** Attempts made over every request of the call, retries included. */
  attempts: number;
  /** Milliseconds the whole call took. */
  ms: number;
  /**
   * Every IXC request of the call, in the order they finished. A read answered by an
   * identical read in flight or by the cache lists the request that answered it.
   */
  requests: readonly IxcRequestInfo[];
}

/** What `withResponse()` resolves to. */
export interface WithResponse<T> {
  /** What the method resolves to without `withResponse()`. */
  data: T;
  /** The facts of the IXC requests behind `data`. */
  response: IxcResponseInfo;
}

/** Collects the requests of one call. */
export type Trace = IxcRequestInfo[];

/** Builds the facts of a call from its trace. */
export function responseInfo(trace: Trace, started: number): IxcResponseInfo {
  const first = trace[0];
  let attempts = 0;
  for (const r of trace) attempts += r.attempts;
  return {
    status: first?.status ?? 0,
    headers: first?.headers ?? new Headers(),
    attempts,
    ms: performance.now() - started,
    requests: trace,
  };
}

/**
 * What single-result methods return: a `Promise<T>` that also offers `withResponse()`.
 * The call starts at once, as a plain promise's would.
 *
 * @example
 * ```ts
 * const cliente = await ixc.getCliente(7);
 * const { data, response } = await ixc.getCliente(7).withResponse();
 * console.log(response.status, response.attempts, response.ms);
 * ```
 */
export class IxcPromise<T> implements Promise<T> {
  readonly [Symbol.toStringTag] = 'IxcPromise';
  readonly #data: Promise<T>;
  readonly #trace: Trace;
  readonly #started: number;
  #ended = 0;
  #raw: Promise<WithResponse<T>> | undefined;

  /** @internal */
  constructor(run: (trace: Trace) => Promise<T>) {
    const trace: Trace = [];
    this.#trace = trace;
    this.#started = performance.now();
    // The facts are assembled only if `withResponse()` asks: most callers just await.
    this.#data = run(trace).then((data) => {
      this.#ended = performance.now();
      return data;
    });
  }

  /** The data with the facts of the IXC requests behind it. */
  withResponse(): Promise<WithResponse<T>> {
    this.#raw ??= this.#data.then((data) => {
      const response = responseInfo(this.#trace, this.#started);
      response.ms = this.#ended - this.#started;
      return { data, response };
    });
    return this.#raw;
  }

  #value(): Promise<T> {
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: an IXC promise is deliberately thenable.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#value().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#value().catch(onrejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onfinally);
  }
}
