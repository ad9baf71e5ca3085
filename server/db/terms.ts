// SQL for the termbase: concepts and their terms (each with its form, TBX termType, in term_type),
// the shipped termbases already seeded, and the document date of each work.
import type { Database } from 'better-sqlite3';
import type { ConceptData, TermData, TermType } from '../terms/termbase.ts';

export interface StoredTerm extends TermData {
  id: number;
  conceptId: number;
}

export interface StoredConcept extends ConceptData {
  id: number;
  createdAt: string;
  updatedAt: string;
  terms: StoredTerm[];
}

interface ConceptRow {
  id: number;
  key: string;
  definition: string;
  subject: string;
  note: string;
  source: string;
  createdAt: string;
  updatedAt: string;
}

interface TermRow extends Omit<TermData, 'id' | 'termType'> {
  id: number;
  conceptId: number;
  /** NULL when the term's form is not said; the column's CHECK allows only termTypes. */
  termType: TermType | null;
}

/** A term as the rest of Triptych sees it: without a termType key when the column is NULL. */
function termOf({ termType, ...row }: TermRow): StoredTerm {
  return termType ? { ...row, termType } : row;
}

const conceptColumns = 'id, key, definition, subject, note, source, created_at AS createdAt, updated_at AS updatedAt';
const termColumns = `id, concept_id AS conceptId, lang, text, status, term_type AS termType, valid_from AS validFrom,
  valid_until AS validUntil, usage_note AS usageNote, context`;

// Terms of a concept in a stable order: by language, then preferred first, then as entered.
const termOrder = `lang, CASE status WHEN 'preferred' THEN 0 WHEN 'admitted' THEN 1 WHEN 'superseded' THEN 2
  WHEN 'deprecated' THEN 3 ELSE 4 END, id`;

function attachTerms(db: Database, rows: ConceptRow[]): StoredConcept[] {
  if (rows.length === 0) return [];
  const byConcept = new Map<number, StoredTerm[]>(rows.map((r) => [r.id, []]));
  const terms = db.prepare(`SELECT ${termColumns} FROM term_entries ORDER BY concept_id, ${termOrder}`).all() as TermRow[];
  for (const t of terms) byConcept.get(t.conceptId)?.push(termOf(t));
  return rows.map((r) => ({ ...r, terms: byConcept.get(r.id) ?? [] }));
}

export function listConcepts(db: Database): StoredConcept[] {
  return attachTerms(db, db.prepare(`SELECT ${conceptColumns} FROM term_concepts ORDER BY key`).all() as ConceptRow[]);
}

export function countConcepts(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM term_concepts').get() as { n: number }).n;
}

function foldForSearch(text: string): string {
  return text.toLocaleLowerCase().replace(/ё/g, 'е');
}

/**
 * Concepts with a term, definition, key or subject containing the query (case-insensitive in every
 * script, ё = е), and with a term in `lang` when given. SQLite's LIKE folds ASCII only, so the
 * filtering is done here; a termbase is small next to the works.
 */
export function searchConcepts(db: Database, query: string, lang: string | null): StoredConcept[] {
  const q = foldForSearch(query.trim());
  return listConcepts(db).filter((c) => {
    if (lang && !c.terms.some((t) => t.lang === lang)) return false;
    if (!q) return true;
    if (c.terms.some((t) => (!lang || t.lang === lang) && foldForSearch(t.text).includes(q))) return true;
    return [c.key, c.definition, c.subject].some((field) => foldForSearch(field).includes(q));
  });
}

export function findConcept(db: Database, id: number): StoredConcept | undefined {
  const row = db.prepare(`SELECT ${conceptColumns} FROM term_concepts WHERE id = ?`).get(id) as ConceptRow | undefined;
  if (!row) return undefined;
  const terms = db.prepare(`SELECT ${termColumns} FROM term_entries WHERE concept_id = ? ORDER BY ${termOrder}`).all(id) as TermRow[];
  return { ...row, terms: terms.map(termOf) };
}

export function findConceptByKey(db: Database, key: string): StoredConcept | undefined {
  const row = db.prepare('SELECT id FROM term_concepts WHERE key = ?').get(key) as { id: number } | undefined;
  return row ? findConcept(db, row.id) : undefined;
}

export function findTerm(db: Database, id: number): StoredTerm | undefined {
  const row = db.prepare(`SELECT ${termColumns} FROM term_entries WHERE id = ?`).get(id) as TermRow | undefined;
  return row && termOf(row);
}

type ConceptFields = Pick<ConceptData, 'key' | 'definition' | 'subject' | 'note' | 'source'>;

export function insertConcept(db: Database, c: ConceptFields, at: string): number {
  const info = db
    .prepare('INSERT INTO term_concepts (key, definition, subject, note, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(c.key, c.definition, c.subject, c.note, c.source, at, at);
  return Number(info.lastInsertRowid);
}

export function updateConcept(db: Database, id: number, c: ConceptFields, at: string): void {
  db.prepare('UPDATE term_concepts SET key = ?, definition = ?, subject = ?, note = ?, source = ?, updated_at = ? WHERE id = ?').run(
    c.key, c.definition, c.subject, c.note, c.source, at, id,
  );
}

export function touchConcept(db: Database, id: number, at: string): void {
  db.prepare('UPDATE term_concepts SET updated_at = ? WHERE id = ?').run(at, id);
}

export function deleteConcept(db: Database, id: number): void {
  db.prepare('DELETE FROM term_concepts WHERE id = ?').run(id);
}

export function insertTerm(db: Database, conceptId: number, t: TermData): number {
  const info = db
    .prepare(
      `INSERT INTO term_entries (concept_id, lang, text, status, term_type, valid_from, valid_until, usage_note, context)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(conceptId, t.lang, t.text, t.status, t.termType ?? null, t.validFrom, t.validUntil, t.usageNote, t.context);
  return Number(info.lastInsertRowid);
}

export function updateTerm(db: Database, id: number, t: TermData): void {
  db.prepare(
    `UPDATE term_entries SET lang = ?, text = ?, status = ?, term_type = ?, valid_from = ?, valid_until = ?, usage_note = ?,
     context = ? WHERE id = ?`,
  ).run(t.lang, t.text, t.status, t.termType ?? null, t.validFrom, t.validUntil, t.usageNote, t.context, id);
}

export function deleteTerm(db: Database, id: number): void {
  db.prepare('DELETE FROM term_entries WHERE id = ?').run(id);
}

export function deleteTermsOfConcept(db: Database, conceptId: number): void {
  db.prepare('DELETE FROM term_entries WHERE concept_id = ?').run(conceptId);
}

/** Whether another term of the concept already has this language and text. */
export function termExists(db: Database, conceptId: number, lang: string, text: string, exceptId: number | null): boolean {
  return Boolean(
    db.prepare('SELECT 1 FROM term_entries WHERE concept_id = ? AND lang = ? AND text = ? AND id IS NOT ?').get(conceptId, lang, text, exceptId),
  );
}

export function isTermbaseSeeded(db: Database, name: string): boolean {
  return Boolean(db.prepare('SELECT 1 FROM termbase_seeds WHERE name = ?').get(name));
}

export function markTermbaseSeeded(db: Database, name: string, at: string): void {
  db.prepare('INSERT OR IGNORE INTO termbase_seeds (name, at) VALUES (?, ?)').run(name, at);
}

export function documentDate(db: Database, workId: number): string | null {
  const row = db.prepare('SELECT document_date AS d FROM work_document_dates WHERE work_id = ?').get(workId) as { d: string } | undefined;
  return row?.d ?? null;
}

export function setDocumentDate(db: Database, workId: number, date: string | null): void {
  if (date === null) db.prepare('DELETE FROM work_document_dates WHERE work_id = ?').run(workId);
  else db.prepare('INSERT INTO work_document_dates (work_id, document_date) VALUES (?, ?) ON CONFLICT(work_id) DO UPDATE SET document_date = excluded.document_date').run(workId, date);
}
