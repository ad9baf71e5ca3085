// SQL for the statistics pages: sizes of versions, the shapes, confirmation and confidence of a pair's
// beads, the same summed over the corpus by language and language pair. Aggregates only.
import type { Database } from 'better-sqlite3';

export interface SizeRow {
  sentences: number;
  characters: number;
}

/** Sentences and characters (Unicode code points) of a version. */
export function versionSize(db: Database, versionId: number): SizeRow {
  return db.prepare('SELECT COUNT(*) AS sentences, COALESCE(SUM(length(text)), 0) AS characters FROM sentences WHERE version_id = ?').get(versionId) as SizeRow;
}

export interface ShapeRow {
  aCount: number;
  bCount: number;
  beads: number;
  confirmed: number;
  manual: number;
  /** sum and number of the confidences given (a bead a person made has none) */
  confidenceSum: number;
  confidenceCount: number;
}

const shapeColumns = `b.a_count AS aCount, b.b_count AS bCount, COUNT(*) AS beads, SUM(b.confirmed) AS confirmed,
  SUM(b.origin = 'manual') AS manual, COALESCE(SUM(b.confidence), 0) AS confidenceSum, COUNT(b.confidence) AS confidenceCount`;

/** The beads of a pair by shape (a sentences : b sentences). */
export function pairShapes(db: Database, alignmentId: number): ShapeRow[] {
  return db.prepare(`SELECT ${shapeColumns} FROM beads b WHERE b.alignment_id = ? GROUP BY b.a_count, b.b_count ORDER BY beads DESC`).all(alignmentId) as ShapeRow[];
}

/** A pair's confidences in ten bins ([0, 0.1), …, [0.9, 1]). */
export function pairConfidenceBins(db: Database, alignmentId: number): number[] {
  const rows = db
    .prepare('SELECT MIN(CAST(confidence * 10 AS INTEGER), 9) AS bin, COUNT(*) AS n FROM beads WHERE alignment_id = ? AND confidence IS NOT NULL GROUP BY bin')
    .all(alignmentId) as Array<{ bin: number; n: number }>;
  const bins = new Array<number>(10).fill(0);
  for (const r of rows) bins[Math.max(0, r.bin)] += r.n;
  return bins;
}

export interface LanguageSizeRow extends SizeRow {
  lang: string;
  versions: number;
}

/** Active versions, sentences and characters per language over the corpus. */
export function corpusSizesByLanguage(db: Database): LanguageSizeRow[] {
  return db
    .prepare(
      `SELECT v.lang, COUNT(DISTINCT v.id) AS versions, COUNT(s.id) AS sentences, COALESCE(SUM(length(s.text)), 0) AS characters
       FROM versions v LEFT JOIN sentences s ON s.version_id = v.id WHERE v.retired_at IS NULL GROUP BY v.lang ORDER BY sentences DESC, v.lang`,
    )
    .all() as LanguageSizeRow[];
}

export interface LanguagePairShapeRow extends ShapeRow {
  langA: string;
  langB: string;
  pairs: number;
}

/** Bead shapes summed over the corpus per language pair (side a's language first), active versions only. */
export function corpusShapesByLanguagePair(db: Database): LanguagePairShapeRow[] {
  return db
    .prepare(
      `SELECT va.lang AS langA, vb.lang AS langB, COUNT(DISTINCT a.id) AS pairs, ${shapeColumns}
       FROM alignments a JOIN versions va ON va.id = a.version_a JOIN versions vb ON vb.id = a.version_b JOIN beads b ON b.alignment_id = a.id
       WHERE va.retired_at IS NULL AND vb.retired_at IS NULL
       GROUP BY va.lang, vb.lang, b.a_count, b.b_count ORDER BY va.lang, vb.lang, beads DESC`,
    )
    .all() as LanguagePairShapeRow[];
}

export function countWorks(db: Database): number {
  return db.prepare('SELECT COUNT(*) FROM works').pluck().get() as number;
}

/** A number that moves with every change the event log records: what corpus figures are cached under. */
export function latestEventId(db: Database): number {
  return (db.prepare('SELECT COALESCE(MAX(id), 0) FROM events').pluck().get() as number) ?? 0;
}
