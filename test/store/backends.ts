/**
 * The backends the store contract runs against: SQLite in memory and a real PostgreSQL
 * (one server per test file, one fresh schema per store).
 */
import { afterAll, beforeAll } from 'vitest';
import { type CampsoftStore, openStore } from '../../src/store/index.js';
import {
  findPostgresBin,
  freshSchema,
  POSTGRES_REQUIRED,
  type PostgresServer,
  startPostgres,
} from './postgres-server.js';

/** A settable clock. */
export interface TestClock {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): TestClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** One backend under test. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new empty store on this backend. */
  open(clock: TestClock): Promise<CampsoftStore>;
  /** Another handle on the same database as `open` returned last (a second instance). */
  openSibling(clock: TestClock): Promise<CampsoftStore>;
  /**
   * Whether this backend runs here: PostgreSQL is skipped only outside CI when there is
   * neither `DATABASE_URL` nor an installed server; a server that fails to start fails.
   */
  available: boolean;
}

let server: PostgresServer | null = null;
let serverError: Error | null = null;

/** Whether PostgreSQL tests run (see {@link Backend.available}). */
export const POSTGRES_AVAILABLE =
  POSTGRES_REQUIRED || Boolean(process.env.DATABASE_URL) || findPostgresBin() !== null;

/** Start PostgreSQL for this file when it is to run. */
export function usePostgres(): void {
  beforeAll(async () => {
    if (!POSTGRES_AVAILABLE) return;
    try {
      server = await startPostgres();
    } catch (error) {
      serverError = error as Error;
      throw error;
    }
  }, 60_000);
  afterAll(() => {
    server?.stop();
    server = null;
  });
}

export function postgresUrl(): string {
  if (!server) throw serverError ?? new Error('PostgreSQL was not started (call usePostgres)');
  return server.url;
}

export function backends(): Backend[] {
  let lastSchema = '';
  return [
    {
      name: 'sqlite',
      available: true,
      open: (clock) => openStore(':memory:', { now: clock.now }),
      openSibling: () => {
        throw new Error('an in-memory SQLite database has no second handle');
      },
    },
    {
      name: 'postgres',
      available: POSTGRES_AVAILABLE,
      open: (clock) => {
        lastSchema = freshSchema();
        return openStore(postgresUrl(), { now: clock.now, schema: lastSchema, poolSize: 5 });
      },
      openSibling: (clock) =>
        openStore(postgresUrl(), { now: clock.now, schema: lastSchema, poolSize: 5 }),
    },
  ];
}
