// SQL for the event log: one entry per user action, with the state before and after as JSON.
import type { Database } from 'better-sqlite3';

export interface NewEvent {
  workId: number | null;
  actor: string;
  kind: string;
  summary: string;
  before?: unknown;
  after?: unknown;
  at: string;
}

export interface EventRecord {
  id: number;
  workId: number | null;
  at: string;
  actor: string;
  kind: string;
  summary: string;
  beforeJson: string | null;
  afterJson: string | null;
}

export function appendEvent(db: Database, event: NewEvent): number {
  const info = db
    .prepare('INSERT INTO events (work_id, at, actor, kind, summary, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(
      event.workId,
      event.at,
      event.actor,
      event.kind,
      event.summary,
      event.before === undefined ? null : JSON.stringify(event.before),
      event.after === undefined ? null : JSON.stringify(event.after),
    );
  return Number(info.lastInsertRowid);
}

export function listWorkEvents(db: Database, workId: number, limit = 200): EventRecord[] {
  return db
    .prepare(
      `SELECT id, work_id AS workId, at, actor, kind, summary, before_json AS beforeJson, after_json AS afterJson
       FROM events WHERE work_id = ? ORDER BY id DESC LIMIT ?`,
    )
    .all(workId, limit) as EventRecord[];
}
