// Recognition of the termbase's terms in the works: the compiled matcher (cached per database
// against the termbase revision the database keeps, so any change, here or in another process, is
// seen), the marked pieces of the grid's sentences (views/partials/sentence-marks.eta makes them
// HTML, escaping), every occurrence of one concept, and the consistency findings of a work. Reads only.
import type { Database } from 'better-sqlite3';
import { listAnnotations } from '../db/annotations.ts';
import { termbaseRevision } from '../db/termbase-revision.ts';
import { documentDate, listConcepts, type StoredConcept } from '../db/terms.ts';
import { listSentences } from '../db/versions.ts';
import { loadJieba } from '../resources/jieba.ts';
import { findTermFindings, type TermFinding } from '../terms/checks.ts';
import { compileTermbase, type Segmenter, type TermMatcher, type TermOccurrence } from '../terms/match.ts';
import { bestTerm, isValidOn, type ConceptData } from '../terms/termbase.ts';
import { locateAnnotation } from './annotations.ts';
import { readGridRows, readWork, type GridRowView, type WorkView } from './read-work.ts';

let chineseSegmenter: Segmenter | null | undefined;

/** jieba's word cut without the HMM, so only dictionary words (and every character) are boundaries. */
export function termSegmenter(): Segmenter | undefined {
  if (chineseSegmenter === undefined) {
    const jieba = loadJieba();
    chineseSegmenter = jieba ? (text: string) => jieba.cut(text, false) : null;
  }
  return chineseSegmenter ?? undefined;
}

interface CompiledTermbase {
  revision: number;
  concepts: StoredConcept[];
  matcher: TermMatcher;
}

const cache = new WeakMap<Database, CompiledTermbase>();

function compile(db: Database, revision: number): CompiledTermbase {
  const concepts = listConcepts(db);
  return { revision, concepts, matcher: compileTermbase(concepts, { segmentChinese: termSegmenter() }) };
}

/**
 * The termbase compiled for matching, recompiled when the database's termbase revision moves. Only
 * a committed termbase is kept: inside a transaction that changed it the matcher is compiled afresh
 * (the transaction may roll back, and its revision number be reached again by other changes).
 */
export function termMatcher(db: Database): { matcher: TermMatcher; concepts: StoredConcept[] } {
  const revision = termbaseRevision(db);
  const cached = cache.get(db);
  if (cached && cached.revision === revision) return cached;
  const fresh = compile(db, revision);
  if (!db.inTransaction) cache.set(db, fresh);
  return fresh;
}

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The tooltip of an occurrence: the concept, the status of the term, the equivalents in the other languages. */
export function occurrenceTooltip(occ: TermOccurrence, t: Translate, day: string | null): string {
  const concept = occ.concept;
  const term = occ.term;
  const lines = [t('terms:tooltip.concept', { key: concept.key, definition: concept.definition }).trim()];
  let status = t(`terms:status.${term.status}`);
  if (term.validFrom) status += ` · ${t('terms:validFrom', { date: term.validFrom })}`;
  if (term.validUntil) status += ` · ${t('terms:validUntil', { date: term.validUntil })}`;
  lines.push(`${t('terms:tooltip.status')}: ${status}`);
  const langs = [...new Set(concept.terms.map((x) => x.lang))].filter((l) => l !== occ.lang);
  // The equivalents: the one right for the document's date first, then the other usable ones
  // with their dates (the old and the new title of a retitled post both show).
  for (const lang of langs) {
    const best = bestTerm(concept, lang, day);
    if (!best) continue;
    const usable = concept.terms.filter((x) => x.lang === lang && x !== best && (x.status === 'preferred' || x.status === 'admitted' || x.status === 'superseded'));
    const dated = (x: typeof best) =>
      x.validFrom || x.validUntil
        ? `${x.text} (${[x.validFrom ? t('terms:validFrom', { date: x.validFrom }) : '', x.validUntil ? t('terms:validUntil', { date: x.validUntil }) : ''].filter(Boolean).join(', ')})`
        : x.text;
    lines.push(`${lang}: ${[best, ...usable].map(dated).join(' · ')}`);
  }
  if (term.status !== 'preferred' && term.status !== 'admitted') {
    const better = bestTerm(concept, occ.lang, day);
    if (better && better.text !== term.text) lines.push(t('terms:tooltip.use', { term: better.text }));
  }
  return lines.join('\n');
}

/** Words flagged by an annotation, where they are now in their sentence. */
export interface AnnotationSpan {
  id: number;
  start: number;
  end: number;
  kind: 'term' | 'issue';
  title: string;
  category: string | null;
}

/** A stretch of a sentence: plain words, or words marked as a term occurrence or an annotation. */
export type SentencePiece =
  | { text: string; mark?: undefined }
  | { text: string; mark: 'term'; state: string; concept: string; title: string }
  | { text: string; mark: 'annotation'; kind: 'term' | 'issue'; category: string | null; annotation: number; title: string };

/**
 * A sentence cut into pieces, each term occurrence and the words of each open annotation its own
 * (a term occurrence overlapping an annotation is left out); the pieces joined are the sentence.
 * Plain data: views/partials/sentence-marks.eta makes the HTML.
 */
export function sentencePieces(text: string, occurrences: readonly TermOccurrence[], t: Translate, day: string | null, annotations: readonly AnnotationSpan[] = []): SentencePiece[] {
  type Placed = { start: number; end: number; piece: (text: string) => SentencePiece };
  const placed: Placed[] = annotations.map((a) => ({
    start: a.start,
    end: a.end,
    piece: (words) => ({ text: words, mark: 'annotation', kind: a.kind, category: a.category, annotation: a.id, title: a.title }),
  }));
  for (const occ of occurrences) {
    if (placed.some((p) => occ.start < p.end && p.start < occ.end)) continue;
    const state = occ.term.status === 'superseded' && day && isValidOn(occ.term, day) ? 'superseded-then-right' : occ.term.status;
    const title = occurrenceTooltip(occ, t, day);
    placed.push({ start: occ.start, end: occ.end, piece: (words) => ({ text: words, mark: 'term', state, concept: occ.concept.key, title }) });
  }
  placed.sort((a, b) => a.start - b.start);
  const pieces: SentencePiece[] = [];
  let at = 0;
  for (const p of placed) {
    if (p.start < at) continue;
    if (p.start > at) pieces.push({ text: text.slice(at, p.start) });
    pieces.push(p.piece(text.slice(p.start, p.end)));
    at = p.end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** The open annotations of a work by version and sentence, located in the sentences as they are now. */
function openAnnotationSpans(db: Database, workId: number, t: Translate): Map<string, { text: string; spans: AnnotationSpan[] }> {
  const bySentence = new Map<string, { text: string; spans: AnnotationSpan[] }>();
  for (const a of listAnnotations(db, workId, { status: 'open' })) {
    const where = locateAnnotation(db, a);
    if (where.anchor.state === 'orphaned' || where.currentOrdinal === null) continue;
    const key = `${a.versionId}:${where.currentOrdinal}`;
    const entry = bySentence.get(key) ?? { text: where.currentText, spans: [] };
    bySentence.set(key, entry);
    const what = a.kind === 'term' ? t('terms:annotations.tooltipTerm', { concept: a.conceptKey ?? '' }) : t('terms:annotations.tooltipIssue', { category: t(`terms:category.${a.category}`) });
    entry.spans.push({
      id: a.id,
      start: where.anchor.start,
      end: where.anchor.end,
      kind: a.kind,
      category: a.category,
      title: [what, a.comment, `${a.author}, ${a.createdAt.slice(0, 10)}`].filter(Boolean).join('\n'),
    });
  }
  return bySentence;
}

/**
 * The template helper of the grid: `sentenceMarks(column, text, ordinal?)` gives the pieces of a
 * sentence (see sentencePieces) with its terms marked and, given the sentence's ordinal, its open
 * annotations, for the columns of `view`; views/partials/grid-rows.eta renders them through
 * views/partials/sentence-marks.eta.
 */
export function gridTermMarkup(db: Database, view: WorkView, t: Translate): { sentenceMarks: (column: number, text: string, ordinal?: number) => SentencePiece[] } {
  const { matcher } = termMatcher(db);
  const day = documentDate(db, view.work.id);
  const annotations = openAnnotationSpans(db, view.work.id, t);
  return {
    sentenceMarks: (column, text, ordinal) => {
      const version = view.columns[column];
      const lang = version?.lang ?? '';
      const flagged = version && ordinal !== undefined ? annotations.get(`${version.id}:${ordinal}`) : undefined;
      return sentencePieces(text, matcher.find(lang, text), t, day, flagged && flagged.text === text ? flagged.spans : []);
    },
  };
}

export interface ConceptOccurrence {
  workSlug: string;
  workTitle: string;
  versionName: string;
  lang: string;
  /** 1-based grid row; 0 for a version outside the grid (a revision), shown on its version page. */
  row: number;
  offset: number;
  text: string;
  term: string;
  status: string;
  /** The form of the term (TBX termType), when the termbase says it. */
  termType?: string;
}

const occurrenceLimit = 500;

/** Every occurrence of a concept in the grid versions of every work (at most 500), with its row. */
export function conceptOccurrences(db: Database, concept: ConceptData, works: readonly { slug: string }[], pageSize: number): ConceptOccurrence[] {
  const matcher = compileTermbase([concept], { segmentChinese: termSegmenter() });
  const result: ConceptOccurrence[] = [];
  for (const { slug } of works) {
    const view = readWork(db, slug);
    const rows = readGridRows(db, view, 0, view.rowCount);
    for (const r of rows) {
      r.cells.forEach((cell, k) => {
        for (const s of cell.sentences) {
          for (const occ of matcher.find(view.columns[k].lang, s.text)) {
            if (result.length >= occurrenceLimit) return;
            result.push({
              workSlug: view.work.slug,
              workTitle: view.work.title,
              versionName: view.columns[k].name,
              lang: view.columns[k].lang,
              row: r.number,
              offset: Math.floor((r.number - 1) / pageSize) * pageSize,
              text: occ.text,
              term: occ.term.text,
              status: occ.term.status,
              ...(occ.term.termType ? { termType: occ.term.termType } : {}),
            });
          }
        }
      });
    }
    // Revisions are not grid columns: their occurrences point at the version's page.
    for (const revision of view.revisions) {
      for (const s of listSentences(db, revision.id)) {
        for (const occ of matcher.find(revision.lang, s.text)) {
          if (result.length >= occurrenceLimit) return result;
          result.push({
            workSlug: view.work.slug, workTitle: view.work.title, versionName: revision.name, lang: revision.lang, row: 0, offset: 0,
            text: occ.text, term: occ.term.text, status: occ.term.status, ...(occ.term.termType ? { termType: occ.term.termType } : {}),
          });
        }
      }
    }
  }
  return result;
}

/** The cells of the grid as the checks read them: per row, per grid version, its language and text. */
export function checkRowsOf(view: WorkView, rows: readonly GridRowView[]) {
  return rows.map((r) => ({ row: r.number, cells: r.cells.map((c, k) => ({ lang: view.columns[k].lang, text: c.text })) }));
}

/** The terminology findings of a work (see server/terms/checks.ts), rows numbered from 1 as in the grid. */
export function termFindingsForWork(db: Database, slug: string): TermFinding[] {
  const view = readWork(db, slug);
  const rows = readGridRows(db, view, 0, view.rowCount);
  const { matcher, concepts } = termMatcher(db);
  return findTermFindings({
    rows: checkRowsOf(view, rows),
    concepts,
    matcher,
    documentDate: documentDate(db, view.work.id),
    pivotLang: view.columns[view.pivot]?.lang ?? view.work.pivotLang,
  });
}
