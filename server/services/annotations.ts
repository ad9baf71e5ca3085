// Use cases of annotations: flag words of a sentence as an occurrence of a concept (existing, or new
// from the selected words) or as an issue with a category and a comment; list them with where their
// words are now (anchors follow edits, or are orphaned); resolve and reopen; export as CSV.
// One transaction and one event each. An open annotation shows in the rows holding its sentence (in
// the three-column view and in every pair view of its version): creating, resolving or reopening
// one moves the revisions of those rows' beads in the same transaction, so an edit made against
// the rows as they were shown before is refused as stale (409), as after any other change to a row.
import type { Database } from 'better-sqlite3';
import { rowHolding } from '../align/grid-view-edits.ts';
import { findWorkById } from '../db/works.ts';
import { alignmentState, touchRowsOfSentences } from './alignment-state.ts';
import {
  findAnnotation,
  insertAnnotation,
  issueCategories,
  listAnnotations,
  setAnnotationStatus,
  type AnnotationFilter,
  type AnnotationRecord,
  type AnnotationStatus,
  type IssueCategory,
} from '../db/annotations.ts';
import { appendEvent } from '../db/events.ts';
import { findConcept, findConceptByKey, insertConcept, insertTerm } from '../db/terms.ts';
import { listActiveVersions, listSentenceRange } from '../db/versions.ts';
import { writeCsv } from '../formats/glossary-csv.ts';
import { resolveAnchor, type AnchorResolution } from '../terms/anchor.ts';
import { cleanTerm, TermbaseInputError } from '../terms/termbase.ts';
import { isContentLanguage } from '../text/languages.ts';
import { InputError, NotFoundError } from './errors.ts';
import { requireWork } from './read-work.ts';
import { freeConceptKey } from './terms-termbase.ts';

export { issueCategories };

export interface AnnotationInput {
  slug: string;
  version: string;
  ordinal: number;
  start: number;
  end: number;
  quote: string;
  kind: string;
  /** For a term occurrence: the concept's id, or 'new' to make a concept of the selected words. */
  concept?: string;
  /** For an existing concept: also add the selected words to it as an admitted term of the version's language. */
  addTerm?: boolean;
  category?: string;
  comment?: string;
  author: string;
  /** who the event records as making the annotation (the signed-in user); the author by default */
  actor?: string;
}

const maxQuote = 500;
const maxComment = 2000;

function integer(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new InputError(`The ${field} of the selection is not a valid position.`, 400, field, { key: 'terms:errors.annotation.badPosition', params: { field } });
  return value;
}

export function createAnnotation(db: Database, input: AnnotationInput): AnnotationRecord {
  const work = requireWork(db, input.slug);
  const version = listActiveVersions(db, work.id).find((v) => v.name === input.version);
  if (!version) throw new InputError(`The work '${work.slug}' has no version '${input.version}'.`, 400, 'version', { key: 'errors.notFoundVersion', params: { work: work.slug, name: input.version } });
  const ordinal = integer(input.ordinal, 'ordinal');
  const start = integer(input.start, 'start');
  const end = integer(input.end, 'end');
  const quote = input.quote ?? '';
  if (!quote.trim()) throw new InputError('Select some words first: the selection is empty.', 400, 'quote', { key: 'terms:errors.annotation.emptySelection' });
  if (quote.length > maxQuote) throw new InputError(`The selection is longer than ${maxQuote} characters; flag fewer words.`, 400, 'quote', { key: 'terms:errors.annotation.quoteTooLong', params: { max: maxQuote } });
  const kind = (input.kind ?? '').trim();
  if (kind !== 'term' && kind !== 'issue') throw new InputError(`'${input.kind}' is not a kind of annotation; use term or issue.`, 400, 'kind', { key: 'terms:errors.annotation.badKind', params: { kind: String(input.kind) } });
  const comment = (input.comment ?? '').trim();
  if (comment.length > maxComment) throw new InputError(`The comment is longer than ${maxComment} characters.`, 400, 'comment', { key: 'terms:errors.annotation.commentTooLong', params: { max: maxComment } });
  let category: IssueCategory | null = null;
  if (kind === 'issue') {
    const c = (input.category ?? '').trim();
    if (!(issueCategories as readonly string[]).includes(c)) {
      throw new InputError(`'${input.category ?? ''}' is not an issue category; use one of ${issueCategories.join(', ')}.`, 400, 'category', {
        key: 'terms:errors.annotation.badCategory',
        params: { category: input.category ?? '', categories: issueCategories.join(', ') },
      });
    }
    category = c as IssueCategory;
  }
  let touched = () => {};
  const created = db.transaction(() => {
    const [sentence] = listSentenceRange(db, version.id, ordinal, ordinal + 1);
    if (!sentence) throw new InputError(`The version '${version.name}' has no sentence ${ordinal}.`, 400, 'ordinal', { key: 'errors.noSentence', params: { version: version.name, ordinal } });
    if (end <= start || end > sentence.text.length || sentence.text.slice(start, end) !== quote) {
      throw new InputError('The sentence has changed since the words were selected, or the selection does not match it. Reload the page and select the words again.', 409, 'quote', {
        key: 'terms:errors.annotation.stale',
      });
    }
    const at = new Date().toISOString();
    let conceptId: number | null = null;
    let newConcept: { key: string; term: string } | null = null;
    let addedTerm: string | null = null;
    if (kind === 'term') {
      const wanted = (input.concept ?? '').trim();
      if (wanted === 'new') {
        let term;
        try {
          term = cleanTerm({ lang: version.lang, text: quote, status: 'preferred' }, isContentLanguage);
        } catch (error) {
          if (error instanceof TermbaseInputError) throw new InputError(error.message, 400, 'quote', error.translation);
          throw error;
        }
        const key = freeConceptKey(db, [term]);
        conceptId = insertConcept(db, { key, definition: '', subject: '', note: `Flagged in ${work.slug}/${version.name}`, source: '' }, at);
        insertTerm(db, conceptId, term);
        newConcept = { key, term: term.text };
      } else {
        const id = /^\d{1,12}$/.test(wanted) ? Number(wanted) : NaN;
        const concept = Number.isSafeInteger(id) ? findConcept(db, id) : findConceptByKey(db, wanted);
        if (!concept) {
          throw wanted
            ? new InputError(`There is no concept '${wanted}' in the termbase.`, 400, 'concept', { key: 'terms:errors.annotation.noConcept', params: { concept: wanted } })
            : new InputError('Choose a concept, or make a new one of the selected words.', 400, 'concept', { key: 'terms:errors.annotation.chooseConcept' });
        }
        conceptId = concept.id;
        if (input.addTerm && !concept.terms.some((t) => t.lang === version.lang && t.text === quote.trim())) {
          let term;
          try {
            term = cleanTerm({ lang: version.lang, text: quote, status: 'admitted' }, isContentLanguage);
          } catch (error) {
            if (error instanceof TermbaseInputError) throw new InputError(error.message, 400, 'quote', error.translation);
            throw error;
          }
          insertTerm(db, concept.id, term);
          addedTerm = term.text;
        }
      }
    }
    const id = insertAnnotation(db, {
      workId: work.id,
      versionId: version.id,
      sentenceOrdinal: ordinal,
      start,
      end,
      quote,
      sentenceText: sentence.text,
      kind,
      conceptId,
      category,
      comment,
      author: input.author,
      createdAt: at,
    });
    const record = findAnnotation(db, work.id, id)!;
    appendEvent(db, {
      workId: work.id,
      actor: input.actor ?? input.author,
      at,
      kind: 'annotation-create',
      summary: kind === 'term'
        ? `flagged '${quote}' in ${version.name} sentence ${ordinal} as ${newConcept ? `a new concept ${newConcept.key}` : `an occurrence of ${record.conceptKey}${addedTerm ? ', added as an admitted term' : ''}`}`
        : `flagged '${quote}' in ${version.name} sentence ${ordinal} as a ${category} issue`,
      after: { annotation: id, version: version.name, ordinal, start, end, quote, kind, concept: record.conceptKey, category, comment, newConcept, addedTerm },
    });
    touched = touchRowsOfSentences(db, work, version.id, [ordinal]);
    return record;
  }).immediate();
  touched();
  return created;
}

export interface AnnotationView extends AnnotationRecord {
  anchor: AnchorResolution;
  /** The sentence the words are in now (it may be a neighbour after a split), and its text. */
  currentOrdinal: number | null;
  currentText: string;
  /** 1-based grid row of the sentence, or null. */
  row: number | null;
}

const neighbourhood = 5;

/** Where the annotated words are now: in their sentence, or in a neighbour after a split or merge. */
/** The 0-based row of the three-column view that holds a sentence, or null. */
function rowPositionOfSentence(db: Database, workId: number, versionId: number, ordinal: number): number | null {
  const work = findWorkById(db, workId);
  if (!work) return null;
  const state = alignmentState(db, work);
  const k = state.layout.columns.findIndex((c) => c.id === versionId);
  const r = k < 0 ? -1 : rowHolding(state.rows(), k, ordinal);
  return r < 0 ? null : r;
}

export function locateAnnotation(db: Database, a: AnnotationRecord): Pick<AnnotationView, 'anchor' | 'currentOrdinal' | 'currentText' | 'row'> {
  const anchor = { start: a.start, end: a.end, quote: a.quote, snapshot: a.sentenceText };
  // Splits and merges before the sentence shift its ordinal: the nearest sentences are tried next,
  // where the words must be found with some of their neighbours.
  const near = listSentenceRange(db, a.versionId, Math.max(0, a.sentenceOrdinal - neighbourhood), a.sentenceOrdinal + neighbourhood + 1);
  const own = near.find((s) => s.ordinal === a.sentenceOrdinal);
  const others = near.filter((s) => s !== own).sort((x, y) => Math.abs(x.ordinal - a.sentenceOrdinal) - Math.abs(y.ordinal - a.sentenceOrdinal));
  const tries = [own, ...others].filter((s): s is NonNullable<typeof s> => Boolean(s));
  for (const s of tries) {
    const found = resolveAnchor(anchor, s.text, { requireContext: s !== own });
    if (found.state !== 'orphaned') {
      const state = s === own ? found : { ...found, state: 'moved' as const };
      const position = rowPositionOfSentence(db, a.workId, a.versionId, s.ordinal);
      return { anchor: state, currentOrdinal: s.ordinal, currentText: s.text, row: position === null ? null : position + 1 };
    }
  }
  const position = rowPositionOfSentence(db, a.workId, a.versionId, a.sentenceOrdinal);
  return { anchor: { state: 'orphaned' }, currentOrdinal: own ? own.ordinal : null, currentText: own?.text ?? '', row: position === null ? null : position + 1 };
}

export const annotationStatuses: readonly AnnotationStatus[] = ['open', 'resolved'];

export function parseAnnotationFilter(query: Record<string, unknown>): AnnotationFilter {
  const pick = <T extends string>(value: unknown, allowed: readonly T[], field: string): T | null => {
    if (value === undefined || value === '' || value === 'all') return null;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new InputError(`'${String(value)}' is not a valid ${field} filter; use one of ${allowed.join(', ')}.`, 400, field, {
      key: 'terms:errors.annotation.badFilter',
      params: { value: String(value), field, allowed: allowed.join(', ') },
    });
  };
  return {
    status: pick(query.status, annotationStatuses, 'status'),
    kind: pick(query.kind, ['term', 'issue'] as const, 'kind'),
    category: pick(query.category, issueCategories, 'category'),
  };
}

export function readAnnotations(db: Database, slug: string, filter: AnnotationFilter = {}): { work: ReturnType<typeof requireWork>; annotations: AnnotationView[] } {
  const work = requireWork(db, slug);
  return { work, annotations: listAnnotations(db, work.id, filter).map((a) => ({ ...a, ...locateAnnotation(db, a) })) };
}

export function setAnnotationState(db: Database, slug: string, id: number, status: string, actor: string): AnnotationRecord {
  if (status !== 'open' && status !== 'resolved') throw new InputError(`'${status}' is not an annotation status; use open or resolved.`, 400, 'status', { key: 'terms:errors.annotation.badStatus', params: { status } });
  const work = requireWork(db, slug);
  let touched = () => {};
  const changed = db.transaction(() => {
    const before = Number.isSafeInteger(id) ? findAnnotation(db, work.id, id) : undefined;
    if (!before) throw new NotFoundError(`The work '${work.slug}' has no annotation number ${id}.`, { key: 'terms:errors.annotation.notFound', params: { work: work.slug, id } });
    const at = new Date().toISOString();
    // the rows that show it now (or will once it is reopened): where its words are, unless they are gone
    const where = before.status === status ? null : locateAnnotation(db, before);
    setAnnotationStatus(db, id, status, status === 'resolved' ? at : null);
    appendEvent(db, {
      workId: work.id,
      actor,
      at,
      kind: status === 'resolved' ? 'annotation-resolve' : 'annotation-reopen',
      summary: `${status === 'resolved' ? 'resolved' : 'reopened'} annotation ${id} ('${before.quote}')`,
      before: { status: before.status },
      after: { status },
    });
    if (where && where.anchor.state !== 'orphaned' && where.currentOrdinal !== null) touched = touchRowsOfSentences(db, work, before.versionId, [where.currentOrdinal]);
    return findAnnotation(db, work.id, id)!;
  }).immediate();
  touched();
  return changed;
}

export function exportAnnotationsCsv(db: Database, slug: string, filter: AnnotationFilter = {}): { fileName: string; body: string } {
  const { work, annotations } = readAnnotations(db, slug, filter);
  const rows = [['id', 'row', 'version', 'lang', 'sentence', 'quote', 'anchor', 'kind', 'concept', 'category', 'comment', 'status', 'author', 'created', 'resolved']];
  for (const a of annotations) {
    rows.push([
      String(a.id), a.row === null ? '' : String(a.row), a.versionName, a.lang, String(a.currentOrdinal ?? a.sentenceOrdinal), a.quote, a.anchor.state,
      a.kind, a.conceptKey ?? '', a.category ?? '', a.comment, a.status, a.author, a.createdAt, a.resolvedAt ?? '',
    ]);
  }
  return { fileName: `${work.slug}.annotations.csv`, body: writeCsv(rows) };
}
