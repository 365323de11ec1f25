import type { LatencySpec } from '../engine/random.js';
import type { IxcRequestKind } from '../engine/request-log.js';

/** What a fault rule can see of a request. */
export interface FaultRequestInfo {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly table: string;
  readonly id?: string;
  readonly kind: IxcRequestKind;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Raw request body. */
  readonly body: string;
}

/** Slow-body delivery: `bytes` every `everyMs` milliseconds. */
export interface TrickleSpec {
  readonly bytes: number;
  readonly everyMs: number;
}

/**
 * A fault rule: which requests it hits (`table`, `method`, `kind`, `match`, all optional and
 * ANDed), how often (`times`, `probability`) and what happens (the effect fields).
 *
 * Effects fall in three groups:
 * - **Replacing** (`status`, `html`, `ixcError`, `malformed`, `reset: 'before-headers'`,
 *   `hang`): the answer is replaced. On a write (insert, PUT, DELETE, button) `commit` says
 *   whether IXC applied it first: `'after'` = commit then fail (the answer is lost: the
 *   ambiguous case a client must not blindly retry), `'before'` = fail before commit (nothing
 *   written). Default: `status`/`html`/`ixcError`/`malformed` fail before commit, `reset` and
 *   `hang` after it.
 * - **Shaping** the listing envelope (`omitRegistros`, `totalAsNumber`, `flexigrid`).
 * - **Delivery** (`trickle`, `truncate`, `reset: 'mid-body'`) of whatever answer results.
 *
 * Several rules may hit one request: latencies add up, shaping flags combine, and the first
 * rule (in insertion order) with a replacing or delivery effect wins; a later rule whose
 * outcome is shadowed is not applied and does not spend one of its `times`.
 *
 * Socket-level effects (`reset`, `hang`, `trickle`, `truncate`) are faithful on the HTTP
 * simulator; the fetch/msw faces approximate them (network error, pending promise until
 * aborted, slow stream, short body).
 */
export interface FaultRule {
  /** Only requests to this table (or these tables). */
  readonly table?: string | readonly string[];
  /** Only these HTTP verbs (case-insensitive). */
  readonly method?: string | readonly string[];
  /** Only these request kinds. */
  readonly kind?: IxcRequestKind | readonly IxcRequestKind[];
  /** Custom predicate, evaluated after the other filters. */
  readonly match?: (request: FaultRequestInfo) => boolean;
  /** Number of requests to hit, then the rule retires. Default: unlimited. */
  readonly times?: number;
  /** Chance (0–1) of hitting a matching request, drawn from the engine's seeded PRNG. */
  readonly probability?: number;
  /**
   * Writes only: `'after'` applies the write, then the fault takes the answer (commit then
   * fail); `'before'` fails without applying it. With `'before'`, delivery-only effects
   * (`trickle`, `truncate`, `reset: 'mid-body'`) carry IXC's generic HTML error instead of the
   * write's answer. Default: see the rule's description.
   * @example
   * ```ts
   * // IXC inserts the SVA account, then the gateway answers 504: the client must read back.
   * engine.faults.add({ table: 'sva_usuarios', kind: 'insert', times: 1, commit: 'after', status: 504 });
   * ```
   */
  readonly commit?: 'before' | 'after';
  /** Writes hit by this rule leave `ultima_atualizacao` alone even when they change the row. */
  readonly keepUltimaAtualizacao?: boolean;

  /** Extra latency before answering (fixed ms or `[min, max]`). */
  readonly latencyMs?: LatencySpec;
  /** Answer this HTTP status (e.g. 429, 500, 502, 503, 504) instead of the real answer. */
  readonly status?: number;
  /** `Retry-After` header for `status`: seconds, or an HTTP-date string. */
  readonly retryAfter?: number | string;
  /** Body for `status` (default: nginx's error page for that status). */
  readonly body?: string;
  /** Content type for `body` (default `text/x-json; charset=utf-8` when it looks like JSON). */
  readonly contentType?: string;
  /** Destroy the connection: before any header (`true`), or after part of the body. */
  readonly reset?: boolean | 'before-headers' | 'mid-body';
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  readonly hang?: boolean;
  /** Send the body slowly (default 16 bytes every 50 ms). */
  readonly trickle?: boolean | TrickleSpec;
  /** Send half of the body, then end the response cleanly. */
  readonly truncate?: boolean;
  /** Answer 200 with a body that is not valid JSON (or this exact text). */
  readonly malformed?: boolean | string;
  /** Answer IXC's red HTML `<div>` (HTTP 200 unless `status` is given here). */
  readonly html?: boolean | { readonly status?: number; readonly message?: string };
  /** Answer `{"type":"error","message":<this>}` with HTTP 200 (may contain `<br />`). */
  readonly ixcError?: string;
  /** Drop `registros` from a listing answer, even when rows exist. */
  readonly omitRegistros?: boolean;
  /** Send `total` as a JSON number. */
  readonly totalAsNumber?: boolean;
  /** Answer a listing in flexigrid form: `{"page","total","rows":[{"id","cell":[…]}]}`. */
  readonly flexigrid?: boolean;
  /**
   * Runs before the request is executed, e.g. to insert rows between two page requests
   * ("shifting pages"); close over the engine to reach its tables.
   */
  readonly tap?: (request: FaultRequestInfo) => void | Promise<void>;
}

/** Handle of an installed rule. */
export interface FaultHandle {
  /** Uninstalls the rule. */
  remove(): void;
  /** Requests the rule has hit so far. */
  readonly hits: number;
  /** False once removed or out of `times`. */
  readonly active: boolean;
}

/** The delivery instruction a socket face must carry out. */
export type SocketFault =
  | { readonly type: 'reset'; readonly when: 'before-headers' | 'mid-body' }
  | { readonly type: 'hang' }
  | { readonly type: 'trickle'; readonly bytes: number; readonly everyMs: number }
  | { readonly type: 'truncate' };

/** Fault injection API of an engine. */
export interface IxcFaults {
  /**
   * Installs a rule.
   * @example
   * ```ts
   * engine.faults.add({ table: 'cliente', times: 2, status: 503, retryAfter: 1 });
   * ```
   */
  add(rule: FaultRule): FaultHandle;
  /** Removes every rule. */
  clear(): void;
  /** Installed rules still active, in evaluation order. */
  list(): readonly FaultRule[];
}
