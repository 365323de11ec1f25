import { type Plano, toPlano } from '../schemas/domain/plano.js';
import { RawVdContratoSchema } from '../schemas/raw/tables.js';
import { firstPage, type PagePromise, pageResult } from './page.js';
import type { Reader } from './reader.js';

/** Options of `listPlanos`. */
export interface ListPlanosOptions {
  /** 1-based page to start from. @defaultValue 1 */
  page?: number;
  /** Rows per page, 1–500. @defaultValue the client's `pageSize` */
  pageSize?: number;
  /** Only plans that can be sold (`true`) or only retired ones (`false`). */
  ativo?: boolean;
  /** Cancels the call. */
  signal?: AbortSignal;
}

/** `vd_contratos`, one page at a time: one IXC request per page. */
export function listPlanos(
  reader: Reader,
  pageSize: number,
  options: ListPlanosOptions,
): PagePromise<Plano> {
  // `Ativo` is capitalised on the installs IXC documents; it is the column the filter names.
  const filters =
    options.ativo === undefined ? [] : [{ column: 'Ativo', value: options.ativo ? 'S' : 'N' }];
  return firstPage(
    async ({ page, afterId }) => {
      const { rows, total } = await reader.page('vd_contratos', RawVdContratoSchema, {
        filters,
        rp: pageSize,
        page,
        afterId,
        signal: options.signal,
      });
      return pageResult(rows.map(toPlano), rows, total);
    },
    options.page ?? 1,
    pageSize,
  );
}
