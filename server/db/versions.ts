// SQL for versions, their blocks and their sentences.
import type { Database } from 'better-sqlite3';
import { sql } from './statements.ts';
import type { TextBlock, TextSentence } from '../text/segment.ts';
import { indexSentences } from './sentence-search.ts';

export type VersionStatus = 'authentic' | 'official' | 'unofficial' | 'working';

export interface VersionRecord {
  id: number;
  workId: number;
  name: string;
  lang: string;
  status: VersionStatus;
  label: string;
  title: string;
  provenance: string;
  revisionOf: string | null;
  fileName: string;
  encoding: string;
  contentSha256: string;
  importedAt: string;
  retiredAt: string | null;
  sentenceCount: number;
}

/** What an import writes: the record's fields before the database gives it an id, plus its content. */
export interface NewVersion extends Omit<VersionRecord, 'id' | 'retiredAt' | 'sentenceCount'> {
  rawBytes: Uint8Array;
  text: string;
}

// Ordinals of a version are dense (0..n-1; the editor renumbers on split and merge), so the count is
// the largest ordinal plus one: one index probe instead of a scan of every sentence.
const columns = `v.id, v.work_id AS workId, v.name, v.lang, v.status, v.label, v.title, v.provenance,
  v.revision_of AS revisionOf, v.file_name AS fileName, v.encoding, v.content_sha256 AS contentSha256,
  v.imported_at AS importedAt, v.retired_at AS retiredAt,
  (SELECT COALESCE(MAX(s.ordinal) + 1, 0) FROM sentences s WHERE s.version_id = v.id) AS sentenceCount`;

/** The active versions of a work, in the order they were imported. */
export function listActiveVersions(db: Database, workId: number): VersionRecord[] {
  return db
    .prepare(`SELECT ${columns} FROM versions v WHERE v.work_id = ? AND v.retired_at IS NULL ORDER BY v.id`)
    .all(workId) as VersionRecord[];
}

export function listRetiredVersions(db: Database, workId: number): VersionRecord[] {
  return db
    .prepare(`SELECT ${columns} FROM versions v WHERE v.work_id = ? AND v.retired_at IS NOT NULL ORDER BY v.id`)
    .all(workId) as VersionRecord[];
}

export function findActiveVersion(db: Database, workId: number, name: string): VersionRecord | undefined {
  return db
    .prepare(`SELECT ${columns} FROM versions v WHERE v.work_id = ? AND v.name = ? AND v.retired_at IS NULL`)
    .get(workId, name) as VersionRecord | undefined;
}

export function insertVersion(db: Database, v: NewVersion): number {
  const info = db
    .prepare(
      `INSERT INTO versions (work_id, name, lang, status, label, title, provenance, revision_of, file_name,
         encoding, raw_bytes, content_sha256, text, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(v.workId, v.name, v.lang, v.status, v.label, v.title, v.provenance, v.revisionOf, v.fileName,
      v.encoding, Buffer.from(v.rawBytes), v.contentSha256, v.text, v.importedAt);
  return Number(info.lastInsertRowid);
}

export function retireVersion(db: Database, versionId: number, at: string): void {
  db.prepare('UPDATE versions SET retired_at = ? WHERE id = ?').run(at, versionId);
}

export function versionText(db: Database, versionId: number): string {
  const row = db.prepare('SELECT text FROM versions WHERE id = ?').get(versionId) as { text: string } | undefined;
  return row?.text ?? '';
}

export function versionRawBytes(db: Database, versionId: number): Buffer | undefined {
  const row = db.prepare('SELECT raw_bytes AS raw FROM versions WHERE id = ?').get(versionId) as { raw: Buffer } | undefined;
  return row?.raw;
}

export function insertBlocks(db: Database, versionId: number, blocks: TextBlock[]): void {
  const insert = db.prepare(
    'INSERT INTO blocks (version_id, ordinal, kind, start, end, part, paragraph, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  blocks.forEach((b, i) => insert.run(versionId, i, b.kind, b.start, b.end, b.part, b.paragraph, b.label ?? null));
}

/** The language of a version: what its sentences are indexed in. */
function versionLang(db: Database, versionId: number): string {
  return (sql(db, 'SELECT lang FROM versions WHERE id = ?').pluck().get(versionId) as string | undefined) ?? '';
}

const insertSentenceSql = 'INSERT INTO sentences (version_id, ordinal, block, start, end, text) VALUES (?, ?, ?, ?, ?, ?)';

// Every sentence written here is indexed for the concordance in the same statement sequence
// (server/db/sentence-search.ts); a trigger removes deleted ones.
export function insertSentences(db: Database, versionId: number, sentences: TextSentence[]): void {
  const insert = sql(db, insertSentenceSql);
  const written = sentences.map((s, i) => ({ id: Number(insert.run(versionId, i, s.block, s.start, s.end, s.text).lastInsertRowid), text: s.text }));
  indexSentences(db, versionLang(db, versionId), written);
}

export interface StoredBlock extends TextBlock {
  ordinal: number;
}

export function listBlocks(db: Database, versionId: number): StoredBlock[] {
  return db
    .prepare('SELECT ordinal, kind, start, end, part, paragraph, label FROM blocks WHERE version_id = ? ORDER BY ordinal')
    .all(versionId)
    .map((b) => {
      const row = b as StoredBlock & { label: string | null };
      return { ...row, label: row.label ?? undefined };
    });
}

export interface StoredSentence {
  ordinal: number;
  block: number;
  start: number;
  end: number;
  text: string;
  part: number;
  paragraph: number;
  blockKind: TextBlock['kind'];
}

const sentenceColumns = `s.ordinal, s.block, s.start, s.end, s.text, b.part, b.paragraph, b.kind AS blockKind`;

export function listSentences(db: Database, versionId: number): StoredSentence[] {
  return db
    .prepare(
      `SELECT ${sentenceColumns} FROM sentences s
       JOIN blocks b ON b.version_id = s.version_id AND b.ordinal = s.block
       WHERE s.version_id = ? ORDER BY s.ordinal`,
    )
    .all(versionId) as StoredSentence[];
}

/** Sentences with ordinals in [from, to). */
export function listSentenceRange(db: Database, versionId: number, from: number, to: number): StoredSentence[] {
  return db
    .prepare(
      `SELECT ${sentenceColumns} FROM sentences s
       JOIN blocks b ON b.version_id = s.version_id AND b.ordinal = s.block
       WHERE s.version_id = ? AND s.ordinal >= ? AND s.ordinal < ? ORDER BY s.ordinal`,
    )
    .all(versionId, from, to) as StoredSentence[];
}

// --- the order of a work's columns: a version name keeps the place it was first imported at ---

/** Gives a version name its column place (after the others) unless it has one already. */
export function ensureColumnPosition(db: Database, workId: number, name: string): void {
  db.prepare(
    `INSERT INTO work_columns (work_id, name, position)
     SELECT ?, ?, COALESCE(MAX(position) + 1, 0) FROM work_columns WHERE work_id = ?
     ON CONFLICT (work_id, name) DO NOTHING`,
  ).run(workId, name, workId);
}

/** Version name → column place. */
export function listColumnPositions(db: Database, workId: number): Map<string, number> {
  const rows = db.prepare('SELECT name, position FROM work_columns WHERE work_id = ?').all(workId) as Array<{ name: string; position: number }>;
  return new Map(rows.map((r) => [r.name, r.position]));
}

// --- sentences and the version's text ---

export interface SentenceRecord {
  ordinal: number;
  block: number;
  start: number;
  end: number;
  text: string;
}

export function readSentences(db: Database, versionId: number, from: number, count: number): SentenceRecord[] {
  return sql(db, 'SELECT ordinal, block, start, end, text FROM sentences WHERE version_id = ? AND ordinal >= ? AND ordinal < ? ORDER BY ordinal').all(
    versionId,
    from,
    from + count,
  ) as SentenceRecord[];
}

/**
 * Replaces the sentences [ordinal, ordinal + removed) of a version by `added` (their ordinals follow
 * from their order) and renumbers the later sentences once.
 */
export function replaceSentences(db: Database, versionId: number, ordinal: number, removed: number, added: Omit<SentenceRecord, 'ordinal'>[]): void {
  sql(db, 'DELETE FROM sentences WHERE version_id = ? AND ordinal >= ? AND ordinal < ?').run(versionId, ordinal, ordinal + removed);
  const delta = added.length - removed;
  if (delta !== 0) {
    sql(db, 'UPDATE sentences SET ordinal = -ordinal - 1 WHERE version_id = ? AND ordinal >= ?').run(versionId, ordinal + removed);
    sql(db, 'UPDATE sentences SET ordinal = -ordinal - 1 + ? WHERE version_id = ? AND ordinal < 0').run(delta, versionId);
  }
  const insert = sql(db, insertSentenceSql);
  const written = added.map((s, i) => ({ id: Number(insert.run(versionId, ordinal + i, s.block, s.start, s.end, s.text).lastInsertRowid), text: s.text }));
  indexSentences(db, versionLang(db, versionId), written);
}

/**
 * Writes the version's normalised text with [at, at + oldLength) replaced by `replacement`, and moves
 * the offsets of everything after it: later sentences, the end of the block that holds the change,
 * and later blocks. (Offsets are UTF-16 indices into the stored text, as everywhere.)
 */
export function spliceVersionText(
  db: Database,
  versionId: number,
  edit: { at: number; oldLength: number; replacement: string; afterOrdinal: number; block: number },
): void {
  const text = versionText(db, versionId);
  const updated = text.slice(0, edit.at) + edit.replacement + text.slice(edit.at + edit.oldLength);
  sql(db, 'UPDATE versions SET text = ? WHERE id = ?').run(updated, versionId);
  const delta = edit.replacement.length - edit.oldLength;
  if (delta === 0) return;
  sql(db, 'UPDATE sentences SET start = start + ?, end = end + ? WHERE version_id = ? AND ordinal > ?').run(delta, delta, versionId, edit.afterOrdinal);
  sql(db, 'UPDATE blocks SET end = end + ? WHERE version_id = ? AND ordinal = ?').run(delta, versionId, edit.block);
  sql(db, 'UPDATE blocks SET start = start + ?, end = end + ? WHERE version_id = ? AND ordinal > ?').run(delta, delta, versionId, edit.block);
}

/** Sentences of the given versions whose text contains `needle` (case-insensitive for ASCII), at most `limit`. */
export function searchSentences(db: Database, versionIds: number[], needle: string, limit: number): Array<{ versionId: number; ordinal: number; text: string }> {
  const pattern = `%${needle.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return sql(
    db,
    `SELECT version_id AS versionId, ordinal, text FROM sentences
     WHERE version_id IN (SELECT value FROM json_each(?)) AND text LIKE ? ESCAPE '\\' ORDER BY version_id, ordinal LIMIT ?`,
  ).all(JSON.stringify(versionIds), pattern, limit) as Array<{ versionId: number; ordinal: number; text: string }>;
}

/** What views computed from a work's versions are keyed on: every active version with its sentence count. */
export function versionsStateKey(db: Database, workId: number): string {
  return sql(
    db,
    `SELECT COALESCE(group_concat(id || ':' || n, ','), '') FROM (
       SELECT v.id, (SELECT COALESCE(MAX(ordinal) + 1, 0) FROM sentences s WHERE s.version_id = v.id) AS n
       FROM versions v WHERE v.work_id = ? AND v.retired_at IS NULL ORDER BY v.id)`,
  )
    .pluck()
    .get(workId) as string;
}
