// Use case: import one language version of a work from a file's bytes — decode, normalise,
// segment (into sentences, or one sentence per line), store (raw bytes kept as they came), and align
// the pairs the new version is in — in one transaction. Pairs without it are left exactly as they
// were; a replaced version's pairs go with it and are aligned afresh with the new one.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { deleteAlignmentsOfVersion } from '../db/alignments.ts';
import { appendEvent } from '../db/events.ts';
import {
  ensureColumnPosition,
  findActiveVersion,
  listActiveVersions,
  listColumnPositions,
  insertBlocks,
  insertSentences,
  insertVersion,
  retireVersion,
  type VersionRecord,
  type VersionStatus,
} from '../db/versions.ts';
import { findWorkBySlug, insertWork, type WorkRecord } from '../db/works.ts';
import { decodeText, TextInputError } from '../text/decode.ts';
import { isContentLanguage, languageName } from '../text/languages.ts';
import { findLongSentence, splitLongSentences } from '../text/long-sentences.ts';
import { normaliseText } from '../text/normalise.ts';
import { segmentLines } from '../text/segment-lines.ts';
import { segmentText, type SegmentedText } from '../text/segment.ts';
import type { AlignResources, AlignSide } from '../align/index.ts';
import { checkPair } from '../align/pair-alignment.ts';
import { listAlignments, readAllBeads } from '../db/alignments.ts';
import { alignSideOf, loadResourcesForWork, planPairAlignments, storePairAlignment, termSpotterOf, type PlannedPairAlignment, type ResourceLoader } from './align-pairs.ts';
import { orderColumns, pairLabel, readWorkLayout, requiredPairs } from './work-layout.ts';
import { alignmentState } from './alignment-state.ts';
import { formatByteSize, InputError } from './errors.ts';

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

interface PreparedVersion {
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
  const count = result.segmented.sentences.length;
  if (count > limits.maxSentences) {
    throw new InputError(`The file has ${count} sentences, more than the limit of ${limits.maxSentences} per version.`, 413, 'file', {
      key: 'jobs:limits.tooManySentences',
      params: { count, max: limits.maxSentences },
    });
  }
  return result;
}

/** Checks the fields and decodes the file; pure apart from hashing, so it runs before any transaction. */
export function prepareVersion(input: VersionInput, maxBytes: number, limits: SentenceLimits = defaultSentenceLimits): PreparedVersion {
  const lang = (input.lang ?? '').trim().toLowerCase();
  if (!lang) throw new InputError('The language code is missing.', 400, 'lang', { key: 'errors.input.noLang' });
  if (!isContentLanguage(lang)) {
    throw new InputError(`'${input.lang}' is not a language code Triptych knows (use ISO 639-1, e.g. en, ru, zh).`, 400, 'lang', {
      key: 'errors.input.badLang',
      params: { lang: input.lang },
    });
  }
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
  let decoded;
  try {
    decoded = decodeText(input.bytes, { maxBytes });
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
  const segmentation = (input.segmentation ?? 'sentences').trim().toLowerCase() || 'sentences';
  if (!(segmentations as readonly string[]).includes(segmentation)) {
    throw new InputError(`'${input.segmentation}' is not a way to segment a file; use ${segmentations.join(' or ')}.`, 400, 'segmentation', {
      key: 'errors.input.badSegmentation',
      params: { segmentation: input.segmentation ?? '', segmentations: segmentations.join(', ') },
    });
  }
  const normalised = normaliseText(decoded.text);
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
    title: input.title?.trim() ?? '',
    provenance: input.provenance?.trim() ?? '',
    revisionOf: input.revisionOf?.trim() || null,
    fileName: input.fileName,
    bytes: input.bytes,
    encoding: decoded.encoding,
    segmented,
    splitSentences: split,
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
    name: version.name,
    lang: version.lang,
    status: version.status,
    label: version.label,
    title: version.title,
    provenance: version.provenance,
    revisionOf: version.revisionOf,
    fileName: version.fileName,
    encoding: version.encoding,
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

/** The import's alignments, made before its transaction against the work as it was read. */
interface ImportPlan {
  work: WorkRecord | undefined;
  /** the pairs to store, with the new version as id -1 */
  pairs: PlannedPairAlignment[];
}

/** The plan no longer fits the work (a sentence of another version was split meanwhile): planned again. */
class PlanOutdated extends Error {}

const newVersionId = -1;

/** Refusals the transaction would make, made before the alignments are spent on a doomed import. */
function checkImportable(db: Database, work: WorkRecord | undefined, slug: string, request: ImportRequest, prepared: PreparedVersion): void {
  if (!work && !request.workTitle?.trim()) throw unknownWorkWithoutTitle(slug);
  if (work && !request.replace && findActiveVersion(db, work.id, prepared.name)) throw versionExists(work, prepared.name);
}

/**
 * Aligns every pair the work will lack once the version is stored, reading the database outside any
 * transaction (WAL: readers never wait) and writing nothing.
 */
function planImport(db: Database, slug: string, prepared: PreparedVersion, resources: AlignResources, progress: ImportProgress): ImportPlan {
  const work = findWorkBySlug(db, slug);
  const at = new Date().toISOString();
  const kept = work ? listActiveVersions(db, work.id).filter((v) => v.name !== prepared.name) : [];
  const version: VersionRecord = {
    id: newVersionId,
    workId: work?.id ?? 0,
    name: prepared.name,
    lang: prepared.lang,
    status: prepared.status,
    label: prepared.label,
    title: prepared.title,
    provenance: prepared.provenance,
    revisionOf: prepared.revisionOf,
    fileName: prepared.fileName,
    encoding: prepared.encoding,
    contentSha256: '',
    importedAt: at,
    retiredAt: null,
    sentenceCount: prepared.segmented.sentences.length,
  };
  const versions = [...kept, version];
  const positions = work ? listColumnPositions(db, work.id) : new Map<string, number>();
  if (!positions.has(version.name)) positions.set(version.name, Math.max(-1, ...positions.values()) + 1);
  const { columns, revisions, pivot } = orderColumns(work ?? { id: 0, slug, title: '', pivotLang: 'en', createdAt: at }, versions, positions);
  const stored = work ? listAlignments(db, work.id) : [];
  const storedOf = (a: VersionRecord, b: VersionRecord) => stored.find((s) => s.versionA === a.id && s.versionB === b.id);
  const missing = requiredPairs(columns, revisions, pivot, versions)
    .filter((p) => !storedOf(p.a, p.b))
    .map((p) => ({ ...p, label: pairLabel(p.a, p.b) }));
  const { segmented } = prepared;
  const newSide: AlignSide = {
    lang: prepared.lang,
    sentences: segmented.sentences.map((s) => s.text),
    paragraphs: segmented.sentences.map((s) => segmented.blocks[s.block].paragraph),
    parts: segmented.sentences.map((s) => segmented.blocks[s.block].part),
  };
  const sides = new Map<number, AlignSide>([[newVersionId, newSide]]);
  const sideOf = (v: VersionRecord) => {
    let side = sides.get(v.id);
    if (!side) sides.set(v.id, (side = alignSideOf(db, v)));
    return side;
  };
  const steps = missing.length + 2;
  const pairs = planPairAlignments(
    missing,
    sideOf,
    (a, b) => {
      const alignment = storedOf(a, b);
      return alignment ? readAllBeads(db, alignment.id) : undefined;
    },
    { resources, terms: termSpotterOf(db), onPair: (i, pair) => progress('align', i + 1, steps, pair.label) },
  );
  return { work, pairs };
}

/** Stores the version and the planned pairs in one short transaction, if the plan still fits. */
function commitImport(db: Database, slug: string, request: ImportRequest, prepared: PreparedVersion, plan: ImportPlan): { work: WorkRecord; stored: { versionId: number; replaced: boolean } } {
  const at = new Date().toISOString();
  return db.transaction(() => {
    const work = findOrCreateWork(db, slug, request.workTitle, { actor: request.actor, at });
    if (plan.work?.id !== undefined && plan.work.id !== work.id) throw new PlanOutdated();
    const stored = storeVersion(db, work, prepared, { replace: Boolean(request.replace), actor: request.actor, at });
    const real = (id: number) => (id === newVersionId ? stored.versionId : id);
    const layout = readWorkLayout(db, work);
    for (const pair of layout.pairs.filter((p) => !p.alignment)) {
      const planned = plan.pairs.find((p) => real(p.pair.a.id) === pair.a.id && real(p.pair.b.id) === pair.b.id);
      if (!planned) throw new PlanOutdated();
      try {
        checkPair(planned.beads, pair.a.sentenceCount, pair.b.sentenceCount);
      } catch {
        throw new PlanOutdated();
      }
      storePairAlignment(db, work, pair, planned.beads, planned.bridged, { actor: request.actor, at });
    }
    return { work, stored };
  }).immediate();
}

/** How often an import plans again when the work changed under it before it gives up. */
const planAttempts = 3;

/**
 * Imports a version and aligns the pairs it is in. The file is decoded and segmented and the pairs
 * aligned before the transaction, which then only writes (so other writers wait milliseconds, not the
 * length of an alignment); the work is checked to be as the alignments assumed, else they are made
 * again. The resources the alignments need are decided from the languages of the work's versions.
 */
export async function importVersion(db: Database, loadResources: ResourceLoader, request: ImportRequest, progress: ImportProgress = () => {}): Promise<ImportResult> {
  const slug = validateSlug(request.workSlug ?? '');
  progress('prepare', 0, 2);
  const prepared = prepareVersion(request, request.maxBytes, request.limits);
  checkImportable(db, findWorkBySlug(db, slug), slug, request, prepared);
  for (let attempt = 1; ; attempt++) {
    const existingWork = findWorkBySlug(db, slug);
    const resources = await loadResourcesForWork(loadResources, existingWork ? listActiveVersions(db, existingWork.id) : [], [prepared.lang]);
    const plan = planImport(db, slug, prepared, resources, progress);
    progress('store', plan.pairs.length + 1, plan.pairs.length + 2);
    let result;
    try {
      result = commitImport(db, slug, request, prepared, plan);
    } catch (error) {
      if (error instanceof PlanOutdated && attempt < planAttempts) continue;
      if (error instanceof PlanOutdated) {
        throw new InputError('The work changed while the version was being aligned, again and again; import it again when the editing has calmed down.', 409, undefined, { key: 'jobs:errors.workChangedDuringImport' });
      }
      throw error;
    }
    progress('store', plan.pairs.length + 2, plan.pairs.length + 2);
    return {
      work: result.work,
      versionId: result.stored.versionId,
      name: prepared.name,
      encoding: prepared.encoding,
      sentences: prepared.segmented.sentences.length,
      splitSentences: prepared.splitSentences,
      rows: alignmentState(db, result.work).rows().length,
      replaced: result.stored.replaced,
    };
  }
}
