// Use case: import an aligned file — a TMX (two or more languages), an XLIFF 1.2 or 2.1 (or a zip of
// XLIFF 2 documents of one source), two or three line-aligned texts SLUG.LANG.txt (or their zip) —
// as a work with its versions and, for every pair of them, the alignment the file's units give: a
// unit is a bead of every pair that has a sentence in it (as migration 006 projected the old grids
// onto the pairs), no re-alignment. One short immediate transaction (the pairs an existing work's
// other versions are in are aligned before it: import-plan.ts); events: the versions' imports, one
// 'align-pair' per pair (a barrier of the pair's undo history, as for a pair aligned afresh).
//
// A cell becomes sentences line by line: each non-empty line of the cell's (normalised) text is one
// block and one sentence, a line that starts with a list marker ("- ", "——", "•") a list item with
// that label. So the cell text that the exports write (aligned-text.ts cellText) reads back as the
// same blocks and gives the same text again: export → import → export is the same file.
// Confirmed: as the file says (TMX x-triptych-confirmed, XLIFF state/approved); a file that says
// nothing (another tool's memory, line-aligned files) is a person's alignment: confirmed. Confidence
// as the file gives it; a unit without one is a person's bead (origin manual).
// Notes become annotations on the first sentence of the cell they are about (the words they quote,
// `"words": comment`, when the cell has them): issue notes by their category, term notes
// (`"words": concept KEY`) when the termbase has the concept. A note without such a category is
// not kept, and the result's warnings say how many.
//
// Into an existing work: every language of the file must be a version of the work (else refused),
// and those versions are replaced only when asked (the old ones stay in the history); the pairs
// among them come from the units, the other pairs they are in are aligned afresh.
import type { Database } from 'better-sqlite3';
import { unzipSync } from 'fflate';
import type { GridRow } from '../align/grid.ts';
import { checkPair } from '../align/pair-alignment.ts';
import { insertAlignment, linkEventToAlignments, replaceAllBeads } from '../db/alignments.ts';
import { insertAnnotation, issueCategories, type IssueCategory } from '../db/annotations.ts';
import { appendEvent } from '../db/events.ts';
import { findConceptByKey } from '../db/terms.ts';
import { listActiveVersions, type VersionRecord, type VersionStatus } from '../db/versions.ts';
import { findWorkBySlug, type WorkRecord } from '../db/works.ts';
import type { AlignedImport, AlignedText, UnitNote } from '../formats/aligned-text.ts';
import { detectDocumentFormat } from '../formats/detect-format.ts';
import { languageOfParallelFile, readParallelText } from '../formats/parallel-text.ts';
import { readTmx } from '../formats/tmx.ts';
import { readXliff12, readXliff2, readXliff2Documents } from '../formats/xliff.ts';
import { listMark, type TextBlock } from '../text/blocks.ts';
import { contentLanguageOfTag, languageName } from '../text/languages.ts';
import { findLongSentence, splitLongSentences } from '../text/long-sentences.ts';
import { normaliseText } from '../text/normalise.ts';
import type { SegmentedText, TextSentence } from '../text/segment.ts';
import type { ResourceLoader } from './align-pairs.ts';
import { commitWithPlan, planImport, plannedRecord, sideOfSegmented, storePlannedPairs } from './import-plan.ts';
import { workRowCount } from './read-work.ts';
import { formatByteSize, InputError } from './errors.ts';
import {
  decodeUpload,
  findOrCreateWork,
  formatLabels,
  formatRefusal,
  importVersion,
  storeVersion,
  type ImportProgress,
  type ImportResult,
  type SentenceLimits,
  defaultSentenceLimits,
  refuseTooManySentences,
  validateSlug,
  versionNamePattern,
  versionStatuses,
  type PreparedVersion,
} from './import-version.ts';
import { readWorkLayout } from './work-layout.ts';

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

export type AlignedFormat = 'TMX' | 'XLIFF 1.2' | 'XLIFF 2' | 'line-aligned text';

export interface ReadAligned extends AlignedImport {
  format: AlignedFormat;
  /** the file names, for the log */
  fileNames: string[];
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

function tooManyFiles(n: number): never {
  throw new InputError(`${n} files were given: give one file, or two or three line-aligned files (one per language).`, 400, 'file', { key: 'errors.import.tooManyFiles', params: { count: n } });
}

/** A zip's entries, refused when they would inflate past the upload limit (a zip bomb). */
function unzipBounded(bytes: Uint8Array, maxBytes: number): UploadedFile[] | undefined {
  let total = 0;
  let entries = 0;
  try {
    const files = unzipSync(bytes, {
      filter: (f) => {
        entries++;
        if (f.name.endsWith('/')) return false;
        total += f.originalSize;
        if (entries > 100 || total > maxBytes) {
          throw new InputError(`The zip would expand to more than the limit of ${formatByteSize(maxBytes)}; it is not imported.`, 413, 'file', {
            key: 'errors.import.zipTooLarge',
            params: { limit: formatByteSize(maxBytes), limitBytes: maxBytes },
          });
        }
        return true;
      },
    });
    const out = Object.entries(files).map(([name, data]) => ({ fileName: name.split('/').pop()!, bytes: data }));
    // a zip whose headers lie about sizes is caught after inflating
    if (out.reduce((n, f) => n + f.bytes.length, 0) > maxBytes) throw new InputError('zip too large', 413, 'file', { key: 'errors.import.zipTooLarge', params: { limit: formatByteSize(maxBytes), limitBytes: maxBytes } });
    return out.filter((f) => !f.fileName.startsWith('.'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    // not a zip after all: the text import says what it is (binary)
    return undefined;
  }
}

function readOne<T>(format: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    return formatRefusal(error, format);
  }
}

function readParallel(files: UploadedFile[], maxBytes: number): ReadAligned {
  const texts = files.map((f) => {
    const format = detectDocumentFormat(f.bytes, f.fileName);
    if (format !== 'text') {
      throw new InputError(`${f.fileName} is a ${formatLabels[format]} file, not a line-aligned text: import it on its own.`, 422, 'file', {
        key: 'errors.import.notParallel',
        params: { file: f.fileName, format: formatLabels[format] },
      });
    }
    const lang = languageOfParallelFile(f.fileName);
    if (!lang) {
      throw new InputError(`Name each line-aligned file SLUG.LANG.txt (e.g. declaration-2005.ru.txt), so that its language is known; '${f.fileName}' does not say.`, 400, 'file', {
        key: 'errors.import.parallelName',
        params: { file: f.fileName },
      });
    }
    return { lang, name: f.fileName, text: decodeUpload(f.bytes, maxBytes).text };
  });
  const read = readOne('line-aligned', () => readParallelText(texts));
  return { ...read, format: 'line-aligned text', fileNames: files.map((f) => f.fileName) };
}

/**
 * What the uploaded files are, when they are an aligned text: a TMX, an XLIFF, line-aligned texts
 * (several, or a zip of them), a zip of XLIFF 2 documents. Undefined for one document (a text, a
 * DOCX, an HTML page), which is imported as a version. Refusals are the user's errors.
 */
export function readAlignedUpload(files: UploadedFile[], maxBytes: number): ReadAligned | undefined {
  if (files.length === 0) throw new InputError('Choose a file to import.', 400, 'file', { key: 'import.noFile' });
  if (files.length > 3) tooManyFiles(files.length);
  // an oversized file is refused as the decoder says it (both sizes), whatever the file is
  for (const f of files) if (f.bytes.length > maxBytes) decodeUpload(f.bytes, maxBytes);
  if (files.length > 1) {
    const formats = files.map((f) => detectDocumentFormat(f.bytes, f.fileName));
    if (formats.every((f) => f === 'xliff2')) {
      const read = readOne('XLIFF 2', () => readXliff2Documents(files.map((f) => decodeUpload(f.bytes, maxBytes).text)));
      return { ...read, format: 'XLIFF 2', fileNames: files.map((f) => f.fileName) };
    }
    return readParallel(files, maxBytes);
  }
  const [file] = files;
  const format = detectDocumentFormat(file.bytes, file.fileName);
  const named = { fileNames: [file.fileName] };
  if (format === 'tmx') return { ...readOne('TMX', () => readTmx(decodeUpload(file.bytes, maxBytes).text)), format: 'TMX', ...named };
  if (format === 'xliff12') return { ...readOne('XLIFF 1.2', () => readXliff12(decodeUpload(file.bytes, maxBytes).text)), format: 'XLIFF 1.2', ...named };
  if (format === 'xliff2') return { ...readOne('XLIFF 2', () => readXliff2(decodeUpload(file.bytes, maxBytes).text)), format: 'XLIFF 2', ...named };
  if (format === 'text' && isZip(file.bytes)) {
    const inside = unzipBounded(file.bytes, maxBytes);
    if (!inside) return undefined;
    const kinds = inside.map((f) => detectDocumentFormat(f.bytes, f.fileName));
    if (inside.length >= 1 && inside.length <= 3 && kinds.every((k) => k === 'xliff2' || k === 'xliff12')) {
      if (inside.length === 1) return readAlignedUpload(inside, maxBytes);
      if (kinds.every((k) => k === 'xliff2')) return { ...readAlignedUpload(inside, maxBytes)!, fileNames: [file.fileName] };
    }
    if (inside.length >= 2 && inside.length <= 3 && kinds.every((k) => k === 'text') && inside.every((f) => f.fileName.toLowerCase().endsWith('.txt'))) {
      return { ...readParallel(inside, maxBytes), fileNames: [file.fileName] };
    }
    throw new InputError(
      `The zip ${file.fileName} holds ${inside.map((f) => f.fileName).join(', ') || 'nothing'}: Triptych imports a zip of two or three line-aligned files SLUG.LANG.txt, or of XLIFF 2 documents of one source.`,
      422,
      'file',
      { key: 'errors.import.zipContents', params: { file: file.fileName, names: inside.map((f) => f.fileName).join(', ') || '—' } },
    );
  }
  return undefined;
}

export interface AlignedImportRequest {
  workSlug: string;
  /** The title of a new work; default: the file's. */
  workTitle?: string;
  /** The status of the versions whose status the file does not give; default 'unofficial'. */
  status?: string;
  replace?: boolean;
  actor: string;
  /** the uploaded files, kept as every version's raw bytes */
  files: UploadedFile[];
  read: ReadAligned;
  /** sentences per version and characters per sentence (defaults: defaultSentenceLimits) */
  limits?: SentenceLimits;
}

export interface AlignedImportResult {
  work: WorkRecord;
  format: AlignedFormat;
  versions: Array<{ name: string; lang: string; sentences: number; replaced: boolean }>;
  units: number;
  pairs: Array<{ label: string; beads: number; confirmed: number }>;
  /** the pairs aligned afresh (an existing work's other versions with the replaced ones) */
  aligned: string[];
  notes: number;
  warnings: string[];
  rows: number;
}

/** A cell's text as the blocks and sentences of its version, from `offset` in the version's text. */
function cellSegments(text: string): Array<{ kind: 'paragraph' | 'list-item'; label?: string; line: string; contentOffset: number }> {
  return normaliseText(text)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const mark = listMark(line);
      return mark && mark.contentOffset < line.length ? { kind: 'list-item' as const, label: mark.label, line, contentOffset: mark.contentOffset } : { kind: 'paragraph' as const, line, contentOffset: 0 };
    });
}

interface BuiltVersion {
  segmented: SegmentedText;
  /** per unit: the ordinal of its first sentence here and how many */
  cells: Array<{ first: number; count: number }>;
}

function buildVersion(aligned: AlignedText, c: number): BuiltVersion {
  const blocks: TextBlock[] = [];
  const sentences: TextSentence[] = [];
  const parts: string[] = [];
  let offset = 0;
  const cells = aligned.rows.map((row) => {
    const first = sentences.length;
    for (const seg of cellSegments(row[c])) {
      if (parts.length) {
        parts.push('\n\n');
        offset += 2;
      }
      const block = blocks.length;
      blocks.push({ kind: seg.kind, start: offset, end: offset + seg.line.length, part: 0, paragraph: block, ...(seg.label ? { label: seg.label } : {}) });
      sentences.push({ start: offset + seg.contentOffset, end: offset + seg.line.length, text: seg.line.slice(seg.contentOffset), block });
      parts.push(seg.line);
      offset += seg.line.length;
    }
    return { first, count: sentences.length - first };
  });
  return { segmented: { text: parts.join('') + '\n', blocks, sentences }, cells };
}

/**
 * A built version within the limits of an import: a sentence longer than the limit refused, naming
 * its unit, or cut as a document's are (server/text/long-sentences.ts), the cut sentence's pieces
 * staying in its unit; more sentences than a version may have refused.
 */
function builtWithinLimits(built: BuiltVersion, lang: string, format: string, limits: SentenceLimits): { built: BuiltVersion; split: number } {
  const { sentences } = built.segmented;
  const found = findLongSentence(built.segmented, limits.maxSentenceChars);
  const long = found ? sentences.indexOf(found.sentence) : -1;
  let result = { built, split: 0 };
  if (long >= 0 && limits.longSentences === 'refuse') {
    const unit = built.cells.findIndex((cell) => long >= cell.first && long < cell.first + cell.count) + 1;
    const length = sentences[long].end - sentences[long].start;
    throw new InputError(
      `Unit ${unit} of the ${format} file holds a ${lang} sentence of ${length} characters, longer than the limit of ${limits.maxSentenceChars}; shorten it, or import the file with long sentences split.`,
      422,
      'file',
      { key: 'jobs:limits.unitSentenceTooLong', params: { unit, format, lang, length, max: limits.maxSentenceChars } },
    );
  }
  if (long >= 0) {
    const cut = splitLongSentences(built.segmented, limits.maxSentenceChars);
    // where each sentence's pieces begin among the cut ones (a piece starts inside the sentence it came from)
    const firstPiece: number[] = [];
    let piece = 0;
    sentences.forEach((s) => {
      while (piece < cut.segmented.sentences.length && cut.segmented.sentences[piece].start < s.start) piece++;
      firstPiece.push(piece);
    });
    firstPiece.push(cut.segmented.sentences.length);
    const cells = built.cells.map((cell) => ({ first: firstPiece[cell.first], count: firstPiece[cell.first + cell.count] - firstPiece[cell.first] }));
    result = { built: { segmented: cut.segmented, cells }, split: cut.split };
  }
  refuseTooManySentences(result.built.segmented.sentences.length, limits);
  return result;
}

const namePattern = new RegExp(`^(?:${versionNamePattern})$`, 'v');

interface PlannedColumn {
  lang: string;
  name: string;
  status: VersionStatus;
  provenance: string;
  /** the version of an existing work it replaces */
  existing?: VersionRecord;
}

function planColumns(read: ReadAligned, request: AlignedImportRequest, existing: VersionRecord[] | undefined, slug: string): PlannedColumn[] {
  const { aligned, format } = read;
  const defaultStatus = (request.status ?? '').trim().toLowerCase() || 'unofficial';
  if (!versionStatuses.includes(defaultStatus as VersionStatus)) {
    throw new InputError(`'${request.status}' is not a version status; use one of: ${versionStatuses.join(', ')}.`, 400, 'status', {
      key: 'errors.input.badStatus',
      params: { status: request.status ?? '', statuses: versionStatuses.join(', ') },
    });
  }
  const primaries = aligned.columns.map((col) => contentLanguageOfTag(col.lang));
  const planned = aligned.columns.map((col, c): PlannedColumn => {
    const lang = primaries[c];
    if (!lang) {
      throw new InputError(`The ${format} file has text in '${col.lang}', a language Triptych does not know (it takes ISO 639-1 codes such as en, ru, zh).`, 422, 'lang', {
        key: 'errors.import.badLanguage',
        params: { format, lang: col.lang },
      });
    }
    // the file's name for the version when it is one Triptych can take, else the language code
    // (the whole tag, lower-cased, when two columns share a language: en-us, en-gb)
    const given = col.name.trim();
    const unique = primaries.filter((p) => p === lang).length === 1;
    const name = given !== col.lang && namePattern.test(given) && given.startsWith(lang) ? given : unique ? lang : col.lang.trim().toLowerCase().replace(/_/g, '-');
    if (!namePattern.test(name)) {
      throw new InputError(`'${name}' is not a valid version name: start with the language code, e.g. ${lang} or ${lang}-revised.`, 400, 'name', { key: 'errors.input.badName', params: { name, lang } });
    }
    const status = versionStatuses.includes(col.status as VersionStatus) ? (col.status as VersionStatus) : (defaultStatus as VersionStatus);
    return { lang, name, status, provenance: col.provenance?.trim() || `imported from ${read.fileNames.join(', ')}` };
  });
  planned.forEach((p, c) => {
    if (planned.some((o, k) => k < c && o.name === p.name)) {
      throw new InputError(`The ${format} file has two versions named '${p.name}'.`, 422, 'name', { key: 'errors.import.twoVersions', params: { format, name: p.name } });
    }
  });
  if (!existing) return planned;
  const lacking = planned.filter((p) => !existing.some((v) => v.lang === p.lang));
  if (lacking.length) {
    const langs = lacking.map((p) => p.lang).join(', ');
    throw new InputError(
      `The ${format} file has units in ${langs}, which the work '${slug}' lacks: import it as a new work (another slug and a title), or import the ${langs} version on its own first.`,
      422,
      'file',
      { key: 'errors.import.languageLacking', params: { format, langs, work: slug } },
    );
  }
  for (const p of planned) {
    const sameLang = existing.filter((v) => v.lang === p.lang);
    p.existing = existing.find((v) => v.name === p.name) ?? (sameLang.length === 1 ? sameLang[0] : undefined);
    if (!p.existing) {
      throw new InputError(`The work '${slug}' has no version '${p.name}'; its ${p.lang} versions are ${sameLang.map((v) => v.name).join(', ')}.`, 422, 'file', {
        key: 'errors.import.noSuchVersion',
        params: { work: slug, name: p.name, names: sameLang.map((v) => v.name).join(', ') },
      });
    }
    p.name = p.existing.name;
  }
  if (!request.replace) {
    const names = planned.map((p) => p.name).join(', ');
    throw new InputError(
      `The work '${slug}' already has ${names}. Replace them with the file's versions and alignment explicitly (--replace; the old versions stay in the history), or import the file as a new work.`,
      409,
      'replace',
      { key: 'errors.import.versionsExist', params: { work: slug, names } },
    );
  }
  return planned;
}

/** A pair's beads from the file's units: a unit is a bead of the pair when either side has a sentence in it. */
function unitBeads(aligned: AlignedText, built: BuiltVersion[], x: number, y: number): GridRow[] {
  const beads: GridRow[] = [];
  const next = [0, 0];
  aligned.rows.forEach((_, r) => {
    const [a, b] = [built[x].cells[r], built[y].cells[r]];
    if (a.count + b.count === 0) return;
    const unit = aligned.units?.[r];
    const confidence = unit?.confidence ?? null;
    beads.push({
      cells: [
        { first: next[0], count: a.count },
        { first: next[1], count: b.count },
      ],
      origin: confidence === null ? 'manual' : 'auto',
      confidence,
      confirmed: unit?.confirmed ?? true,
    });
    next[0] += a.count;
    next[1] += b.count;
  });
  checkPair(beads, built[x].segmented.sentences.length, built[y].segmented.sentences.length);
  return beads;
}

const notePattern = /^"([^]+?)"(?:: ([^]*))?$/;

/** The annotations the units' notes give; those Triptych has no place for are counted. */
function planNotes(db: Database, aligned: AlignedText, built: BuiltVersion[]) {
  const planned: Array<{ column: number; ordinal: number; start: number; end: number; quote: string; sentence: string; kind: 'issue' | 'term'; category: IssueCategory | null; conceptId: number | null; comment: string; author: string }> = [];
  let dropped = 0;
  aligned.units?.forEach((unit, r) => {
    for (const note of unit.notes) {
      const column = note.column ?? built.findIndex((b) => b.cells[r].count > 0);
      const cell = built[column]?.cells[r];
      if (!cell || cell.count === 0) {
        dropped++;
        continue;
      }
      const sentences = built[column].segmented.sentences.slice(cell.first, cell.first + cell.count);
      const m = notePattern.exec(note.text);
      const quoted = m ? sentences.findIndex((s) => s.text.includes(m[1])) : -1;
      const k = quoted >= 0 ? quoted : 0;
      const sentence = sentences[k].text;
      const quote = quoted >= 0 ? m![1] : sentence;
      const start = quoted >= 0 ? sentence.indexOf(quote) : 0;
      const comment = quoted >= 0 ? (m![2] ?? '') : note.text;
      const base = { column, ordinal: cell.first + k, start, end: start + quote.length, quote, sentence, author: note.author ?? '' };
      if ((issueCategories as readonly string[]).includes(note.category ?? '')) {
        planned.push({ ...base, kind: 'issue', category: note.category as IssueCategory, conceptId: null, comment: comment.slice(0, 2000) });
        continue;
      }
      const concept = note.category === 'term' ? /^concept (\S+)$/.exec(comment.trim()) : null;
      const found = concept ? findConceptByKey(db, concept[1]) : undefined;
      if (found) planned.push({ ...base, kind: 'term', category: null, conceptId: found.id, comment: '' });
      else dropped++;
    }
  });
  return { planned, dropped };
}

/** Stores an aligned file as a work (or as new versions of an existing one) and its pairs' beads. */
export async function importAligned(db: Database, loadResources: ResourceLoader, request: AlignedImportRequest, progress: ImportProgress = () => {}): Promise<AlignedImportResult> {
  const slug = validateSlug(request.workSlug ?? '');
  const { read } = request;
  const { aligned } = read;
  const existingWork = findWorkBySlug(db, slug);
  const existing = existingWork ? listActiveVersions(db, existingWork.id) : undefined;
  const columns = planColumns(read, request, existing, slug);
  const limits = request.limits ?? defaultSentenceLimits;
  const limited = aligned.columns.map((column, c) => builtWithinLimits(buildVersion(aligned, c), column.lang, read.format, limits));
  const built = limited.map((l) => l.built);
  built.forEach((b, c) => {
    if (b.segmented.sentences.length === 0) {
      throw new InputError(`The ${read.format} file has no text in ${aligned.columns[c].lang}: importing it would make an empty ${aligned.columns[c].lang} version.`, 422, 'file', {
        key: 'errors.import.emptyVersion',
        params: { format: read.format, lang: aligned.columns[c].lang },
      });
    }
  });
  const { planned: notes, dropped } = planNotes(db, aligned, built);
  // every version keeps the bytes it came in: the file, or its own of several (a line-aligned
  // file per version; XLIFF 2 documents: the source's is the first, a target's its own)
  const raw = (c: number) => (request.files.length === 1 ? request.files[0].bytes : request.files[Math.max(0, read.format === 'XLIFF 2' ? c - 1 : c)]?.bytes ?? request.files[0].bytes);
  const fileName = read.fileNames.join(', ').slice(0, 200);
  const pivotLang = columns[Math.max(0, aligned.columns.findIndex((col) => col.lang === read.sourceLang))].lang;
  const title = request.workTitle?.trim() || aligned.title?.trim() || undefined;
  const prepared = columns.map((p, c): PreparedVersion => ({
    lang: p.lang,
    status: p.status,
    name: p.name,
    label: p.existing?.label ?? `${languageName(p.lang)}${p.name === p.lang ? '' : ` (${p.name})`}`,
    title: '',
    provenance: p.provenance,
    revisionOf: null,
    fileName,
    bytes: raw(c),
    encoding: read.format,
    segmented: built[c].segmented,
    splitSentences: limited[c].split,
  }));
  // the file's pairs come from its units; an existing work's other versions are aligned afresh with
  // the new ones before the transaction (import-plan.ts), which only stores
  const planAt = new Date().toISOString();
  const fresh = prepared.map((v, c) => ({ record: plannedRecord(-1 - c, v, planAt), side: sideOfSegmented(v.lang, v.segmented) }));
  const given = fresh.flatMap((x, c) => fresh.flatMap((y, d) => (c === d ? [] : [{ a: x.record.id, b: y.record.id, beads: unitBeads(aligned, built, c, d) }])));
  const blank = { id: 0, slug, title: '', pivotLang, createdAt: '' };

  const result = await commitWithPlan(
    () => planImport(db, findWorkBySlug(db, slug), blank, fresh, given, loadResources, (i, of, label) => progress('align', i + 1, of + 2, label)),
    (plan) => db.transaction(() => {
    const at = new Date().toISOString();
    const work = findOrCreateWork(db, slug, title, { actor: request.actor, at, pivotLang });
    const ids = prepared.map((v, c) => storeVersion(db, work, v, { replace: Boolean(columns[c].existing), actor: request.actor, at }).versionId);
    const layout = readWorkLayout(db, work);
    const pairs: AlignedImportResult['pairs'] = [];
    for (const pair of layout.pairs) {
      const x = ids.indexOf(pair.a.id);
      const y = ids.indexOf(pair.b.id);
      if (x < 0 || y < 0) continue;
      const beads = unitBeads(aligned, built, x, y);
      const alignmentId = insertAlignment(db, { workId: work.id, versionA: pair.a.id, versionB: pair.b.id, at });
      replaceAllBeads(db, alignmentId, beads);
      const confirmed = beads.filter((b) => b.confirmed).length;
      const eventId = appendEvent(db, {
        workId: work.id,
        actor: request.actor,
        at,
        kind: 'align-pair',
        summary: `took ${pair.label} from the ${aligned.rows.length} units of the ${read.format} file ${fileName} (no re-alignment): ${beads.length} beads, ${confirmed} confirmed`,
        before: null,
        after: { format: 2, alignment: alignmentId, pair: pair.label, beads: beads.length, from: read.format, stack: { [alignmentId]: { undo: null, redo: null } } },
      });
      linkEventToAlignments(db, eventId, [alignmentId]);
      pairs.push({ label: pair.label, beads: beads.length, confirmed });
    }
    const realigned = storePlannedPairs(db, work, plan, new Map(fresh.map((f, c) => [f.record.id, ids[c]])), { actor: request.actor, at });
    for (const n of notes) {
      insertAnnotation(db, {
        workId: work.id,
        versionId: ids[n.column],
        sentenceOrdinal: n.ordinal,
        start: n.start,
        end: n.end,
        quote: n.quote,
        sentenceText: n.sentence,
        kind: n.kind,
        conceptId: n.conceptId,
        category: n.category,
        comment: n.comment,
        author: n.author || request.actor,
        createdAt: at,
      });
    }
    if (notes.length) {
      appendEvent(db, {
        workId: work.id,
        actor: request.actor,
        at,
        kind: 'annotation-create',
        summary: `took ${notes.length} annotations from the notes of the ${read.format} file ${fileName}`,
        after: { annotations: notes.length, from: read.format },
      });
    }
    return { work, pairs, realigned };
  }).immediate(),
  );

  const warnings = [...read.warnings];
  limited.forEach((l, c) => {
    if (l.split) warnings.push(`${l.split} ${aligned.columns[c].lang} ${l.split === 1 ? 'sentence was' : 'sentences were'} longer than the limit of ${limits.maxSentenceChars} characters and cut, the pieces kept in their unit.`);
  });
  if (dropped) warnings.push(`${dropped} ${dropped === 1 ? 'note was' : 'notes were'} not kept: an annotation needs a category (${issueCategories.join(', ')}) or a concept of the termbase.`);
  return {
    work: result.work,
    format: read.format,
    versions: columns.map((p, c) => ({ name: p.name, lang: p.lang, sentences: built[c].segmented.sentences.length, replaced: Boolean(p.existing) })),
    units: aligned.rows.length,
    pairs: result.pairs,
    aligned: result.realigned,
    notes: notes.length,
    warnings,
    rows: workRowCount(db, result.work),
  };
}

export interface UploadRequest {
  workSlug: string;
  workTitle?: string;
  /** A version's language: given for a text; for a DOCX or HTML document, given or named by the document; an aligned file names its own. */
  lang?: string;
  status?: string;
  name?: string;
  label?: string;
  provenance?: string;
  segmentation?: string;
  replace?: boolean;
  actor: string;
  maxBytes: number;
  /** sentences per version and characters per sentence (defaults: defaultSentenceLimits) */
  limits?: SentenceLimits;
  files: UploadedFile[];
}

export type UploadResult = { kind: 'version'; result: ImportResult } | { kind: 'aligned'; result: AlignedImportResult };

/**
 * The import of the upload form and of `triptych import`: an aligned file (TMX, XLIFF, line-aligned
 * texts) becomes a work with its versions and alignment; one document (text, DOCX, HTML) a version,
 * in the language given or, for DOCX and HTML, the one the document names. An aligned file given
 * with a language is refused, saying how.
 */
export async function importUpload(db: Database, loadResources: ResourceLoader, request: UploadRequest, progress: ImportProgress = () => {}): Promise<UploadResult> {
  const read = readAlignedUpload(request.files, request.maxBytes);
  if (read) {
    if ((request.lang ?? '').trim() || (request.name ?? '').trim()) {
      const langs = read.aligned.columns.map((c) => c.lang).join(', ');
      const file = read.fileNames.join(', ');
      throw new InputError(
        `${file} is a ${read.format} file with ${langs}: it names its own languages. Import it without a language or version name (triptych import --work SLUG [--title TITLE] FILE; on the upload form, leave the language empty), and it becomes a work with those versions and their alignment.`,
        422,
        'lang',
        { key: 'errors.import.alignedWithLang', params: { file, format: read.format, langs } },
      );
    }
    return {
      kind: 'aligned',
      result: await importAligned(db, loadResources, { workSlug: request.workSlug, workTitle: request.workTitle, status: request.status, replace: request.replace, actor: request.actor, files: request.files, read, limits: request.limits }, progress),
    };
  }
  const [file] = request.files;
  const result = await importVersion(db, loadResources, {
    workSlug: request.workSlug,
    workTitle: request.workTitle,
    lang: request.lang ?? '',
    status: request.status ?? '',
    name: request.name,
    label: request.label,
    provenance: request.provenance,
    segmentation: request.segmentation,
    replace: request.replace,
    actor: request.actor,
    maxBytes: request.maxBytes,
    limits: request.limits,
    fileName: file.fileName,
    bytes: file.bytes,
  }, progress);
  return { kind: 'version', result };
}
