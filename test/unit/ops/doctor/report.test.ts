import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../../src/errors';
import { formatDoctorReport, loadEnvFiles, type DoctorReport } from '../../../../src/ops/doctor';

describe('the doctor table', () => {
  const report: DoctorReport = {
    checks: [
      { name: 'configuration', status: 'ok', detail: 'Graph https://graph.microsoft.com with client secret' },
      {
        name: 'permission: actions',
        status: 'warn',
        detail: 'missing SecurityAlert.ReadWrite.All. '.repeat(4),
      },
      { name: 'store', status: 'fail', detail: 'azure-blob container x does not answer', blocking: true },
      { name: 'certificate', status: 'skip', detail: 'no certificate' },
    ],
    blocking: [],
    exitCode: 1,
  };
  report.blocking = [report.checks[2]!];

  it('prints one aligned row per check, wrapped to the width, then the verdict', () => {
    const text = formatDoctorReport(report, { title: 'doctor', width: 80 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('doctor');
    expect(lines[2]).toMatch(/^STATUS CHECK {16}DETAIL$/);
    expect(lines.find((l) => l.startsWith('WARN   permission: actions  missing'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('FAIL   store'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('-      certificate'))).toBeDefined();
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.at(-1)).toBe(
      'NOT READY: 1 blocking problem(s) (store). Fix them and run npm run doctor again.',
    );
  });

  it('says ready, counting the warnings, without a blocking failure', () => {
    const fine = { ...report, checks: report.checks.slice(0, 2), blocking: [], exitCode: 0 as const };
    expect(formatDoctorReport(fine).split('\n').at(-1)).toBe('READY, with 1 warning(s).');
  });
});

describe('the doctor environment files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlpbot-env-'));
  writeFileSync(
    join(dir, '.env.local'),
    'BOT_ID=\nBOT_TYPE=SingleTenant\nSTORE=sqlite:./data/bot.db\nLOG_LEVEL=debug\n',
  );
  writeFileSync(join(dir, '.env.local.user'), 'SECRET_BOT_PASSWORD=from-toolkit\n');
  writeFileSync(join(dir, '.bot.local.user'), 'BOT_ID=8c2d1f3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f\nSTORE=\n');

  it('merges env/.env.<name>, its .user secrets and the bot runtime file, later non-empty values winning', () => {
    const { env, files } = loadEnvFiles('local', { dir, processEnv: {} });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      '.env.local',
      '.env.local.user',
      '.bot.local.user',
    ]);
    expect(env).toMatchObject({
      BOT_ID: '8c2d1f3e-4b5a-4c6d-9e8f-0a1b2c3d4e5f',
      BOT_PASSWORD: 'from-toolkit',
      BOT_TYPE: 'SingleTenant',
      STORE: 'sqlite:./data/bot.db',
    });
  });

  it('lets variables of the process win, as node --env-file does', () => {
    const { env } = loadEnvFiles('local', { dir, processEnv: { LOG_LEVEL: 'warn' } });
    expect(env.LOG_LEVEL).toBe('warn');
  });

  it('refuses an unknown environment and a name that is not a file name part', () => {
    expect(() => loadEnvFiles('prod', { dir, processEnv: {} })).toThrow(/\.env\.prod does not exist/);
    expect(() => loadEnvFiles('../etc', { dir, processEnv: {} })).toThrow(ConfigError);
  });
});
