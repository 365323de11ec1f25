/**
 * Shared settings of the property suites: one seed for every property (a failure prints the
 * seed and path to replay it), and the number of runs from `FUZZ_RUNS` (CI requires ≥ 1 000,
 * the default).
 */
import type { Parameters as FcParameters } from 'fast-check';

/** Seed of every property; change it to explore, keep it fixed in the repo. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20_260_701);
/** Runs per property. */
export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1_000));

/** fast-check parameters of every property. */
export function params<T>(extra: FcParameters<T> = {}): FcParameters<T> {
  return { seed: SEED, numRuns: RUNS, ...extra };
}

/**
 * The IXC columns the client itself chooses to filter on, per table (its joins, lookups and
 * keyset paging). Nothing a caller sends may ever add a column to this list.
 */
export const CLIENT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  cliente: ['id'],
  cliente_contrato: ['id', 'id_cliente', 'id_vd_contrato', 'status'],
  vd_contratos: ['id', 'Ativo'],
  vd_contratos_produtos: ['id', 'id_contrato', 'id_vd_contrato'],
  cliente_contrato_servicos: ['id', 'id_contrato'],
  sva_usuarios: ['id', 'id_contrato'],
  produtos: ['id'],
};

/** What a value of each of the client's columns may look like on the wire. */
const VALUE_SHAPE: Readonly<Record<string, RegExp>> = {
  status: /^[PAIND](,[PAIND])*$/,
  Ativo: /^[SN]$/,
};
const ID_LIST = /^[1-9]\d{0,14}(,[1-9]\d{0,14})*$/;

/** One filter as found on the wire: the main one (`qtype/query/oper`) or a `grid_param` item. */
export interface WireFilter {
  TB: string;
  OP: string;
  P: string;
  P2?: string;
}

/**
 * Checks one IXC query the engine received from the client: every column (`qtype`, each
 * `grid_param` `TB`, `sortname`) is a `tabela.campo` of the client's own choosing on the table
 * the request addressed, and every value has the shape of that column (ids are digits,
 * statuses are IXC letters). Returns the filters, or throws naming what is wrong.
 */
export function checkClientQuery(
  table: string,
  body: Readonly<Record<string, string>>,
): WireFilter[] {
  const allowed = CLIENT_COLUMNS[table];
  if (!allowed) throw new Error(`request to a table the client never reads: ${table}`);
  let grid: unknown;
  try {
    grid = JSON.parse(body.grid_param ?? '[]');
  } catch {
    throw new Error(`grid_param is not JSON: ${body.grid_param}`);
  }
  if (!Array.isArray(grid)) throw new Error(`grid_param is not a list: ${body.grid_param}`);
  const filters: WireFilter[] = [
    { TB: body.qtype ?? '', OP: body.oper ?? '', P: body.query ?? '' },
    ...(grid as WireFilter[]),
  ];
  for (const f of filters) {
    const keys = Object.keys(f).filter((k) => !['TB', 'OP', 'P', 'P2'].includes(k));
    if (keys.length) throw new Error(`unexpected grid_param keys ${keys.join()}`);
    const [t, column, ...rest] = String(f.TB).split('.');
    if (t !== table || column === undefined || rest.length || !allowed.includes(column)) {
      throw new Error(`column ${f.TB} is not one the client chose for ${table}`);
    }
    const shape = VALUE_SHAPE[column] ?? ID_LIST;
    if (!shape.test(String(f.P))) throw new Error(`value ${JSON.stringify(f.P)} for ${f.TB}`);
  }
  if (body.sortname !== `${table}.id`) throw new Error(`sortname ${body.sortname}`);
  if (body.sortorder !== 'asc') throw new Error(`sortorder ${body.sortorder}`);
  return filters;
}
