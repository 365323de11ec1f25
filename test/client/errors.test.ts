import { describe, expect, it } from 'vitest';
import { errorGuard } from '../../src/errors.js';
import * as api from '../../src/index.js';

const {
  IxcCampsoftError,
  IxcConfigurationError,
  IxcDataError,
  IxcInputError,
  IxcQueueTimeoutError,
  IxcTimeoutError,
  IxcValidationError,
  isIxcCampsoftError,
  isIxcConfigurationError,
  isIxcConnectionError,
  isIxcDataError,
  isIxcInputError,
  isIxcQueueTimeoutError,
  isIxcTimeoutError,
  isIxcValidationError,
} = api;

const issue = [{ path: 'id', message: 'must be a positive integer' }];

describe('error classes and guards', () => {
  it('tells bad input from bad IXC data, both validation errors with their old source', () => {
    const input = new IxcInputError('Invalid id', issue);
    const data = new IxcDataError('Bad row', issue, { table: 'cliente' });
    expect([isIxcInputError(input), isIxcDataError(input), isIxcValidationError(input)]).toEqual([
      true,
      false,
      true,
    ]);
    expect([isIxcInputError(data), isIxcDataError(data), isIxcValidationError(data)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(input.source).toBe('input');
    expect(data.source).toBe('ixc');
    expect(data.message).toBe('Bad row: id: must be a positive integer');
    expect(input).toBeInstanceOf(IxcValidationError);
  });

  it('keeps configuration mistakes apart from validation errors', () => {
    const error = new IxcConfigurationError('Invalid options', issue);
    expect(isIxcConfigurationError(error)).toBe(true);
    expect(isIxcValidationError(error)).toBe(false);
    expect(isIxcCampsoftError(error)).toBe(true);
    expect(error.issues).toEqual(issue);
  });

  it('makes a queue timeout a timeout, named for what happened', () => {
    const error = new IxcQueueTimeoutError(250, 4, { table: 'cliente' });
    expect([
      isIxcQueueTimeoutError(error),
      isIxcTimeoutError(error),
      isIxcConnectionError(error),
    ]).toEqual([true, true, true]);
    expect(isIxcQueueTimeoutError(new IxcTimeoutError(250))).toBe(false);
    expect(error).toMatchObject({
      name: 'IxcQueueTimeoutError',
      timeoutMs: 250,
      maxConcurrency: 4,
    });
  });

  it('has a guard for every exported error class, and each guard knows only its own family', () => {
    const classes = Object.entries(api).filter(
      ([name, value]) => typeof value === 'function' && /^Ixc\w*Error$/.test(name),
    );
    expect(classes.length).toBeGreaterThanOrEqual(16);
    for (const [name] of classes) {
      expect(typeof (api as Record<string, unknown>)[`is${name}`], `is${name}`).toBe('function');
    }
    expect(isIxcInputError(new Error('x'))).toBe(false);
    expect(isIxcCampsoftError({ name: 'IxcCampsoftError' })).toBe(false);
  });

  it('lets other modules define branded classes whose guards see subclasses', () => {
    class IxcWriteError extends IxcCampsoftError {}
    class IxcWriteConflictError extends IxcWriteError {}
    const isIxcWriteError = errorGuard(IxcWriteError);
    expect(isIxcWriteError(new IxcWriteConflictError('conflict'))).toBe(true);
    expect(isIxcWriteError(new IxcInputError('x', issue))).toBe(false);
    // The brand is what a copy of the package loaded twice shares; a look-alike has none.
    const lookAlike = Object.create(IxcWriteError.prototype);
    expect(isIxcWriteError(lookAlike)).toBe(false);
  });
});
