// Use case, in two halves so the long one can run off the main thread: bring new versions into a
// work and align the pairs they make. The first half (planWorkAlignment, on the main thread) reads
// what the work has, decides with work-layout.ts which pairs the versions will make and gathers
// what aligning them reads; the second (prepareAndAlign, pure: no database) decodes and segments
// the files and aligns those pairs, in a worker thread (alignment-workers.ts) or in-process; the
// third (storeWorkAlignment, main thread) writes it all in one transaction, the pairs through
// alignMissingPairs, which checks every computed pair against what was stored and refuses a pair
// it was not given. What the database holds is exactly what importVersion would have written.
import type { Database } from 'better-sqlite3';
import type { AlignResources, AlignSide, TermSpotter } from '../align/index.ts';
import type { GridRow } from '../align/grid.ts';
import { listAlignments, readAllBeads } from '../db/alignments.ts';
import { setDocumentDate } from '../db/terms.ts';
import { listActiveVersions, listColumnPositions, type VersionRecord } from '../db/versions.ts';
import { findWorkBySlug, type WorkRecord } from '../db/works.ts';
import { alignMissingPairs, alignSideOf, computePairAlignments, type ComputedPair, type PairToAlign } from './align-pairs.ts';
import { findOrCreateWork, prepareVersion, storeVersion, type PreparedVersion, type VersionInput } from './import-version.ts';
import { InputError } from './errors.ts';
import { orderColumns, pairLanguages, requiredPairs } from './work-layout.ts';

/** What the worker half needs: the files, the sentences of versions already stored, and the pairs to align (versions by name). */
export interface WorkAlignmentTask {
  slug: string;
  versions: VersionInput[];
  maxBytes: number;
  existing: Record<string, AlignSide>;
  stored: Array<{ a: string; b: string; beads: GridRow[] }>;
  pairs: PairToAlign[];
  /** the languages whose resources the pairs need */
  langs: string[];
}

export interface WorkAlignmentResult {
  prepared: PreparedVersion[];
  computed: ComputedPair[];
  /** sentences of the new versions */
  sentences: number;
  /** milliseconds spent preparing and aligning */
  ms: number;
}

export interface WorkPlan {
  task: WorkAlignmentTask;
  /** names of stored versions the new ones replace */
  replacing: string[];
}

/**
 * Decides, before anything is written, which pairs the work will have to align once `versions` are
 * stored (replacing the stored versions of the same names listed in `replacing`), and gathers what
 * aligning them reads.
 */
export function planWorkAlignment(
  db: Database,
  request: { slug: string; pivotLang?: string; versions: VersionInput[]; replacing: string[]; maxBytes: number },
): WorkPlan {
  const work = findWorkBySlug(db, request.slug);
  const replaced = new Set(request.replacing);
  const kept = work ? listActiveVersions(db, work.id).filter((v) => !replaced.has(v.name)) : [];
  const positions = work ? listColumnPositions(db, work.id) : new Map<string, number>();
  let place = Math.max(-1, ...positions.values()) + 1;
  const incoming: VersionRecord[] = request.versions.map((input, i) => {
    const lang = (input.lang ?? '').trim().toLowerCase();
    const name = (input.name ?? '').trim() || lang;
    if (!positions.has(name)) positions.set(name, place++);
    return {
      id: -(i + 1), workId: work?.id ?? 0, name, lang, status: 'working', label: '', title: '', provenance: '', revisionOf: input.revisionOf?.trim() || null,
      fileName: input.fileName, encoding: '', contentSha256: '', importedAt: '', retiredAt: null, sentenceCount: 0,
    };
  });
  const versions = [...kept, ...incoming];
  const shape: WorkRecord = work ?? { id: 0, slug: request.slug, title: '', pivotLang: request.pivotLang ?? 'en', createdAt: '' };
  const { columns, revisions, pivot } = orderColumns(shape, versions, positions);
  const stored = work ? listAlignments(db, work.id) : [];
  const keptIds = new Set(kept.map((v) => v.id));
  const storedPair = (a: VersionRecord, b: VersionRecord) => stored.find((s) => s.versionA === a.id && s.versionB === b.id && keptIds.has(a.id) && keptIds.has(b.id));
  const specs = requiredPairs(columns, revisions, pivot, versions);
  const missing = specs.filter((p) => !storedPair(p.a, p.b));
  const existing: Record<string, AlignSide> = {};
  const storedBeads: WorkAlignmentTask['stored'] = [];
  for (const p of missing) {
    for (const v of [p.a, p.b, ...(p.bridge ? [p.bridge] : [])]) {
      if (v.id > 0 && !existing[v.name]) existing[v.name] = alignSideOf(db, v);
    }
    if (p.bridge && p.bridge.id > 0) {
      for (const side of [p.a, p.b]) {
        const s = storedPair(p.bridge, side);
        if (s && !storedBeads.some((b) => b.a === p.bridge!.name && b.b === side.name)) storedBeads.push({ a: p.bridge.name, b: side.name, beads: readAllBeads(db, s.id) });
      }
    }
  }
  return {
    replacing: request.replacing,
    task: {
      slug: request.slug,
      versions: request.versions,
      maxBytes: request.maxBytes,
      existing,
      stored: storedBeads,
      pairs: missing.map((p) => ({ a: p.a.name, b: p.b.name, ...(p.bridge ? { bridge: p.bridge.name } : {}) })),
      langs: [...new Set(missing.flatMap(pairLanguages))].sort(),
    },
  };
}

/** The sentences of a prepared version as the aligner reads them (as alignSideOf reads them once stored). */
export function sideOfPrepared(version: PreparedVersion): AlignSide {
  const { blocks, sentences } = version.segmented;
  return {
    lang: version.lang,
    sentences: sentences.map((s) => s.text),
    paragraphs: sentences.map((s) => blocks[s.block].paragraph),
    parts: sentences.map((s) => blocks[s.block].part),
  };
}

/** The worker half: decode and segment the files, align the pairs. Pure apart from the resources it loads. */
export async function prepareAndAlign(
  task: WorkAlignmentTask,
  options: { loadResources: (langs: string[]) => Promise<AlignResources>; terms: TermSpotter | undefined },
): Promise<WorkAlignmentResult> {
  const started = performance.now();
  const prepared = task.versions.map((v) => {
    try {
      return prepareVersion(v, task.maxBytes);
    } catch (error) {
      // the file is named, as a batch of many works reports it
      if (error instanceof InputError && v.fileName) throw new InputError(`${v.fileName}: ${error.message}`, error.status, error.field, error.translation);
      throw error;
    }
  });
  const sides: Record<string, AlignSide> = { ...task.existing };
  for (const v of prepared) sides[v.name] = sideOfPrepared(v);
  const resources = task.pairs.length ? await options.loadResources(task.langs) : {};
  const computed = computePairAlignments({ sides, stored: task.stored, pairs: task.pairs }, { resources, terms: options.terms });
  return { prepared, computed, sentences: prepared.reduce((n, v) => n + v.segmented.sentences.length, 0), ms: performance.now() - started };
}

/** The last half: stores the versions and their pairs in one transaction; returns the work. */
export function storeWorkAlignment(
  db: Database,
  request: { slug: string; title?: string; pivotLang?: string; documentDate?: string; replacing: string[]; actor: string },
  result: WorkAlignmentResult,
): WorkRecord {
  const at = new Date().toISOString();
  return db.transaction(() => {
    const work = findOrCreateWork(db, request.slug, request.title, { actor: request.actor, at, pivotLang: request.pivotLang });
    for (const version of result.prepared) storeVersion(db, work, version, { replace: request.replacing.includes(version.name), actor: request.actor, at });
    if (request.documentDate) setDocumentDate(db, work.id, request.documentDate);
    alignMissingPairs(db, work, { actor: request.actor, at, resources: {}, computed: result.computed });
    return work;
  }).immediate();
}
