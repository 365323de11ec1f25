/**
 * IXC's write primitives: insert, full-record update, delete and "button" endpoints. A write
 * is sent once and never retried, because a lost answer does not mean a write that did not
 * happen. Every failure is sorted into one of two kinds:
 * - **rejected** ({@link IxcWriteRejectedError}): IXC said no (`{"type":"error"}` or its HTML
 *   `<div>` on 200, a 4xx). Nothing was applied.
 * - **unknown** ({@link IxcWriteUnknownError}): timeout, reset, 5xx, a cut body, an abort once
 *   the request had left. It may have been applied; read back before deciding.
 *
 * A connection that could not even be opened (refused, DNS, TLS) and an abort before sending
 * surface as {@link IxcConnectionError} / {@link IxcAbortError}: nothing reached IXC.
 */
import {
  IxcAbortError,
  IxcApiError,
  type IxcApiErrorInit,
  IxcConnectionError,
  IxcInputError,
  type IxcRequestFacts,
  IxcTimeoutError,
  IxcWriteRejectedError,
  IxcWriteUnknownError,
  isIxcCampsoftError,
  isIxcQueueTimeoutError,
} from '../errors.js';
import { ID_DIGITS } from '../schemas/ixc-limits.js';
import type { CallOptions } from './call-options.js';
import { cleanIxcMessage, errorFromBody } from './envelope.js';
import { assertTable } from './query.js';
import type { IxcRawAnswer, IxcTransport } from './transport.js';

/** A record as IXC writes take it: every value a string. */
export type IxcWriteBody = Readonly<Record<string, string>>;

/** IXC's answer to a successful write. */
export interface IxcWriteAnswer {
  /** The row's id (IXC sends it as a string, sometimes as a number); null when absent. */
  id: number | null;
  /** IXC's message, cleaned (`"Registro inserido com sucesso!"`). */
  message: string;
}

// Codes of connections that never reached IXC: the write cannot have been applied.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Writes to IXC over the client's transport (same auth, timeout, TLS), one attempt each.
 *
 * @example
 * ```ts
 * const { id } = await writer.insert('vd_contratos_produtos', { tipo: 'SVA', id_contrato: '8', … });
 * await writer.update('sva_usuarios', 12, { ...fullRecord, status_integracao: 'B' });
 * await writer.remove('vd_contratos_produtos', id);
 * await writer.button('cliente_contrato_15464', { id_contrato: '8' });
 * ```
 */
export class IxcWriter {
  readonly #transport: IxcTransport;

  constructor(transport: IxcTransport) {
    this.#transport = transport;
  }

  /**
   * Inserts a row (`POST /<table>` without `ixcsoft: listar`) and returns its id.
   *
   * @throws {IxcWriteRejectedError} IXC refused it: nothing was inserted.
   * @throws {IxcWriteUnknownError} the answer was lost, or had no id: look the row up.
   */
  async insert(
    table: string,
    body: IxcWriteBody,
    options: CallOptions = {},
  ): Promise<{ id: number }> {
    const facts = { method: 'POST', table };
    const answer = await this.#send('POST', assertTable(table), body, facts, options);
    if (answer.id === null) {
      throw new IxcWriteUnknownError('malformed', 'IXC answered success without an id', facts);
    }
    return { id: answer.id };
  }

  /**
   * Replaces a row (`PUT /<table>/<id>`). IXC wants the whole record: send every column,
   * merged from a fresh read, or IXC blanks or refuses the missing ones.
   *
   * @throws {IxcWriteRejectedError} IXC refused it: nothing changed.
   * @throws {IxcWriteUnknownError} the answer was lost: read the row back.
   */
  async update(
    table: string,
    id: number,
    body: IxcWriteBody,
    options: CallOptions = {},
  ): Promise<{ id: number }> {
    const facts = { method: 'PUT', table };
    const answer = await this.#send(
      'PUT',
      `${assertTable(table)}/${rowId(id)}`,
      body,
      facts,
      options,
    );
    return { id: answer.id ?? id };
  }

  /**
   * Deletes a row (`DELETE /<table>/<id>`). IXC refuses while other rows depend on it.
   *
   * @throws {IxcWriteRejectedError} IXC refused it: nothing was deleted.
   * @throws {IxcWriteUnknownError} the answer was lost: read the row back.
   */
  async remove(table: string, id: number, options: CallOptions = {}): Promise<void> {
    const facts = { method: 'DELETE', table };
    await this.#send('DELETE', `${assertTable(table)}/${rowId(id)}`, undefined, facts, options);
  }

  /**
   * Presses an IXC button (`POST /<endpoint>`, e.g. `cliente_contrato_15464`) and returns its
   * JSON answer. Buttons that answer with Portuguese keys (`{"tipo":"erro","mensagem"}`) are
   * read like the others.
   *
   * @throws {IxcWriteRejectedError} IXC refused it.
   * @throws {IxcWriteUnknownError} the answer was lost: check the state it changes.
   */
  async button(
    endpoint: string,
    body: IxcWriteBody,
    options: CallOptions = {},
  ): Promise<Record<string, unknown>> {
    const facts = { method: 'POST', table: endpoint };
    let json: Record<string, unknown> = {};
    await this.#send('POST', assertTable(endpoint), body, facts, options, (parsed) => {
      json = parsed;
    });
    return json;
  }

  async #send(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: IxcWriteBody | undefined,
    facts: IxcRequestFacts,
    options: CallOptions,
    keep?: (json: Record<string, unknown>) => void,
  ): Promise<IxcWriteAnswer> {
    if (options.signal?.aborted) throw new IxcAbortError(facts, { cause: options.signal.reason });
    let raw: IxcRawAnswer;
    try {
      raw = await this.#transport.send(method, path, body, options);
    } catch (error) {
      throw classifyFailure(error, facts);
    }
    const json = readAnswer(raw, facts);
    keep?.(json);
    return {
      id: toId(json.id),
      message: cleanIxcMessage(stringOf(json.message ?? json.mensagem), raw.secrets),
    };
  }
}

function rowId(id: number): string {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new IxcInputError('Invalid IXC row id', [
      { path: 'id', message: 'must be a positive integer' },
    ]);
  }
  return String(id);
}

function classifyFailure(error: unknown, facts: IxcRequestFacts): unknown {
  // Waiting for a request slot timed out: the request never left.
  if (isIxcQueueTimeoutError(error)) return error;
  if (error instanceof IxcTimeoutError) {
    return new IxcWriteUnknownError('timeout', error.message, facts, { cause: error });
  }
  if (error instanceof IxcAbortError) {
    // The signal was checked before sending, so this abort came while the request was out.
    return new IxcWriteUnknownError('aborted', 'aborted while the request was in flight', facts, {
      cause: error,
    });
  }
  if (error instanceof IxcConnectionError) {
    if (NOT_SENT.has(networkCode(error))) return error;
    return new IxcWriteUnknownError('connection', error.message, facts, { cause: error });
  }
  if (isIxcCampsoftError(error)) return error;
  return new IxcWriteUnknownError('connection', 'the request failed', facts, { cause: error });
}

function networkCode(error: IxcConnectionError): string {
  const outer = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return String(outer?.cause?.code ?? outer?.code ?? '');
}

function readAnswer(raw: IxcRawAnswer, facts: IxcRequestFacts): Record<string, unknown> {
  const ctx = { ...facts, status: raw.status, secrets: raw.secrets };
  if (raw.status >= 500) {
    const detail = errorFromBody(raw.text, ctx);
    return doubt('server-error', `IXC answered ${raw.status}: ${detail.ixcMessage}`, facts, raw);
  }
  if (raw.status < 200 || raw.status >= 300) throw rejected(errorFromBody(raw.text, ctx));
  if (raw.text.trimStart().startsWith('<')) {
    throw rejected(
      IxcApiError.from({
        ...ctx,
        ixcMessage: cleanIxcMessage(raw.text, raw.secrets),
        format: 'html',
      }),
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    return doubt('malformed', 'IXC answered with a cut or unreadable body', facts, raw);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return doubt('malformed', 'IXC answered with an unexpected JSON shape', facts, raw);
  }
  const body = json as Record<string, unknown>;
  const kind = stringOf(body.type ?? body.tipo).toLowerCase();
  if (kind === 'error' || kind === 'erro') {
    throw rejected(
      IxcApiError.from({
        ...ctx,
        ixcMessage: cleanIxcMessage(stringOf(body.message ?? body.mensagem), raw.secrets),
        format: 'json',
      }),
    );
  }
  return body;
}

function doubt(
  reason: 'server-error' | 'malformed',
  detail: string,
  facts: IxcRequestFacts,
  raw: IxcRawAnswer,
): never {
  throw new IxcWriteUnknownError(reason, detail, { ...facts, status: raw.status });
}

function rejected(error: IxcApiError): IxcWriteRejectedError {
  const init: IxcApiErrorInit = {
    status: error.status,
    ixcMessage: error.ixcMessage,
    format: error.format,
    method: error.method,
    table: error.table,
  };
  return new IxcWriteRejectedError(init);
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function toId(value: unknown): number | null {
  const s =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!ID_DIGITS.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}
