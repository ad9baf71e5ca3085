// SQL for pair alignments: the pairs of a work, their beads in order, and which events changed them.
// Every statement that writes beads moves the pair's revision, so that what is computed from the
// pairs (the three-column view, cached per process) can tell it is stale, whichever process wrote.
import type { Database } from 'better-sqlite3';
import { sql } from './statements.ts';
import type { GridRow } from '../align/grid.ts';

export interface AlignmentRecord {
  id: number;
  workId: number;
  versionA: number;
  versionB: number;
  revision: number;
  createdAt: string;
  /** how surely the two versions translate each other, from the first automatic alignment (null: never aligned automatically) */
  parallelism: number | null;
}

/** A bead as stored: its id and revision tell a client's view of it from the current one. */
export interface StoredBead extends GridRow {
  id: number;
  revision: number;
}

const alignmentColumns = 'id, work_id AS workId, version_a AS versionA, version_b AS versionB, revision, created_at AS createdAt, parallelism';

export function listAlignments(db: Database, workId: number): AlignmentRecord[] {
  return sql(db, `SELECT ${alignmentColumns} FROM alignments WHERE work_id = ? ORDER BY id`).all(workId) as AlignmentRecord[];
}

export function insertAlignment(db: Database, alignment: { workId: number; versionA: number; versionB: number; at: string; parallelism?: number | null }): number {
  const info = sql(db, 'INSERT INTO alignments (work_id, version_a, version_b, created_at, parallelism) VALUES (?, ?, ?, ?, ?)').run(
    alignment.workId,
    alignment.versionA,
    alignment.versionB,
    alignment.at,
    alignment.parallelism ?? null,
  );
  return Number(info.lastInsertRowid);
}

/** Removes the pairs a version is in (it was replaced or removed); their beads go with them. */
export function deleteAlignmentsOfVersion(db: Database, versionId: number): number[] {
  const ids = sql(db, 'SELECT id FROM alignments WHERE version_a = ? OR version_b = ?').pluck().all(versionId, versionId) as number[];
  sql(db, 'DELETE FROM alignments WHERE version_a = ? OR version_b = ?').run(versionId, versionId);
  return ids;
}

/** What the cached views of a work are keyed on: every pair with its revision. */
export function alignmentStateKey(db: Database, workId: number): string {
  return (sql(db, "SELECT COALESCE(group_concat(id || ':' || revision, ','), '') FROM (SELECT id, revision FROM alignments WHERE work_id = ? ORDER BY id)").pluck().get(workId) as string);
}

function touch(db: Database, alignmentId: number): void {
  sql(db, 'UPDATE alignments SET revision = revision + 1 WHERE id = ?').run(alignmentId);
}

type BeadTuple = [number, number, number, number, number, number, number | null, number, number];

const fromTuple = ([id, revision, aFirst, aCount, bFirst, bCount, confidence, confirmed, manual]: BeadTuple): StoredBead => ({
  id,
  revision,
  cells: [
    { first: aFirst, count: aCount },
    { first: bFirst, count: bCount },
  ],
  origin: manual ? 'manual' : 'auto',
  confidence,
  confirmed: confirmed === 1,
});

// One JSON array per pair: SQLite builds it in C and JSON.parse reads it several times faster than
// better-sqlite3 hands over ten thousand rows one by one.
const beadTuple = "json_array(id, revision, a_first, a_count, b_first, b_count, confidence, confirmed, origin = 'manual')";

/** Every bead of a pair, in order. */
export function readAllBeads(db: Database, alignmentId: number): StoredBead[] {
  const json = sql(db, `SELECT json_group_array(json(t)) FROM (SELECT ${beadTuple} AS t FROM beads WHERE alignment_id = ? ORDER BY ord)`).pluck().get(alignmentId) as string;
  return (JSON.parse(json) as BeadTuple[]).map(fromTuple);
}

/** Beads [position, position + count) of a pair, in order. */
export function readBeadWindow(db: Database, alignmentId: number, position: number, count: number): StoredBead[] {
  if (count <= 0) return [];
  const rows = sql(db, `SELECT ${beadTuple} AS t FROM beads WHERE alignment_id = ? ORDER BY ord LIMIT ? OFFSET ?`).pluck().all(alignmentId, count, position) as string[];
  return rows.map((t) => fromTuple(JSON.parse(t) as BeadTuple));
}

/** Beads of a pair whose given side starts at a sentence in [from, to], in order (a window around a sentence). */
export function readBeadsStartingIn(db: Database, alignmentId: number, side: 0 | 1, from: number, to: number): StoredBead[] {
  const column = side === 0 ? 'a_first' : 'b_first';
  const rows = sql(db, `SELECT ${beadTuple} AS t FROM beads WHERE alignment_id = ? AND ${column} BETWEEN ? AND ? ORDER BY ord`).pluck().all(alignmentId, from, to) as string[];
  return rows.map((t) => fromTuple(JSON.parse(t) as BeadTuple));
}

/** The bead of a pair that holds sentence `ordinal` of the given side. */
export function findBeadHolding(db: Database, alignmentId: number, side: 0 | 1, ordinal: number): StoredBead | undefined {
  const [first, count] = side === 0 ? ['a_first', 'a_count'] : ['b_first', 'b_count'];
  const t = sql(db, `SELECT ${beadTuple} FROM beads WHERE alignment_id = ? AND ${first} <= ? AND ${first} + ${count} > ? ORDER BY ${first} DESC LIMIT 1`)
    .pluck()
    .get(alignmentId, ordinal, ordinal) as string | undefined;
  return t === undefined ? undefined : fromTuple(JSON.parse(t) as BeadTuple);
}

export function countBeads(db: Database, alignmentId: number): number {
  return sql(db, 'SELECT COUNT(*) FROM beads WHERE alignment_id = ?').pluck().get(alignmentId) as number;
}

const insertBeadSql = 'INSERT INTO beads (alignment_id, a_first, a_count, b_first, b_count, origin, confidence, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** Replaces every bead of a pair. */
export function replaceAllBeads(db: Database, alignmentId: number, beads: GridRow[]): void {
  sql(db, 'DELETE FROM beads WHERE alignment_id = ?').run(alignmentId);
  const insert = sql(db, insertBeadSql);
  for (const b of beads) {
    insert.run(alignmentId, b.cells[0].first, b.cells[0].count, b.cells[1].first, b.cells[1].count, b.origin, b.confidence, b.confirmed ? 1 : 0);
  }
  touch(db, alignmentId);
}

/**
 * Replaces the beads `current` (consecutive, as read) by `next`: the first ones keep their ids (and
 * move to the next revision), the others are deleted or inserted. Returns the beads now in their
 * place, as stored.
 */
export function replaceBeadWindow(db: Database, alignmentId: number, current: StoredBead[], next: GridRow[]): StoredBead[] {
  const update = sql(db, 'UPDATE beads SET a_first = ?, a_count = ?, b_first = ?, b_count = ?, origin = ?, confidence = ?, confirmed = ?, revision = revision + 1 WHERE id = ?');
  const insert = sql(db, insertBeadSql);
  const remove = sql(db, 'DELETE FROM beads WHERE id = ?');
  const kept = Math.min(current.length, next.length);
  // deletions first, so that no two beads of the pair share a place on the way
  for (const bead of current.slice(kept)) remove.run(bead.id);
  const stored: StoredBead[] = [];
  next.forEach((b, i) => {
    const values = [b.cells[0].first, b.cells[0].count, b.cells[1].first, b.cells[1].count, b.origin, b.confidence, b.confirmed ? 1 : 0] as const;
    if (i < kept) {
      update.run(...values, current[i].id);
      stored.push({ ...b, cells: b.cells.map((c) => ({ ...c })), id: current[i].id, revision: current[i].revision + 1 });
    } else {
      const id = Number(insert.run(alignmentId, ...values).lastInsertRowid);
      stored.push({ ...b, cells: b.cells.map((c) => ({ ...c })), id, revision: 1 });
    }
  });
  touch(db, alignmentId);
  return stored;
}

/** Moves one side's ordinals from `from` on by `delta` (a sentence split or merge). */
export function shiftBeadSide(db: Database, alignmentId: number, side: 0 | 1, from: number, delta: number): void {
  const column = side === 0 ? 'a_first' : 'b_first';
  sql(db, `UPDATE beads SET ${column} = ${column} + ? WHERE alignment_id = ? AND ${column} >= ?`).run(delta, alignmentId, from);
  touch(db, alignmentId);
}

/** Sets `confirmed` on the given beads (by id), moving their revisions. */
export function setBeadsConfirmed(db: Database, alignmentId: number, ids: number[], confirmed: boolean): void {
  sql(db, 'UPDATE beads SET confirmed = ?, revision = revision + 1 WHERE alignment_id = ? AND id IN (SELECT value FROM json_each(?))').run(
    confirmed ? 1 : 0,
    alignmentId,
    JSON.stringify(ids),
  );
  touch(db, alignmentId);
}

/**
 * Moves the revisions of the given beads (by id) without changing them: something the rows holding
 * them show has changed (an annotation on one of their sentences), so a view that saw them before is stale.
 */
export function touchBeads(db: Database, alignmentId: number, ids: number[]): void {
  sql(db, 'UPDATE beads SET revision = revision + 1 WHERE alignment_id = ? AND id IN (SELECT value FROM json_each(?))').run(alignmentId, JSON.stringify(ids));
  touch(db, alignmentId);
}

// --- which events changed which pairs ---

export function linkEventToAlignments(db: Database, eventId: number, alignmentIds: number[]): void {
  const insert = sql(db, 'INSERT OR IGNORE INTO event_alignments (alignment_id, event_id) VALUES (?, ?)');
  for (const id of alignmentIds) insert.run(id, eventId);
}

export interface LinkedEventRecord {
  id: number;
  kind: string;
  summary: string;
  at: string;
  actor: string;
  beforeJson: string | null;
  afterJson: string | null;
}

/** The latest event that changed a pair. */
export function latestEventOfAlignment(db: Database, alignmentId: number): LinkedEventRecord | undefined {
  return sql(
    db,
    `SELECT e.id, e.kind, e.summary, e.at, e.actor, e.before_json AS beforeJson, e.after_json AS afterJson
     FROM event_alignments l JOIN events e ON e.id = l.event_id WHERE l.alignment_id = ? ORDER BY l.event_id DESC LIMIT 1`,
  ).get(alignmentId) as LinkedEventRecord | undefined;
}

export function alignmentsOfEvent(db: Database, eventId: number): number[] {
  return sql(db, 'SELECT alignment_id FROM event_alignments WHERE event_id = ? ORDER BY alignment_id').pluck().all(eventId) as number[];
}
