/**
 * The SQLite schema as an ordered list of migrations. `PRAGMA user_version` holds the last applied
 * version; `schema_migrations` records when each one ran (for operators). Append new migrations, never
 * edit a released one.
 */
import type { Database } from 'better-sqlite3';
import { BotError, StoreError } from '../errors';

export interface Migration {
  /** 1, 2, 3… without gaps. */
  version: number;
  /** A short name shown in logs and in `schema_migrations`. */
  name: string;
  /** The SQL to run (several statements allowed). */
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'items and etag sequence',
    // `version` comes from one global sequence, so an etag is never reused, even by a key that was
    // deleted and created again (a stale etag must never match a newer incarnation).
    up: `
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE TABLE items (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        version INTEGER NOT NULL
      );
      CREATE TABLE etag_sequence (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
      );
      INSERT INTO etag_sequence (id, value) VALUES (1, 0);
    `,
  },
];

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the database to the latest version in one transaction (all pending migrations or none).
 * Refuses a database written by a newer build, whose schema this build does not understand.
 */
export function migrate(
  db: Database,
  path: string,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): MigrationResult {
  assertOrdered(migrations);
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new StoreError(
      'store_unavailable',
      `The database ${path} has schema version ${from}, but this build only knows up to ${latest}. ` +
        'Run the newer defender-dlp-bot release that wrote it, or set STORE to another path.',
    );
  }
  const pending = migrations.slice(from);
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now().toISOString(),
      );
      // user_version cannot be bound as a parameter; m.version is a checked integer.
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return { from, to: latest, applied: pending.map((m) => `${m.version} ${m.name}`) };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new BotError(
        'schema_invalid',
        `Migration #${i} has version ${m.version}; versions must be 1, 2, 3… in order.`,
      );
    }
  });
}
