/**
 * The read primitives every method is built from: one validated page, every row of a filter,
 * and batched `IN` lookups. Everything goes through the coalescing/caching layer, and every
 * row through its table's zod schema.
 */
import type { z } from 'zod';
import { IxcDataError } from '../errors.js';
import type { CallOptions } from '../ixc/call-options.js';
import { buildQuery, type IxcFilter, type IxcSort } from '../ixc/query.js';
import type { IxcListResult, IxcTransport } from '../ixc/transport.js';
import { LOOKUP_PAGE_SIZE } from '../schemas/ixc-limits.js';
import { idFilter } from '../schemas/ixc-values.js';
import { plainRowParser } from '../schemas/raw/row-parser.js';
import type { ReadSharing } from './read-sharing.js';
import type { Trace } from './response.js';

/** Ids per `IN` list: keeps the filter well under any URL/body limit a proxy may have. */
export const IN_CHUNK = 500;

/** A zod schema of a raw IXC row. */
export type RowSchema = z.ZodType<{ id: string }>;

/** One page of validated rows. */
export interface RowsPage<T> {
  rows: T[];
  total: number;
}

/** Page request: by number, or keyset after an id (sorted by id ascending). */
export interface RowsRequest {
  filters: IxcFilter[];
  rp: number;
  page?: number;
  afterId?: number | null;
  sort?: IxcSort | undefined;
}

/** The call a read belongs to: its per-call options, and where its requests are recorded. */
export interface ReadContext {
  call: CallOptions;
  trace: Trace;
}

/** Validated reads from IXC. */
export class Reader {
  readonly #transport: IxcTransport;
  readonly #sharing: ReadSharing;

  constructor(transport: IxcTransport, sharing: ReadSharing) {
    this.#transport = transport;
    this.#sharing = sharing;
  }

  /** One page of `table`, sorted by id, rows as IXC sent them (not validated). */
  async raw(table: string, req: RowsRequest, ctx: ReadContext): Promise<IxcListResult> {
    const filters =
      req.afterId != null
        ? [...req.filters, { column: 'id', op: '>' as const, value: req.afterId }]
        : req.filters;
    const body = buildQuery(table, {
      filters,
      rp: req.rp,
      page: req.afterId != null ? 1 : (req.page ?? 1),
      sort: req.sort ?? { column: 'id', order: 'asc' },
    });
    const { call } = ctx;
    // Per-call headers may change IXC's answer (a proxy's routing, a tenant hint): reads with
    // different headers are never shared.
    const json = JSON.stringify(body);
    const key = `${table}\n${json}${call.headers ? `\n${JSON.stringify(call.headers)}` : ''}`;
    const result = await this.#sharing.run(table, key, call, (signal) =>
      this.#transport.list(
        table,
        body,
        { signal, timeout: call.timeout, maxRetries: call.maxRetries, headers: call.headers },
        json,
      ),
    );
    ctx.trace.push(result.info);
    return result;
  }

  /** One page of `table`, sorted by id, each row checked by `schema`. */
  async page<S extends RowSchema>(
    table: string,
    schema: S,
    req: RowsRequest,
    ctx: ReadContext,
  ): Promise<RowsPage<z.output<S>>> {
    const envelope = await this.raw(table, req, ctx);
    return { rows: validateRows(table, schema, envelope.rows), total: envelope.total };
  }

  /** Every row matching `filters`, walking pages by id. */
  async all<S extends RowSchema>(
    table: string,
    schema: S,
    filters: IxcFilter[],
    ctx: ReadContext,
  ): Promise<z.output<S>[]> {
    const out: z.output<S>[] = [];
    let afterId: number | null = null;
    for (;;) {
      const { rows, total }: RowsPage<z.output<S>> = await this.page(
        table,
        schema,
        { filters, rp: LOOKUP_PAGE_SIZE, afterId },
        ctx,
      );
      out.push(...rows);
      const last = rows.at(-1);
      if (!last || rows.length >= total) return out;
      afterId = Number(last.id);
    }
  }

  /** Rows whose `column` is one of `ids`: one `IN` request per {@link IN_CHUNK} ids, in parallel. */
  async byIds<S extends RowSchema>(
    table: string,
    schema: S,
    column: string,
    ids: Iterable<number>,
    ctx: ReadContext,
  ): Promise<z.output<S>[]> {
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    if (unique.length === 0) return [];
    const chunks: number[][] = [];
    for (let i = 0; i < unique.length; i += IN_CHUNK) chunks.push(unique.slice(i, i + IN_CHUNK));
    const parts = await Promise.all(
      chunks.map((chunk) => this.all(table, schema, [idFilter(column, chunk)], ctx)),
    );
    return parts.flat();
  }
}

/**
 * Validates raw rows; the error names the table, the row index and the field. A `rawRow`
 * schema's rows are read by its plain reader, and the schema itself judges only a row that
 * reader refuses, so the issues are zod's.
 */
export function validateRows<S extends RowSchema>(
  table: string,
  schema: S,
  rows: unknown[],
): z.output<S>[] {
  const out: z.output<S>[] = new Array(rows.length);
  const plain = plainRowParser(schema);
  for (let i = 0; i < rows.length; i++) {
    const read = plain?.(rows[i]);
    if (read !== undefined) {
      out[i] = read as z.output<S>;
      continue;
    }
    const result = schema.safeParse(rows[i]);
    if (!result.success) {
      throw new IxcDataError(
        `IXC sent a ${table} row that does not fit its schema`,
        result.error.issues.map((issue) => ({
          path: ['registros', i, ...issue.path].join('.'),
          message: issue.message,
        })),
        { method: 'POST', table },
      );
    }
    out[i] = result.data;
  }
  return out;
}
