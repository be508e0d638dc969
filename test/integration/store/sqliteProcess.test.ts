/**
 * SQLite across processes: one process at a time (a clear refusal for the second), no manual cleanup after
 * kill -9, and every write acknowledged before the kill is still there.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store';
import { spawnChild, type Child } from './children/spawn';

let dir: string;
const children: Child[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-process-'));
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(script: string, path: string): Child {
  const child = spawnChild(script, [path]);
  children.push(child);
  return child;
}

async function tryOpenInChild(path: string): Promise<{ opened: boolean; code?: string; message?: string }> {
  const child = start('sqliteOpener.ts', path);
  const line = await child.waitForLine((l) => l.startsWith('{'), 30_000);
  return JSON.parse(line);
}

describe('SqliteStore across processes', () => {
  it('refuses a second process with store_locked naming the holder, and lets it in once closed', async () => {
    const path = join(dir, 'locked', 'bot.db');
    const store = openSqliteStore(path);
    const refused = await tryOpenInChild(path);
    expect(refused).toEqual({
      opened: false,
      code: 'store_locked',
      message:
        `The database ${path} is in use by another defender-dlp-bot process (pid ${process.pid} on ` +
        `${hostname()}). Stop it or set STORE to another path.`,
    });
    await store.close();
    expect(await tryOpenInChild(path)).toEqual({ opened: true });
  });

  it('keeps every acknowledged outbox write through kill -9, with no lock left behind', async () => {
    const path = join(dir, 'killed', 'bot.db');
    const writer = start('sqliteWriter.ts', path);
    await writer.waitForLine((l) => l === '500', 60_000);
    await writer.kill();
    expect((await writer.exited).signal).toBe('SIGKILL');
    const acknowledged = writer.lines.filter((l) => /^\d+$/.test(l)).map(Number);
    expect(acknowledged.length).toBeGreaterThan(500);
    expect(existsSync(`${path}.owner`)).toBe(true); // stale note, and yet:

    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = openSqliteStore(path, { lockWaitMs: 0 });
    const stored = new Set((await store.list<{ n: number }>('outbox/')).map((i) => i.value.n));
    expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
    await store.close();
  });
});
