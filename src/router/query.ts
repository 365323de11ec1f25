/**
 * Path parameters, query strings and bodies, checked by zod before any IXC request. Each
 * parameter schema is a pipe from the wire (strings) to a typed schema without transforms,
 * so the OpenAPI document can state the typed side (`integer`, `minimum: 1`) from the same
 * schema that parses. Queries are strict: a parameter the route does not know is a 400,
 * because a misspelt filter (`plano=3`) would otherwise silently return every plan's
 * customers.
 */
import { z } from 'zod';
import { STATUS_CONTRATO, STATUS_CONTRATO_CODE } from '../schemas/domain/codes.js';
import { ID_DIGITS, ID_MAX, ID_MAX_DIGITS, MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';
import type { FieldError } from './problem.js';
import type { RouteOptions } from './table.js';

const STATUS_NAMES = Object.keys(STATUS_CONTRATO_CODE) as [
  keyof typeof STATUS_CONTRATO_CODE,
  ...(keyof typeof STATUS_CONTRATO_CODE)[],
];

/**
 * A positive id of at most {@link ID_MAX_DIGITS} digits, given as a string (path parameter,
 * list item).
 */
export const IdSchema = z
  .string()
  .regex(ID_DIGITS, 'must be a positive integer (digits only)')
  .pipe(z.coerce.number<string>().int().min(1, 'must be a positive integer').max(ID_MAX));

// Id parameters made by `idParam`: the router checks them without zod on the hot path.
const ID_PARAMS = new WeakSet<z.ZodType>();

/** {@link IdSchema} with a description, for path parameters (checked without zod when valid). */
export function idParam(description: string): typeof IdSchema {
  const schema = IdSchema.describe(description);
  ID_PARAMS.add(schema);
  return schema;
}

/**
 * A checker of path parameters that gives what `schema` would for valid input, without
 * zod, when every field is an {@link idParam}: it reads the raw (still percent-encoded)
 * values by template order, and answers `null` for anything else (an escape, a bad id),
 * which then goes the long way (decoding, zod, its wording of the 400). `undefined` when
 * the schema has other fields.
 */
export function fastIdParams(
  schema: ObjectSchema | undefined,
  names: readonly string[],
): ((raw: readonly string[]) => Record<string, number> | null) | undefined {
  const shape = schema?.shape;
  if (!shape || (schema as { _zod?: { def?: { type?: string } } })._zod?.def?.type !== 'object') {
    return undefined;
  }
  const fields = Object.keys(shape);
  if (fields.length !== names.length || !names.every((n) => fields.includes(n))) return undefined;
  if (!fields.every((n) => ID_PARAMS.has(shape[n] as z.ZodType))) return undefined;
  return (raw) => {
    const out: Record<string, number> = {};
    for (let i = 0; i < names.length; i++) {
      const n = idOf(raw[i]!);
      if (n === 0) return null;
      out[names[i]!] = n;
    }
    return out;
  };
}

/**
 * The id spelt by `value` when it is {@link ID_DIGITS} (ASCII digits only, as `\d` without
 * the `u` flag), `0` otherwise (0 is no valid id either). A loop over the characters costs a
 * fraction of the regex on these few characters.
 */
function idOf(value: string): number {
  const length = value.length;
  if (length === 0 || length > ID_MAX_DIGITS) return 0;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
  }
  return Number(value);
}

const intParam = (max?: number) => {
  const n = z.coerce.number<string>().int().min(1, 'must be at least 1');
  // The regex allows nine digits; the bound says so in the OpenAPI document.
  return z
    .string()
    .regex(/^\d{1,9}$/, 'must be a positive integer')
    .pipe(n.max(max ?? 999_999_999, `must be at most ${max}`));
};

/** Splits every value of a repeated, comma-separated parameter into one list. */
const commaList = z
  .array(z.string())
  .transform((values) => values.flatMap((v) => v.split(',')).map((v) => v.trim()));

/** A single-valued query parameter: its values arrive as a list, which must hold one. */
export function single<S extends z.ZodType<unknown, string>>(schema: S) {
  return z
    .array(z.string())
    .refine((v) => v.length === 1, 'give this parameter once')
    .transform((v) => v[0]!)
    .pipe(schema);
}

const statusName = z
  .string()
  .transform((v, ctx) => {
    const name =
      STATUS_CONTRATO[v.toUpperCase() as keyof typeof STATUS_CONTRATO] ?? v.toLowerCase();
    if ((STATUS_NAMES as string[]).includes(name)) return name;
    ctx.addIssue({
      code: 'custom',
      message: `unknown status "${v}": use ${STATUS_NAMES.join(', ')} or the IXC letters P, A, I, N, D`,
    });
    return z.NEVER;
  })
  .pipe(z.enum(STATUS_NAMES));

/** `page` and `pageSize`, shared by every paged route. */
export function pagingQuery(defaultPageSize: number) {
  return {
    page: single(intParam()).optional().default(1).describe('1-based page.'),
    pageSize: single(intParam(MAX_PAGE_SIZE))
      .optional()
      .default(defaultPageSize)
      .describe('Rows per page.'),
  };
}

/** Query of `/planos`. */
export function planosQuery(options: RouteOptions) {
  return z.strictObject({
    ...pagingQuery(options.defaultPageSize),
    ativo: single(
      z
        .enum(['true', 'false'], 'must be true or false')
        .transform((v) => v === 'true')
        .pipe(z.boolean()),
    )
      .optional()
      .describe('Only plans that can be sold (true) or retired ones (false).'),
  });
}

/** Query of `/clientes/planos`. */
export function clientesPorPlanoQuery(options: RouteOptions) {
  return z.strictObject({
    ...pagingQuery(options.defaultPageSize),
    planoId: commaList
      .pipe(
        z.array(IdSchema).min(1, 'give at least one plan id').max(100, 'give at most 100 plan ids'),
      )
      .optional()
      .describe('Plan id, or a comma-separated list (or the parameter repeated).'),
    status: commaList
      .pipe(z.array(statusName).min(1, 'give at least one status'))
      .optional()
      .describe('Contract status name (or IXC letter P, A, I, N, D), or a comma-separated list.'),
  });
}

/** Path parameters of the customer routes. */
export const ClienteIdParams = z.object({ id: idParam('Customer id in IXC.') });

/** A parsed value, or the field errors that make the request a 400. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

type ObjectSchema = z.ZodType & { shape?: Record<string, unknown> };

/** Collects a query string into lists per name, then checks it. */
export function parseQuery<T>(schema: ObjectSchema & z.ZodType<T>, search: string): Parsed<T> {
  const raw: Record<string, string[]> = Object.create(null);
  if (search) {
    for (const [name, value] of new URLSearchParams(search)) {
      const list = raw[name];
      if (list) list.push(value);
      else raw[name] = [value];
    }
  }
  return check(schema, raw, 'query');
}

/** Checks a value (path parameters, body) against its schema; field paths start at `root`. */
export function check<T>(
  schema: ObjectSchema & z.ZodType<T>,
  value: unknown,
  root: string,
): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const known = schema.shape ? Object.keys(schema.shape) : [];
  return { ok: false, errors: toFieldErrors(result.error, root, known) };
}

function toFieldErrors(error: z.ZodError, root: string, known: string[]): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const accepted = known.length ? `accepted: ${known.join(', ')}` : 'this route takes none';
      const what = root === 'query' ? 'parameter' : 'field';
      return {
        path: root,
        message: `unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (${accepted})`,
      };
    }
    const name = issue.path.filter((p) => typeof p === 'string').join('.');
    return { path: name ? `${root}.${name}` : root, message: issue.message };
  });
}
