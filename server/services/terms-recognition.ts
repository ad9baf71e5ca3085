// Recognition of the termbase's terms in the works: the compiled matcher (cached per database until
// the termbase changes, here or in another process), highlighted sentences for the grid, every
// occurrence of one concept, and the consistency findings of a work. Reads only.
import type { Database } from 'better-sqlite3';
import { listAnnotations } from '../db/annotations.ts';
import { documentDate } from '../db/terms.ts';
import { listConcepts, type StoredConcept } from '../db/terms.ts';
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

interface CachedMatcher {
  generation: number;
  dataVersion: number;
  concepts: StoredConcept[];
  matcher: TermMatcher;
}

const cache = new WeakMap<Database, CachedMatcher>();
const generations = new WeakMap<Database, number>();

/** Called by every use case that changes the termbase, inside its transaction. */
export function termbaseChanged(db: Database): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

/** The termbase compiled for matching; recompiled after a change through this process or another. */
export function termMatcher(db: Database): { matcher: TermMatcher; concepts: StoredConcept[] } {
  const generation = generations.get(db) ?? 0;
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const cached = cache.get(db);
  if (cached && cached.generation === generation && cached.dataVersion === dataVersion) return cached;
  const concepts = listConcepts(db);
  const fresh = { generation, dataVersion, concepts, matcher: compileTermbase(concepts, { segmentChinese: termSegmenter() }) };
  cache.set(db, fresh);
  return fresh;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
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

/**
 * A sentence as HTML (escaped) with each term occurrence in a <mark class="term">, and the words of
 * open annotations in a <mark class="annotation"> (a term occurrence overlapping them is left out).
 */
export function markTerms(text: string, occurrences: readonly TermOccurrence[], t: Translate, day: string | null, annotations: readonly AnnotationSpan[] = []): string {
  type Piece = { start: number; end: number; open: string };
  const pieces: Piece[] = annotations.map((a) => ({
    start: a.start,
    end: a.end,
    open: `<mark class="annotation annotation-${a.kind}${a.category ? ` category-${escapeHtml(a.category)}` : ''}" data-annotation="${a.id}" title="${escapeHtml(a.title)}">`,
  }));
  for (const occ of occurrences) {
    if (pieces.some((p) => occ.start < p.end && p.start < occ.end)) continue;
    const state = occ.term.status === 'superseded' && day && isValidOn(occ.term, day) ? 'superseded-then-right' : occ.term.status;
    pieces.push({
      start: occ.start,
      end: occ.end,
      open: `<mark class="term term-${state}" data-concept="${escapeHtml(occ.concept.key)}" title="${escapeHtml(occurrenceTooltip(occ, t, day))}">`,
    });
  }
  pieces.sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const p of pieces) {
    if (p.start < at) continue;
    html += escapeHtml(text.slice(at, p.start)) + p.open + escapeHtml(text.slice(p.start, p.end)) + '</mark>';
    at = p.end;
  }
  return html + escapeHtml(text.slice(at));
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
 * The template helper of the grid: `markSentence(column, text, ordinal?)` returns the sentence as
 * escaped HTML with its terms marked (and, given the sentence's ordinal, its open annotations), for
 * the columns of `view`.
 */
export function gridTermMarkup(db: Database, view: WorkView, t: Translate): { markSentence: (column: number, text: string, ordinal?: number) => string } {
  const { matcher } = termMatcher(db);
  const day = documentDate(db, view.work.id);
  const annotations = openAnnotationSpans(db, view.work.id, t);
  return {
    markSentence: (column, text, ordinal) => {
      const version = view.columns[column];
      const lang = version?.lang ?? '';
      const flagged = version && ordinal !== undefined ? annotations.get(`${version.id}:${ordinal}`) : undefined;
      return markTerms(text, matcher.find(lang, text), t, day, flagged && flagged.text === text ? flagged.spans : []);
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
