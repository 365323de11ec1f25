/**
 * `openStore`: SQLite for a path, PostgreSQL for a `postgres://` URL.
 *
 * @packageDocumentation
 */
import { StoreError } from './errors.js';
import { openPostgres } from './sql/postgres.js';
import { openSqlite } from './sql/sqlite.js';
import { SqlStore } from './sql/store.js';
import type { CampsoftStore, OpenStoreOptions } from './types.js';

/** Whether `target` names a PostgreSQL database. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Open the store: a SQLite file (created when missing; `:memory:` for tests) or a PostgreSQL
 * database for a `postgres://` / `postgresql://` URL. Migrations run unless
 * `{ migrate: false }`.
 *
 * @example
 * ```ts
 * import { openStore } from 'ixc-campsoft/webhooks';
 * const store = await openStore(process.env.CAMPSOFT_DB ?? 'campsoft.db');
 * console.log(store.kind); // 'sqlite'
 * ```
 */
export async function openStore(
  target: string,
  options: OpenStoreOptions = {},
): Promise<CampsoftStore> {
  if (typeof target !== 'string' || target.trim() === '') {
    throw new StoreError('openStore needs a file path, ":memory:" or a postgres:// URL');
  }
  const db = isPostgresUrl(target)
    ? await openPostgres(target, {
        ...(options.poolSize !== undefined && { poolSize: options.poolSize }),
        ...(options.schema !== undefined && { schema: options.schema }),
      })
    : await openSqlite(target, {
        ...(options.busyTimeoutMs !== undefined && { busyTimeoutMs: options.busyTimeoutMs }),
      });
  const store = new SqlStore(db, options.now ?? Date.now);
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (cause) {
      await store.close().catch(() => undefined);
      throw new StoreError(`Store migration failed: ${(cause as Error).message}`, { cause });
    }
  }
  return store;
}
