// SQL for the concordance index (migrations/020_sentence_search.sql, its columns as 023 makes them): its entries, written with the
// sentences by server/db/versions.ts, rebuilt whole when asked, and the sentences matching a query
// in index order (sentence id: works in the order they came, a version's sentences in order).
import type { Database } from 'better-sqlite3';
import { sql } from './statements.ts';
import { characterIndexTerms, indexTerms, joinedIndexTerms } from '../text/search-terms.ts';

/** Indexes sentences of one language (their ids are the index's rowids). */
export function indexSentences(db: Database, lang: string, sentences: Iterable<{ id: number; text: string }>): void {
  const insert = sql(db, 'INSERT INTO sentence_search (rowid, terms, joined, chars) VALUES (?, ?, ?, ?)');
  for (const s of sentences) insert.run(s.id, indexTerms(s.text, lang), joinedIndexTerms(s.text, lang), characterIndexTerms(s.text, lang));
}

/**
 * Makes the index again from every sentence (all versions, retired ones too: they are filtered at
 * query time), in the caller's transaction. Returns the number of sentences indexed.
 */
export function rebuildSentenceIndex(db: Database, onProgress?: (done: number, total: number) => void): number {
  db.exec('DELETE FROM sentence_search');
  const total = sql(db, 'SELECT COUNT(*) FROM sentences').pluck().get() as number;
  const read = db.prepare('SELECT s.id, s.text, v.lang FROM sentences s JOIN versions v ON v.id = s.version_id WHERE s.id > ? ORDER BY s.id LIMIT 5000');
  let after = 0;
  let done = 0;
  for (;;) {
    const batch = read.all(after) as Array<{ id: number; text: string; lang: string }>;
    if (batch.length === 0) break;
    for (const s of batch) indexSentences(db, s.lang, [s]);
    after = batch[batch.length - 1].id;
    done += batch.length;
    onProgress?.(done, total);
  }
  db.exec("INSERT INTO sentence_search (sentence_search) VALUES ('optimize')");
  return done;
}

export interface SentenceHit {
  id: number;
  versionId: number;
  workId: number;
  lang: string;
  ordinal: number;
  text: string;
}

export interface SentenceQuery {
  /** an FTS5 expression over the index terms (search-terms.ts matchExpression) */
  match: string;
  workId?: number;
  /** only works with a confirmed bead somewhere */
  confirmedWorksOnly?: boolean;
  /** sentences after this id (the last one of the previous page) */
  after?: number;
  limit: number;
}

function whereOf(query: Omit<SentenceQuery, 'limit'>): { where: string; params: unknown[] } {
  const conditions = ['sentence_search MATCH ?', 'v.retired_at IS NULL', 'v.revision_of IS NULL'];
  const params: unknown[] = [query.match];
  if (query.after !== undefined) {
    conditions.push('sentence_search.rowid > ?');
    params.push(query.after);
  }
  if (query.workId !== undefined) {
    conditions.push('v.work_id = ?');
    params.push(query.workId);
  }
  if (query.confirmedWorksOnly) {
    conditions.push('v.work_id IN (SELECT a.work_id FROM alignments a WHERE EXISTS (SELECT 1 FROM beads b WHERE b.alignment_id = a.id AND b.confirmed = 1))');
  }
  return { where: conditions.join(' AND '), params };
}

/** Active sentences of the columns of works (no revisions) matching the query, in index order. */
export function searchSentenceIndex(db: Database, query: SentenceQuery): SentenceHit[] {
  const { where, params } = whereOf(query);
  return sql(
    db,
    `SELECT s.id, s.version_id AS versionId, v.work_id AS workId, v.lang, s.ordinal, s.text
     FROM sentence_search JOIN sentences s ON s.id = sentence_search.rowid JOIN versions v ON v.id = s.version_id
     WHERE ${where} ORDER BY sentence_search.rowid LIMIT ?`,
  ).all(...params, query.limit) as SentenceHit[];
}

/** How many sentences match, counting up to `cap` (a frequent word matches a million). */
export function countSentenceMatches(db: Database, query: Omit<SentenceQuery, 'limit' | 'after'>, cap: number): number {
  const { where, params } = whereOf(query);
  return sql(
    db,
    `SELECT COUNT(*) FROM (SELECT 1 FROM sentence_search JOIN sentences s ON s.id = sentence_search.rowid JOIN versions v ON v.id = s.version_id
     WHERE ${where} LIMIT ?)`,
  )
    .pluck()
    .get(...params, cap) as number;
}

/** The languages of the active versions: the ones a query without a language is analysed in. */
export function searchedLanguages(db: Database): string[] {
  return sql(db, 'SELECT DISTINCT lang FROM versions WHERE retired_at IS NULL ORDER BY lang').pluck().all() as string[];
}
