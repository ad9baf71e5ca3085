// SQL for versions, their blocks and their sentences.
import type { Database } from 'better-sqlite3';
import type { TextBlock, TextSentence } from '../text/segment.ts';

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

export function insertSentences(db: Database, versionId: number, sentences: TextSentence[]): void {
  const insert = db.prepare(
    'INSERT INTO sentences (version_id, ordinal, block, start, end, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  sentences.forEach((s, i) => insert.run(versionId, i, s.block, s.start, s.end, s.text));
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
