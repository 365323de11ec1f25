/**
 * IXC's limits, in one place: every module that checks a page size or an id reads them here.
 */

/** The largest page IXC is asked for by a caller: bigger pages are IXC's documented cause of 504s. */
export const MAX_PAGE_SIZE = 500;

/** Rows per page a caller gets when it names no `pageSize`. */
export const DEFAULT_PAGE_SIZE = 100;

/** Rows per request of the client's own lookups (`IN` lists, a customer's contracts). */
export const LOOKUP_PAGE_SIZE = 1000;

/** Digits of an id at most: every id of 15 digits maps to a JavaScript number exactly. */
export const ID_MAX_DIGITS = 15;

/** The largest id: {@link ID_MAX_DIGITS} nines. */
export const ID_MAX = 10 ** ID_MAX_DIGITS - 1;

/** An id given by a caller: 1 to {@link ID_MAX_DIGITS} digits. */
export const ID_DIGITS = new RegExp(`^\\d{1,${ID_MAX_DIGITS}}$`);

/** A row's own id as IXC sends it: a positive integer, spaces around tolerated. */
export const ROW_ID = new RegExp(`^\\s*[1-9]\\d{0,${ID_MAX_DIGITS - 1}}\\s*$`);
