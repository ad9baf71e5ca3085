// Use cases of the termbase: add, edit and delete concepts and terms, import a TBX or CSV glossary,
// export it. Each change is one transaction with one event in the log (events without a work).
import type { Database } from 'better-sqlite3';
import { appendEvent } from '../db/events.ts';
import {
  deleteConcept,
  deleteTerm,
  deleteTermsOfConcept,
  findConcept,
  findConceptByKey,
  findTerm,
  insertConcept,
  insertTerm,
  listConcepts,
  replaceLanguageSections,
  termExists,
  touchConcept,
  updateConcept,
  updateTerm,
  type StoredConcept,
  type StoredTerm,
} from '../db/terms.ts';
import { CsvError, readGlossaryCsv, writeGlossaryCsv } from '../formats/glossary-csv.ts';
import { readTbxWithWarnings, TbxError, writeTbx, writeTbx2, type RawConcept } from '../formats/tbx.ts';
import { cleanConcept, cleanTerm, isConceptKey, TermbaseInputError, type ConceptData, type TermData } from '../terms/termbase.ts';
import { isWellFormedLanguageTag } from '../text/languages.ts';
import { romanise, type ChineseReadings } from '../text/transliterate.ts';
import { loadCedict } from '../resources/cedict.ts';
import { loadJieba } from '../resources/jieba.ts';
import { formatByteSize, InputError, NotFoundError } from './errors.ts';

export interface Actor {
  actor: string;
}

function now(): string {
  return new Date().toISOString();
}

/** Runs validation that throws TermbaseInputError and reports it as a user's InputError. */
function validated<T>(fn: () => T, status: 400 | 422 = 400): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof TermbaseInputError) throw new InputError(error.message, status, error.field, error.translation);
    throw error;
  }
}

export function requireConcept(db: Database, id: number): StoredConcept {
  const concept = Number.isSafeInteger(id) ? findConcept(db, id) : undefined;
  if (!concept) {
    throw Number.isSafeInteger(id)
      ? new NotFoundError(`There is no concept number ${id} in the termbase.`, { key: 'terms:errors.termbase.noConceptNumber', params: { id } })
      : new NotFoundError('There is no such concept in the termbase.', { key: 'terms:errors.termbase.noSuchConcept' });
  }
  return concept;
}

function requireTermOf(db: Database, concept: StoredConcept, termId: number): StoredTerm {
  const term = Number.isSafeInteger(termId) ? findTerm(db, termId) : undefined;
  if (!term || term.conceptId !== concept.id) throw new NotFoundError(`The concept '${concept.key}' has no term number ${termId}.`, { key: 'terms:errors.termbase.noTermNumber', params: { concept: concept.key, id: termId } });
  return term;
}

/** A readable slug of a term in any script: Latin letters, digits and hyphens, at most 48. */
function termSlug(text: string): string {
  return romanise(text, chineseReadings())
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

let readings: ChineseReadings | null | undefined;

/** Pinyin through jieba's words and CC-CEDICT's readings, when they are installed (else none). */
function chineseReadings(): ChineseReadings | undefined {
  if (readings === undefined) {
    const cedict = loadCedict();
    const jieba = loadJieba();
    readings = cedict
      ? {
          segment: jieba ? (text) => jieba.cut(text, false) : undefined,
          wordPinyin: (word) => cedict.lookup(word)?.pinyin,
          charPinyin: (char) => cedict.reading(char),
        }
      : null;
  }
  return readings ?? undefined;
}

/**
 * A free concept key made from the first term that gives a readable one ('Secretary-General' →
 * 'secretary-general', «Исполнительный секретарь» → 'ispolnitelny-sekretar', 紧急情况处置 →
 * 'jinji-qingkuang-chuzhi'), with -2, -3, ... when it is taken; 'concept' when no term gives one.
 */
export function freeConceptKey(db: Database, terms: readonly Pick<TermData, 'text'>[]): string {
  const base = terms.map((t) => termSlug(t.text)).find((s) => /^[a-z]/.test(s)) ?? 'concept';
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    if (!findConceptByKey(db, key)) return key;
  }
}

export interface ConceptInput {
  key?: string;
  definition?: string;
  subject?: string;
  note?: string;
  source?: string;
}

export function createConcept(db: Database, input: ConceptInput & { terms: Array<Partial<Record<keyof TermData, unknown>>> }, who: Actor): StoredConcept {
  return db.transaction(() => {
    const terms = validated(() => input.terms.map((t) => cleanTerm(t, isWellFormedLanguageTag)));
    if (terms.length === 0) throw new InputError('A new concept needs at least one term.', 400, 'text', { key: 'terms:errors.termbase.needsTerm' });
    const key = input.key?.trim() || freeConceptKey(db, terms);
    const concept = validated(() => cleanConcept({ ...input, key, terms }, isWellFormedLanguageTag));
    if (findConceptByKey(db, concept.key)) throw new InputError(`The termbase already has a concept '${concept.key}'.`, 409, 'key', { key: 'terms:errors.termbase.keyTaken', params: { key: concept.key } });
    const at = now();
    const id = insertConcept(db, concept, at);
    for (const t of concept.terms) insertTerm(db, id, t);
    appendEvent(db, { workId: null, actor: who.actor, at, kind: 'term-concept-create', summary: `added concept ${concept.key} (${concept.terms.map((t) => `${t.lang}: ${t.text}`).join(', ')})`, after: concept });
    return findConcept(db, id)!;
  }).immediate();
}

export function editConcept(db: Database, id: number, input: ConceptInput, who: Actor): StoredConcept {
  return db.transaction(() => {
    const before = requireConcept(db, id);
    const key = input.key?.trim() || before.key;
    const cleaned = validated(() => cleanConcept({ ...before, ...input, key }, isWellFormedLanguageTag));
    const clash = findConceptByKey(db, key);
    if (clash && clash.id !== id) throw new InputError(`The termbase already has a concept '${key}'.`, 409, 'key', { key: 'terms:errors.termbase.keyTaken', params: { key } });
    const at = now();
    updateConcept(db, id, cleaned, at);
    const after = findConcept(db, id)!;
    appendEvent(db, { workId: null, actor: who.actor, at, kind: 'term-concept-update', summary: `edited concept ${after.key}`, before: strip(before), after: strip(after) });
    return after;
  }).immediate();
}

export function removeConcept(db: Database, id: number, who: Actor): void {
  db.transaction(() => {
    const before = requireConcept(db, id);
    deleteConcept(db, id);
    appendEvent(db, { workId: null, actor: who.actor, at: now(), kind: 'term-concept-delete', summary: `deleted concept ${before.key}`, before: strip(before) });
  }).immediate();
}

export function addTerm(db: Database, conceptId: number, input: Partial<Record<keyof TermData, unknown>>, who: Actor): StoredTerm {
  return db.transaction(() => {
    const concept = requireConcept(db, conceptId);
    const term = validated(() => cleanTerm(input, isWellFormedLanguageTag));
    if (termExists(db, concept.id, term.lang, term.text, null)) {
      throw new InputError(`The concept '${concept.key}' already has the ${term.lang} term '${term.text}'.`, 409, 'text', {
        key: 'terms:errors.termbase.termTaken',
        params: { concept: concept.key, lang: term.lang, text: term.text },
      });
    }
    const at = now();
    const id = insertTerm(db, concept.id, term);
    touchConcept(db, concept.id, at);
    appendEvent(db, { workId: null, actor: who.actor, at, kind: 'term-add', summary: `added ${term.lang} term '${term.text}' (${term.status}) to ${concept.key}`, after: { concept: concept.key, ...term } });
    return findTerm(db, id)!;
  }).immediate();
}

export function editTerm(db: Database, conceptId: number, termId: number, input: Partial<Record<keyof TermData, unknown>>, who: Actor): StoredTerm {
  return db.transaction(() => {
    const concept = requireConcept(db, conceptId);
    const before = requireTermOf(db, concept, termId);
    const term = validated(() => cleanTerm({ ...before, ...input }, isWellFormedLanguageTag));
    if (termExists(db, concept.id, term.lang, term.text, termId)) {
      throw new InputError(`The concept '${concept.key}' already has the ${term.lang} term '${term.text}'.`, 409, 'text', {
        key: 'terms:errors.termbase.termTaken',
        params: { concept: concept.key, lang: term.lang, text: term.text },
      });
    }
    const at = now();
    updateTerm(db, termId, term);
    touchConcept(db, concept.id, at);
    appendEvent(db, { workId: null, actor: who.actor, at, kind: 'term-update', summary: `edited ${term.lang} term '${term.text}' of ${concept.key}`, before, after: term });
    return findTerm(db, termId)!;
  }).immediate();
}

export function removeTerm(db: Database, conceptId: number, termId: number, who: Actor): void {
  db.transaction(() => {
    const concept = requireConcept(db, conceptId);
    const before = requireTermOf(db, concept, termId);
    if (concept.terms.length === 1) {
      throw new InputError(`'${before.text}' is the only term of the concept '${concept.key}'; delete the concept instead.`, 409, 'term', {
        key: 'terms:errors.termbase.onlyTerm',
        params: { text: before.text, concept: concept.key },
      });
    }
    const at = now();
    deleteTerm(db, termId);
    touchConcept(db, concept.id, at);
    appendEvent(db, { workId: null, actor: who.actor, at, kind: 'term-delete', summary: `deleted ${before.lang} term '${before.text}' of ${concept.key}`, before });
  }).immediate();
}

/** A concept without database ids and dates, as the formats and the event log see it. */
function strip(c: StoredConcept): ConceptData {
  return {
    key: c.key,
    definition: c.definition,
    subject: c.subject,
    note: c.note,
    source: c.source,
    terms: c.terms.map(({ lang, text, status, termType, validFrom, validUntil, usageNote, context, partOfSpeech, source }) => ({
      lang, text, status, ...(termType ? { termType } : {}), validFrom, validUntil, usageNote, context,
      ...(partOfSpeech ? { partOfSpeech } : {}), ...(source ? { source } : {}),
    })),
    ...(c.languages?.length ? { languages: c.languages.map((s) => ({ ...s })) } : {}),
  };
}

export function termbaseSnapshot(db: Database): ConceptData[] {
  return listConcepts(db).map(strip);
}

/** tbx: TBX-Basic on TBX v3; tbx2: TBX v2 (<martif>), for translate-toolkit and older tools; csv: the CSV glossary. */
export const termbaseFormats = ['tbx', 'tbx2', 'csv'] as const;

export function exportTermbase(db: Database, format: string): { fileName: string; contentType: string; body: string } {
  const f = format.trim().toLowerCase();
  const concepts = termbaseSnapshot(db);
  if (f === 'tbx') return { fileName: 'termbase.tbx', contentType: 'application/x-tbx+xml; charset=utf-8', body: writeTbx(concepts, { title: 'Triptych termbase' }) };
  if (f === 'tbx2') return { fileName: 'termbase.v2.tbx', contentType: 'application/x-tbx+xml; charset=utf-8', body: writeTbx2(concepts, { title: 'Triptych termbase' }) };
  if (f === 'csv') return { fileName: 'termbase.csv', contentType: 'text/csv; charset=utf-8', body: writeGlossaryCsv(concepts) };
  throw new InputError(`'${format}' is not a termbase format; use tbx, tbx2 or csv.`, 400, 'format', { key: 'terms:errors.termbase.badFormat', params: { format } });
}

/** Reads the concepts of a TBX or CSV file and validates every one, before anything is stored. */
export function parseTermbaseFile(fileName: string, bytes: Uint8Array, maxBytes: number): ConceptData[] {
  return parseTermbaseFileWithWarnings(fileName, bytes, maxBytes).concepts;
}

/**
 * The concepts of a TBX or CSV file, validated, and the warnings of what the file holds that the
 * termbase does not keep (named, with counts).
 */
export function parseTermbaseFileWithWarnings(fileName: string, bytes: Uint8Array, maxBytes: number): { concepts: ConceptData[]; warnings: string[] } {
  if (bytes.length === 0) throw new InputError('The file is empty.', 400, 'file', { key: 'errors.file.empty' });
  if (bytes.length > maxBytes) {
    throw new InputError(`The file is larger than the limit of ${formatByteSize(maxBytes)}.`, 413, 'file', { key: 'errors.tooLarge', params: { limit: formatByteSize(maxBytes), limitBytes: maxBytes } });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError('The file is not UTF-8 text; save the TBX or CSV file as UTF-8.', 415, 'file', { key: 'terms:errors.termbase.notUtf8' });
  }
  const looksXml = /^\uFEFF?\s*</.test(text) || /\.tbx$|\.xml$/i.test(fileName);
  let raw: RawConcept[];
  let warnings: string[] = [];
  try {
    if (looksXml) ({ concepts: raw, warnings } = readTbxWithWarnings(text));
    else raw = readGlossaryCsv(text);
  } catch (error) {
    // Nothing is stored yet: a refusal here leaves the termbase as it was.
    if (error instanceof TbxError) throw new InputError(error.message, 422, 'file', { key: `terms:errors.tbx.${error.code}`, params: error.params });
    if (error instanceof CsvError) throw new InputError(error.message, 422, 'file', error.translation);
    throw error;
  }
  if (raw.length === 0) throw new InputError('The file holds no concepts.', 422, 'file', { key: 'terms:errors.noConcepts' });
  const keys = new Set<string>();
  const concepts = raw.map((c, i) => {
    if (!isConceptKey(c.key)) {
      throw new InputError(`Concept ${i + 1}: '${c.key}' is not a valid concept identifier.`, 422, 'file', { key: 'terms:errors.termbase.badKeyInFile', params: { n: i + 1, key: c.key } });
    }
    if (keys.has(c.key)) throw new InputError(`The concept '${c.key}' appears twice in the file.`, 422, 'file', { key: 'terms:errors.termbase.keyTwiceInFile', params: { key: c.key } });
    keys.add(c.key);
    try {
      return cleanConcept(c, isWellFormedLanguageTag);
    } catch (error) {
      if (error instanceof TermbaseInputError) {
        throw new InputError(`Concept '${c.key}': ${error.message}`, 422, 'file', {
          key: 'terms:errors.termbase.inConcept',
          params: { concept: c.key, reason: error.message },
          ...(error.translation ? { inner: error.translation } : {}),
        });
      }
      throw error;
    }
  });
  return { concepts, warnings };
}

export interface ImportSummary {
  added: number;
  replaced: number;
  terms: number;
  /** What the file held that the termbase does not keep, by name (never dropped unsaid). */
  warnings: string[];
}

/** Stores parsed concepts: a concept whose key exists is replaced, the others are added. */
export function storeConcepts(db: Database, concepts: readonly ConceptData[], at: string): ImportSummary {
  let added = 0;
  let replaced = 0;
  for (const c of concepts) {
    const existing = findConceptByKey(db, c.key);
    let id: number;
    if (existing) {
      updateConcept(db, existing.id, c, at);
      deleteTermsOfConcept(db, existing.id);
      id = existing.id;
      replaced++;
    } else {
      id = insertConcept(db, c, at);
      added++;
    }
    for (const t of c.terms) insertTerm(db, id, t);
    replaceLanguageSections(db, id, c.languages);
  }
  return { added, replaced, terms: concepts.reduce((n, c) => n + c.terms.length, 0), warnings: [] };
}

export function importTermbase(db: Database, file: { fileName: string; bytes: Uint8Array }, options: Actor & { maxBytes: number }): ImportSummary {
  const { concepts, warnings } = parseTermbaseFileWithWarnings(file.fileName, file.bytes, options.maxBytes);
  return db.transaction(() => {
    const at = now();
    const summary = storeConcepts(db, concepts, at);
    appendEvent(db, {
      workId: null,
      actor: options.actor,
      at,
      kind: 'termbase-import',
      summary: `imported ${concepts.length} concepts from ${file.fileName || 'an upload'}: ${summary.added} added, ${summary.replaced} replaced`,
      after: { file: file.fileName, keys: concepts.map((c) => c.key), ...(warnings.length ? { warnings } : {}) },
    });
    return { ...summary, warnings };
  }).immediate();
}
