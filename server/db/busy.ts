// Telling a database that is busy with another writer from any other failure.
// No import of better-sqlite3: the CLI reads this on every command, and `triptych align` opens no
// database (the error is recognised by its name and code, as better-sqlite3's SqliteError sets them).

/** How long a writer waits for another one to finish, by default (TRIPTYCH_BUSY_TIMEOUT_MS). */
export const defaultBusyTimeoutMs = 5000;

/**
 * Whether an error is SQLite saying that another connection held the lock it needed for longer than
 * the busy timeout (SQLITE_BUSY, SQLITE_LOCKED and their extended codes): nothing was written, and
 * the same request can be tried again in a moment.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}
