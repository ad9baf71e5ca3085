// Use case: import one language version of a work from a file's bytes — decode, normalise,
// segment (into sentences, or one sentence per line) and align the pairs the new version is in, all
// before any transaction; then store the version (raw bytes kept as they came) and those pairs in one
// short write transaction that first checks the work is still as the alignments read it. Pairs
// without it are left exactly as they were; a replaced version's pairs go with it and are aligned
// afresh with the new one.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { deleteAlignmentsOfVersion, listAlignments } from '../db/alignments.ts';
import { appendEvent } from '../db/events.ts';
import {
  ensureColumnPosition,
  findActiveVersion,
  listActiveVersions,
  insertBlocks,
  insertSentences,
  insertVersion,
  retireVersion,
  type VersionStatus,
} from '../db/versions.ts';
import { findWorkBySlug, insertWork, type WorkRecord } from '../db/works.ts';
import { decodeText, TextInputError } from '../text/decode.ts';
import { detectDocumentFormat, type DocumentFormat } from '../formats/detect-format.ts';
import { readDocx } from '../formats/docx-reader.ts';
import { FormatInputError } from '../formats/format-error.ts';
import { readHtml } from '../formats/html-reader.ts';
import { contentLanguageOfTag, isContentLanguage, languageName } from '../text/languages.ts';
import { findLongSentence, splitLongSentences } from '../text/long-sentences.ts';
import { normaliseText } from '../text/normalise.ts';
import { segmentLines } from '../text/segment-lines.ts';
import { segmentText, type SegmentedText } from '../text/segment.ts';
import type { ResourceLoader } from './align-pairs.ts';
import { commitWithPlan, describedFields, planImport, plannedRecord, sideOfSegmented, storePlannedPairs } from './import-plan.ts';
import { workRowCount } from './read-work.ts';
import { formatByteSize, InputError, type MessageKey } from './errors.ts';

export const versionStatuses: readonly VersionStatus[] = ['authentic', 'official', 'unofficial', 'working'];

/** How a file is cut into sentences: by the sentence rules of its language, or one sentence per line. */
export const segmentations = ['sentences', 'lines'] as const;
export type Segmentation = (typeof segmentations)[number];

export interface VersionInput {
  lang: string;
  status: string;
  /** Identifies the version within its work; defaults to the language code. */
  name?: string;
  label?: string;
  title?: string;
  provenance?: string;
  revisionOf?: string | null;
  fileName: string;
  bytes: Uint8Array;
  /** 'sentences' (the default) or 'lines' */
  segmentation?: string;
}

export interface ImportRequest extends VersionInput {
  workSlug: string;
  /** Creates the work when no work has this slug yet. */
  workTitle?: string;
  replace?: boolean;
  actor: string;
  maxBytes: number;
  /** sentences per version and characters per sentence (defaults: defaultSentenceLimits) */
  limits?: SentenceLimits;
}

export interface ImportResult {
  work: WorkRecord;
  versionId: number;
  name: string;
  encoding: string;
  sentences: number;
  /** sentences longer than the limit that were cut into pieces */
  splitSentences: number;
  rows: number;
  replaced: boolean;
  /** the pairs aligned with the new version (labels, e.g. 'en|ru'), as stored in its transaction */
  aligned: string[];
  /** The version's language, and whether it was given or taken from the document (fileLang the tag it names). */
  lang: string;
  langFrom: 'given' | 'file';
  fileLang: string;
  warnings: ImportWarning[];
}

/**
 * A work's slug and a version's name, as patterns the import form's `pattern` attributes also use.
 * Browsers compile `pattern` with the `v` flag, where a bare '-' in a class is a syntax error (and the
 * field then goes unchecked), so the server compiles the same text with that flag too.
 */
export const workSlugPattern = '[a-z0-9](?:[a-z0-9\\-]{0,62}[a-z0-9])?';
export const versionNamePattern = '[a-z]{2}(?:-[a-z0-9]{1,20})*';
const slugPattern = new RegExp(`^(?:${workSlugPattern})$`, 'v');
const namePattern = new RegExp(`^(?:${versionNamePattern})$`, 'v');

export function validateSlug(slug: string): string {
  const clean = slug.trim();
  if (!clean) throw new InputError('Name the work (its slug, e.g. declaration-2005).', 400, 'work', { key: 'errors.input.noSlug' });
  if (!slugPattern.test(clean)) {
    throw new InputError(
      `'${slug}' is not a valid work slug: use lower-case letters, digits and hyphens (at most 64), e.g. declaration-2005.`,
      400,
      'work',
      { key: 'errors.input.badSlug', params: { slug } },
    );
  }
  return clean;
}

export interface PreparedVersion {
  lang: string;
  status: VersionStatus;
  name: string;
  label: string;
  title: string;
  provenance: string;
  revisionOf: string | null;
  fileName: string;
  bytes: Uint8Array;
  encoding: string;
  segmented: SegmentedText;
  /** sentences longer than the limit, cut into pieces */
  splitSentences: number;
}

/**
 * How long a version may be: sentences per version, and characters per sentence — a longer sentence
 * (a file that is one 5 MB line) is cut into pieces of at most that length, or the file is refused.
 * The server and the CLI take them from the configuration (TRIPTYCH_MAX_SENTENCES,
 * TRIPTYCH_MAX_SENTENCE_CHARS, TRIPTYCH_LONG_SENTENCES).
 */
export interface SentenceLimits {
  maxSentences: number;
  maxSentenceChars: number;
  longSentences: 'split' | 'refuse';
}

export const defaultSentenceLimits: SentenceLimits = { maxSentences: 100_000, maxSentenceChars: 5000, longSentences: 'split' };

export function sentenceLimitsOf(config: { maxSentencesPerVersion: number; maxSentenceChars: number; longSentences: 'split' | 'refuse' }): SentenceLimits {
  return { maxSentences: config.maxSentencesPerVersion, maxSentenceChars: config.maxSentenceChars, longSentences: config.longSentences };
}

/** The sentences of a segmented text within the limits: long ones cut (or refused), too many refused. */
function withinLimits(segmented: SegmentedText, limits: SentenceLimits): { segmented: SegmentedText; split: number } {
  let result = { segmented, split: 0 };
  const long = findLongSentence(segmented, limits.maxSentenceChars);
  if (long && limits.longSentences === 'refuse') {
    const length = long.sentence.end - long.sentence.start;
    throw new InputError(
      `Line ${long.line} holds a sentence of ${length} characters, longer than the limit of ${limits.maxSentenceChars}; break it into sentences, or import it with long sentences split.`,
      422,
      'file',
      { key: 'jobs:limits.sentenceTooLong', params: { line: long.line, length, max: limits.maxSentenceChars } },
    );
  }
  if (long) result = splitLongSentences(segmented, limits.maxSentenceChars);
  refuseTooManySentences(result.segmented.sentences.length, limits);
  return result;
}

/** Refuses a version of more sentences than the limit, whatever file they came from. */
export function refuseTooManySentences(count: number, limits: SentenceLimits): void {
  if (count <= limits.maxSentences) return;
  throw new InputError(`The file has ${count} sentences, more than the limit of ${limits.maxSentences} per version.`, 413, 'file', {
    key: 'jobs:limits.tooManySentences',
    params: { count, max: limits.maxSentences },
  });
}

/** A version prepared from a document: where its language came from, and what the import warns of. */
export interface PreparedDocument extends PreparedVersion {
  langFrom: 'given' | 'file';
  /** The language tag the document names, as written ('' when none). */
  fileLang: string;
  warnings: ImportWarning[];
}

/** Decodes an upload as text (UTF-8/16, CP1251, GB18030), a decoder's refusal as the user's error. */
export function decodeUpload(bytes: Uint8Array, maxBytes: number): { text: string; encoding: string } {
  try {
    return decodeText(bytes, { maxBytes });
  } catch (error) {
    if (error instanceof TextInputError) {
      const status = error.code === 'too-large' ? 413 : error.code === 'empty' ? 400 : error.code === 'control-character' ? 422 : 415;
      // Keys without a translation (invalid-bytes, control-character) show the English message, which
      // says which bytes or character and where.
      throw new InputError(error.message, status, 'file', {
        key: `errors.file.${error.code}`,
        params: { limit: formatByteSize(maxBytes), limitBytes: maxBytes },
      });
    }
    throw error;
  }
}

/** A reader's refusal (markup Triptych does not import, a zip bomb, a document without text) as the user's error. */
export function formatRefusal(error: unknown, format: string): never {
  if (error instanceof FormatInputError) {
    throw new InputError(`The ${format} file cannot be imported: ${error.message}`, 422, 'file', { key: 'errors.import.formatRefused', params: { format, reason: error.message } });
  }
  throw error;
}

export const formatLabels: Record<DocumentFormat, string> = { tmx: 'TMX', xliff12: 'XLIFF 1.2', xliff2: 'XLIFF 2', docx: 'DOCX', html: 'HTML', text: 'text' };

/**
 * The text of one version from an upload, by what the file is (not by its name): a text file
 * decoded; a DOCX or an HTML page through its reader (paragraphs, headings and list items as blocks
 * separated by blank lines, markup gone). A TMX or XLIFF is a whole aligned work, not a version:
 * refused here, saying how to import it.
 */
export function documentTextOf(
  fileName: string,
  bytes: Uint8Array,
  maxBytes: number,
): { text: string; encoding: string; title?: string; format: DocumentFormat; lang?: string; warnings?: string[] } {
  // an oversized file is refused as the decoder says it (both sizes), whatever the file is
  if (bytes.length > maxBytes) decodeUpload(bytes, maxBytes);
  const format = detectDocumentFormat(bytes, fileName);
  if (format === 'tmx' || format === 'xliff12' || format === 'xliff2') {
    const label = formatLabels[format];
    throw new InputError(
      `${fileName || 'The file'} is a ${label} file, which names its own languages: import it as an aligned work, without a language or version name (triptych import --work SLUG [--title TITLE] FILE; on the upload form, leave the language empty).`,
      422,
      'lang',
      { key: 'errors.import.alignedAsVersion', params: { file: fileName || '—', format: label } },
    );
  }
  if (format === 'docx') {
    try {
      return { ...readDocx(bytes), encoding: 'DOCX', format };
    } catch (error) {
      formatRefusal(error, 'DOCX');
    }
  }
  const decoded = decodeUpload(bytes, maxBytes);
  if (format === 'html') {
    try {
      const html = readHtml(decoded.text);
      return { text: html.text, title: html.title, lang: html.lang, warnings: html.warnings, encoding: `HTML, ${decoded.encoding}`, format };
    } catch (error) {
      formatRefusal(error, 'HTML');
    }
  }
  return { ...decoded, format };
}

/** Where a document says its language, for the messages that say it named none. */
const languagePlaces: Partial<Record<DocumentFormat, string>> = {
  html: 'no lang on <html>, <body> or an element of the body',
  docx: 'no w:lang in its styles or on the runs of its text',
};

/** A note on an import that did not stop it: the English message, and its key for the web. */
export interface ImportWarning extends Partial<MessageKey> {
  message: string;
}

/**
 * The version's language: the one given, else the one the document names (an HTML page's lang, a
 * DOCX's w:lang; see the readers), read through the BCP 47 library. A document that names none, or
 * one Triptych does not know, with none given is refused saying so; a given language the document
 * contradicts wins, with a warning.
 */
function versionLanguage(given: string, fileName: string, decoded: { format: DocumentFormat; lang?: string }): { lang: string; from: 'given' | 'file'; warnings: ImportWarning[] } {
  const tag = decoded.lang ?? '';
  const named = tag ? contentLanguageOfTag(tag) : undefined;
  const file = fileName || 'The file';
  const format = formatLabels[decoded.format];
  if (given) {
    if (!tag || named === given) return { lang: given, from: 'given', warnings: [] };
    const params = { file: fileName || '—', tag, lang: given };
    return {
      lang: given,
      from: 'given',
      warnings: [{ message: `${file} names its language as '${tag}'; it was imported as ${given}, the language given.`, key: 'import.langOverridden', params }],
    };
  }
  if (named) return { lang: named, from: 'file', warnings: [] };
  if (tag) {
    throw new InputError(
      `${file} names its language as '${tag}', which is not a language Triptych knows (it takes ISO 639-1 codes such as en, ru, zh): give its language (--lang).`,
      422,
      'lang',
      { key: 'errors.import.unknownDocumentLang', params: { file: fileName || '—', tag } },
    );
  }
  const place = languagePlaces[decoded.format];
  if (place) {
    throw new InputError(
      `The ${format} document ${fileName || ''}${fileName ? ' ' : ''}does not name its language (${place}): give its language and status (--lang, --status).`,
      400,
      'lang',
      { key: 'errors.import.noDocumentLang', params: { file: fileName || '—', format } },
    );
  }
  throw new InputError(
    `${file} is one document: give its language and status (--lang, --status), or import a TMX, an XLIFF or line-aligned files SLUG.LANG.txt, which name their languages.`,
    400,
    'lang',
    { key: 'errors.import.noLang', params: { file: fileName || '—' } },
  );
}

/** Checks the fields and decodes the file; pure apart from hashing, so it runs before any transaction. */
export function prepareVersion(input: VersionInput, maxBytes: number, limits: SentenceLimits = defaultSentenceLimits): PreparedDocument {
  const given = (input.lang ?? '').trim().toLowerCase();
  if (given && !isContentLanguage(given)) {
    throw new InputError(`'${input.lang}' is not a language code Triptych knows (use ISO 639-1, e.g. en, ru, zh).`, 400, 'lang', {
      key: 'errors.input.badLang',
      params: { lang: input.lang },
    });
  }
  const decoded = documentTextOf(input.fileName, input.bytes, maxBytes);
  const language = versionLanguage(given, input.fileName, decoded);
  const lang = language.lang;
  const status = (input.status ?? '').trim().toLowerCase();
  if (!versionStatuses.includes(status as VersionStatus)) {
    throw new InputError(`'${input.status}' is not a version status; use one of: ${versionStatuses.join(', ')}.`, 400, 'status', {
      key: 'errors.input.badStatus',
      params: { status: input.status ?? '', statuses: versionStatuses.join(', ') },
    });
  }
  const name = (input.name ?? '').trim() || lang;
  if (!namePattern.test(name) || !name.startsWith(lang)) {
    throw new InputError(`'${name}' is not a valid version name: start with the language code, e.g. ${lang} or ${lang}-revised.`, 400, 'name', {
      key: 'errors.input.badName',
      params: { name, lang },
    });
  }
  const segmentation = (input.segmentation ?? 'sentences').trim().toLowerCase() || 'sentences';
  if (!(segmentations as readonly string[]).includes(segmentation)) {
    throw new InputError(`'${input.segmentation}' is not a way to segment a file; use ${segmentations.join(' or ')}.`, 400, 'segmentation', {
      key: 'errors.input.badSegmentation',
      params: { segmentation: input.segmentation ?? '', segmentations: segmentations.join(', ') },
    });
  }
  const normalised = normaliseText(decoded.text);
  const title = input.title?.trim() || decoded.title || '';
  const { segmented, split } = withinLimits(segmentation === 'lines' ? segmentLines(normalised) : segmentText(normalised, lang), limits);
  if (segmented.sentences.length === 0) {
    throw new InputError('The file contains no sentences to align (only blank lines or page residue).', 400, 'file', {
      key: 'errors.file.noSentences',
    });
  }
  return {
    lang,
    status: status as VersionStatus,
    name,
    label: input.label?.trim() || `${languageName(lang)}${name === lang ? '' : ` (${name})`}`,
    title,
    provenance: input.provenance?.trim() ?? '',
    revisionOf: input.revisionOf?.trim() || null,
    fileName: input.fileName,
    bytes: input.bytes,
    encoding: decoded.encoding,
    segmented,
    splitSentences: split,
    langFrom: language.from,
    fileLang: decoded.lang ?? '',
    warnings: [...language.warnings, ...(decoded.warnings ?? []).map((message) => ({ message }))],
  };
}

function versionExists(work: WorkRecord, name: string): InputError {
  return new InputError(
    `The work '${work.slug}' already has a version '${name}'. Import it under another name, or replace it explicitly (the old version stays in the history).`,
    409,
    'name',
    { key: 'errors.input.versionExists', params: { work: work.slug, name } },
  );
}

function unknownWorkWithoutTitle(slug: string): InputError {
  return new InputError(`There is no work '${slug}'. Give a title to create it.`, 404, 'title', {
    key: 'errors.input.unknownWorkWithoutTitle',
    params: { work: slug },
  });
}

/** Writes a prepared version inside the caller's transaction and logs its import. */
export function storeVersion(
  db: Database,
  work: WorkRecord,
  version: PreparedVersion,
  options: { replace: boolean; actor: string; at: string },
): { versionId: number; replaced: boolean } {
  const existing = findActiveVersion(db, work.id, version.name);
  if (existing && !options.replace) throw versionExists(work, version.name);
  if (existing) {
    retireVersion(db, existing.id, options.at);
    deleteAlignmentsOfVersion(db, existing.id);
  }
  ensureColumnPosition(db, work.id, version.name);
  const versionId = insertVersion(db, {
    workId: work.id,
    ...describedFields(version),
    rawBytes: version.bytes,
    contentSha256: createHash('sha256').update(version.bytes).digest('hex'),
    text: version.segmented.text,
    importedAt: options.at,
  });
  insertBlocks(db, versionId, version.segmented.blocks);
  insertSentences(db, versionId, version.segmented.sentences);
  appendEvent(db, {
    workId: work.id,
    actor: options.actor,
    at: options.at,
    kind: existing ? 'replace-version' : 'import-version',
    summary: `${existing ? 'replaced' : 'imported'} version ${version.name} (${version.lang}, ${version.status}) from ${version.fileName || 'an upload'}, ${version.encoding}, ${version.segmented.sentences.length} sentences${version.splitSentences ? ` (${version.splitSentences} longer than the limit split)` : ''}`,
    before: existing ? { versionId: existing.id, name: existing.name, sha256: existing.contentSha256 } : null,
    after: { versionId, name: version.name, lang: version.lang, status: version.status, encoding: version.encoding, sentences: version.segmented.sentences.length },
  });
  return { versionId, replaced: Boolean(existing) };
}

export function findOrCreateWork(
  db: Database,
  slug: string,
  title: string | undefined,
  options: { actor: string; at: string; pivotLang?: string },
): WorkRecord {
  const found = findWorkBySlug(db, slug);
  if (found) return found;
  const cleanTitle = title?.trim();
  if (!cleanTitle) throw unknownWorkWithoutTitle(slug);
  const work = insertWork(db, { slug, title: cleanTitle, pivotLang: options.pivotLang ?? 'en', at: options.at });
  appendEvent(db, { workId: work.id, actor: options.actor, at: options.at, kind: 'create-work', summary: `created work ${slug}: ${cleanTitle}`, after: { slug, title: cleanTitle } });
  return work;
}

/** What an import reports while it runs (a job's progress): the step it is at, out of how many. */
export type ImportProgress = (phase: 'prepare' | 'align' | 'store', step: number, steps: number, detail?: string) => void;

/** Refusals the transaction would make, made before the alignments are spent on a doomed import. */
function checkImportable(db: Database, work: WorkRecord | undefined, slug: string, request: ImportRequest, prepared: PreparedVersion): void {
  if (!work && !request.workTitle?.trim()) throw unknownWorkWithoutTitle(slug);
  if (work && !request.replace && findActiveVersion(db, work.id, prepared.name)) throw versionExists(work, prepared.name);
}

/**
 * Imports a version and aligns the pairs it is in. The file is decoded and segmented and the pairs
 * aligned before the transaction, which then only writes (so other writers wait milliseconds, not the
 * length of an alignment); the work is checked to be as the alignments assumed, else they are made
 * again (import-plan.ts). The resources are loaded for the languages of the pairs to align.
 */
export async function importVersion(db: Database, loadResources: ResourceLoader, request: ImportRequest, progress: ImportProgress = () => {}): Promise<ImportResult> {
  const slug = validateSlug(request.workSlug ?? '');
  progress('prepare', 0, 2);
  const prepared = prepareVersion(request, request.maxBytes, request.limits);
  checkImportable(db, findWorkBySlug(db, slug), slug, request, prepared);
  const fresh = { record: plannedRecord(-1, prepared, new Date().toISOString()), side: sideOfSegmented(prepared.lang, prepared.segmented) };
  const blank = { id: 0, slug, title: '', pivotLang: 'en', createdAt: '' };
  let steps = 2;
  const result = await commitWithPlan(
    () => planImport(db, findWorkBySlug(db, slug), blank, [fresh], [], loadResources, (i, of, label) => progress('align', i + 1, (steps = of + 2), label)),
    (plan) => {
      progress('store', steps - 1, steps);
      const at = new Date().toISOString();
      return db.transaction(() => {
        const work = findOrCreateWork(db, slug, request.workTitle, { actor: request.actor, at });
        const stored = storeVersion(db, work, prepared, { replace: Boolean(request.replace), actor: request.actor, at });
        const aligned = storePlannedPairs(db, work, plan, new Map([[fresh.record.id, stored.versionId]]), { actor: request.actor, at });
        return { work, stored, aligned };
      }).immediate();
    },
  );
  progress('store', steps, steps);
  return {
    work: result.work,
    versionId: result.stored.versionId,
    name: prepared.name,
    encoding: prepared.encoding,
    sentences: prepared.segmented.sentences.length,
    splitSentences: prepared.splitSentences,
    rows: workRowCount(db, result.work),
    replaced: result.stored.replaced,
    aligned: result.aligned,
    lang: prepared.lang,
    langFrom: prepared.langFrom,
    fileLang: prepared.fileLang,
    warnings: prepared.warnings,
  };
}

export interface RemoveVersionResult {
  work: WorkRecord;
  name: string;
  /** the pairs that went with the version (labels) */
  pairs: string[];
}

/**
 * Removes a version from a work: it is retired (its raw bytes and sentences stay in the history,
 * as a replaced version's do) and the pairs it was in go with it; every other pair stays bead for
 * bead as it was. The name keeps its column place, should a version of that name come back.
 */
export function removeVersion(db: Database, request: { workSlug: string; name: string; actor: string }): RemoveVersionResult {
  const slug = validateSlug(request.workSlug ?? '');
  const at = new Date().toISOString();
  return db.transaction((): RemoveVersionResult => {
    const work = findWorkBySlug(db, slug);
    if (!work) throw new InputError(`There is no work '${slug}'.`, 404, 'work', { key: 'errors.notFoundWork', params: { work: slug } });
    const name = (request.name ?? '').trim();
    const version = findActiveVersion(db, work.id, name);
    if (!version) {
      throw new InputError(`The work '${slug}' has no version '${name}'.`, 404, 'name', { key: 'errors.notFoundVersion', params: { work: slug, name } });
    }
    const revisions = listActiveVersions(db, work.id).filter((v) => v.revisionOf === version.name);
    if (revisions.length) {
      throw new InputError(`'${name}' has revisions (${revisions.map((v) => v.name).join(', ')}): remove them first.`, 409, 'name', {
        key: 'errors.input.versionHasRevisions',
        params: { name, revisions: revisions.map((v) => v.name).join(', ') },
      });
    }
    const pairs = listAlignments(db, work.id)
      .filter((a) => a.versionA === version.id || a.versionB === version.id)
      .map((a) => [a.versionA, a.versionB].map((id) => listActiveVersions(db, work.id).find((v) => v.id === id)?.name ?? '?').join('|'));
    retireVersion(db, version.id, at);
    deleteAlignmentsOfVersion(db, version.id);
    appendEvent(db, {
      workId: work.id,
      actor: request.actor,
      at,
      kind: 'remove-version',
      summary: `removed version ${version.name} (${version.lang}); the pairs ${pairs.join(', ') || '(none)'} went with it`,
      before: { versionId: version.id, name: version.name, sha256: version.contentSha256, pairs },
      after: null,
    });
    return { work, name: version.name, pairs };
  }).immediate();
}
