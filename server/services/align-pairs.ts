// Use cases: align the pairs of a work. A pair is aligned from scratch once, when it first exists
// (its two versions are both there) — never again because another version came, went or was
// replaced; a pair of two non-pivot columns (ru-zh) is aligned with the pivot (en) as a bridge.
// Runs inside the caller's transaction; each pair aligned logs one 'align-pair' event, which the
// pair's undo history cannot reach behind. The resources an alignment needs are decided here from
// the languages of its pairs (work-layout.ts pairLanguages) and loaded before the transaction.
import type { Database } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';
import { alignPair, type AlignResources, type AlignSide, type Bead, type TermSpotter } from '../align/index.ts';
import { beadsFromAligner, checkPair, isPlaceholder } from '../align/pair-alignment.ts';
import { reconcileWithDirectPairs } from '../align/reconcile.ts';
import { insertAlignment, linkEventToAlignments, readAllBeads, replaceAllBeads } from '../db/alignments.ts';
import { appendEvent } from '../db/events.ts';
import { listSentenceRange, listSentences, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { conceptSpotter } from '../terms/match.ts';
import { termMatcher } from './terms-recognition.ts';
import { pairLanguages, readWorkLayout, type LaidOutPair, type PairSpec } from './work-layout.ts';

export type ResourceLoader = (langs: string[]) => Promise<AlignResources>;

export function alignSideOf(db: Database, version: VersionRecord, range?: { first: number; count: number }): AlignSide {
  const sentences = range ? listSentenceRange(db, version.id, range.first, range.first + range.count) : listSentences(db, version.id);
  return {
    lang: version.lang,
    sentences: sentences.map((s) => s.text),
    paragraphs: sentences.map((s) => s.paragraph),
    parts: sentences.map((s) => s.part),
  };
}

/** The termbase as the aligner consults it: the concepts named in a sentence (none when it is empty). */
export function termSpotterOf(db: Database): TermSpotter | undefined {
  const { matcher, concepts } = termMatcher(db);
  return concepts.length === 0 ? undefined : conceptSpotter(matcher);
}

/** The languages whose resources aligning these pairs needs. */
export function languagesOfPairs(pairs: PairSpec[]): string[] {
  return [...new Set(pairs.flatMap(pairLanguages))].sort();
}

/** Resources for every language a work could pair, including one about to be imported. */
export function loadResourcesForWork(load: ResourceLoader, versions: Array<{ lang: string }>, extra: string[] = []): Promise<AlignResources> {
  return load([...new Set([...versions.map((v) => v.lang), ...extra])].sort());
}

/** Beads of a stored pair as the aligner's beads (for a bridge): side a as src, side b as tgt. */
export function asAlignerBeads(beads: GridRow[]): Bead[] {
  const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);
  return beads
    .filter((b) => !isPlaceholder(b))
    .map((b) => ({ src: range(b.cells[0].first, b.cells[0].count), tgt: range(b.cells[1].first, b.cells[1].count), confidence: b.confidence ?? 1 }));
}

export interface PairAlignInput {
  a: AlignSide;
  b: AlignSide;
  /** the bridge version's sentences and its alignments with a and with b (a's and b's indices as tgt) */
  bridge?: { side: AlignSide; withA: Bead[]; withB: Bead[] };
}

/** Aligns two sides (a stretch of them or whole versions) as the app does: termbase, resources, bridge. */
export function alignSides(input: PairAlignInput, options: { resources: AlignResources; terms: TermSpotter | undefined; anchors?: Array<{ src: number; tgt: number }> }): GridRow[] {
  const bridge = input.bridge && input.bridge.side.sentences.length > 0
    ? { lang: input.bridge.side.lang, sentences: input.bridge.side.sentences, srcBeads: input.bridge.withA, tgtBeads: input.bridge.withB }
    : undefined;
  const beads = alignPair(input.a, input.b, { resources: options.resources, terms: options.terms, bridge, anchors: options.anchors });
  return beadsFromAligner(beads);
}

/** A pair to align, its versions named by keys of PairAlignmentInputs.sides (ids, or names in a batch). */
export interface PairToAlign {
  a: string;
  b: string;
  /** the version aligned to both (the pivot, for two other columns) */
  bridge?: string;
}

/** What aligning some pairs of a work reads: the versions' sentences and the pairs aligned before. */
export interface PairAlignmentInputs {
  sides: Record<string, AlignSide>;
  /** beads of pairs already aligned (bridges for the pairs to align) */
  stored: Array<{ a: string; b: string; beads: GridRow[] }>;
  /** in order: a bridge's pairs before the pair that needs them */
  pairs: PairToAlign[];
}

export interface ComputedPair {
  a: string;
  b: string;
  beads: GridRow[];
  /** the bridge the pair was aligned through, when its two alignments were there */
  bridge?: string;
}

/**
 * Aligns the pairs, pure: no database, so it runs in a worker thread as well (batch-import.ts). A
 * pair's bridge evidence is the bridge's alignments with its two sides, stored or aligned just before.
 */
export function computePairAlignments(inputs: PairAlignmentInputs, options: { resources: AlignResources; terms: TermSpotter | undefined }): ComputedPair[] {
  const known = new Map<string, GridRow[]>();
  for (const s of inputs.stored) known.set(`${s.a}\u0000${s.b}`, s.beads);
  const beadsOf = (a: string, b: string) => known.get(`${a}\u0000${b}`);
  const out: ComputedPair[] = [];
  for (const pair of inputs.pairs) {
    const a = inputs.sides[pair.a];
    const b = inputs.sides[pair.b];
    if (!a || !b) throw new Error(`the sentences of ${!a ? pair.a : pair.b} were not given to align ${pair.a}|${pair.b}`);
    let bridge: PairAlignInput['bridge'];
    if (pair.bridge && inputs.sides[pair.bridge]) {
      const withA = beadsOf(pair.bridge, pair.a);
      const withB = beadsOf(pair.bridge, pair.b);
      if (withA && withB) bridge = { side: inputs.sides[pair.bridge], withA: asAlignerBeads(withA), withB: asAlignerBeads(withB) };
    }
    const beads = alignSides({ a, b, bridge }, { resources: options.resources, terms: options.terms });
    checkPair(beads, a.sentences.length, b.sentences.length);
    known.set(`${pair.a}\u0000${pair.b}`, beads);
    out.push({ a: pair.a, b: pair.b, beads, ...(bridge ? { bridge: pair.bridge } : {}) });
  }
  return out;
}

/**
 * Aligns, inside the caller's transaction, every pair of the work that has no alignment yet, and
 * returns them. `resources` must cover their languages (languagesOfPairs). With `computed` (pairs
 * aligned beforehand, e.g. in a worker thread, their versions named), those beads are stored
 * instead, after checking that they cover both versions; a missing pair without them is an error.
 */
export function alignMissingPairs(
  db: Database,
  work: WorkRecord,
  options: { actor: string; at: string; resources: AlignResources; computed?: ComputedPair[] },
): LaidOutPair[] {
  const layout = readWorkLayout(db, work);
  const missing = layout.pairs.filter((p) => !p.alignment);
  if (missing.length === 0) return [];
  // the beads of every pair, stored or aligned now, by the versions' ids
  const stored = new Map<string, GridRow[]>();
  const keyOf = (a: VersionRecord, b: VersionRecord) => `${a.id}:${b.id}`;
  for (const p of layout.pairs) if (p.alignment) stored.set(keyOf(p.a, p.b), readAllBeads(db, p.alignment.id));
  const bridges = new Map<LaidOutPair, boolean>();
  if (options.computed) {
    for (const pair of missing) {
      const found = options.computed.find((c) => c.a === pair.a.name && c.b === pair.b.name);
      if (!found) throw new Error(`the pair ${pair.label} of '${work.slug}' was not aligned beforehand`);
      checkPair(found.beads, pair.a.sentenceCount, pair.b.sentenceCount);
      stored.set(keyOf(pair.a, pair.b), found.beads);
      bridges.set(pair, found.bridge !== undefined && found.bridge === pair.bridge?.name);
    }
  } else {
    const key = (v: VersionRecord) => String(v.id);
    const sides: Record<string, AlignSide> = {};
    for (const p of missing) {
      for (const v of [p.a, p.b, ...(p.bridge ? [p.bridge] : [])]) if (!sides[key(v)]) sides[key(v)] = alignSideOf(db, v);
    }
    const computed = computePairAlignments(
      {
        sides,
        stored: layout.pairs.filter((p) => p.alignment).map((p) => ({ a: key(p.a), b: key(p.b), beads: stored.get(keyOf(p.a, p.b))! })),
        pairs: missing.map((p) => ({ a: key(p.a), b: key(p.b), ...(p.bridge ? { bridge: key(p.bridge) } : {}) })),
      },
      { resources: options.resources, terms: termSpotterOf(db) },
    );
    missing.forEach((pair, i) => {
      stored.set(keyOf(pair.a, pair.b), computed[i].beads);
      bridges.set(pair, computed[i].bridge !== undefined);
    });
  }
  // the direct pairs of the new columns move their sentences where they are surer than the pivot pairs
  const newColumns = layout.columns
    .map((_, k) => k)
    .filter((k) => k !== layout.pivot && layout.gridPairs.every((i) => {
      const p = layout.pairs[i];
      const x = layout.columns.indexOf(p.a);
      const y = layout.columns.indexOf(p.b);
      return (x !== k && y !== k) || !p.alignment;
    }));
  if (newColumns.length && layout.gridPairs.every((i) => stored.has(keyOf(layout.pairs[i].a, layout.pairs[i].b)))) {
    const gridBeads = layout.gridPairs.map((i) => stored.get(keyOf(layout.pairs[i].a, layout.pairs[i].b))!);
    const repaired = reconcileWithDirectPairs(layout.grid, gridBeads, newColumns);
    layout.gridPairs.forEach((i, q) => {
      const p = layout.pairs[i];
      if (!p.alignment) stored.set(keyOf(p.a, p.b), repaired[q]);
    });
  }
  for (const pair of missing) {
    const beads = stored.get(keyOf(pair.a, pair.b))!;
    const alignmentId = insertAlignment(db, { workId: work.id, versionA: pair.a.id, versionB: pair.b.id, at: options.at });
    replaceAllBeads(db, alignmentId, beads);
    const eventId = appendEvent(db, {
      workId: work.id,
      actor: options.actor,
      at: options.at,
      kind: 'align-pair',
      summary: `aligned ${pair.label} into ${beads.length} beads${bridges.get(pair) ? ` (through ${pair.bridge!.name})` : ''}`,
      before: null,
      after: { format: 2, alignment: alignmentId, pair: pair.label, beads: beads.length, stack: { [alignmentId]: { undo: null, redo: null } } },
    });
    linkEventToAlignments(db, eventId, [alignmentId]);
  }
  return missing;
}
