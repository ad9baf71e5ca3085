// Applies the numbered SQL files of migrations/ in order, each inside its own write transaction, and
// records each in schema_migrations. A database written by a newer Triptych is refused untouched.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { isDatabaseBusy } from './busy.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const fileNamePattern = /^(\d{3,})_([a-z0-9_-]+)\.sql$/;

export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = fileNamePattern.exec(file);
      if (!match) throw new MigrationError(`migration file '${file}' is not named NNN_name.sql`);
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) {
      throw new MigrationError(`two migration files carry the number ${m.version}`);
    }
  });
  return migrations;
}

export function appliedVersions(db: Database): Set<number> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  return new Set(rows.map((r) => r.version));
}

/**
 * What a migration cannot say in SQL (rewriting JSON in the event log): run right after the
 * migration's SQL, in the same transaction.
 */
export type DataSteps = Record<number, (db: Database) => void>;

/** Brings the schema up to date; returns the versions applied now. */
export function migrate(db: Database, migrations: Migration[], dataSteps: DataSteps = {}): number[] {
  const applied = appliedVersions(db);
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v)).sort((a, b) => a - b);
  if (unknown.length) {
    const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
    throw new MigrationError(
      `this database has schema version ${unknown[unknown.length - 1]}, which this Triptych does not know (it knows up to ${latest}); ` +
        'use a newer Triptych or another database file',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const appliedNow: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    let ran = false;
    // A write transaction from the start: another process opening the same file at the same time
    // (the server and a CLI command) waits here, and then finds the migration applied.
    const apply = db.transaction(() => {
      if (isApplied.get(migration.version)) return;
      db.exec(migration.sql);
      dataSteps[migration.version]?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      ran = true;
    });
    try {
      apply.immediate();
    } catch (error) {
      // another writer held the file past the busy timeout: nothing failed, it can be tried again
      if (isDatabaseBusy(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`migration ${migration.version} (${migration.name}) failed and was rolled back: ${reason}`);
    }
    if (ran) appliedNow.push(migration.version);
  }
  return appliedNow;
}
