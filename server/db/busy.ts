// Telling a database that is busy with another writer from any other failure.
import BetterSqlite3 from 'better-sqlite3';

/**
 * Whether an error is SQLite saying that another connection held the lock it needed for longer than
 * the busy timeout (SQLITE_BUSY, SQLITE_LOCKED and their extended codes): nothing was written, and
 * the same request can be tried again in a moment.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (!(error instanceof BetterSqlite3.SqliteError)) return false;
  return /^SQLITE_(BUSY|LOCKED)(_|$)/.test(error.code);
}
