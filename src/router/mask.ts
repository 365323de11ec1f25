/**
 * LGPD: what of a customer leaves the router. Masking keeps the middle of a CPF or CNPJ,
 * which is enough to tell two customers apart on a support call, and hides the start and
 * the check digits, following the masking the Brazilian government's transparency portals
 * use for CPFs (`***.456.789-**`).
 */

import type { Cliente } from '../schemas/domain/cliente.js';
import { ClienteSchema } from '../schemas/domain/cliente.js';
import { misconfigured } from './errors.js';
import type { ClienteField } from './types.js';

// Any letter or digit, not only ASCII: a document pasted with full-width digits must be masked too.
const ALNUM = /[\p{L}\p{N}]/u;

/**
 * Masks a CPF (11 characters) or CNPJ (14, letters allowed since the alphanumeric CNPJ) in
 * whatever punctuation it came with; any other value is masked whole.
 *
 * @example
 * ```ts
 * maskDocument('123.456.789-09');     // '***.456.789-**'
 * maskDocument('12.345.678/0001-95'); // '**.345.678/0001-**'
 * maskDocument('12345678909');        // '***456789**'
 * ```
 */
export function maskDocument(value: string): string {
  let count = 0;
  for (const ch of value) if (ALNUM.test(ch)) count++;
  // [hidden at the start, hidden at the end]; everything hidden for other lengths.
  const [head, tail] = count === 11 ? [3, 2] : count === 14 ? [2, 2] : [count, 0];
  let i = 0;
  let out = '';
  for (const ch of value) {
    if (!ALNUM.test(ch)) {
      out += ch;
      continue;
    }
    out += i < head || i >= count - tail ? '*' : ch;
    i++;
  }
  return out;
}

function maskAll(value: string): string {
  return value.replace(/[\p{L}\p{N}]/gu, '*');
}

/** Every field name of a customer. */
export const CLIENTE_FIELDS = Object.keys(ClienteSchema.shape) as ClienteField[];

/** Turns a customer into what the router returns. */
export type ClienteView = (cliente: Cliente) => Partial<Cliente>;

/**
 * Builds the customer view of a router: masked documents, and only the allowed fields
 * (`id` always kept, so results can still be joined).
 *
 * @throws {RouterConfigurationError} when a field is not a customer field.
 */
export function createClienteView(
  maskDocuments: boolean,
  fields: readonly ClienteField[] | undefined,
): ClienteView {
  const keep = fields ? allowedFields(fields) : undefined;
  if (!maskDocuments && !keep) return (c) => c;
  return (c) => {
    const out: Partial<Cliente> = keep ? {} : { ...c };
    if (keep) for (const f of keep) (out as Record<string, unknown>)[f] = c[f];
    if (maskDocuments) {
      if ('cnpjCpf' in out && c.cnpjCpf) out.cnpjCpf = maskDocument(c.cnpjCpf);
      if ('cnpjCpfDigitos' in out && c.cnpjCpfDigitos)
        out.cnpjCpfDigitos = maskDocument(c.cnpjCpfDigitos);
      // A person's RG is personal data; a company's inscrição estadual is public.
      if ('ieIdentidade' in out && c.ieIdentidade && c.tipoPessoa !== 'juridica') {
        out.ieIdentidade = maskAll(c.ieIdentidade);
      }
    }
    return out;
  };
}

/** Checks an allow-list and adds `id`. */
export function allowedFields(fields: readonly string[]): ClienteField[] {
  for (const f of fields) {
    if (!(CLIENTE_FIELDS as string[]).includes(f)) {
      misconfigured(
        `clienteFields: "${f}" is not a customer field (one of ${CLIENTE_FIELDS.join(', ')})`,
      );
    }
  }
  return ['id', ...(fields.filter((f) => f !== 'id') as ClienteField[])];
}
