import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

/** Certificates are reused while they stay valid this long; a fresh one lasts 30 days. */
const MIN_REMAINING_MS = 24 * 3600 * 1000;

/**
 * Makes (or reuses) a self-signed certificate for `localhost` and `127.0.0.1` in `dir`
 * (`cert.pem`, `key.pem`). A client trusts it with `NODE_EXTRA_CA_CERTS=<dir>/cert.pem`.
 */
export function ensureCertificate(dir: string, now = Date.now()): TlsFiles {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const key = readFileSync(keyPath, 'utf8');
    try {
      const x509 = new X509Certificate(cert);
      if (Date.parse(x509.validTo) - now > MIN_REMAINING_MS && x509.checkHost('localhost')) {
        return { certPath, keyPath, cert, key };
      }
    } catch {
      // Unreadable certificate: replaced below.
    }
  }
  mkdirSync(dir, { recursive: true });
  const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    days: 30,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  return { certPath, keyPath, cert: pems.cert, key: pems.private };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx simulator/tls.ts <dir>');
    process.exit(2);
  }
  process.stdout.write(ensureCertificate(dir).certPath + '\n');
}
