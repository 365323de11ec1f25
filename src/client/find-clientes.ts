/**
 * Finding customers the way an attendant asks: by CPF/CNPJ typed with or without
 * punctuation, part of a name or an e-mail, a phone number. IXC filters are ANDed and have
 * no OR, so a criterion with several forms (a document stored formatted or bare, a number
 * in any of four phone columns) becomes several queries sent together in one round, merged
 * and deduplicated by id. The number of queries is fixed by the criteria, never by the data.
 */
import { IxcInputError } from '../errors.js';
import type { IxcFilter } from '../ixc/query.js';
import { cpfCnpjDigits, formatCpfCnpj } from '../schemas/documento.js';
import { type Cliente, toCliente } from '../schemas/domain/cliente.js';
import { MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';
import { type RawCliente, RawClienteSchema } from '../schemas/raw/tables.js';
import { callOf, firstPage, type PageOptions, type PagePromise, type PageResult } from './page.js';
import type { ReadContext, Reader } from './reader.js';

/**
 * What to look for; every criterion given must match (AND). At least one is required.
 *
 * @example
 * ```ts
 * const query: FindClientesQuery = { cpfCnpj: '52998224725' };
 * ```
 */
export interface FindClientesQuery {
  /**
   * A whole CPF (11 digits) or CNPJ (14 characters), with or without punctuation: matched
   * exactly against the formatted form IXC stores and the bare form some installs keep.
   */
  cpfCnpj?: string;
  /** Part of the name (`razao`), 2 characters at least; case and accents ignored by IXC. */
  nome?: string;
  /** Part of the e-mail, 2 characters at least. */
  email?: string;
  /**
   * Part of a phone number, 4 digits at least, punctuation ignored: looked up in the home,
   * work, mobile and WhatsApp columns.
   */
  telefone?: string;
}

/** The phone columns of `cliente`, each a query of its own for a `telefone` search. */
export const PHONE_COLUMNS = [
  'fone',
  'telefone_comercial',
  'telefone_celular',
  'whatsapp',
] as const;

/**
 * The most IXC queries one page of a search costs: 2 forms of a document × 4 phone columns.
 * A search by name and/or e-mail alone costs 1.
 */
export const MAX_FIND_REQUESTS = 2 * PHONE_COLUMNS.length;

/** One alternative form of the search, as an AND of filters, and a check for false hits. */
interface Branch {
  filters: IxcFilter[];
  accept: (row: RawCliente) => boolean;
}

const ALWAYS = () => true;

function text(value: unknown, path: string, min: number): string | undefined {
  if (value === undefined) return undefined;
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length < min) {
    throw new IxcInputError('Invalid search', [
      { path, message: `must be a string of at least ${min} characters` },
    ]);
  }
  return s;
}

/** Builds the branches of a search; throws {@link IxcInputError} for a bad query. */
export function planSearch(query: FindClientesQuery): Branch[] {
  if (typeof query !== 'object' || query === null) {
    throw new IxcInputError('Invalid search', [{ path: '', message: 'must be an object' }]);
  }
  const documento = text(query.cpfCnpj, 'cpfCnpj', 1);
  const nome = text(query.nome, 'nome', 2);
  const email = text(query.email, 'email', 2);
  const telefone = text(query.telefone, 'telefone', 1);
  if (!documento && !nome && !email && !telefone) {
    throw new IxcInputError('Invalid search', [
      { path: '', message: 'give at least one of cpfCnpj, nome, email, telefone' },
    ]);
  }
  const common: IxcFilter[] = [];
  if (nome) common.push({ column: 'razao', op: 'L', value: nome });
  if (email) common.push({ column: 'email', op: 'L', value: email });

  let documentForms: (string | null)[] = [null];
  if (documento) {
    const formatted = formatCpfCnpj(documento);
    if (!formatted) {
      throw new IxcInputError('Invalid search', [
        { path: 'cpfCnpj', message: 'must be a whole CPF (11 digits) or CNPJ (14 characters)' },
      ]);
    }
    documentForms = [...new Set([formatted, cpfCnpjDigits(documento)])];
  }

  let phones: { column: string; digits: string }[] | null = null;
  if (telefone) {
    const digits = telefone.replace(/\D/g, '');
    if (digits.length < 4 || digits.length > 15 || /[^\d\s().+-]/.test(telefone)) {
      throw new IxcInputError('Invalid search', [
        { path: 'telefone', message: 'must be 4 to 15 digits, punctuation allowed' },
      ]);
    }
    phones = PHONE_COLUMNS.map((column) => ({ column, digits }));
  }

  const branches: Branch[] = [];
  for (const form of documentForms) {
    const base = form === null ? common : [{ column: 'cnpj_cpf', value: form }, ...common];
    if (!phones) {
      branches.push({ filters: base, accept: ALWAYS });
      continue;
    }
    for (const { column, digits } of phones) {
      // IXC stores phones formatted, "(11) 98137-1071": a wildcard between digits lets `L`
      // match any punctuation, and the digits check drops the loose matches it lets through.
      branches.push({
        filters: [...base, { column, op: 'L', value: digits.split('').join('%') }],
        accept: (row) => row[column as keyof RawCliente].replace(/\D/g, '').includes(digits),
      });
    }
  }
  return branches;
}

/**
 * A page of customers matching `query`: every branch of the search in one round, rows
 * merged by id in id order. Pages after the first are read after the last id seen.
 */
export function findClientes(
  reader: Reader,
  pageSize: number,
  query: FindClientesQuery,
  options: PageOptions,
): PagePromise<Cliente> {
  const call = callOf(options);
  const startPage = options.page ?? 1;
  return firstPage(
    async ({ page, afterId }, trace): Promise<PageResult<Cliente>> => {
      const branches = planSearch(query);
      const ctx: ReadContext = { call, trace };
      if (branches.length === 1) {
        const { rows, total } = await reader.page(
          'cliente',
          RawClienteSchema,
          { filters: branches[0]!.filters, rp: pageSize, page, afterId },
          ctx,
        );
        const last = rows.at(-1);
        return {
          items: rows.filter(branches[0]!.accept).map(toCliente),
          total,
          lastId: last ? Number(last.id) : null,
        };
      }
      // Several branches cannot be paged by offset one by one: read each from its start
      // (or after the last id seen) and merge. Offsets past the first page read more rows.
      const keyset = afterId !== null;
      const rp = keyset ? pageSize : page * pageSize;
      if (rp > MAX_PAGE_SIZE) {
        throw new IxcInputError('Invalid page', [
          {
            path: 'page',
            message: `page × pageSize must not exceed ${MAX_PAGE_SIZE} for this search; walk it with getNextPage() or for await`,
          },
        ]);
      }
      const parts = await Promise.all(
        branches.map((branch) =>
          reader
            .page('cliente', RawClienteSchema, { filters: branch.filters, rp, afterId }, ctx)
            .then((result) => ({ ...result, branch })),
        ),
      );
      // Rows up to the smallest last id of a full branch are complete in every branch; past
      // it, a branch may hold rows it has not sent yet.
      let bound = Number.POSITIVE_INFINITY;
      let total = 0;
      const byId = new Map<number, RawCliente>();
      for (const { rows, total: branchTotal, branch } of parts) {
        total += branchTotal;
        const last = rows.at(-1);
        if (last && rows.length >= rp) bound = Math.min(bound, Number(last.id));
        for (const row of rows) {
          const id = Number(row.id);
          if (!byId.has(id) && branch.accept(row)) byId.set(id, row);
        }
      }
      const merged = [...byId.entries()].filter(([id]) => id <= bound).sort((a, b) => a[0] - b[0]);
      const skip = keyset ? 0 : rp - pageSize;
      const slice = merged.slice(skip, skip + pageSize);
      const complete = bound === Number.POSITIVE_INFINITY;
      const lastId = slice.length === pageSize || complete ? (slice.at(-1)?.[0] ?? null) : bound;
      return {
        items: slice.map(([, row]) => toCliente(row)),
        // Exact once every branch is read to its end; else an upper bound, since branches
        // may share rows (a number both mobile and WhatsApp).
        total: complete ? merged.length : Math.max(total, merged.length),
        lastId,
      };
    },
    startPage,
    pageSize,
  );
}
