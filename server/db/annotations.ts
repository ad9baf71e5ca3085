// SQL for annotations: words of a sentence flagged as a term occurrence or as an issue.
import type { Database } from 'better-sqlite3';

export const issueCategories = ['terminology', 'omission', 'addition', 'mistranslation', 'number', 'style'] as const;
export type IssueCategory = (typeof issueCategories)[number];
export type AnnotationKind = 'term' | 'issue';
export type AnnotationStatus = 'open' | 'resolved';

export interface AnnotationRecord {
  id: number;
  workId: number;
  versionId: number;
  versionName: string;
  lang: string;
  sentenceOrdinal: number;
  start: number;
  end: number;
  quote: string;
  sentenceText: string;
  kind: AnnotationKind;
  conceptId: number | null;
  conceptKey: string | null;
  category: IssueCategory | null;
  comment: string;
  status: AnnotationStatus;
  author: string;
  createdAt: string;
  resolvedAt: string | null;
}

/** What a new annotation stores; the rest of the record comes from the database and its joins. */
export type NewAnnotation = Omit<AnnotationRecord, 'id' | 'versionName' | 'lang' | 'conceptKey' | 'status' | 'resolvedAt'>;

const columns = `a.id, a.work_id AS workId, a.version_id AS versionId, v.name AS versionName, v.lang, a.sentence_ordinal AS sentenceOrdinal,
  a.start, a.end, a.quote, a.sentence_text AS sentenceText, a.kind, a.concept_id AS conceptId, c.key AS conceptKey,
  a.category, a.comment, a.status, a.author, a.created_at AS createdAt, a.resolved_at AS resolvedAt`;
const from = `annotations a JOIN versions v ON v.id = a.version_id LEFT JOIN term_concepts c ON c.id = a.concept_id`;

export function insertAnnotation(db: Database, a: NewAnnotation): number {
  const info = db
    .prepare(
      `INSERT INTO annotations (work_id, version_id, sentence_ordinal, start, end, quote, sentence_text, kind, concept_id,
         category, comment, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.workId, a.versionId, a.sentenceOrdinal, a.start, a.end, a.quote, a.sentenceText, a.kind, a.conceptId,
      a.category, a.comment, a.author, a.createdAt);
  return Number(info.lastInsertRowid);
}

export interface AnnotationFilter {
  status?: AnnotationStatus | null;
  kind?: AnnotationKind | null;
  category?: IssueCategory | null;
  versionId?: number | null;
}

export function listAnnotations(db: Database, workId: number, filter: AnnotationFilter = {}): AnnotationRecord[] {
  return db
    .prepare(
      `SELECT ${columns} FROM ${from}
       WHERE a.work_id = ? AND (? IS NULL OR a.status = ?) AND (? IS NULL OR a.kind = ?) AND (? IS NULL OR a.category = ?)
         AND (? IS NULL OR a.version_id = ?)
       ORDER BY a.id`,
    )
    .all(
      workId,
      filter.status ?? null, filter.status ?? null,
      filter.kind ?? null, filter.kind ?? null,
      filter.category ?? null, filter.category ?? null,
      filter.versionId ?? null, filter.versionId ?? null,
    ) as AnnotationRecord[];
}

export function findAnnotation(db: Database, workId: number, id: number): AnnotationRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM ${from} WHERE a.work_id = ? AND a.id = ?`).get(workId, id) as AnnotationRecord | undefined;
}

export function setAnnotationStatus(db: Database, id: number, status: AnnotationStatus, at: string | null): void {
  db.prepare('UPDATE annotations SET status = ?, resolved_at = ? WHERE id = ?').run(status, at, id);
}

export function countAnnotationsOfConcept(db: Database, conceptId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM annotations WHERE concept_id = ?').get(conceptId) as { n: number }).n;
}
