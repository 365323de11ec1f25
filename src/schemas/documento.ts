/**
 * CPF and CNPJ check digits, including the alphanumeric CNPJ issued from July 2026 (IN RFB
 * 2.229/2024): its first 12 characters may be letters, each worth its ASCII code − 48, and its
 * two check digits stay numeric.
 */

const PUNCTUATION = /[.\-/\s]/g;

function value(ch: string): number {
  return ch.charCodeAt(0) - 48;
}

function checkDigit(body: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += value(body[i]!) * weights[i]!;
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

const CPF_1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * True for a CPF with valid check digits, formatted (`123.456.789-09`) or bare. One digit
 * repeated eleven times passes the arithmetic but is no CPF, and is refused.
 *
 * @example
 * ```ts
 * isValidCpf('529.982.247-25'); // true
 * isValidCpf('111.111.111-11'); // false
 * ```
 */
export function isValidCpf(input: string): boolean {
  const s = input.replace(PUNCTUATION, '');
  if (!/^\d{11}$/.test(s) || /^(\d)\1{10}$/.test(s)) return false;
  return (
    checkDigit(s.slice(0, 9), CPF_1) === value(s[9]!) &&
    checkDigit(s.slice(0, 10), CPF_2) === value(s[10]!)
  );
}

/**
 * True for a CNPJ with valid check digits, numeric or alphanumeric, formatted or bare,
 * letters in any case. The all-zero CNPJ is refused.
 *
 * @example
 * ```ts
 * isValidCnpj('11.222.333/0001-81'); // true
 * isValidCnpj('12.ABC.345/01DE-35'); // true (alphanumeric, from July 2026)
 * ```
 */
export function isValidCnpj(input: string): boolean {
  const s = input.replace(PUNCTUATION, '').toUpperCase();
  if (!/^[0-9A-Z]{12}\d{2}$/.test(s) || /^0{14}$/.test(s)) return false;
  return (
    checkDigit(s.slice(0, 12), CNPJ_1) === value(s[12]!) &&
    checkDigit(s.slice(0, 13), CNPJ_2) === value(s[13]!)
  );
}

/**
 * True for a valid CPF or CNPJ (see {@link isValidCpf} and {@link isValidCnpj}). Only `.`,
 * `-`, `/` and spaces are ignored: any other character makes the value invalid.
 *
 * @example
 * ```ts
 * isValidCpfCnpj(cliente.cnpjCpf ?? ''); // check what IXC stored
 * ```
 */
export function isValidCpfCnpj(input: string): boolean {
  return isValidCpf(input) || isValidCnpj(input);
}

/**
 * Strips a CPF or CNPJ to its characters: digits (and the letters of an alphanumeric CNPJ),
 * upper-cased. `.`, `-`, `/` and spaces are dropped.
 *
 * @example
 * ```ts
 * cpfCnpjDigits('529.982.247-25'); // '52998224725'
 * ```
 */
export function cpfCnpjDigits(input: string): string {
  return input.replace(PUNCTUATION, '').toUpperCase();
}

/**
 * Formats a CPF (`000.000.000-00`, 11 digits) or a CNPJ (`00.000.000/0000-00`, 14
 * characters, letters allowed in the first 12) the way IXC stores `cnpj_cpf`. Check digits
 * are not checked (see {@link isValidCpfCnpj}); anything of another length gives `null`.
 *
 * @example
 * ```ts
 * formatCpfCnpj('52998224725'); // '529.982.247-25'
 * formatCpfCnpj('11222333000181'); // '11.222.333/0001-81'
 * ```
 */
export function formatCpfCnpj(input: string): string | null {
  const s = cpfCnpjDigits(input);
  if (/^\d{11}$/.test(s)) return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
  if (/^[0-9A-Z]{12}\d{2}$/.test(s)) {
    return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
  }
  return null;
}
