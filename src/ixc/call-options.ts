/** The per-call options every client method takes, and the transport reads. */

/**
 * Per-call options of every client method. Any field left out takes the client's value.
 *
 * A read shared with identical reads in flight (the client's `coalesce` option) runs with
 * the timeout and retries of the call that started it; `headers` keep calls apart.
 *
 * @example
 * ```ts
 * await ixc.getCliente(7, { timeout: 5_000, maxRetries: 0, signal: AbortSignal.timeout(8_000) });
 * ```
 */
export interface CallOptions {
  /** Cancels the call; the IXC request in flight is aborted. */
  signal?: AbortSignal | undefined;
  /** Ms allowed for one attempt (headers and body). @defaultValue the client's `timeout` */
  timeout?: number | undefined;
  /** Retries of a failed read. @defaultValue the client's `maxRetries` */
  maxRetries?: number | undefined;
  /** Headers added to this call's IXC requests. */
  headers?: Record<string, string> | undefined;
}
