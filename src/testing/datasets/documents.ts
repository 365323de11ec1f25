/** Brazilian CPF/CNPJ builders with valid check digits, formatted the way IXC stores them. */

function checkDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

// Template strings are ropes in V8; reading a character flattens one, so a big generated
// dataset keeps one compact string per document instead of a tree of slices.
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

function digitsOf(text: string): number[] {
  return [...text].map(Number);
}

/**
 * CPF with valid check digits from a 9-digit base, formatted `123.456.789-09` (IXC stores it
 * with the mask, and a digits-only search misses it).
 * @example
 * ```ts
 * formatCpf(123456789); // '123.456.789-09'
 * ```
 */
export function formatCpf(base: number): string {
  const d = digitsOf(String(base % 1_000_000_000).padStart(9, '0'));
  d.push(checkDigit(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]));
  d.push(checkDigit(d, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]));
  const s = d.join('');
  return flat(`${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`);
}

/**
 * CNPJ with valid check digits from an 8-digit root and branch `0001`.
 * @example
 * ```ts
 * formatCnpj(12345678); // '12.345.678/0001-95'
 * ```
 */
export function formatCnpj(root: number): string {
  const d = digitsOf(`${String(root % 100_000_000).padStart(8, '0')}0001`);
  d.push(checkDigit(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  d.push(checkDigit(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  const s = d.join('');
  return flat(
    `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`,
  );
}
