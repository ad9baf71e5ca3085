// SQL for the event log: one entry per user action, with the state before and after as JSON.
import type { Database } from 'better-sqlite3';
import { sql } from './statements.ts';

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
  const info = sql(db, 'INSERT INTO events (work_id, at, actor, kind, summary, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)')
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

export function listWorkEvents(db: Database, workId: number, limit = 200, actor?: string): EventRecord[] {
  return db
    .prepare(
      `SELECT id, work_id AS workId, at, actor, kind, summary, before_json AS beforeJson, after_json AS afterJson
       FROM events WHERE work_id = ? AND (? IS NULL OR actor = ?) ORDER BY id DESC LIMIT ?`,
    )
    .all(workId, actor ?? null, actor ?? null, limit) as EventRecord[];
}

/** Everyone who made an event of a work (users, the CLI's users, older 'web:ADDRESS' entries). */
export function listWorkEventActors(db: Database, workId: number): string[] {
  return (db.prepare('SELECT DISTINCT actor FROM events WHERE work_id = ? ORDER BY actor').all(workId) as { actor: string }[]).map((r) => r.actor);
}

export interface EditorEventRecord {
  id: number;
  kind: string;
  summary: string;
  at: string;
  actor: string;
  beforeJson: string | null;
  afterJson: string | null;
}

/** The latest event of a work whose kind is one of `kinds` (the grid's own history). */
export function latestEventOfKinds(db: Database, workId: number, kinds: readonly string[]): EditorEventRecord | undefined {
  return sql(
    db,
    `SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events
     WHERE work_id = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1`,
  ).get(workId, JSON.stringify(kinds)) as EditorEventRecord | undefined;
}

/** The id of the latest event of any work: it changes whenever anything is changed. */
export function latestEventId(db: Database): number {
  return (sql(db, 'SELECT COALESCE(MAX(id), 0) AS id FROM events').get() as { id: number }).id;
}

export function readEvent(db: Database, workId: number, id: number): EditorEventRecord | undefined {
  return sql(
    db,
    'SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events WHERE work_id = ? AND id = ?',
  ).get(workId, id) as EditorEventRecord | undefined;
}

export function listEventsOfKinds(db: Database, workId: number, kinds: readonly string[], limit: number): EditorEventRecord[] {
  return sql(
    db,
    `SELECT id, kind, summary, at, actor, before_json AS beforeJson, after_json AS afterJson FROM events
     WHERE work_id = ? AND kind IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT ?`,
  ).all(workId, JSON.stringify(kinds), limit) as EditorEventRecord[];
}
