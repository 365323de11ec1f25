import type { IxcActivity, IxcActivityOptions } from '../actions/activity.js';
import type { IxcButtons } from '../actions/buttons.js';
import type { IxcJobsOptions } from '../actions/context.js';
import type { IxcJobReport, RunJobsOptions } from '../actions/jobs.js';
import type { IxcDataset } from '../datasets/types.js';
import type { IxcFaults, SocketFault } from '../faults/types.js';
import type { IxcEngineClock } from './clock.js';
import type { IxcChange } from './database.js';
import type { LatencySpec } from './random.js';
import type { IxcRequestLogEntry } from './request-log.js';
import type { EngineResponse } from './responses.js';
import type { IxcTableName } from './schema/index.js';
import type { SvaDeletePolicy } from './writes.js';

/** A request as the protocol core sees it, independent of sockets. */
export interface IxcHttpRequest {
  readonly method: string;
  /** `/webservice/v1/<table>` or `/webservice/v1/<table>/<id>` (a query string is ignored). */
  readonly path: string;
  /** Header names in any case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  /** Aborts latency waits when the client goes away. */
  readonly signal?: AbortSignal;
  /** `performance.now()` at arrival, when the face knows it better than the engine. */
  readonly receivedAt?: number;
}

/** The core's answer; `fault` tells a socket face how to (mis)deliver it. */
export interface IxcHttpResponse extends EngineResponse {
  readonly fault?: SocketFault;
}

/** A full row: every column of its table, every value a string. */
export type IxcRow = Record<string, string>;

/** Values accepted by the test-side writers (numbers are stringified). */
export type IxcRowInput = Readonly<Record<string, string | number>>;

/** Who the test-side writers say made a change; `false` skips the `ixc_logs` entry. */
export interface IxcTableWriteOptions {
  /** `ixc_logs.executou` of the change (default `'usuario'`, a change made in IXC's UI). */
  readonly audit?: 'usuario' | 'sistema' | 'api' | false;
  /**
   * `true`: the change leaves `ultima_atualizacao` alone (to test code that must not trust
   * it); `false`: it moves even when the engine's `keepUltimaAtualizacao` says otherwise.
   */
  readonly keepUltimaAtualizacao?: boolean;
}

/**
 * Direct access to the simulated database for tests. Writers keep `ultima_atualizacao` and
 * `ixc_logs` up to date like IXC's UI would, but skip API validation (required fields,
 * references) so tests can build odd data on purpose.
 */
export interface IxcTables {
  /** Every table name. */
  readonly names: readonly IxcTableName[];
  /** Columns of a table, in answer order. */
  columns(table: IxcTableName): readonly string[];
  /** Row count. */
  count(table: IxcTableName): number;
  /** One full row, or undefined. */
  get(table: IxcTableName, id: string | number): IxcRow | undefined;
  /** Every row in id order, full. Costly on big datasets: prefer {@link find} or {@link get}. */
  rows(table: IxcTableName): IxcRow[];
  /** Full rows matching a predicate. */
  find(table: IxcTableName, predicate: (row: IxcRow) => boolean): IxcRow[];
  /** Inserts a row (an `id` may be given); returns the full stored row. */
  insert(table: IxcTableName, row: IxcRowInput, options?: IxcTableWriteOptions): IxcRow;
  /** Merges `patch` into a row; returns the full stored row. Throws when the row is missing. */
  update(
    table: IxcTableName,
    id: string | number,
    patch: IxcRowInput,
    options?: IxcTableWriteOptions,
  ): IxcRow;
  /** Deletes a row (no dependency check); false when it did not exist. */
  remove(table: IxcTableName, id: string | number, options?: IxcTableWriteOptions): boolean;
}

/** Options of {@link createIxcEngine}. */
export interface IxcEngineOptions {
  /** Initial data (default: {@link demoDataset}). Pass `{}` for an empty IXC. */
  readonly dataset?: IxcDataset;
  /** Valid API token `"<userId>:<hash>"` (default {@link DEMO_TOKEN}). */
  readonly token?: string;
  /** Latency added to every request: fixed ms or a `[min, max]` range drawn from `seed`. */
  readonly latencyMs?: LatencySpec;
  /** Seed of latency ranges and fault probabilities (default 1). */
  readonly seed?: number;
  /** Zero-row pages: omit `registros` (default, what clients observe) or send `[]`. */
  readonly emptyResult?: 'omit' | 'empty-array';
  /** Send `total` as a JSON number, as IXC's `cliente` endpoint was seen doing. */
  readonly totalAsNumber?: boolean;
  /** Rows per page when a query has no `rp` (IXC's own default is undocumented). Default 20. */
  readonly defaultRp?: number;
  /** Server clock (default `() => new Date()`). */
  readonly now?: () => Date;
  /** Offset of the server's wall clock from UTC (default −180, Brasília). */
  readonly utcOffsetMinutes?: number;
  /** Record requests in {@link IxcEngine.requests} (default true; turn off for load tests). */
  readonly logRequests?: boolean;
  /**
   * Changes that leave `ultima_atualizacao` alone although they change the row: `true` for all
   * of them, or a predicate over each change (default: none, as the IXC database behaves).
   * @example
   * ```ts
   * // Scheduled jobs change contracts without moving the timestamp.
   * createIxcEngine({ keepUltimaAtualizacao: (c) => c.executou === 'sistema' });
   * ```
   */
  readonly keepUltimaAtualizacao?: boolean | ((change: IxcChange) => boolean);
  /**
   * What `DELETE /sva_usuarios/<id>` may remove: only deactivated accounts (default), any, or
   * none (the integration "does not allow deletion").
   */
  readonly svaUsuariosDelete?: SvaDeletePolicy;
  /** Day counts of the scheduled jobs (automatic block, releases). */
  readonly jobs?: IxcJobsOptions;
}

/** The in-memory IXC: protocol core, data, request log and fault injection. */
export interface IxcEngine {
  /** The valid token; Basic auth must carry `base64(token)`. */
  readonly token: string;
  /** Test-side access to the data. */
  readonly tables: IxcTables;
  /** Every request handled since the last {@link clearRequests}, in arrival order. */
  readonly requests: readonly IxcRequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Fault injection. */
  readonly faults: IxcFaults;
  /** The server clock every write, button and job reads. */
  readonly clock: IxcEngineClock;
  /** IXC's buttons, pressed without HTTP (as an operator by default). */
  readonly buttons: IxcButtons;
  /**
   * Runs IXC's scheduled jobs once at the current clock time.
   * @example
   * ```ts
   * engine.buttons.receber(45);
   * engine.runJobs().liberados; // ['16'] — paid, so released
   * ```
   */
  runJobs(options?: RunJobsOptions): IxcJobReport;
  /**
   * Moves the clock forward by `ms`, running the jobs after every simulated day (and once at
   * the end); returns everything they changed.
   * @example
   * ```ts
   * engine.clock.set('2026-11-10T12:00:00Z');
   * engine.advance(20 * 86_400_000).bloqueados; // contracts blocked on the way
   * ```
   */
  advance(ms: number, options?: RunJobsOptions): IxcJobReport;
  /**
   * A seeded generator of operator activity on this engine.
   * @example
   * ```ts
   * const activity = engine.activity({ seed: 7, perMinute: 60 });
   * engine.clock.set(Date.now());
   * engine.advance(60_000);
   * activity.tick(); // ~60 actions: blocks, releases, payments, new contracts, SVA accounts
   * ```
   */
  activity(options?: IxcActivityOptions): IxcActivity;
  /** Replaces all data (default: the demo dataset). Faults, the clock and the request log are kept. */
  reset(dataset?: IxcDataset): void;
  /** Answers one request. */
  handle(request: IxcHttpRequest): Promise<IxcHttpResponse>;
  /**
   * WHATWG-fetch face: answers a `Request` with a `Response`. A reset rejects with a
   * `TypeError` like undici's "fetch failed"; a hang waits for the request's signal.
   */
  fetch(request: Request): Promise<Response>;
}
