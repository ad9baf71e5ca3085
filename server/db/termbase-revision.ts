// SQL for the termbase revision: one number the database bumps on every insert, update or delete of
// a concept or a term (triggers of migrations/008_termbase_revision.sql), whoever writes.
import type { Database } from 'better-sqlite3';

/**
 * The termbase's revision. Equal numbers, outside a transaction that may still roll back, mean the
 * same termbase.
 */
export function termbaseRevision(db: Database): number {
  return (db.prepare('SELECT revision FROM termbase_revision WHERE id = 1').get() as { revision: number } | undefined)?.revision ?? 0;
}
