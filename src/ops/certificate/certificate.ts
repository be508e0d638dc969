import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../../errors';
import type { CertificateState } from '../status';

/** What the bot knows of its Graph client certificate. Never the key. */
export interface CertificateInfo {
  /** notAfter, ms since the epoch. */
  notAfter: number;
  /** notBefore, ms since the epoch. */
  notBefore: number;
  /** SHA-256 fingerprint (`AB:CD:…`): tells a renewed certificate from the old one. */
  fingerprint: string;
  subject: string;
}

const DAY_MS = 86_400_000;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Reads the first certificate of a PEM file (the Azure SDK's AZURE_CLIENT_CERTIFICATE_PATH format: the
 * certificate and its private key, in any order; the first certificate is the leaf). Throws a
 * `ConfigError` on AZURE_CLIENT_CERTIFICATE_PATH that says what is wrong.
 */
export function readCertificate(path: string): CertificateInfo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw certificateProblem(`cannot be read (${errorMessage(err)})`);
  }
  return parseCertificatePem(text);
}

/** Same as `readCertificate`, from the PEM text. */
export function parseCertificatePem(text: string): CertificateInfo {
  const block = PEM_CERTIFICATE.exec(text)?.[0];
  if (!block) throw certificateProblem('holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block);
  } catch (err) {
    throw certificateProblem(`holds a certificate that cannot be parsed (${errorMessage(err)})`);
  }
  const notAfter = Date.parse(cert.validTo);
  const notBefore = Date.parse(cert.validFrom);
  if (!Number.isFinite(notAfter)) throw certificateProblem(`has an unreadable expiry "${cert.validTo}"`);
  return {
    notAfter,
    notBefore,
    fingerprint: cert.fingerprint256,
    subject: cert.subject.replace(/\n/g, ', '),
  };
}

/** `{ expiresAt, daysLeft }` at `now`: days rounded down to a tenth, negative once expired. */
export function certificateState(info: Pick<CertificateInfo, 'notAfter'>, now: number): CertificateState {
  return {
    expiresAt: new Date(info.notAfter).toISOString(),
    daysLeft: Math.floor(((info.notAfter - now) / DAY_MS) * 10) / 10,
  };
}

function certificateProblem(message: string): ConfigError {
  return new ConfigError([{ key: 'AZURE_CLIENT_CERTIFICATE_PATH', message }]);
}
