import { type Plano, toPlano } from '../schemas/domain/plano.js';
import { encodeFlag } from '../schemas/ixc-values.js';
import { RawVdContratoSchema } from '../schemas/raw/tables.js';
import { callOf, firstPage, type PageOptions, type PagePromise, pageResult } from './page.js';
import type { Reader } from './reader.js';

/** Options of `listPlanos`. */
export interface ListPlanosOptions extends PageOptions {
  /** Only plans that can be sold (`true`) or only retired ones (`false`). */
  ativo?: boolean;
}

/** `vd_contratos`, one page at a time: one IXC request per page. */
export function listPlanos(
  reader: Reader,
  pageSize: number,
  options: ListPlanosOptions,
): PagePromise<Plano> {
  // `Ativo` is capitalised on the installs IXC documents; it is the column the filter names.
  const filters =
    options.ativo === undefined ? [] : [{ column: 'Ativo', value: encodeFlag(options.ativo) }];
  const call = callOf(options);
  return firstPage(
    async ({ page, afterId }, trace) => {
      const { rows, total } = await reader.page(
        'vd_contratos',
        RawVdContratoSchema,
        { filters, rp: pageSize, page, afterId },
        { call, trace },
      );
      return pageResult(rows.map(toPlano), rows, total);
    },
    options.page ?? 1,
    pageSize,
  );
}
