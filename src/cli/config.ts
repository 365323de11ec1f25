/**
 * What `ixc-campsoft serve` runs with, resolved from flags, the environment and (for many
 * ISPs) a config file. Three forms: a config file (`--config`/`CAMPSOFT_CONFIG`), one ISP
 * from `IXC_URL`/`IXC_TOKEN`, or neither (demo mode on the built-in simulator). Giving a
 * file and `IXC_URL` both is refused rather than guessed at, and so is a half-configured
 * IXC: a silent fall-back to the demo would serve fake data where real data was meant.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type ApiKeyEntry,
  CliConfigError,
  readConfigFile,
  SCOPES,
  type ServeConfigFile,
  type TenantEntry,
} from './config-file.js';
import { type CliOptions, CliUsageError } from './options.js';

/** The fixed API key of demo mode, with every scope; printed at start. */
export const DEMO_API_KEY = 'campsoft-demo-key-0123456789abcdef';
/** The read-only API key of demo mode; printed at start. */
export const DEMO_READ_KEY = 'campsoft-demo-readonly-0123456789';

/** A scope an API key may hold. */
export type Scope = (typeof SCOPES)[number];

/** One IXC to serve. The token is the value, read from the variable the file names. */
export interface TenantConfig {
  id: string;
  url: string;
  token: string;
  tls: { rejectUnauthorized?: boolean; ca?: string } | undefined;
  pageSize: number | undefined;
  timeoutMs: number | undefined;
  maxRetries: number | undefined;
  maxConcurrency: number | undefined;
  queueTimeoutMs: number | undefined;
}

/** An accepted API key, kept as its SHA-256 digest only. */
export interface KeyConfig {
  name: string;
  digest: Buffer;
  tenants: readonly string[] | '*';
  scopes: readonly Scope[];
}

/** Webhook settings, for the watcher and dispatcher. */
export interface WebhooksConfig {
  endpoints: {
    url: string;
    secret: string;
    eventTypes: string[] | undefined;
    description?: string;
    /** Payloads carry `data.cliente` (see the webhooks docs). */
    includeCliente?: boolean;
  }[];
  pollIntervalSeconds: number;
  allowInsecure: boolean;
}

/** A resolved `serve` configuration. */
export interface ServeConfig {
  /** Where tenants and keys came from. */
  source: { kind: 'demo' } | { kind: 'env' } | { kind: 'file'; path: string };
  port: number;
  host: string;
  basePath: string;
  /** Empty in demo mode until the simulator has started. */
  tenants: TenantConfig[];
  /** `true` with a config file: the router then takes the tenant from a header. */
  multiTenant: boolean;
  apiKeys: KeyConfig[];
  noAuth: boolean;
  maskDocuments: boolean;
  strict: boolean;
  checkOnly: boolean;
  gracePeriodMs: number;
  metrics: boolean;
  logFormat: 'json' | 'pretty';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  rateLimit: { requestsPerMinute: number } | undefined;
  webhooks: WebhooksConfig | undefined;
  /** A SQLite path or a `postgres://` URL; `undefined` for the webhooks' default. */
  store: string | undefined;
  /** `CAMPSOFT_WEBHOOKS=0`: no detection, no delivery, no store. */
  webhooksOff: boolean;
  /** `--demo-activity`: the demo simulator changes statuses on its own. */
  demoActivity: boolean;
  /** The console at `/` (`CAMPSOFT_CONSOLE`), and where its build is. */
  console: { enabled: boolean; dir: string | undefined };
}

/** SHA-256 of a key, as stored and as given in a config file's `sha256`. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function checkKey(key: string, where: string): void {
  if (key.length < 16 || /\s/.test(key)) {
    throw new CliUsageError(`${where}: an API key must be 16 or more characters without spaces`);
  }
}

/** Reads the variables a config file names; every missing one is reported, not the first. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(
    readonly file: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  get(name: string, path: string): string {
    const value = this.env[name]?.trim();
    if (!value)
      this.problems.push(`${this.file}: ${path}: environment variable ${name} is not set`);
    return value ?? '';
  }
}

function fileTenant(t: TenantEntry, i: number, env: EnvReader): TenantConfig {
  const token = env.get(t.tokenEnv, `tenants[${i}].tokenEnv`);
  if (token && !/^\s*\d+\s*:\s*\S+\s*$/.test(token)) {
    env.problems.push(
      `${env.file}: tenants[${i}].tokenEnv: ${t.tokenEnv} must hold "<userId>:<token>" as IXC shows it`,
    );
  }
  let ca: string | undefined;
  if (t.tls?.caFile) {
    const file = resolve(dirname(env.file), t.tls.caFile);
    try {
      ca = readFileSync(file, 'utf8');
    } catch {
      env.problems.push(`${env.file}: tenants[${i}].tls.caFile: cannot read ${file}`);
    }
  }
  const tls =
    t.tls && (t.tls.rejectUnauthorized !== undefined || ca)
      ? {
          ...(t.tls.rejectUnauthorized !== undefined
            ? { rejectUnauthorized: t.tls.rejectUnauthorized }
            : {}),
          ...(ca ? { ca } : {}),
        }
      : undefined;
  return {
    id: t.id,
    url: t.url,
    token,
    tls,
    pageSize: t.pageSize,
    timeoutMs: t.timeoutMs,
    maxRetries: t.maxRetries,
    maxConcurrency: t.maxConcurrency,
    queueTimeoutMs: t.queueTimeoutMs,
  };
}

function fileKey(k: ApiKeyEntry, i: number, env: EnvReader): KeyConfig {
  let digest: Buffer;
  if (k.sha256) digest = Buffer.from(k.sha256, 'hex');
  else {
    const key = env.get(k.keyEnv!, `apiKeys[${i}].keyEnv`);
    if (key && (key.length < 16 || /\s/.test(key))) {
      env.problems.push(
        `${env.file}: apiKeys[${i}].keyEnv: ${k.keyEnv} must hold 16 or more characters without spaces`,
      );
    }
    digest = keyDigest(key);
  }
  return { name: k.name, digest, tenants: k.tenants, scopes: k.scopes ?? ['read'] };
}

function fromFile(path: string, file: ServeConfigFile, env: NodeJS.ProcessEnv) {
  const reader = new EnvReader(path, env);
  const tenants = file.tenants.map((t, i) => fileTenant(t, i, reader));
  const apiKeys = file.apiKeys.map((k, i) => fileKey(k, i, reader));
  const seen = new Map<string, number>();
  for (const [i, k] of apiKeys.entries()) {
    const hex = k.digest.toString('hex');
    const first = seen.get(hex);
    if (first !== undefined) {
      reader.problems.push(`${path}: apiKeys[${i}]: the same key as apiKeys[${first}]`);
    }
    seen.set(hex, i);
  }
  const webhooks = file.webhooks && {
    endpoints: file.webhooks.endpoints.map((e, i) => ({
      url: e.url,
      secret: reader.get(e.secretEnv, `webhooks.endpoints[${i}].secretEnv`),
      eventTypes: e.eventTypes,
      ...(e.description ? { description: e.description } : {}),
      includeCliente: e.includeCliente,
    })),
    pollIntervalSeconds: file.webhooks.pollIntervalSeconds,
    allowInsecure: file.webhooks.allowInsecure,
  };
  let store: string | undefined;
  if (file.store && 'path' in file.store) store = resolve(dirname(path), file.store.path);
  else if (file.store) {
    store = reader.get(file.store.urlEnv, 'store.urlEnv');
    if (store && !/^postgres(ql)?:\/\//.test(store)) {
      reader.problems.push(
        `${path}: store.urlEnv: ${file.store.urlEnv} must hold a postgres:// URL`,
      );
    }
  }
  if (reader.problems.length > 0) throw new CliConfigError(reader.problems);
  return { tenants, apiKeys, webhooks, store, rateLimit: file.rateLimit };
}

function scopesFrom(options: CliOptions): Scope[] {
  const raw = (options.string('apiKeyScopes') ?? 'read').split(',').map((s) => s.trim());
  for (const scope of raw) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new CliUsageError(
        `CAMPSOFT_API_KEY_SCOPES: unknown scope "${scope}" (use ${SCOPES.join(', ')})`,
      );
    }
  }
  return raw as Scope[];
}

function fromEnv(options: CliOptions) {
  const url = options.string('ixcUrl');
  const token = options.string('ixcToken');
  if (Boolean(url) !== Boolean(token)) {
    throw new CliUsageError(
      'Set both IXC_URL and IXC_TOKEN to use a real IXC, or neither for the demo',
    );
  }
  const keys = (options.string('apiKeys') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const [i, k] of keys.entries()) checkKey(k, `CAMPSOFT_API_KEYS (key ${i + 1})`);
  const scopes = scopesFrom(options);
  const apiKeys: KeyConfig[] = keys.map((key, i) => ({
    name: `key-${i + 1}`,
    digest: keyDigest(key),
    tenants: '*',
    scopes,
  }));
  if (!url || !token) return { tenants: [], apiKeys, demo: true };
  try {
    new URL(url);
  } catch {
    throw new CliUsageError(`IXC_URL must be an absolute URL such as https://ixc.isp.com.br`);
  }
  if (!/^\s*\d+\s*:\s*\S+\s*$/.test(token)) {
    throw new CliUsageError('IXC_TOKEN must be "<userId>:<token>" as IXC shows it');
  }
  const tenant: TenantConfig = {
    id: 'default',
    url,
    token,
    tls: options.bool('ixcInsecureTls') ? { rejectUnauthorized: false } : undefined,
    pageSize: undefined,
    timeoutMs: undefined,
    maxRetries: undefined,
    maxConcurrency: options.int('ixcMaxConcurrency', 1, 256),
    queueTimeoutMs: undefined,
  };
  return { tenants: [tenant], apiKeys, demo: false };
}

function envWebhooks(options: CliOptions): WebhooksConfig | undefined {
  const url = options.string('webhookUrl');
  const secret = options.string('webhookSecret');
  if (Boolean(url) !== Boolean(secret)) {
    throw new CliUsageError(
      'Set both CAMPSOFT_WEBHOOK_URL and CAMPSOFT_WEBHOOK_SECRET, or neither',
    );
  }
  const pollIntervalSeconds = options.int('pollInterval', 1, 86_400, 30)!;
  const allowInsecure = options.bool('webhookAllowInsecure');
  if (url) {
    try {
      if (!/^https?:$/.test(new URL(url).protocol)) throw new Error();
    } catch {
      throw new CliUsageError('CAMPSOFT_WEBHOOK_URL must be an http(s) URL');
    }
  }
  return {
    endpoints: url && secret ? [{ url, secret, eventTypes: undefined }] : [],
    pollIntervalSeconds,
    allowInsecure,
  };
}

/**
 * Resolves the configuration.
 *
 * @throws {CliUsageError} for a bad flag or variable (named in the message).
 * @throws {CliConfigError} for a bad config file (file, path and problem per line).
 * @example
 * ```ts
 * const config = resolveServeConfig(CliOptions.parse(['--config', 'isps.json'], process.env));
 * console.log(config.tenants.length);
 * ```
 */
export function resolveServeConfig(options: CliOptions): ServeConfig {
  options.checkBooleans();
  const configPath = options.string('config');
  const noAuth = options.bool('noAuth');
  let source: ServeConfig['source'];
  let tenants: TenantConfig[];
  let apiKeys: KeyConfig[];
  let webhooks: WebhooksConfig | undefined;
  let store = options.string('db');
  let rateLimitPerMinute = options.int('rateLimit', 1, 1_000_000);
  let rateLimit = rateLimitPerMinute ? { requestsPerMinute: rateLimitPerMinute } : undefined;
  if (configPath) {
    if (options.string('ixcUrl') || options.string('ixcToken')) {
      throw new CliUsageError(
        `${options.source('config')} names a config file and IXC_URL/IXC_TOKEN are set: list the IXC as a tenant in the file, or unset them`,
      );
    }
    const path = resolve(configPath);
    const file = fromFile(configPath, readConfigFile(configPath), options.env);
    source = { kind: 'file', path };
    tenants = file.tenants;
    apiKeys = file.apiKeys;
    webhooks = file.webhooks ?? envWebhooks(options);
    store = file.store ?? store;
    rateLimit = file.rateLimit ?? rateLimit;
    rateLimitPerMinute = rateLimit?.requestsPerMinute;
    if (apiKeys.length === 0 && !noAuth) {
      throw new CliConfigError([
        `${configPath}: apiKeys: list at least one API key, or pass --no-auth to serve without authentication`,
      ]);
    }
  } else {
    const env = fromEnv(options);
    source = env.demo ? { kind: 'demo' } : { kind: 'env' };
    tenants = env.tenants;
    apiKeys = env.apiKeys;
    webhooks = envWebhooks(options);
    if (!env.demo && apiKeys.length === 0 && !noAuth) {
      throw new CliUsageError(
        'Set CAMPSOFT_API_KEYS (comma-separated keys callers must send), or pass --no-auth to serve without authentication',
      );
    }
    if (env.demo && apiKeys.length === 0) {
      apiKeys = [
        { name: 'demo', digest: keyDigest(DEMO_API_KEY), tenants: '*', scopes: ['*'] },
        { name: 'demo-readonly', digest: keyDigest(DEMO_READ_KEY), tenants: '*', scopes: ['read'] },
      ];
    }
  }
  const quiet = options.bool('quiet');
  const level = options.choice('logLevel', ['debug', 'info', 'warn', 'error'] as const);
  const format = options.choice('logFormat', ['json', 'pretty'] as const);
  return {
    source,
    port: options.int('port', 0, 65535, 3000)!,
    host: options.string('host') ?? '127.0.0.1',
    basePath: options.string('basePath') ?? '/api/v1',
    tenants,
    multiTenant: source.kind === 'file',
    apiKeys: noAuth ? [] : apiKeys,
    noAuth,
    maskDocuments: options.bool('maskDocuments'),
    strict: options.bool('strict'),
    checkOnly: options.bool('checkConfig'),
    gracePeriodMs: options.int('grace', 0, 3600, 10)! * 1000,
    metrics: options.bool('metrics', true),
    logFormat: format ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    logLevel: level ?? (quiet ? 'warn' : 'info'),
    rateLimit,
    webhooks,
    store,
    webhooksOff: !options.bool('webhooks', true),
    demoActivity: options.bool('demoActivity'),
    console: { enabled: options.bool('consoleOn', true), dir: options.string('consoleDir') },
  };
}
