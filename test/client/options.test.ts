import { describe, expect, it } from 'vitest';
import {
  IxcCampsoftClient,
  type IxcCampsoftClientOptions,
  isIxcCampsoftError,
  isIxcConfigurationError,
  isIxcValidationError,
} from '../../src/index.js';

const TOKEN = '5:abcdef0123456789';

/** The error `fn` throws; fails the test when it throws nothing. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  expect.fail('expected an error, nothing was thrown');
}

function build(options: Partial<IxcCampsoftClientOptions>) {
  return () =>
    new IxcCampsoftClient({
      baseUrl: 'https://ixc.example.com.br',
      token: TOKEN,
      ...options,
    } as IxcCampsoftClientOptions);
}

describe('client options', () => {
  it('refuses a token without ":" at construction, without echoing it', () => {
    expect(build({ token: 'abcdef0123456789' })).toThrow(/token must be "<userId>:<token>"/);
    const error = thrown(build({ token: 'supersecretvalue' }));
    expect(isIxcConfigurationError(error)).toBe(true);
    expect(isIxcValidationError(error)).toBe(false);
    expect(error).toMatchObject({
      name: 'IxcConfigurationError',
      issues: [{ path: 'token', message: expect.stringMatching(/userId/) }],
    });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(
      'supersecretvalue',
    );
  });

  it.each([
    [{ baseUrl: 'ixc.example.com.br' }, /baseUrl/],
    [{ baseUrl: 'ftp://ixc.example.com.br' }, /http or https/],
    [{ pageSize: 501 }, /pageSize cannot exceed 500/],
    [{ pageSize: 0 }, /pageSize/],
    [{ timeout: -1 }, /timeout/],
    [{ maxRetries: 1.5 }, /maxRetries/],
    [{ fetch: 'nope' as never }, /fetch must be a function/],
  ])('refuses %j with an IxcConfigurationError', (options, message) => {
    const error = thrown(build(options));
    expect(isIxcConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a missing options object with an IxcConfigurationError, not a TypeError', () => {
    const error = thrown(() => new IxcCampsoftClient(undefined as never));
    expect(isIxcCampsoftError(error)).toBe(true);
    expect(isIxcConfigurationError(error)).toBe(true);
  });

  it('accepts the host or the full webservice URL, with or without a trailing slash', () => {
    for (const baseUrl of [
      'https://ixc.example.com.br',
      'https://ixc.example.com.br/',
      'https://ixc.example.com.br/webservice/v1',
      'https://ixc.example.com.br/webservice/v1/',
    ]) {
      expect(build({ baseUrl })().apiUrl).toBe('https://ixc.example.com.br/webservice/v1/');
    }
    expect(build({ baseUrl: 'https://10.0.0.1:8443/ixc' })().apiUrl).toBe(
      'https://10.0.0.1:8443/ixc/webservice/v1/',
    );
  });
});
