/**
 * The reads SVA writes plan from, with a signal per call. SVA flows make several reads per
 * step and never share or cache them, so a plain signal is all they pass along; this wraps
 * the client's {@link Reader} and gives each read a trace of its own.
 */
import type { z } from 'zod';
import type { IxcFilter } from '../../ixc/query.js';
import type { Reader, RowSchema, RowsPage, RowsRequest } from '../reader.js';

type Signal = AbortSignal | undefined;

/** Validated, unshared reads for the SVA flows. */
export class SvaReader {
  readonly #reader: Reader;

  constructor(reader: Reader) {
    this.#reader = reader;
  }

  /** One page of `table`, each row checked by `schema`. */
  page<S extends RowSchema>(
    table: string,
    schema: S,
    req: RowsRequest & { signal?: Signal },
  ): Promise<RowsPage<z.output<S>>> {
    const { signal, ...rest } = req;
    return this.#reader.page(table, schema, rest, { call: { signal }, trace: [] });
  }

  /** Every row matching `filters`, walking pages by id. */
  all<S extends RowSchema>(
    table: string,
    schema: S,
    filters: IxcFilter[],
    signal: Signal,
  ): Promise<z.output<S>[]> {
    return this.#reader.all(table, schema, filters, { call: { signal }, trace: [] });
  }

  /** Rows whose `column` is one of `ids`. */
  byIds<S extends RowSchema>(
    table: string,
    schema: S,
    column: string,
    ids: Iterable<number>,
    signal: Signal,
  ): Promise<z.output<S>[]> {
    return this.#reader.byIds(table, schema, column, ids, { call: { signal }, trace: [] });
  }
}
