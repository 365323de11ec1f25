import { IxcInputError } from '../errors.js';
import { ID_DIGITS } from '../schemas/ixc-limits.js';

/**
 * Checks an id given by a caller: a positive safe integer, or a string of digits. Anything
 * else is refused before a request is built, so an id can never reach IXC as a filter value
 * it was not meant to be.
 */
export function parseId(value: unknown, name = 'id'): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && ID_DIGITS.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new IxcInputError(`Invalid ${name}`, [
      { path: name, message: 'must be a positive integer' },
    ]);
  }
  return n;
}

/** {@link parseId} for one id or a list of them. */
export function parseIds(value: unknown, name: string): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0)
    throw new IxcInputError(`Invalid ${name}`, [{ path: name, message: 'must not be empty' }]);
  return list.map((v, i) => parseId(v, Array.isArray(value) ? `${name}.${i}` : name));
}
