/**
 * The PostgreSQL executor over a pg pool. `?` placeholders are numbered, BIGINT and NUMERIC
 * come back as numbers (epoch milliseconds and counts fit), each store may live in its own
 * schema.
 *
 * @packageDocumentation
 */
import type pg from 'pg';
import { StoreError } from '../errors.js';
import type { Dialect, QueryOptions, SqlDatabase, SqlExecutor, SqlValue } from './executor.js';

const DIALECT: Dialect = {
  kind: 'postgres',
  autoId: 'BIGSERIAL PRIMARY KEY',
  skipLocked: ' FOR UPDATE OF d SKIP LOCKED',
  forUpdate: ' FOR UPDATE',
};

/** SQLSTATEs worth running a transaction again for: serialisation failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Number `?` placeholders as `$1, $2…` (our SQL never has `?` inside literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A connection string with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** Named statements' numbered text, so a hot statement is not renumbered at every run. */
const named = new Map<string, string>();

function config(sql: string, params: readonly SqlValue[], options: QueryOptions | undefined) {
  const name = options?.name;
  if (name === undefined) return { text: numberPlaceholders(sql), values: bind(params) };
  let text = named.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sql);
    named.set(sql, text);
  }
  return { name, text, values: bind(params) };
}

class Client implements SqlExecutor {
  readonly #client: pg.Pool | pg.PoolClient;

  constructor(client: pg.Pool | pg.PoolClient) {
    this.#client = client;
  }

  async query<T>(
    sql: string,
    params: readonly SqlValue[] = [],
    options?: QueryOptions,
  ): Promise<T[]> {
    const result = await this.#client.query(config(sql, params, options));
    return result.rows as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = [], options?: QueryOptions) {
    const result = await this.#client.query(config(sql, params, options));
    return result.rowCount ?? 0;
  }
}

function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

class PostgresDatabase implements SqlDatabase {
  readonly dialect = DIALECT;
  readonly #pool: pg.Pool;
  readonly #client: Client;
  readonly #schema: string;

  constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#client = new Client(pool);
    this.#schema = schema;
  }

  query<T>(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<T[]> {
    return this.#client.query<T>(sql, params, options);
  }

  run(sql: string, params?: readonly SqlValue[], options?: QueryOptions): Promise<number> {
    return this.#client.run(sql, params, options);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const conn = await this.#pool.connect();
      try {
        await conn.query('BEGIN');
        const result = await fn(new Client(conn));
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt < 5 && code && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        conn.release();
      }
    }
  }

  async migrationLock<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // The schema must exist before the tables that search_path points at can be created.
    await this.#pool.query(`CREATE SCHEMA IF NOT EXISTS "${this.#schema}"`).catch((error) => {
      // Two instances creating the schema at once: one of them gets a duplicate error.
      if ((error as { code?: string }).code !== '23505') throw error;
    });
    return this.transaction(async (tx) => {
      // Instances starting together migrate one after the other.
      await tx.query('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
      return fn(tx);
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Advisory lock id for migrations ("camp" in ASCII). */
const MIGRATION_LOCK = 0x63616d70;

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  poolSize?: number;
  schema?: string;
}

/**
 * Connect a pool to `url` (`postgres://…`), checking that it answers.
 *
 * @example
 * ```ts
 * const db = await openPostgres('postgres://campsoft@localhost/campsoft', { poolSize: 10 });
 * ```
 */
export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<SqlDatabase> {
  const schema = options.schema ?? 'public';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`Invalid PostgreSQL schema name "${schema}"`);
  }
  let pgModule: typeof pg;
  try {
    pgModule = (await import('pg')).default;
  } catch (cause) {
    throw new StoreError('pg could not be loaded (npm install pg)', { cause });
  }
  const asNumber = (value: string) => Number(value);
  const pool = new pgModule.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: `-c search_path="${schema}"`,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        // int8 (20) and numeric (1700): counts and epoch milliseconds.
        if (oid === 20 || oid === 1700) return asNumber;
        return pgModule.types.getTypeParser(oid, format as 'text');
      }) as typeof pgModule.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    const reason = (cause as Error).message;
    throw new StoreError(`Cannot connect to PostgreSQL at ${redactUrl(url)}: ${reason}`, {
      cause,
    });
  }
  return new PostgresDatabase(pool, schema);
}
