// SQL for the row counts of the works' views kept in the database (migrations/021_work_row_counts.sql):
// a cache under the work's state key, read by the library, written when a count is derived.
import type { Database } from 'better-sqlite3';
import { writeUnlessBusy } from './busy.ts';
import { sql } from './statements.ts';

/** The count stored for a work under `key`; undefined when none is, or it was stored under another key. */
export function storedRowCount(db: Database, workId: number, key: string): number | undefined {
  const row = sql(db, 'SELECT state_key AS key, rows FROM work_row_counts WHERE work_id = ?').get(workId) as { key: string; rows: number } | undefined;
  return row && row.key === key ? row.rows : undefined;
}

/**
 * Stores a work's count under its key. Outside a transaction it does not wait for the write lock
 * (busy.ts writeUnlessBusy): when another writer holds it, the count is not stored (a reader must
 * never wait on a cache) and false comes back; inside the caller's transaction it is written with
 * the rest.
 */
export function storeRowCount(db: Database, workId: number, key: string, rows: number): boolean {
  const upsert = () =>
    sql(db, 'INSERT INTO work_row_counts (work_id, state_key, rows) VALUES (?, ?, ?) ON CONFLICT (work_id) DO UPDATE SET state_key = excluded.state_key, rows = excluded.rows').run(workId, key, rows);
  if (db.inTransaction) {
    upsert();
    return true;
  }
  return writeUnlessBusy(db, upsert);
}
