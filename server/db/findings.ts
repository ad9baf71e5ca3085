// SQL for dismissed findings of the checks: one record per work and fingerprint.
import type { Database } from 'better-sqlite3';

export interface DismissalRecord {
  id: number;
  workId: number;
  fingerprint: string;
  kind: string;
  rowNumber: number;
  reason: string;
  actor: string;
  at: string;
}

const columns = 'id, work_id AS workId, fingerprint, kind, row_number AS rowNumber, reason, actor, at';

export function listDismissals(db: Database, workId: number): DismissalRecord[] {
  return db.prepare(`SELECT ${columns} FROM finding_dismissals WHERE work_id = ? ORDER BY id`).all(workId) as DismissalRecord[];
}

export function findDismissal(db: Database, workId: number, fingerprint: string): DismissalRecord | undefined {
  return db
    .prepare(`SELECT ${columns} FROM finding_dismissals WHERE work_id = ? AND fingerprint = ?`)
    .get(workId, fingerprint) as DismissalRecord | undefined;
}

export function insertDismissal(db: Database, d: Omit<DismissalRecord, 'id'>): number {
  const info = db
    .prepare('INSERT INTO finding_dismissals (work_id, fingerprint, kind, row_number, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(d.workId, d.fingerprint, d.kind, d.rowNumber, d.reason, d.actor, d.at);
  return Number(info.lastInsertRowid);
}

export function deleteDismissal(db: Database, workId: number, fingerprint: string): void {
  db.prepare('DELETE FROM finding_dismissals WHERE work_id = ? AND fingerprint = ?').run(workId, fingerprint);
}

/**
 * What a work's check findings were computed from, as the event log tells it: the latest event of
 * the work (every change of its grid, sentences, versions and dismissals is one) and the latest event
 * of no work (termbase changes). Both read through the index on events(work_id, id).
 */
export function findingsEventStamp(db: Database, workId: number): { workEvent: number; sharedEvent: number } {
  const workEvent = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE work_id = ?').get(workId) as { id: number };
  const sharedEvent = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE work_id IS NULL').get() as { id: number };
  return { workEvent: workEvent.id, sharedEvent: sharedEvent.id };
}
