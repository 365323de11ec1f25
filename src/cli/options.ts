/**
 * Every flag and environment variable of `ixc-campsoft serve`, in one table: the help text,
 * the parser and the error messages all come from it, so a setting cannot be documented
 * under one name and read under another. A value given as a flag wins over the variable;
 * an error names whichever of the two the bad value came from.
 */
import { parseArgs } from 'node:util';
import { IxcCampsoftError } from '../errors.js';

/** A usage problem: printed in one line, exit code 2. */
export class CliUsageError extends IxcCampsoftError {}

/** One setting. */
interface OptionSpec {
  /** Long flag, without `--`. */
  flag?: string;
  short?: string;
  env?: string;
  type: 'string' | 'boolean';
  /** Shown in the help after the flag (`<n>`). */
  hint?: string;
  /** Shown in the help; the value used when neither flag nor variable is given. */
  default?: string;
  describe: string;
  /** Help section. */
  group: 'serve' | 'ixc' | 'keys' | 'webhooks' | 'logs';
}

/** The settings, by the name the code reads them under. */
export const OPTIONS = {
  config: {
    flag: 'config',
    short: 'c',
    env: 'CAMPSOFT_CONFIG',
    type: 'string',
    hint: '<file>',
    describe: 'JSON file with tenants (ISPs), API keys, webhooks and store (docs/serve.md).',
    group: 'serve',
  },
  checkConfig: {
    flag: 'check-config',
    type: 'boolean',
    describe: 'Validate the configuration (file and variables it names), print a summary, exit.',
    group: 'serve',
  },
  port: {
    flag: 'port',
    short: 'p',
    env: 'PORT',
    type: 'string',
    hint: '<n>',
    default: '3000',
    describe: 'Port to listen on; 0 picks a free one.',
    group: 'serve',
  },
  host: {
    flag: 'host',
    env: 'HOST',
    type: 'string',
    hint: '<addr>',
    default: '127.0.0.1',
    describe: 'Interface to listen on (0.0.0.0 for every interface).',
    group: 'serve',
  },
  basePath: {
    flag: 'base-path',
    env: 'CAMPSOFT_BASE_PATH',
    type: 'string',
    hint: '<path>',
    default: '/api/v1',
    describe: 'Path the API lives under.',
    group: 'serve',
  },
  grace: {
    flag: 'grace',
    env: 'CAMPSOFT_SHUTDOWN_GRACE',
    type: 'string',
    hint: '<seconds>',
    default: '10',
    describe: 'On SIGTERM/SIGINT, time given to requests in flight; a second signal exits at once.',
    group: 'serve',
  },
  strict: {
    flag: 'strict',
    env: 'CAMPSOFT_STRICT',
    type: 'boolean',
    default: 'false',
    describe: 'Refuse to start when a tenant fails the token check at start.',
    group: 'serve',
  },
  maskDocuments: {
    flag: 'mask-documents',
    env: 'CAMPSOFT_MASK_DOCUMENTS',
    type: 'boolean',
    default: 'false',
    describe: 'Mask CPF/CNPJ unless the key has the documentos:read scope.',
    group: 'serve',
  },
  noAuth: {
    flag: 'no-auth',
    type: 'boolean',
    describe: 'Serve without API keys (anyone who can reach the port reads customer data).',
    group: 'serve',
  },
  metrics: {
    env: 'CAMPSOFT_METRICS',
    type: 'boolean',
    default: 'true',
    describe: 'Serve Prometheus metrics at /metrics.',
    group: 'serve',
  },
  ixcUrl: {
    env: 'IXC_URL',
    type: 'string',
    describe: 'One ISP without a config file: the IXC ("https://ixc.isp.com.br").',
    group: 'ixc',
  },
  ixcToken: {
    env: 'IXC_TOKEN',
    type: 'string',
    describe: 'Its token, "<userId>:<token>". Without IXC_URL and IXC_TOKEN: demo mode.',
    group: 'ixc',
  },
  ixcInsecureTls: {
    env: 'IXC_INSECURE_TLS',
    type: 'boolean',
    default: 'false',
    describe: "Accept the IXC's self-signed certificate.",
    group: 'ixc',
  },
  ixcMaxConcurrency: {
    env: 'IXC_MAX_CONCURRENCY',
    type: 'string',
    hint: '<n>',
    describe: 'Most requests in flight to the IXC at once (the client default when unset).',
    group: 'ixc',
  },
  apiKeys: {
    env: 'CAMPSOFT_API_KEYS',
    type: 'string',
    describe: 'Comma-separated API keys (16+ characters) callers send as Bearer tokens.',
    group: 'keys',
  },
  apiKeyScopes: {
    env: 'CAMPSOFT_API_KEY_SCOPES',
    type: 'string',
    default: 'read',
    describe: 'Comma-separated scopes of the CAMPSOFT_API_KEYS keys (read, svas:write, …, *).',
    group: 'keys',
  },
  rateLimit: {
    env: 'CAMPSOFT_RATE_LIMIT',
    type: 'string',
    hint: '<n>',
    describe: 'Requests per minute per API key, per process (off when unset).',
    group: 'keys',
  },
  webhookUrl: {
    env: 'CAMPSOFT_WEBHOOK_URL',
    type: 'string',
    describe: 'One webhook endpoint for every event type…',
    group: 'webhooks',
  },
  webhookSecret: {
    env: 'CAMPSOFT_WEBHOOK_SECRET',
    type: 'string',
    describe: '…and its signing secret.',
    group: 'webhooks',
  },
  webhookAllowInsecure: {
    env: 'CAMPSOFT_WEBHOOK_ALLOW_INSECURE',
    type: 'boolean',
    default: 'false',
    describe: 'Allow http endpoints on private or loopback addresses (development).',
    group: 'webhooks',
  },
  pollInterval: {
    env: 'IXC_POLL_INTERVAL',
    type: 'string',
    hint: '<seconds>',
    default: '30',
    describe: 'How often IXC is polled for changes.',
    group: 'webhooks',
  },
  webhooks: {
    env: 'CAMPSOFT_WEBHOOKS',
    type: 'boolean',
    default: 'true',
    describe:
      'Detection and delivery: on in demo mode and when an endpoint or CAMPSOFT_DB is set; 0 turns them off.',
    group: 'webhooks',
  },
  demoActivity: {
    flag: 'demo-activity',
    env: 'CAMPSOFT_DEMO_ACTIVITY',
    type: 'boolean',
    default: 'false',
    describe:
      'Demo mode: the simulator blocks, releases and pays every few seconds, so events flow.',
    group: 'webhooks',
  },
  consoleOn: {
    env: 'CAMPSOFT_CONSOLE',
    type: 'boolean',
    default: 'true',
    describe: 'Serve the web console at /.',
    group: 'serve',
  },
  consoleDir: {
    env: 'CAMPSOFT_CONSOLE_DIR',
    type: 'string',
    hint: '<dir>',
    describe: "Folder of the built console (default: the package's dist/console).",
    group: 'serve',
  },
  db: {
    env: 'CAMPSOFT_DB',
    type: 'string',
    hint: '<path|url>',
    default: 'ixc-campsoft.db in the working directory; in memory in demo mode',
    describe: 'State store: a SQLite file path, or a postgres:// URL.',
    group: 'webhooks',
  },
  logFormat: {
    flag: 'log-format',
    env: 'LOG_FORMAT',
    type: 'string',
    hint: '<json|pretty>',
    default: 'json, pretty on a terminal',
    describe: 'Log line format (logs go to stdout, the start banner to stderr).',
    group: 'logs',
  },
  logLevel: {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    type: 'string',
    hint: '<level>',
    default: 'info',
    describe: 'debug, info, warn or error (debug adds probe and metrics requests).',
    group: 'logs',
  },
  quiet: {
    flag: 'quiet',
    short: 'q',
    type: 'boolean',
    describe: 'Same as --log-level warn.',
    group: 'logs',
  },
  version: {
    flag: 'version',
    short: 'v',
    type: 'boolean',
    describe: 'Print the version and exit.',
    group: 'serve',
  },
  help: {
    flag: 'help',
    short: 'h',
    type: 'boolean',
    describe: 'Print this help and exit.',
    group: 'serve',
  },
} satisfies Record<string, OptionSpec>;

/** A setting's name. */
export type OptionName = keyof typeof OPTIONS;

const GROUPS: Record<OptionSpec['group'], string> = {
  serve: 'Serving',
  ixc: 'One ISP from the environment (without --config)',
  keys: 'API keys',
  webhooks: 'Webhooks (one endpoint from the environment; see docs/serve.md)',
  logs: 'Logs',
};

/** The help text: every flag and variable, with its default. */
export function usage(): string {
  const lines = [
    'Usage: ixc-campsoft serve [options]',
    '',
    'Serves the Campsoft API for one or many ISPs, with /healthz, /readyz and /metrics.',
    'Without --config, IXC_URL and IXC_TOKEN: demo mode on a built-in IXC simulator.',
  ];
  for (const [group, title] of Object.entries(GROUPS)) {
    lines.push('', `${title}:`);
    for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
      if (spec.group !== group) continue;
      const names = [
        spec.flag &&
          `${spec.short ? `-${spec.short}, ` : ''}--${spec.flag}${spec.hint && spec.type === 'string' ? ` ${spec.hint}` : ''}`,
        spec.env &&
          `${spec.env}${spec.type === 'boolean' ? '=1|0' : spec.flag ? '' : spec.hint ? `=${spec.hint}` : ''}`,
      ].filter(Boolean);
      const tail = spec.default ? ` (default: ${spec.default})` : '';
      lines.push(`  ${names.join(', ')}`, `      ${spec.describe}${tail}`);
    }
  }
  lines.push(
    '',
    'Boolean variables take 1/true/yes or 0/false/no. Details: docs/serve.md in the repository.',
  );
  return lines.join('\n');
}

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);

/** Flags and variables as given, with the name each value came from. */
export class CliOptions {
  readonly #flags: Record<string, string | boolean | undefined>;
  readonly #env: NodeJS.ProcessEnv;

  private constructor(flags: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv) {
    this.#flags = flags;
    this.#env = env;
  }

  /**
   * Parses `args` (after the command name).
   *
   * @throws {CliUsageError} for an unknown flag, a missing value or a stray argument.
   * @example
   * ```ts
   * const options = CliOptions.parse(['--port', '0'], process.env);
   * options.int('port', 0, 65535); // 0
   * ```
   */
  static parse(args: string[], env: NodeJS.ProcessEnv): CliOptions {
    const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
    for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
      if (!spec.flag) continue;
      config[spec.flag] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
    }
    try {
      const { values } = parseArgs({
        args,
        options: config,
        strict: true,
        allowPositionals: false,
      });
      return new CliOptions(values, env);
    } catch (error) {
      // node:util's messages are already one line naming the flag; drop its advice about `--`.
      const first = (error as Error).message.split('\n')[0]!;
      const message = first.split('. To specify')[0]!.replace(/\.$/, '');
      throw new CliUsageError(message);
    }
  }

  /**
   * Checks every boolean variable, used or not in this mode, so a typo such as
   * `IXC_INSECURE_TLS=sim` is refused rather than silently ignored.
   *
   * @throws {CliUsageError} naming the first variable that is not a boolean.
   */
  checkBooleans(): void {
    for (const name of Object.keys(OPTIONS) as OptionName[]) {
      if (OPTIONS[name].type === 'boolean') this.bool(name);
    }
  }

  /** The environment the options were read from. */
  get env(): NodeJS.ProcessEnv {
    return this.#env;
  }

  /** Where a setting's value came from, for messages: `--port` or `PORT`. */
  source(name: OptionName): string {
    const spec: OptionSpec = OPTIONS[name];
    if (spec.flag && this.#flags[spec.flag] !== undefined) return `--${spec.flag}`;
    return spec.env ?? `--${spec.flag}`;
  }

  /** A string setting; `undefined` when unset or empty. */
  string(name: OptionName): string | undefined {
    const spec: OptionSpec = OPTIONS[name];
    const flag = spec.flag ? this.#flags[spec.flag] : undefined;
    if (typeof flag === 'string') return flag;
    const value = spec.env ? this.#env[spec.env]?.trim() : undefined;
    return value === '' ? undefined : value;
  }

  /**
   * A boolean setting: a flag, or a variable set to 1/true/yes or 0/false/no.
   *
   * @throws {CliUsageError} naming the variable when it holds anything else.
   */
  bool(name: OptionName, fallback = false): boolean {
    const spec: OptionSpec = OPTIONS[name];
    if (spec.flag && this.#flags[spec.flag] === true) return true;
    const raw = spec.env ? this.#env[spec.env]?.trim().toLowerCase() : undefined;
    if (raw === undefined || raw === '') return fallback;
    if (TRUE.has(raw)) return true;
    if (FALSE.has(raw)) return false;
    throw new CliUsageError(
      `${spec.env}=${JSON.stringify(this.#env[spec.env!])} is not a boolean: use 1/true/yes or 0/false/no`,
    );
  }

  /**
   * An integer setting within `[min, max]`.
   *
   * @throws {CliUsageError} naming the flag or variable.
   */
  int(name: OptionName, min: number, max: number, fallback?: number): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new CliUsageError(
        `${this.source(name)} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      );
    }
    return Number(raw);
  }

  /**
   * A setting that takes one of a few words.
   *
   * @throws {CliUsageError} naming the flag or variable and the words it takes.
   */
  choice<T extends string>(name: OptionName, choices: readonly T[]): T | undefined {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (!(choices as readonly string[]).includes(raw)) {
      throw new CliUsageError(
        `${this.source(name)} must be ${choices.join(' or ')}, got ${JSON.stringify(raw)}`,
      );
    }
    return raw as T;
  }
}
