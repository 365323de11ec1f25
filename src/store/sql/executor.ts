/**
 * The small SQL surface both backends provide, so the store's logic is written once. SQL is
 * written with `?` placeholders; the PostgreSQL executor numbers them.
 *
 * @packageDocumentation
 */

/**
 * A value bound to a placeholder. Booleans are bound as 0/1. Arrays only in PostgreSQL's own
 * statements (`= ANY(CAST(? AS BIGINT[]))`, `unnest(…)`), which keep their text fixed however
 * many rows they carry.
 */
export type SqlValue = string | number | null | boolean | readonly (string | number | null)[];

/** Options of one statement. */
export interface QueryOptions {
  /**
   * A name for a statement whose text never changes: PostgreSQL parses and plans it once per
   * connection instead of at every run. SQLite prepares every statement once anyway.
   */
  name?: string;
}

/** Runs statements, inside or outside a transaction. */
export interface SqlExecutor {
  /** Rows of a SELECT or of a statement with RETURNING. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly SqlValue[],
    options?: QueryOptions,
  ): Promise<T[]>;
  /** Rows affected by an INSERT, UPDATE or DELETE without RETURNING. */
  run(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<number>;
}

/** What differs between the two SQL dialects. */
export interface Dialect {
  readonly kind: 'sqlite' | 'postgres';
  /** Column type of an auto-incrementing integer primary key. */
  readonly autoId: string;
  /** Suffix that locks selected delivery rows and skips locked ones (PostgreSQL only). */
  readonly skipLocked: string;
  /** Suffix that locks a selected row for the rest of the transaction (PostgreSQL only). */
  readonly forUpdate: string;
}

/** A database: an executor that can also open transactions. */
export interface SqlDatabase extends SqlExecutor {
  readonly dialect: Dialect;
  /**
   * Run `fn` in one transaction; commit when it resolves, roll back when it throws. `fn` may
   * run more than once (PostgreSQL serialisation failures and deadlocks are retried), so it
   * must only touch the database.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Serialise schema migrations across processes. */
  migrationLock<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `(?, ?, ?)` for `n` values. */
export function placeholders(n: number): string {
  return `(${new Array(n).fill('?').join(', ')})`;
}

/** Split `items` into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
