import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../../../src/errors';
import { certificateState, parseCertificatePem, readCertificate } from '../../../../src/ops/certificate';
import { makeCertificate, type CertificateFixture } from '../certFixture';

const DAY = 86_400_000;

describe('reading the Graph client certificate', () => {
  let fixture: CertificateFixture;
  beforeAll(() => {
    fixture = makeCertificate(5);
  });
  afterAll(() => fixture.remove());

  it('reads the expiry of the certificate in a PEM that holds the key first', () => {
    const info = readCertificate(fixture.path);
    const daysLeft = (info.notAfter - Date.now()) / DAY;
    expect(daysLeft).toBeGreaterThan(4.9);
    expect(daysLeft).toBeLessThanOrEqual(5);
    expect(info.subject).toContain('CN=defender-dlp-bot graph client');
    expect(info.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('never exposes the private key', () => {
    expect(JSON.stringify(readCertificate(fixture.path))).not.toContain('PRIVATE KEY');
  });

  it('reads the same certificate when it comes before the key', () => {
    const certFirst = parseCertificatePem(
      `${fixture.cert}\n${fixture.pem.split('-----BEGIN CERTIFICATE-----')[0]}`,
    );
    expect(certFirst.fingerprint).toBe(readCertificate(fixture.path).fingerprint);
  });

  it('names AZURE_CLIENT_CERTIFICATE_PATH when the file is missing', () => {
    expect(() => readCertificate(join(fixture.dir, 'nope.pem'))).toThrow(ConfigError);
    expect(() => readCertificate(join(fixture.dir, 'nope.pem'))).toThrow(
      /AZURE_CLIENT_CERTIFICATE_PATH: cannot be read/,
    );
  });

  it('says so when the file holds only a key', () => {
    const keyOnly = join(fixture.dir, 'key.pem');
    writeFileSync(keyOnly, fixture.pem.split('-----BEGIN CERTIFICATE-----')[0]!);
    expect(() => readCertificate(keyOnly)).toThrow(/holds no PEM certificate/);
  });

  it('says so when the certificate block is garbage', () => {
    const text = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n';
    expect(() => parseCertificatePem(text)).toThrow(/cannot be parsed/);
  });
});

describe('the certificate state shown in /status', () => {
  const notAfter = Date.parse('2026-12-01T00:00:00Z');

  it('gives the expiry as ISO and the days left rounded down to a tenth', () => {
    expect(certificateState({ notAfter }, notAfter - 4.96 * DAY)).toEqual({
      expiresAt: '2026-12-01T00:00:00.000Z',
      daysLeft: 4.9,
    });
  });

  it('counts negative days once the certificate has expired', () => {
    expect(certificateState({ notAfter }, notAfter + 2.5 * DAY).daysLeft).toBe(-2.5);
  });
});
