// Use case, in three parts so the long one can run off the main thread (triptych batch: a work per
// thread on every core): bring new versions into a work and align the pairs they make. The first
// (planWorkAlignment, main thread) reads what the work has and lays it out as it will be with the new
// versions (under negative ids, as import-plan.ts lays out an import), with the sentences and beads
// aligning its missing pairs reads; the second (prepareAndAlign, pure: no database) decodes and
// segments the files and aligns those pairs with planMissingPairs, in a worker thread
// (alignment-workers.ts) or in-process; the third (storeWorkAlignment, main thread) writes it all in
// one transaction, checking every planned pair against what was stored. What the database holds is
// exactly what importVersion would have written.
import type { Database } from 'better-sqlite3';
import type { AlignResources, AlignSide, TermSpotter } from '../align/index.ts';
import type { GridRow } from '../align/grid.ts';
import { checkPair } from '../align/pair-alignment.ts';
import { listAlignments, readAllBeads } from '../db/alignments.ts';
import { setDocumentDate } from '../db/terms.ts';
import { listActiveVersions, listColumnPositions, type VersionRecord } from '../db/versions.ts';
import { findWorkBySlug, type WorkRecord } from '../db/works.ts';
import { alignSideOf, languagesOfPairs, planMissingPairs, storePairAlignment } from './align-pairs.ts';
import { findOrCreateWork, prepareVersion, storeVersion, type PreparedVersion, type SentenceLimits, type VersionInput } from './import-version.ts';
import { InputError } from './errors.ts';
import { sideOfSegmented } from './import-plan.ts';
import { layWork, readWorkLayout, type WorkLayout } from './work-layout.ts';

/** What the worker part needs: the files, the work as it will be, the sentences and beads stored that aligning its missing pairs reads. */
export interface WorkAlignmentTask {
  slug: string;
  versions: VersionInput[];
  maxBytes: number;
  /** sentences per version and characters per sentence (defaults: defaultSentenceLimits) */
  limits?: SentenceLimits;
  /** the work laid out with the new versions, version i of `versions` under id -(i + 1) */
  layout: WorkLayout;
  /** sentences of stored versions, by version id */
  existing: Record<number, AlignSide>;
  /** beads of stored pairs, by alignment id */
  stored: Record<number, GridRow[]>;
  /** the languages whose resources the pairs need */
  langs: string[];
}

/** A pair aligned in the worker part, its versions by name. */
export interface ComputedPair {
  a: string;
  b: string;
  beads: GridRow[];
  bridged: boolean;
  /** the document-level parallelism of the two versions (the work page shows it) */
  parallelism: number;
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
  request: { slug: string; pivotLang?: string; versions: VersionInput[]; replacing: string[]; maxBytes: number; limits?: SentenceLimits },
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
  const shape: WorkRecord = work ?? { id: 0, slug: request.slug, title: '', pivotLang: request.pivotLang ?? 'en', createdAt: '' };
  const keptIds = new Set(kept.map((v) => v.id));
  const storedPairs = work ? listAlignments(db, work.id).filter((a) => keptIds.has(a.versionA) && keptIds.has(a.versionB)) : [];
  const layout = layWork(shape, [...kept, ...incoming], positions, storedPairs);
  const missing = layout.pairs.filter((p) => !p.alignment);
  const existing: Record<number, AlignSide> = {};
  const stored: Record<number, GridRow[]> = {};
  for (const p of missing) {
    for (const v of [p.a, p.b, ...(p.bridge ? [p.bridge] : [])]) if (v.id > 0 && !existing[v.id]) existing[v.id] = alignSideOf(db, v);
  }
  // the beads planMissingPairs reads: bridges of the missing pairs, and the view's pairs it reconciles
  for (const p of layout.pairs) if (p.alignment && missing.length > 0) stored[p.alignment.id] = readAllBeads(db, p.alignment.id);
  return {
    replacing: request.replacing,
    task: { slug: request.slug, versions: request.versions, maxBytes: request.maxBytes, limits: request.limits, layout, existing, stored, langs: languagesOfPairs(missing) },
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
      return prepareVersion(v, task.maxBytes, task.limits);
    } catch (error) {
      // the file is named, as a batch of many works reports it
      if (error instanceof InputError && v.fileName) throw new InputError(`${v.fileName}: ${error.message}`, error.status, error.field, error.translation);
      throw error;
    }
  });
  const sideOf = (v: VersionRecord): AlignSide => {
    const side = v.id < 0 ? sideOfSegmented(prepared[-1 - v.id].lang, prepared[-1 - v.id].segmented) : task.existing[v.id];
    if (!side) throw new Error(`the sentences of ${v.name} were not given to align '${task.slug}'`);
    return side;
  };
  const missing = task.layout.pairs.some((p) => !p.alignment);
  const resources = missing ? await options.loadResources(task.langs) : {};
  const planned = planMissingPairs(task.layout, sideOf, (alignment) => task.stored[alignment.id], { resources, terms: options.terms });
  const computed = planned.map((p) => ({ a: p.pair.a.name, b: p.pair.b.name, beads: p.beads, bridged: p.bridged, parallelism: p.parallelism }));
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
    for (const pair of readWorkLayout(db, work).pairs.filter((p) => !p.alignment)) {
      const found = result.computed.find((c) => c.a === pair.a.name && c.b === pair.b.name);
      if (!found) throw new Error(`the pair ${pair.label} of '${work.slug}' was not aligned beforehand (the work changed meanwhile)`);
      checkPair(found.beads, pair.a.sentenceCount, pair.b.sentenceCount);
      storePairAlignment(db, work, { ...found, pair }, { actor: request.actor, at });
    }
    return work;
  }).immediate();
}
