/**
 * Path ids and query strings, checked by zod before any IXC request. Queries are strict: a
 * parameter the route does not know is a 400, because a misspelt filter (`plano=3`) would
 * otherwise silently return every plan's customers.
 */
import { z } from 'zod';
import { STATUS_CONTRATO, STATUS_CONTRATO_CODE } from '../schemas/domain/codes.js';
import type { FieldError } from './problem.js';

const MAX_PAGE_SIZE = 500;
const STATUS_NAMES = Object.keys(STATUS_CONTRATO_CODE);

/** A positive id of at most 15 digits. */
export const IdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a positive integer (digits only)')
  .transform(Number)
  .refine((n) => n >= 1, 'must be a positive integer');

const intParam = (max?: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 1, 'must be at least 1')
    .refine((n) => max === undefined || n <= max, `must be at most ${max}`);

const planoIds = z
  .array(z.string())
  .transform((values) => values.flatMap((v) => v.split(',')).map((v) => v.trim()))
  .pipe(
    z.array(IdSchema).min(1, 'give at least one plan id').max(100, 'give at most 100 plan ids'),
  );

type StatusName = keyof typeof STATUS_CONTRATO_CODE;
const statusList = z
  .array(z.string())
  .transform((values) => values.flatMap((v) => v.split(',')).map((v) => v.trim()))
  .pipe(
    z
      .array(
        z.string().transform((v, ctx): StatusName => {
          const name =
            STATUS_CONTRATO[v.toUpperCase() as keyof typeof STATUS_CONTRATO] ?? v.toLowerCase();
          if (STATUS_NAMES.includes(name)) return name as StatusName;
          ctx.addIssue({
            code: 'custom',
            message: `unknown status "${v}": use ${STATUS_NAMES.join(', ')} or the IXC letters P, A, I, N, D`,
          });
          return z.NEVER;
        }),
      )
      .min(1, 'give at least one status'),
  );

const single = (schema: z.ZodType<number, string>) =>
  z
    .array(z.string())
    .refine((v) => v.length === 1, 'give this parameter once')
    .transform((v) => v[0]!)
    .pipe(schema);

/** Query of `/planos`. */
export function planosQuery(defaultPageSize: number) {
  return z.strictObject({
    page: single(intParam()).optional().default(1),
    pageSize: single(intParam(MAX_PAGE_SIZE)).optional().default(defaultPageSize),
    ativo: z
      .array(z.enum(['true', 'false'], 'must be true or false'))
      .refine((v) => v.length === 1, 'give this parameter once')
      .transform((v) => v[0] === 'true')
      .optional(),
  });
}

/** Query of `/clientes/planos`. */
export function clientesPorPlanoQuery(defaultPageSize: number) {
  return z.strictObject({
    page: single(intParam()).optional().default(1),
    pageSize: single(intParam(MAX_PAGE_SIZE)).optional().default(defaultPageSize),
    planoId: planoIds.optional(),
    status: statusList.optional(),
  });
}

/** Query of the routes that take none. */
export const NoQuery = z.strictObject({});

/** A parsed value, or the field errors that make the request a 400. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Collects a query string into lists per name, then checks it. */
export function parseQuery<T>(
  schema: z.ZodType<T> & { shape: Record<string, unknown> },
  search: string,
): Parsed<T> {
  const raw: Record<string, string[]> = Object.create(null);
  if (search) {
    for (const [name, value] of new URLSearchParams(search)) {
      const list = raw[name];
      if (list) list.push(value);
      else raw[name] = [value];
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: toFieldErrors(result.error, 'query', Object.keys(schema.shape)) };
}

/** Checks a path id (already percent-decoded). */
export function parseId(value: string): Parsed<number> {
  const result = IdSchema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: toFieldErrors(result.error, 'path.id', []) };
}

function toFieldErrors(error: z.ZodError, root: string, known: string[]): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const accepted = known.length ? `accepted: ${known.join(', ')}` : 'this route takes none';
      return {
        path: root,
        message: `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (${accepted})`,
      };
    }
    const name = issue.path.filter((p) => typeof p === 'string').join('.');
    return { path: name ? `${root}.${name}` : root, message: issue.message };
  });
}
