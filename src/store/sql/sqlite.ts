/**
 * The SQLite executor over better-sqlite3: WAL, a busy timeout, one connection per store.
 *
 * @packageDocumentation
 */
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../errors.js';
import type { Dialect, SqlDatabase, SqlExecutor, SqlValue } from './executor.js';

const DIALECT: Dialect = {
  kind: 'sqlite',
  autoId: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  skipLocked: '',
  forUpdate: '',
};

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/**
 * better-sqlite3 is synchronous, so a transaction spanning `await`s would let other calls on
 * the same connection run inside it. A promise chain serialises every use of the connection;
 * across processes `BEGIN IMMEDIATE` and the busy timeout do the same.
 */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn, fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

class Statements implements SqlExecutor {
  readonly #db: BetterSqlite3.Database;
  readonly #cache = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      if (this.#cache.size > 500) this.#cache.clear();
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.#prepare(sql).all(...bind(params)) as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.#prepare(sql).run(...bind(params)).changes;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = DIALECT;
  readonly #db: BetterSqlite3.Database;
  readonly #stmts: Statements;
  readonly #mutex = new Mutex();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#stmts = new Statements(db);
  }

  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.#mutex.run(() => this.#stmts.query<T>(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.#mutex.run(() => this.#stmts.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      this.#stmts.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.#stmts);
        this.#stmts.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#stmts.exec('ROLLBACK');
        throw error;
      }
    });
  }

  migrationLock<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async close(): Promise<void> {
    await this.#mutex.run(async () => {
      if (this.#db.open) this.#db.close();
    });
  }
}

/** Options of {@link openSqlite}. */
export interface SqliteOptions {
  busyTimeoutMs?: number;
}

/**
 * Open a SQLite file (created when missing) or `:memory:`.
 *
 * @example
 * ```ts
 * const db = await openSqlite('campsoft.db', { busyTimeoutMs: 5000 });
 * ```
 */
export async function openSqlite(path: string, options: SqliteOptions = {}): Promise<SqlDatabase> {
  // Loaded on demand: a native addon nobody pays for unless a store is opened.
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (cause) {
    throw new StoreError('better-sqlite3 could not be loaded (npm install better-sqlite3)', {
      cause,
    });
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (cause) {
    throw new StoreError(`Cannot open the SQLite database "${path}"`, { cause });
  }
  if (path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL never corrupts; a power loss may undo the last commits, which the next
  // poll re-derives (cursor, snapshot and outbox are committed together).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return new SqliteDatabase(db);
}
