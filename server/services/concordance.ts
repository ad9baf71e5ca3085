// Use case: the parallel concordance. A word or phrase (or every term of a termbase concept) is
// looked up in the index of every work's sentences (server/db/sentence-search.ts, terms made by
// server/text/search-terms.ts: Snowball stems, bigrams of Chinese), and each hit is shown as its row
// of the three-column view, every column's text beside it, the words found marked, linked to the
// row in its work. The row is derived from the beads around the sentence only (row-locator.ts), so
// a page of hits in twenty works reads twenty small windows, not twenty works.
// Hits come in index order (works in the order they came, a version's sentences in order), a page
// at a time; the cursor is the last sentence looked at. A row is listed once, at the hit in its
// leftmost column that matches: a hit in another column of a row whose earlier column matches too
// is passed over (that row is, or will be, listed at the earlier one). Reads only.
import { confidencePercent } from '../align/calibration.ts';
import type { Database } from 'better-sqlite3';
import type { ViewRow } from '../align/grid-view.ts';
import { rowHolding } from '../align/grid-view-edits.ts';
import { findRow, type BeadReader } from '../align/row-locator.ts';
import { findBeadHolding, readBeadsStartingIn } from '../db/alignments.ts';
import { countSentenceMatches, searchedLanguages, searchSentenceIndex, type SentenceHit } from '../db/sentence-search.ts';
import { findConceptByKey } from '../db/terms.ts';
import { listSentenceRange } from '../db/versions.ts';
import { findWorkById, type WorkRecord } from '../db/works.ts';
import { isContentLanguage } from '../text/languages.ts';
import { matchExpression, queryPhrases, searchLanguage, textRanges, type SearchPhrase } from '../text/search-terms.ts';
import { alignmentState, stateKey } from './alignment-state.ts';
import { InputError, NotFoundError } from './errors.ts';
import { requireWork } from './read-work.ts';
import { readWorkLayout, type WorkLayout } from './work-layout.ts';

export interface ConcordanceRequest {
  /** a word or phrase, in any language */
  query?: string;
  /** a termbase concept's key: all its terms in all their languages */
  concept?: string;
  /** only hits in this language */
  lang?: string;
  /** only hits in this work (its slug) */
  work?: string;
  /** only rows whose beads are all confirmed */
  confirmedOnly?: boolean;
  /** the cursor: the last sentence id of the previous page */
  after?: number;
  /** hits per page (default 20, at most 100) */
  limit?: number;
  /**
   * give each hit its row number in the work's view: that derives every row of each work a hit
   * falls in (the command line wants it; the pages link to the row instead, which resolves it)
   */
  rowNumbers?: boolean;
}

export interface ConcordanceSentence {
  ordinal: number;
  text: string;
  /** [start, end) offsets in the text of what the query found */
  marks: Array<[number, number]>;
}

export interface ConcordanceCell {
  name: string;
  lang: string;
  sentences: ConcordanceSentence[];
}

export interface ConcordanceHit {
  /** the sentence found (the index's cursor) */
  sentenceId: number;
  work: { slug: string; title: string };
  /** the version and column the hit is in */
  version: string;
  lang: string;
  column: number;
  ordinal: number;
  confirmed: boolean;
  confidence: number | null;
  /** the confidence as the pages show it (calibration.ts confidencePercent) */
  confidencePercent: number | null;
  cells: ConcordanceCell[];
  /** the row in its work: resolves to the page of the three-column view that shows it */
  link: string;
  /** the 1-based row number in the work's three-column view, when asked for */
  row?: number;
}

export interface ConcordanceResult {
  request: ConcordanceRequest;
  /** what was looked for, per language */
  phrases: SearchPhrase[];
  hits: ConcordanceHit[];
  /** the cursor of the next page; null on the last */
  next: number | null;
  /** sentences matching (the filters of work and language applied), counted up to totalCap */
  total: number;
  totalCapped: boolean;
  /** a page cut short because a filter let too few of the sentences looked at through */
  scanLimited: boolean;
}

export const defaultPageSize = 20;
export const maxPageSize = 100;
const totalCap = 1000;
/** sentences looked at for one page at most, when filters (confirmed rows, one row per hit) pass few */
const scanBudget = 4000;
export const maxQueryLength = 200;

/** The link that resolves a sentence to its row of the three-column view (corpus-routes.ts). */
export const sentenceRowLink = (slug: string, version: string, ordinal: number): string =>
  `/works/${encodeURIComponent(slug)}/sentences/${encodeURIComponent(version)}/${ordinal}/row`;

/** The phrases a request looks for: the query in the language asked (else in every language of the corpus), or every term of a concept. */
export function phrasesOf(db: Database, request: ConcordanceRequest): SearchPhrase[] {
  const lang = request.lang?.trim().toLowerCase() || undefined;
  if (lang && !isContentLanguage(lang)) {
    throw new InputError(`'${request.lang}' is not a language code Triptych knows (use ISO 639-1, e.g. en, ru, zh).`, 400, 'lang', {
      key: 'errors.input.badLang',
      params: { lang: request.lang ?? '' },
    });
  }
  const conceptKey = request.concept?.trim();
  if (conceptKey) {
    const concept = findConceptByKey(db, conceptKey);
    if (!concept) throw new NotFoundError(`The termbase has no concept '${conceptKey}'.`, { key: 'corpus:errors.noConcept', params: { concept: conceptKey } });
    const phrases = concept.terms
      .filter((t) => !lang || searchLanguage(t.lang) === lang)
      .flatMap((t) => queryPhrases(t.text, t.lang));
    if (phrases.length === 0) {
      throw new InputError(`The concept '${conceptKey}' has no term${lang ? ` in ${lang}` : ''} to look for.`, 400, 'concept', {
        key: 'corpus:errors.conceptWithoutTerms',
        params: { concept: conceptKey, lang: lang ?? '' },
      });
    }
    return phrases;
  }
  const query = (request.query ?? '').trim();
  if (!query) throw new InputError('Type a word or phrase to look for, or choose a concept of the termbase.', 400, 'q', { key: 'corpus:errors.noQuery' });
  if (query.length > maxQueryLength) {
    throw new InputError(`A query has at most ${maxQueryLength} characters.`, 400, 'q', { key: 'corpus:errors.longQuery', params: { max: maxQueryLength } });
  }
  const langs = lang ? [lang] : searchedLanguages(db);
  const phrases = langs.flatMap((l) => queryPhrases(query, l));
  if (phrases.length === 0) throw new InputError(`'${query}' holds no word to look for.`, 400, 'q', { key: 'corpus:errors.noWords', params: { query } });
  return phrases;
}

// --- the layouts of the works hits fall in, kept per process under their state keys ---

const layouts = new WeakMap<Database, Map<number, { key: string; layout: WorkLayout }>>();
const keptLayouts = 2000;

function layoutOf(db: Database, work: WorkRecord): WorkLayout {
  let byWork = layouts.get(db);
  if (!byWork) layouts.set(db, (byWork = new Map()));
  const key = stateKey(db, work.id);
  const kept = byWork.get(work.id);
  if (kept && kept.key === key) return kept.layout;
  const layout = readWorkLayout(db, work);
  byWork.delete(work.id);
  byWork.set(work.id, { key, layout });
  while (byWork.size > keptLayouts) byWork.delete(byWork.keys().next().value!);
  return layout;
}

/**
 * The row of the three-column view holding sentence `ordinal` of column `column`, from windows of
 * beads around it (row-locator.ts); a work with a pair not aligned yet is read whole.
 */
export function rowOfSentence(db: Database, layout: WorkLayout, column: number, ordinal: number): ViewRow | null {
  const ids = layout.gridPairs.map((i) => layout.pairs[i].alignment?.id);
  if (ids.some((id) => id === undefined)) {
    const rows = alignmentState(db, layout.work).rows();
    const r = rowHolding(rows, column, ordinal);
    return r < 0 ? null : rows[r];
  }
  const reader: BeadReader = {
    beadHolding: (q, side, o) => findBeadHolding(db, ids[q]!, side, o),
    beadsStartingIn: (q, side, from, to) => readBeadsStartingIn(db, ids[q]!, side, from, to),
  };
  return findRow(layout.grid, reader, { column, ordinal }, layout.columns[layout.grid.pivot]?.sentenceCount ?? 0);
}

function sentencesOf(db: Database, versionId: number, first: number, count: number, phrases: SearchPhrase[], lang: string): ConcordanceSentence[] {
  if (count === 0) return [];
  const own = phrases.filter((p) => p.lang === searchLanguage(lang));
  return listSentenceRange(db, versionId, first, first + count).map((s) => ({
    ordinal: s.ordinal,
    text: s.text,
    marks: own.length ? textRanges(s.text, lang, own) : [],
  }));
}

/** One page of the concordance. */
export function searchConcordance(db: Database, request: ConcordanceRequest): ConcordanceResult {
  const phrases = phrasesOf(db, request);
  const match = matchExpression(phrases);
  const limit = Math.min(maxPageSize, Math.max(1, Math.floor(request.limit ?? defaultPageSize)));
  const workId = request.work?.trim() ? requireWork(db, request.work.trim()).id : undefined;
  const filters = { match, workId, confirmedWorksOnly: Boolean(request.confirmedOnly) };
  const hits: ConcordanceHit[] = [];
  const works = new Map<number, { work: WorkRecord; layout: WorkLayout } | null>();
  let after = request.after;
  let looked = 0;
  let exhausted = false;
  while (hits.length < limit && looked < scanBudget) {
    const batch: SentenceHit[] = searchSentenceIndex(db, { ...filters, after, limit: Math.min(scanBudget - looked, (limit - hits.length) * 2 + 8) });
    if (batch.length === 0) {
      exhausted = true;
      break;
    }
    for (const candidate of batch) {
      after = candidate.id;
      looked++;
      const hit = hitOf(db, candidate, phrases, works, Boolean(request.confirmedOnly));
      if (hit) hits.push(hit);
      if (hits.length === limit) break;
    }
  }
  if (request.rowNumbers) {
    for (const hit of hits) hit.row = rowPositionOfSentence(db, hit.work.slug, hit.version, hit.ordinal).position + 1;
  }
  const lastOfPage = hits.length === limit || !exhausted ? after : undefined;
  // a next page exists when a sentence after the cursor matches
  const next = lastOfPage !== undefined && searchSentenceIndex(db, { ...filters, after: lastOfPage, limit: 1 }).length > 0 ? lastOfPage : null;
  const total = countSentenceMatches(db, filters, totalCap + 1);
  return {
    request,
    phrases,
    hits,
    next: next ?? null,
    total: Math.min(total, totalCap),
    totalCapped: total > totalCap,
    scanLimited: hits.length < limit && !exhausted,
  };
}

function hitOf(
  db: Database,
  candidate: SentenceHit,
  phrases: SearchPhrase[],
  works: Map<number, { work: WorkRecord; layout: WorkLayout } | null>,
  confirmedOnly: boolean,
): ConcordanceHit | null {
  // each work's layout read once a page (its state key checked once)
  let known = works.get(candidate.workId);
  if (known === undefined) {
    const work = findWorkById(db, candidate.workId);
    works.set(candidate.workId, (known = work ? { work, layout: layoutOf(db, work) } : null));
  }
  if (!known) return null;
  const { work, layout } = known;
  const column = layout.columns.findIndex((v) => v.id === candidate.versionId);
  if (column < 0) return null;
  const row = rowOfSentence(db, layout, column, candidate.ordinal);
  if (!row) return null;
  if (confirmedOnly && !row.confirmed) return null;
  const cells = layout.columns.map((v, k) => ({
    name: v.name,
    lang: v.lang,
    sentences: sentencesOf(db, v.id, row.cells[k].first, row.cells[k].count, phrases, v.lang),
  }));
  // listed once: at the leftmost column where the row matches
  if (cells.slice(0, column).some((c) => c.sentences.some((s) => s.marks.length > 0))) return null;
  const version = layout.columns[column];
  return {
    sentenceId: candidate.id,
    work: { slug: work.slug, title: work.title },
    version: version.name,
    lang: version.lang,
    column,
    ordinal: candidate.ordinal,
    confirmed: row.confirmed,
    confidence: row.confidence,
    confidencePercent: row.confidence === null ? null : confidencePercent(row.confidence),
    cells,
    link: sentenceRowLink(work.slug, version.name, candidate.ordinal),
  };
}

/** A page of hits as the command line's and the API's JSON give it: per hit the work, the row and every language's text. */
export function concordanceRecord(result: ConcordanceResult) {
  return {
    total: result.total,
    totalCapped: result.totalCapped,
    next: result.next,
    scanLimited: result.scanLimited,
    hits: result.hits.map((hit) => ({
      work: hit.work,
      row: { number: hit.row ?? null, confirmed: hit.confirmed, confidence: hit.confidence, link: hit.link },
      hit: { version: hit.version, lang: hit.lang, sentence: hit.ordinal, id: hit.sentenceId },
      texts: Object.fromEntries(hit.cells.map((c) => [c.name, { lang: c.lang, sentences: c.sentences }])),
    })),
  };
}

/** Where the row holding a sentence is in its work's three-column view (0-based), for the link. */
export function rowPositionOfSentence(db: Database, slug: string, versionName: string, ordinal: number): { work: WorkRecord; position: number } {
  const work = requireWork(db, slug);
  const state = alignmentState(db, work);
  const column = state.layout.columns.findIndex((v) => v.name === versionName);
  if (column < 0) {
    throw new NotFoundError(`The work '${slug}' has no column '${versionName}'.`, { key: 'errors.notFoundVersion', params: { work: slug, name: versionName } });
  }
  const position = rowHolding(state.rows(), column, ordinal);
  if (position < 0) {
    throw new NotFoundError(`The version '${versionName}' of '${slug}' has no sentence ${ordinal + 1}.`, {
      key: 'corpus:errors.noSentence',
      params: { work: slug, name: versionName, sentence: ordinal + 1 },
    });
  }
  return { work, position };
}
