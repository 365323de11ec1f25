/**
 * What `ixc-campsoft serve` runs with, read from flags and the environment. Flags win over
 * the environment; a half-configured IXC (URL without token) is an error rather than a
 * silent fall-back to the demo, which would serve fake data where real data was meant.
 */
import { parseArgs } from 'node:util';

/** The fixed API key of demo mode; printed at start so the curl lines work as shown. */
export const DEMO_API_KEY = 'campsoft-demo-key-0123456789abcdef';

/** A resolved `serve` configuration. */
export interface ServeConfig {
  port: number;
  host: string;
  basePath: string;
  /** `null`: start the built-in simulator with the demo dataset. */
  ixc: { url: string; token: string; insecureTls: boolean } | null;
  apiKeys: string[];
  noAuth: boolean;
  maskDocuments: boolean;
  quiet: boolean;
}

/** A usage problem: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** The help text. */
export const USAGE = `Usage: ixc-campsoft serve [--port <n>] [--host <addr>] [--base-path <path>]
                          [--mask-documents] [--no-auth] [--quiet]

Serves the Campsoft API (GET /api/v1/planos, /clientes/planos, /clientes/{id},
/clientes/{id}/produtos, /openapi.json).

Environment:
  IXC_URL, IXC_TOKEN   the IXC to read ("https://ixc.isp.com.br", "<userId>:<token>").
                       Without both, a built-in IXC simulator with demo data is started.
  IXC_INSECURE_TLS=1   accept IXC's self-signed certificate.
  CAMPSOFT_API_KEYS    comma-separated API keys callers must send (Authorization: Bearer).
                       Required with a real IXC unless --no-auth is given.
  PORT, HOST           defaults for --port (3000) and --host (127.0.0.1).`;

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`Invalid port "${value}": use 0–65535 (0 picks a free port)`);
  }
  return Number(value);
}

/**
 * Reads flags and environment.
 *
 * @throws {UsageError} for unknown flags, a bad port, or an IXC URL without token.
 */
export function readServeConfig(args: string[], env: NodeJS.ProcessEnv): ServeConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'base-path': { type: 'string' },
        'no-auth': { type: 'boolean' },
        'mask-documents': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const url = env.IXC_URL?.trim();
  const token = env.IXC_TOKEN?.trim();
  if (Boolean(url) !== Boolean(token)) {
    throw new UsageError(
      'Set both IXC_URL and IXC_TOKEN to use a real IXC, or neither for the demo',
    );
  }
  const apiKeys = (env.CAMPSOFT_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const noAuth = values['no-auth'] === true;
  if (url && apiKeys.length === 0 && !noAuth) {
    throw new UsageError(
      'Set CAMPSOFT_API_KEYS (comma-separated keys callers must send), or pass --no-auth to serve without authentication',
    );
  }
  return {
    port: port(values.port as string | undefined, port(env.PORT, 3000)),
    host: (values.host as string | undefined) ?? env.HOST ?? '127.0.0.1',
    basePath: (values['base-path'] as string | undefined) ?? '/api/v1',
    ixc: url && token ? { url, token, insecureTls: env.IXC_INSECURE_TLS === '1' } : null,
    apiKeys: apiKeys.length > 0 || url ? apiKeys : [DEMO_API_KEY],
    noAuth,
    maskDocuments: values['mask-documents'] === true,
    quiet: values.quiet === true,
  };
}
