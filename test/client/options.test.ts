import { describe, expect, it } from 'vitest';
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../src/index.js';

const TOKEN = '5:abcdef0123456789';

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
    try {
      build({ token: 'supersecretvalue' })();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('supersecretvalue');
      expect(e).toMatchObject({ name: 'IxcValidationError' });
    }
  });

  it.each([
    [{ baseUrl: 'ixc.example.com.br' }, /baseUrl/],
    [{ baseUrl: 'ftp://ixc.example.com.br' }, /http or https/],
    [{ pageSize: 501 }, /pageSize cannot exceed 500/],
    [{ pageSize: 0 }, /pageSize/],
    [{ timeout: -1 }, /timeout/],
    [{ maxRetries: 1.5 }, /maxRetries/],
    [{ fetch: 'nope' as never }, /fetch must be a function/],
  ])('refuses %j', (options, message) => {
    expect(build(options)).toThrow(message);
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
