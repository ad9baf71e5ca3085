// Opens the SQLite file (creating its folder), sets WAL and foreign keys, and migrates it.
// Every entry point — server and CLI — opens the database through here.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { upgradeGridEventsToPairs } from './legacy-grid-events.ts';
import { migrate, readMigrations, type DataSteps } from './migrate.ts';
import { rebuildSentenceIndex } from './sentence-search.ts';

/** The steps of migrations written in code (see migrate.ts). */
export const dataSteps: DataSteps = { 6: upgradeGridEventsToPairs, 20: (db) => void rebuildSentenceIndex(db) };

export type { Database };

export function openDatabase(file: string, migrationsDir: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, readMigrations(migrationsDir), dataSteps);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
