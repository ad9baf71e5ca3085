// Opens the SQLite file (creating its folder), sets WAL and foreign keys, and migrates it.
// Every entry point — server and CLI — opens the database through here.
//
// Several processes may write to one file (the server, `triptych import`, a second server). Every
// transaction that may write begins as a write transaction (better-sqlite3's `.immediate()`: BEGIN
// IMMEDIATE), so a writer that finds another one busy waits up to the busy timeout for its turn; a
// deferred transaction that reads first could not wait (SQLite answers SQLITE_BUSY at once when a
// reader asks to become a writer). A wait longer than the timeout ends in an error that
// isDatabaseBusy recognises: the web answers 503 with Retry-After, the CLI exits with code 75.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { defaultBusyTimeoutMs } from './busy.ts';
import { upgradeGridEventsToPairs } from './legacy-grid-events.ts';
export { isDatabaseBusy } from './busy.ts';
import { migrate, readMigrations, type DataSteps } from './migrate.ts';
import { rebuildSentenceIndex } from './sentence-search.ts';

/** The steps of migrations written in code (see migrate.ts). The index 020 made is filled by 023,
 * which makes it again with a third column: filling it twice in one upgrade would be wasted work. */
export const dataSteps: DataSteps = { 6: upgradeGridEventsToPairs, 23: (db) => void rebuildSentenceIndex(db) };

export type { Database };


export function openDatabase(file: string, migrationsDir: string, options: { busyTimeoutMs?: number } = {}): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  // better-sqlite3's own timeout is SQLite's busy timeout; set before the first statement, so that
  // even switching a new file to WAL waits for a process doing the same
  const db = new BetterSqlite3(file, { timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, readMigrations(migrationsDir), dataSteps);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
