/**
 * The error hierarchy of ixc-campsoft. Every error the package throws is an
 * {@link IxcCampsoftError}; ky's own errors and raw fetch failures never escape.
 *
 * Instances carry a brand (a global symbol) listing their class chain, so the `is…` guards
 * work across the ESM and CJS copies of the package and across realms, where `instanceof`
 * fails. Other modules of the package define their classes the same way: extend
 * {@link IxcCampsoftError} and build the guard with {@link errorGuard}.
 */

const BRAND = Symbol.for('ixc-campsoft.error');

/** Facts about the IXC request that produced an error. Never holds the token. */
export interface IxcRequestFacts {
  /** HTTP verb sent to IXC (queries are `POST` with `ixcsoft: listar`). */
  method?: string;
  /** IXC table (resource) the request addressed, e.g. `cliente`. */
  table?: string;
}

/**
 * Root of every error thrown by ixc-campsoft.
 *
 * @example
 * ```ts
 * try {
 *   await client.getCliente(7);
 * } catch (err) {
 *   if (isIxcCampsoftError(err)) console.error(err.name, err.message);
 * }
 * ```
 */
export class IxcCampsoftError extends Error {
  /** HTTP verb sent to IXC, when a request was involved. */
  readonly method: string | undefined;
  /** IXC table the request addressed, when a request was involved. */
  readonly table: string | undefined;

  constructor(message: string, facts: IxcRequestFacts = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.method = facts.method;
    this.table = facts.table;
    const chain: string[] = [];
    for (
      let p = Object.getPrototypeOf(this);
      p && p !== Error.prototype;
      p = Object.getPrototypeOf(p)
    ) {
      chain.push(p.constructor.name);
    }
    Object.defineProperty(this, BRAND, { value: chain, enumerable: false });
  }
}

/** How IXC worded an error answer. */
export type IxcErrorFormat = 'json' | 'html' | 'text' | 'malformed';

/** Options of {@link IxcApiError}. */
export interface IxcApiErrorInit extends IxcRequestFacts {
  status: number;
  ixcMessage: string;
  format: IxcErrorFormat;
  retryAfterMs?: number | undefined;
}

/**
 * IXC answered, but with an error: a `{"type":"error"}` body on HTTP 200, IXC's red HTML
 * `<div>` page on any status, a body that is not JSON, or a non-2xx status. Subclasses name
 * the common statuses.
 *
 * @example
 * ```ts
 * try {
 *   await client.query('clientee', []);
 * } catch (err) {
 *   if (isIxcApiError(err)) console.log(err.status, err.ixcMessage); // 200 'Recurso clientee não está disponível!'
 * }
 * ```
 */
export class IxcApiError extends IxcCampsoftError {
  /** HTTP status of IXC's answer (often 200: IXC reports many errors on 200). */
  readonly status: number;
  /** IXC's own message, cleaned of HTML (`<br />`, tags) and whitespace. */
  readonly ixcMessage: string;
  /** Whether IXC answered with its JSON error shape, its HTML page, plain text or broken JSON. */
  readonly format: IxcErrorFormat;
  /** The wait IXC asked for with `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: IxcApiErrorInit) {
    const where = [init.method, init.table].filter(Boolean).join(' ');
    super(
      `IXC ${init.status}${where ? ` (${where})` : ''}: ${init.ixcMessage || 'no message'}`,
      init,
    );
    this.status = init.status;
    this.ixcMessage = init.ixcMessage;
    this.format = init.format;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** Picks the subclass that names `init.status`. */
  static from(init: IxcApiErrorInit): IxcApiError {
    const s = init.status;
    if (s === 400) return new IxcBadRequestError(init);
    if (s === 401) return new IxcAuthenticationError(init);
    if (s === 403) return new IxcPermissionDeniedError(init);
    if (s === 429) return new IxcRateLimitError(init);
    if (s >= 500) return new IxcServerError(init);
    return new IxcApiError(init);
  }
}

/** IXC answered 400: per IXC support, a TLS problem on the server or a non-Basic scheme. */
export class IxcBadRequestError extends IxcApiError {}

/** IXC answered 401: wrong token, inactive user, or the webservice flag is off for the user. */
export class IxcAuthenticationError extends IxcApiError {}

/** IXC answered 403: typically a token issued before a server migration. */
export class IxcPermissionDeniedError extends IxcApiError {}

/** IXC (or a proxy in front of it) answered 429. */
export class IxcRateLimitError extends IxcApiError {}

/** IXC answered 5xx: overloaded (504 on heavy queries is common) or failing. */
export class IxcServerError extends IxcApiError {}

/**
 * The record asked for does not exist in IXC (for example `getCliente` of an unknown id).
 *
 * @example
 * ```ts
 * await client.getCliente(999_999).catch((err) => {
 *   if (isIxcNotFoundError(err)) console.log(err.table, err.id); // 'cliente' 999999
 * });
 * ```
 */
export class IxcNotFoundError extends IxcCampsoftError {
  /** The id that was not found. */
  readonly id: string;
  constructor(table: string, id: string | number) {
    super(`No ${table} with id ${id} in IXC`, { table });
    this.id = String(id);
  }
}

/** No answer from IXC: connection refused or reset, DNS failure, TLS failure, cut body. */
export class IxcConnectionError extends IxcCampsoftError {
  constructor(message: string, facts: IxcRequestFacts = {}, options?: { cause?: unknown }) {
    super(message, facts, options);
  }
}

/** An attempt to reach IXC took longer than the `timeout` option (headers and body). */
export class IxcTimeoutError extends IxcConnectionError {
  /** The per-attempt timeout that was exceeded, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, facts: IxcRequestFacts = {}) {
    super(`IXC did not answer within ${timeoutMs} ms`, facts);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the call through its `AbortSignal`. */
export class IxcAbortError extends IxcCampsoftError {
  constructor(facts: IxcRequestFacts = {}, options?: { cause?: unknown }) {
    super('The request was aborted by the caller', facts, options);
  }
}

/** One problem found by a zod schema, with the field it concerns. */
export interface IxcValidationIssue {
  /** Path of the offending value, e.g. `registros.3.id`. */
  path: string;
  message: string;
}

function summarise(summary: string, issues: readonly IxcValidationIssue[]): string {
  const first = issues[0];
  return first ? `${summary}: ${first.path ? `${first.path}: ` : ''}${first.message}` : summary;
}

/**
 * A value failed its schema. Two subclasses say whose value it was:
 * {@link IxcInputError} (an argument given to the client) and {@link IxcDataError} (a row
 * IXC sent). Check the subclass guards rather than `source`, which stays for compatibility.
 *
 * @example
 * ```ts
 * await client.getCliente(-1).catch((err) => {
 *   if (isIxcValidationError(err)) console.log(err.issues[0]?.message);
 * });
 * ```
 */
export class IxcValidationError extends IxcCampsoftError {
  /** Every problem found, with its path. */
  readonly issues: IxcValidationIssue[];
  /**
   * Whose value failed: `'input'` for an argument given to the client, `'ixc'` for a row
   * IXC sent (then `table` names it). Same meaning as {@link isIxcInputError} /
   * {@link isIxcDataError}.
   */
  readonly source: 'input' | 'ixc';
  constructor(
    summary: string,
    issues: IxcValidationIssue[],
    facts: IxcRequestFacts = {},
    source: 'input' | 'ixc' = 'input',
  ) {
    super(summarise(summary, issues), facts);
    this.issues = issues;
    this.source = source;
  }
}

/**
 * An argument given to a client method is not valid (an id that is not a positive integer,
 * a column that is not `tabela.campo`, a `pageSize` over 500…). Nothing was sent to IXC. The
 * router answers it with 400.
 *
 * @example
 * ```ts
 * await client.getCliente('7 OR 1=1').catch((err) => {
 *   if (isIxcInputError(err)) console.log(err.issues); // [{ path: 'id', message: … }]
 * });
 * ```
 */
export class IxcInputError extends IxcValidationError {
  constructor(summary: string, issues: IxcValidationIssue[], facts: IxcRequestFacts = {}) {
    super(summary, issues, facts, 'input');
  }
}

/**
 * IXC sent a row that does not fit its schema (`table` names the table, each issue's `path`
 * the row and field, e.g. `registros.3.id`). Usually an IXC version this package does not
 * know yet. The router answers it with 502.
 *
 * @example
 * ```ts
 * await client.listPlanos().catch((err) => {
 *   if (isIxcDataError(err)) console.error(err.table, err.issues[0]?.path);
 * });
 * ```
 */
export class IxcDataError extends IxcValidationError {
  constructor(summary: string, issues: IxcValidationIssue[], facts: IxcRequestFacts = {}) {
    super(summary, issues, facts, 'ixc');
  }
}

/**
 * A setting is wrong where the package is set up: an option of `new IxcCampsoftClient()`
 * (a token without `:`, a relative URL, a `pageSize` over 500…) or of another factory of the
 * package. Thrown at construction, never on a request. A token never appears in it.
 *
 * @example
 * ```ts
 * try {
 *   new IxcCampsoftClient({ baseUrl: 'ixc.example.com.br', token: process.env.IXC_TOKEN! });
 * } catch (err) {
 *   if (isIxcConfigurationError(err)) console.error(err.issues.map((i) => i.path)); // ['baseUrl']
 * }
 * ```
 */
export class IxcConfigurationError extends IxcCampsoftError {
  /** Every wrong setting, by its option path. */
  readonly issues: IxcValidationIssue[];
  constructor(summary: string, issues: IxcValidationIssue[]) {
    super(summarise(summary, issues));
    this.issues = issues;
  }
}

/**
 * A call waited longer than the client's `queueTimeout` for one of the `maxConcurrency`
 * request slots to IXC: IXC was not asked. A subclass of {@link IxcTimeoutError}, so code
 * that handles timeouts handles it; it is never retried, since retrying would queue again.
 *
 * @example
 * ```ts
 * await client.getCliente(7).catch((err) => {
 *   if (isIxcQueueTimeoutError(err)) console.warn(`IXC busy: ${err.maxConcurrency} in flight`);
 * });
 * ```
 */
export class IxcQueueTimeoutError extends IxcTimeoutError {
  /** The client's `maxConcurrency`. */
  readonly maxConcurrency: number;
  constructor(queueTimeoutMs: number, maxConcurrency: number, facts: IxcRequestFacts = {}) {
    super(queueTimeoutMs, facts);
    this.message = `No IXC request slot free within ${queueTimeoutMs} ms (maxConcurrency ${maxConcurrency})`;
    this.maxConcurrency = maxConcurrency;
  }
}

/** A class of this package's error hierarchy, as {@link errorGuard} takes it. */
// biome-ignore lint/suspicious/noExplicitAny: constructors of any signature are accepted.
export type IxcErrorClass<T extends IxcCampsoftError> = abstract new (...args: any[]) => T;

/**
 * Builds the `is…` guard of an error class from its brand, so it recognises instances made
 * by the ESM and the CJS copy of the package alike (where `instanceof` fails). For modules
 * of this package that define their own error classes:
 *
 * ```ts
 * export class IxcSvaWriteError extends IxcCampsoftError {}
 * export const isIxcSvaWriteError = errorGuard(IxcSvaWriteError);
 * ```
 *
 * The class name is the brand: classes must keep their names through bundling (tsup
 * `keepNames`), and two classes of the package must never share a name.
 *
 * @internal
 */
export function errorGuard<T extends IxcCampsoftError>(
  errorClass: IxcErrorClass<T>,
): (value: unknown) => value is T {
  const name = errorClass.name;
  return (value: unknown): value is T => {
    if (typeof value !== 'object' || value === null) return false;
    const chain = (value as { [BRAND]?: unknown })[BRAND];
    return Array.isArray(chain) && chain.includes(name);
  };
}

/** True for any error thrown by ixc-campsoft, from either the ESM or the CJS build. */
export const isIxcCampsoftError = errorGuard(IxcCampsoftError);
/** True for {@link IxcApiError} and its status subclasses. */
export const isIxcApiError = errorGuard(IxcApiError);
/** True for {@link IxcBadRequestError} (IXC answered 400). */
export const isIxcBadRequestError = errorGuard(IxcBadRequestError);
/** True for {@link IxcAuthenticationError} (IXC answered 401). */
export const isIxcAuthenticationError = errorGuard(IxcAuthenticationError);
/** True for {@link IxcPermissionDeniedError} (IXC answered 403). */
export const isIxcPermissionDeniedError = errorGuard(IxcPermissionDeniedError);
/** True for {@link IxcRateLimitError} (IXC answered 429). */
export const isIxcRateLimitError = errorGuard(IxcRateLimitError);
/** True for {@link IxcServerError} (IXC answered 5xx). */
export const isIxcServerError = errorGuard(IxcServerError);
/** True for {@link IxcNotFoundError}. */
export const isIxcNotFoundError = errorGuard(IxcNotFoundError);
/** True for {@link IxcConnectionError} and its subclasses (timeouts included). */
export const isIxcConnectionError = errorGuard(IxcConnectionError);
/** True for {@link IxcTimeoutError} and {@link IxcQueueTimeoutError}. */
export const isIxcTimeoutError = errorGuard(IxcTimeoutError);
/** True for {@link IxcQueueTimeoutError}. */
export const isIxcQueueTimeoutError = errorGuard(IxcQueueTimeoutError);
/** True for {@link IxcAbortError}. */
export const isIxcAbortError = errorGuard(IxcAbortError);
/** True for {@link IxcValidationError}, {@link IxcInputError} and {@link IxcDataError}. */
export const isIxcValidationError = errorGuard(IxcValidationError);
/** True for {@link IxcInputError}: a bad argument, nothing sent to IXC. */
export const isIxcInputError = errorGuard(IxcInputError);
/** True for {@link IxcDataError}: IXC sent a row that does not fit its schema. */
export const isIxcDataError = errorGuard(IxcDataError);
/** True for {@link IxcConfigurationError}: a wrong option at construction. */
export const isIxcConfigurationError = errorGuard(IxcConfigurationError);

// ───────────────────────────────────────────────────────────────────────────────────────────
// IXC writes and SVA changes
// ───────────────────────────────────────────────────────────────────────────────────────────

type IxcOperation = import('./schemas/domain/sva.js').IxcOperation;

/**
 * IXC refused a write (insert, PUT, DELETE, button): `{"type":"error"}` or the HTML `<div>`
 * on HTTP 200, or a 4xx. Nothing was applied; fix the cause before trying again.
 *
 * @example
 * ```ts
 * await writer.insert('sva_usuarios', body).catch((err) => {
 *   if (isIxcWriteRejectedError(err)) console.log(err.ixcMessage); // 'O campo id_contrato é obrigatório!'
 * });
 * ```
 */
export class IxcWriteRejectedError extends IxcApiError {}

/** Why the outcome of a write is unknown. */
export type IxcWriteDoubt = 'timeout' | 'connection' | 'server-error' | 'malformed' | 'aborted';

/**
 * A write's answer was lost: timeout, connection reset, 5xx, a cut or unreadable body, or an
 * abort after the request left. IXC **may have applied it**. Never resend it blindly: read
 * the row back (by id, or by its natural key for an insert) and decide.
 *
 * @example
 * ```ts
 * try {
 *   await writer.insert('vd_contratos_produtos', line);
 * } catch (err) {
 *   if (isIxcWriteUnknownError(err)) {
 *     // look the line up by id_contrato + id_produto before doing anything else
 *   }
 * }
 * ```
 */
export class IxcWriteUnknownError extends IxcCampsoftError {
  /** What went wrong. */
  readonly reason: IxcWriteDoubt;
  /** HTTP status, when IXC (or a proxy) answered one. */
  readonly status: number | undefined;
  constructor(
    reason: IxcWriteDoubt,
    detail: string,
    facts: IxcRequestFacts & { status?: number } = {},
    options?: { cause?: unknown },
  ) {
    const where = [facts.method, facts.table].filter(Boolean).join(' ');
    super(`IXC may have applied ${where || 'the write'}: ${detail}`, facts, options);
    this.reason = reason;
    this.status = facts.status;
  }
}

/**
 * IXC answered success but the row read back lacks what was written: IXC silently drops the
 * columns it does not let the API write.
 */
export class IxcWriteIgnoredError extends IxcCampsoftError {
  /** The row. */
  readonly id: number;
  /** Columns whose stored value differs from the written one. */
  readonly fields: string[];
  constructor(table: string, id: number, fields: string[] = []) {
    super(`IXC did not store ${fields.join(', ') || 'the write'} on ${table} ${id}`, { table });
    this.id = id;
    this.fields = fields;
  }
}

/** Root of the errors of the SVA methods (`ativarSva`, `bloquearSva`…). */
export class SvaError extends IxcCampsoftError {
  /** The customer the call was about. */
  readonly clienteId: number;
  constructor(message: string, clienteId: number, options?: { cause?: unknown }) {
    super(message, {}, options);
    this.clienteId = clienteId;
  }
}

/** Why a product cannot be activated as an SVA. */
export type SvaProductProblem = 'unknown' | 'not-sva' | 'inactive' | 'no-integration';

/**
 * The product is not an SVA offered through Campsoft: unknown id, not an SVA, inactive in the
 * catalogue, or without an SVA integration. Pick one from `listSvas()`.
 */
export class SvaProductNotSvaError extends SvaError {
  readonly produtoId: number;
  readonly problem: SvaProductProblem;
  constructor(clienteId: number, produtoId: number, problem: SvaProductProblem) {
    const why = {
      unknown: 'does not exist',
      'not-sva': 'is not an SVA offered through Campsoft',
      inactive: 'is inactive in the catalogue',
      'no-integration': 'has no SVA integration',
    }[problem];
    super(`Product ${produtoId} ${why}`, clienteId);
    this.produtoId = produtoId;
    this.problem = problem;
  }
}

/**
 * No contract to use: the contract given is not one of the customer's (`contratoId` set), or
 * none was given and the customer has no active contract (`contratoId` null).
 */
export class SvaContractNotFoundError extends SvaError {
  readonly contratoId: number | null;
  constructor(clienteId: number, contratoId: number | null) {
    super(
      contratoId === null
        ? `Customer ${clienteId} has no active contract`
        : `Contract ${contratoId} is not a contract of customer ${clienteId}`,
      clienteId,
    );
    this.contratoId = contratoId;
  }
}

/** The customer has several active contracts and none was given: pass `contratoId`. */
export class SvaContractAmbiguousError extends SvaError {
  /** The active contracts to choose from. */
  readonly contratoIds: number[];
  constructor(clienteId: number, contratoIds: number[]) {
    super(
      `Customer ${clienteId} has ${contratoIds.length} active contracts (${contratoIds.join(', ')}): say which one`,
      clienteId,
    );
    this.contratoIds = contratoIds;
  }
}

/** The contract is cancelled (`status` I inativo or D desistiu): an SVA cannot be added. */
export class SvaContractCancelledError extends SvaError {
  readonly contratoId: number;
  /** IXC's `cliente_contrato.status` letter. */
  readonly status: string;
  constructor(clienteId: number, contratoId: number, status: string) {
    super(`Contract ${contratoId} is cancelled (status ${status})`, clienteId);
    this.contratoId = contratoId;
    this.status = status;
  }
}

/** No SVA account (`sva_usuarios`) with this id on any of the customer's contracts. */
export class SvaAccountNotFoundError extends SvaError {
  readonly contaId: number;
  constructor(clienteId: number, contaId: number) {
    super(`Customer ${clienteId} has no SVA account ${contaId}`, clienteId);
    this.contaId = contaId;
  }
}

/** The account is deactivated (D): it cannot be blocked or unblocked; `ativarSva` reactivates it. */
export class SvaAccountCancelledError extends SvaError {
  readonly contaId: number;
  constructor(clienteId: number, contaId: number) {
    super(`SVA account ${contaId} is deactivated; activate the SVA again instead`, clienteId);
    this.contaId = contaId;
  }
}

/** Options of {@link SvaWriteError}. */
export interface SvaWriteErrorInit {
  clienteId: number;
  /** Operations IXC applied, in order, with the ids it gave. */
  done: IxcOperation[];
  /** The operation that failed, or null when every write went through but a read-back failed. */
  failed: IxcOperation | null;
  /** Planned operations not attempted. */
  pending: IxcOperation[];
  /** Whether the failed operation was applied: `'no'`, or `'unknown'` when IXC could not be asked. */
  applied: 'no' | 'unknown';
  cause: unknown;
}

/**
 * An SVA change stopped before its end. `done` lists exactly what IXC applied (with ids);
 * calling the same method again with the same input finishes the job without duplicating
 * anything, because each call plans from what IXC holds.
 *
 * @example
 * ```ts
 * try {
 *   await ixc.ativarSva(7, { produtoId: 3, contratoId: 8 });
 * } catch (err) {
 *   if (isSvaWriteError(err)) {
 *     console.log(err.done.map((op) => `${op.method} ${op.table} ${op.ixcId ?? op.id}`));
 *     // later: the same call again
 *   }
 * }
 * ```
 */
export class SvaWriteError extends SvaError {
  readonly done: IxcOperation[];
  readonly failed: IxcOperation | null;
  readonly pending: IxcOperation[];
  readonly applied: 'no' | 'unknown';
  constructor(init: SvaWriteErrorInit) {
    const did = init.done.length
      ? `done: ${init.done.map((o) => `${o.method} ${o.table} ${o.ixcId ?? o.id ?? ''}`.trim()).join(', ')}`
      : 'nothing was written';
    const step = init.failed
      ? `${init.failed.method} ${init.failed.table}${init.failed.id ? ` ${init.failed.id}` : ''} ${init.applied === 'no' ? 'failed' : 'may or may not have been applied'}`
      : 'the writes went through but could not be checked';
    const why = init.cause instanceof Error ? `: ${init.cause.message}` : '';
    super(
      `SVA change incomplete, ${step}${why} (${did}); repeat the same call to finish`,
      init.clienteId,
      { cause: init.cause },
    );
    this.done = init.done;
    this.failed = init.failed;
    this.pending = init.pending;
    this.applied = init.applied;
  }
}

/** True for {@link IxcWriteRejectedError}. */
export const isIxcWriteRejectedError = errorGuard(IxcWriteRejectedError);
/** True for {@link IxcWriteUnknownError}. */
export const isIxcWriteUnknownError = errorGuard(IxcWriteUnknownError);
/** True for {@link IxcWriteIgnoredError}. */
export const isIxcWriteIgnoredError = errorGuard(IxcWriteIgnoredError);
/** True for every SVA method error ({@link SvaError} and its subclasses). */
export const isSvaError = errorGuard(SvaError);
/** True for {@link SvaProductNotSvaError}. */
export const isSvaProductNotSvaError = errorGuard(SvaProductNotSvaError);
/** True for {@link SvaContractNotFoundError}. */
export const isSvaContractNotFoundError = errorGuard(SvaContractNotFoundError);
/** True for {@link SvaContractAmbiguousError}. */
export const isSvaContractAmbiguousError = errorGuard(SvaContractAmbiguousError);
/** True for {@link SvaContractCancelledError}. */
export const isSvaContractCancelledError = errorGuard(SvaContractCancelledError);
/** True for {@link SvaAccountNotFoundError}. */
export const isSvaAccountNotFoundError = errorGuard(SvaAccountNotFoundError);
/** True for {@link SvaAccountCancelledError}. */
export const isSvaAccountCancelledError = errorGuard(SvaAccountCancelledError);
/** True for {@link SvaWriteError}. */
export const isSvaWriteError = errorGuard(SvaWriteError);
