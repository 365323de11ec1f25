/**
 * A real PostgreSQL for the store tests: `DATABASE_URL` when set, otherwise a throwaway
 * cluster on 127.0.0.1 and a free port, made with Debian's binaries
 * (`/usr/lib/postgresql/<v>/bin`) and run as the `postgres` user when we are root
 * (PostgreSQL refuses to run as root). In CI (`CI=1` or `CAMPSOFT_REQUIRE_POSTGRES=1`) a
 * missing PostgreSQL is an error, never a skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a missing PostgreSQL must fail the suite. */
export const POSTGRES_REQUIRED =
  process.env.CAMPSOFT_REQUIRE_POSTGRES === '1' ||
  (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false');

/** The newest Debian PostgreSQL bin directory, or null. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A running server and how to stop it. */
export interface PostgresServer {
  url: string;
  /** True when we started it (and stop it). */
  owned: boolean;
  stop(): void;
}

function asPostgresUser(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const command = root ? 'runuser' : bin;
  const argv = root ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', cwd: '/' });
  if (result.status !== 0) {
    throw new Error(`${bin} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
}

/** Start (or find) PostgreSQL. Throws when none can be had. */
export async function startPostgres(): Promise<PostgresServer> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, owned: false, stop: () => undefined };
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL not found: set DATABASE_URL or install Debian\'s "postgresql" package',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'campsoft-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  asPostgresUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  asPostgresUser(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    owned: true,
    stop() {
      try {
        asPostgresUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A fresh schema name, so each test gets empty tables on a shared server. */
export function freshSchema(): string {
  return `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
