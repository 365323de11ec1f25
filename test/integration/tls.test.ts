/**
 * IXC installs often serve self-signed certificates. The `tls` option accepts them, by CA or
 * by turning verification off, and the default stays strict.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IxcCampsoftClient, isIxcConnectionError } from '../../src/index.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';

let sim: IxcSimulator;
let cert: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ixc-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  sim = await startIxcSimulator({
    https: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert },
  });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

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
