/**
 * A self-signed certificate for 127.0.0.1, made with openssl in a temporary folder: what many
 * IXC installs serve, and what the TLS tests need without shipping a key in the repo.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
  key: string;
  cert: string;
}

export function makeSelfSigned(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'ixc-tls-'));
  try {
    // biome-ignore format: one openssl flag and its value per line pair reads better inline.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
