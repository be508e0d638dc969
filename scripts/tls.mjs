// Makes the simulator's certificate through the simulator's own module (one implementation).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export function ensureTestCertificate(dir) {
  const root = resolve(import.meta.dirname, '..');
  const r = spawnSync(
    resolve(root, 'node_modules', '.bin', 'tsx'),
    [resolve(root, 'simulator/tls.ts'), dir],
    {
      encoding: 'utf8',
      cwd: root,
    },
  );
  if (r.status !== 0) throw new Error(`could not make the test certificate: ${r.stderr || r.error}`);
  return r.stdout.trim();
}
