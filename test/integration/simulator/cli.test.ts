import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { checkTlsTrust, TLS_DIR } from './helpers';

const ROOT = resolve(__dirname, '../../..');

/** Starts the CLI the way `npm run simulator` does, without npx (which does not forward signals). */
function runCli(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', ...args], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buffer = '';
  for await (const chunk of child.stdout!) {
    buffer += (chunk as Buffer).toString();
    if (buffer.includes('\n')) return buffer.slice(0, buffer.indexOf('\n'));
  }
  return buffer;
}

describe('simulator CLI', () => {
  beforeAll(() => checkTlsTrust());

  it('prints exactly "listening https://localhost:<port>", serves, and exits 0 on SIGTERM', async () => {
    const { child, stderr } = runCli([
      '--port',
      '0',
      '--scenario',
      'empty',
      '--tls-dir',
      TLS_DIR,
      '--seed',
      '3',
    ]);
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^listening https:\/\/localhost:\d+$/);
      const url = line.slice('listening '.length);
      const token = await (await fetch(`${url}/_sim/token`, { method: 'POST', body: '{}' })).json();
      const alerts = await fetch(`${url}/v1.0/security/alerts_v2`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      });
      expect(alerts.status).toBe(200);
      expect((await alerts.json()).value).toEqual([]);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(stderr()).not.toContain('Error');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses bad arguments with the usage and exit code 2', async () => {
    const { child, stderr } = runCli(['--scenario', 'busy', '--tls-dir', TLS_DIR]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr()).toContain("unknown scenario 'busy'");
    expect(stderr()).toContain('usage: tsx simulator/cli.ts');
  });
});
