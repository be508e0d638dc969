import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/** A client certificate PEM as AZURE_CLIENT_CERTIFICATE_PATH holds it: the private key, then the certificate. */
export interface CertificateFixture {
  path: string;
  pem: string;
  /** The PEM of the certificate alone. */
  cert: string;
  dir: string;
  remove(): void;
}

/** Writes a self-signed certificate that expires `days` days from now (real time) to a temporary file. */
export function makeCertificate(
  days: number,
  commonName = 'defender-dlp-bot graph client',
): CertificateFixture {
  const generated = selfsigned.generate([{ name: 'commonName', value: commonName }], {
    days,
    algorithm: 'sha256',
  });
  const dir = mkdtempSync(join(tmpdir(), 'dlpbot-cert-'));
  const path = join(dir, 'graph-client.pem');
  const pem = `${generated.private}\n${generated.cert}`;
  writeFileSync(path, pem, { mode: 0o600 });
  return {
    path,
    pem,
    cert: generated.cert,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
