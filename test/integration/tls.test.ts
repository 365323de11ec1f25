/**
 * IXC installs often serve self-signed certificates. The `tls` option accepts them, by CA or
 * by turning verification off, and the default stays strict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient, isIxcConnectionError } from '../../src/index.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { makeSelfSigned } from '../helpers/self-signed.js';

let sim: IxcSimulator;
let cert: string;

beforeAll(async () => {
  const pair = makeSelfSigned();
  cert = pair.cert;
  sim = await startIxcSimulator({ https: pair });
});
afterAll(() => sim.close());

describe('HTTPS with a self-signed certificate', () => {
  it('serves over https', () => {
    expect(sim.url.startsWith('https://127.0.0.1:')).toBe(true);
  });

  it('refuses the certificate by default', async () => {
    const strict = new IxcCampsoftClient({ baseUrl: sim.url, token: sim.token, maxRetries: 0 });
    await expect(strict.getCliente(7)).rejects.toSatisfy(isIxcConnectionError);
  });

  it('trusts it when given as the CA', async () => {
    const client = new IxcCampsoftClient({ baseUrl: sim.url, token: sim.token, tls: { ca: cert } });
    await expect(client.getCliente(7)).resolves.toMatchObject({ id: 7 });
  });

  it('accepts it with rejectUnauthorized: false', async () => {
    const client = new IxcCampsoftClient({
      baseUrl: sim.url,
      token: sim.token,
      tls: { rejectUnauthorized: false },
    });
    const produtos = await client.getProdutos(7);
    expect(produtos.length).toBeGreaterThan(0);
  });
});
