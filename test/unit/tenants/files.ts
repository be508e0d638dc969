import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory for tenants files; `write` bumps the mtime so every edit is seen as one. */
export function scratch(): {
  dir: string;
  path: (name: string) => string;
  write: (name: string, text: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'tenants-'));
  let tick = Date.parse('2026-01-01T00:00:00Z') / 1000;
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      tick += 10;
      utimesSync(path, tick, tick);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const CONTOSO = '0d3c8f6e-5b7a-4c1d-9e2f-3a4b5c6d7e8f';
export const FABRIKAM = '1e4d9a7f-6c8b-4d2e-8f3a-4b5c6d7e8f90';
