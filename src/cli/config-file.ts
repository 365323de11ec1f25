/**
 * The `ixc-campsoft.config.json` file: its zod schema (the source of truth for its shape,
 * documented in docs/serve.md) and the reader whose errors name the file, the path inside
 * it and what is wrong. Secrets are never in the file: it names the environment variables
 * that hold them, so the file can be committed and reviewed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IxcCampsoftError } from '../errors.js';
import { SCOPES as ROUTE_SCOPES } from '../router/table.js';

/** The configuration could not be used: one line per problem, each naming where it is. */
export class CliConfigError extends IxcCampsoftError {
  /** `<file>: <path>: <what is wrong>`, one per problem. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** API key scopes, as the router names them; `'*'` is every scope. */
export const SCOPES = [...ROUTE_SCOPES, '*'] as const;

const ENV_NAME = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be the NAME of an environment variable, e.g. ISP1_TOKEN',
  );
const TENANT_ID = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'must be letters, digits, ".", "_" or "-" (1–64)');

const TenantSchema = z
  .strictObject({
    id: TENANT_ID,
    url: z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL of the IXC install' })
      .describe('The IXC install: https://ixc.isp.com.br'),
    tokenEnv: ENV_NAME.describe('Variable holding the token, "<userId>:<token>"'),
    tls: z
      .strictObject({
        rejectUnauthorized: z.boolean().optional(),
        caFile: z.string().min(1).optional().describe('PEM file of the CA, relative to this file'),
      })
      .optional(),
    pageSize: z.int().min(1).max(500).optional(),
    timeoutMs: z.int().min(100).max(600_000).optional(),
    maxRetries: z.int().min(0).max(10).optional(),
    maxConcurrency: z.int().min(1).max(256).optional(),
    queueTimeoutMs: z.int().min(0).max(600_000).optional(),
  })
  .meta({ id: 'Tenant' });

const ApiKeySchema = z
  .strictObject({
    name: z.string().regex(/^[\w.:@-]{1,64}$/, 'must be 1–64 letters, digits or ._:@-'),
    keyEnv: ENV_NAME.optional().describe('Variable holding the key itself'),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the hex SHA-256 digest of the key (64 characters)')
      .optional()
      .describe('Or the hex SHA-256 digest of the key: the file then holds no secret'),
    tenants: z.union([z.literal('*'), z.array(TENANT_ID).min(1)]),
    scopes: z.array(z.enum(SCOPES)).min(1).optional(),
  })
  .refine((k) => (k.keyEnv === undefined) !== (k.sha256 === undefined), {
    error: 'give exactly one of keyEnv and sha256',
  });

const EndpointSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  secretEnv: ENV_NAME,
  eventTypes: z.array(z.string().min(1)).min(1).optional(),
  description: z.string().max(200).optional(),
  /** Payloads carry the customer's name, e-mail and masked CPF/CNPJ (`data.cliente`). */
  includeCliente: z.boolean().default(false),
});

const StoreSchema = z.union([
  z.strictObject({ path: z.string().min(1) }),
  z.strictObject({ urlEnv: ENV_NAME.describe('Variable holding a postgres:// URL') }),
]);

/** The schema of `ixc-campsoft.config.json`. */
export const ServeConfigFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    tenants: z.array(TenantSchema).min(1, 'list at least one tenant'),
    apiKeys: z.array(ApiKeySchema).default([]),
    rateLimit: z.strictObject({ requestsPerMinute: z.int().min(1).max(1_000_000) }).optional(),
    webhooks: z
      .strictObject({
        endpoints: z.array(EndpointSchema).default([]),
        pollIntervalSeconds: z.int().min(1).max(86_400).default(30),
        allowInsecure: z.boolean().default(false),
      })
      .optional(),
    store: StoreSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    for (const [i, t] of file.tenants.entries()) {
      if (ids.has(t.id)) {
        ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `repeats "${t.id}"` });
      }
      ids.add(t.id);
    }
    const names = new Set<string>();
    for (const [i, k] of file.apiKeys.entries()) {
      if (names.has(k.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['apiKeys', i, 'name'],
          message: `repeats "${k.name}"`,
        });
      }
      names.add(k.name);
      if (k.tenants === '*') continue;
      for (const [j, id] of k.tenants.entries()) {
        if (!ids.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['apiKeys', i, 'tenants', j],
            message: `no tenant has the id "${id}"`,
          });
        }
      }
    }
  });

/** The file's shape, as written. */
export type ServeConfigFile = z.infer<typeof ServeConfigFileSchema>;
/** One tenant of the file. */
export type TenantEntry = z.infer<typeof TenantSchema>;
/** One API key of the file. */
export type ApiKeyEntry = z.infer<typeof ApiKeySchema>;

/** `tenants[3].tokenEnv` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(top level)';
}

/** Turns JSON.parse's "at position N" into a line and column a user can jump to. */
function jsonProblem(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return ` not valid JSON: ${error.message}`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${line}:${column}: not valid JSON: ${error.message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/**
 * Reads and validates a config file.
 *
 * @throws {CliConfigError} naming the file and, for each problem, the path inside it.
 * @example
 * ```ts
 * const file = readConfigFile('ixc-campsoft.config.json');
 * console.log(file.tenants.map((t) => t.id));
 * ```
 */
export function readConfigFile(path: string): ServeConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliConfigError([
      `${path}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : code})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliConfigError([`${path}:${jsonProblem(text, error as Error)}`]);
  }
  const parsed = ServeConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliConfigError(
      parsed.error.issues.map((i) => `${path}: ${formatPath(i.path)}: ${i.message}`),
    );
  }
  return parsed.data;
}
