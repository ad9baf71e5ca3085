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

/** The few statements writeUnlessBusy needs of a connection (better-sqlite3's Database has them). */
interface Connection {
  readonly inTransaction: boolean;
  pragma(source: string, options: { simple: true }): unknown;
}

/**
 * Runs a write that may be skipped — bookkeeping such as a token's last use — only if it can have the
 * write lock at once: the connection's busy timeout is 0 for the length of the write, so while another
 * connection writes, the write is skipped (false) instead of waited for, and no request waits on it or
 * fails by it. Inside a transaction it is skipped too (it would share that transaction's fate).
 */
export function writeUnlessBusy(db: Connection, write: () => void): boolean {
  if (db.inTransaction) return false;
  const timeout = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 0', { simple: true });
  try {
    write();
    return true;
  } catch (error) {
    if (!isDatabaseBusy(error)) throw error;
    return false;
  } finally {
    db.pragma(`busy_timeout = ${Number.isFinite(timeout) ? timeout : defaultBusyTimeoutMs}`, { simple: true });
  }
}
