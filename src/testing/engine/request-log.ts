/**
 * What a request asked IXC to do. `button` is an action endpoint (`cliente_contrato_15300`,
 * `get_boleto`…); `other` covers 404s, bad verbs and malformed paths.
 */
export type IxcRequestKind = 'list' | 'insert' | 'update' | 'delete' | 'button' | 'other';

/** One handled request, as recorded in {@link IxcEngine.requests}. */
export interface IxcRequestLogEntry {
  /** 1-based order in which the engine took the request (after its body was read). */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Table named in the path (even if unknown), or `''`. */
  readonly table: string;
  /** Record id from `/<table>/<id>`, when present. */
  readonly id?: string;
  readonly kind: IxcRequestKind;
  /** Parsed body: the query fields of a listing, the written fields of a write. */
  readonly body: Readonly<Record<string, string>>;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
  /** `performance.now()` when the answer was ready (or the request was given up). */
  finishedAt: number;
  /** HTTP status answered; 0 when no status line was sent (reset before headers, hang, abort). */
  status: number;
  /** Names of the fault effects applied, if any. */
  faults: readonly string[];
  /**
   * Writes only: whether the data changed (false for a refused write or a fault that failed it
   * before commit; true for a commit-then-fail fault, whatever the client saw).
   */
  committed?: boolean;
}

/**
 * Counts sequential "rounds" (waves) of requests: requests whose lifetimes overlap form one
 * round, and a new round starts with the first request that starts at or after the latest
 * finish of every earlier request. Two requests issued together with `Promise.all` are one
 * round; a request issued after reading another's answer is a new round.
 *
 * Overlap is measured on the server, so give the engine a little latency (`latencyMs: 5`)
 * when counting rounds: otherwise two "concurrent" requests can be served one after the other
 * before the second one even arrives, and would count as two rounds.
 *
 * @example
 * ```ts
 * engine.clearRequests();
 * await client.getProdutos(7);
 * expect(countRounds(engine.requests)).toBeLessThanOrEqual(3);
 * ```
 */
export function countRounds(
  log: readonly Pick<IxcRequestLogEntry, 'startedAt' | 'finishedAt'>[],
): number {
  const ordered = [...log].sort((a, b) => a.startedAt - b.startedAt);
  let rounds = 0;
  let roundEnd = Number.NEGATIVE_INFINITY;
  for (const entry of ordered) {
    const finish = Number.isFinite(entry.finishedAt) ? entry.finishedAt : Number.POSITIVE_INFINITY;
    if (rounds === 0 || entry.startedAt >= roundEnd) {
      rounds++;
      roundEnd = finish;
    } else if (finish > roundEnd) {
      roundEnd = finish;
    }
  }
  return rounds;
}
