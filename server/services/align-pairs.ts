// Use cases: align the pairs of a work. A pair is aligned from scratch once, when it first exists
// (its two versions are both there) — never again because another version came, went or was
// replaced; a pair of two non-pivot columns (ru-zh) is aligned with the pivot (en) as a bridge.
// Planning (planMissingPairs) writes nothing, so an import runs it before its transaction; storing
// runs inside the caller's transaction; each pair aligned logs one 'align-pair' event, which the
// pair's undo history cannot reach behind. The resources an alignment needs are decided here from
// the languages of its pairs (work-layout.ts pairLanguages) and loaded before the transaction.
import type { Database } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';
import { alignPair, type AlignResources, type AlignSide, type Bead, type TermSpotter } from '../align/index.ts';
import { beadsFromAligner, checkPair, isPlaceholder } from '../align/pair-alignment.ts';
import { reconcileWithDirectPairs } from '../align/reconcile.ts';
import { insertAlignment, linkEventToAlignments, readAllBeads, replaceAllBeads, type AlignmentRecord } from '../db/alignments.ts';
import { appendEvent } from '../db/events.ts';
import { listSentenceRange, listSentences, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { conceptSpotter } from '../terms/match.ts';
import { termMatcher } from './terms-recognition.ts';
import { pairLanguages, readWorkLayout, type LaidOutPair, type PairSpec, type WorkLayout } from './work-layout.ts';

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

/** A pair aligned but not stored yet: its beads, and whether a bridge was used (named in its event). */
export interface PlannedPairAlignment {
  pair: LaidOutPair;
  beads: GridRow[];
  bridged: boolean;
}

/**
 * Aligns every pair of a layout that has no alignment yet, writing nothing: each pair's sides come
 * from `sideOf`, the beads of the pairs already stored from `storedBeads`. Pivot pairs come first in
 * the layout, so a bridge's alignments are there when a later pair needs them. Then the direct pairs
 * of the new columns move their sentences where they are surer than the pivot pairs (reconcile.ts).
 * Reports each pair to `onPair` before aligning it. `resources` must cover the pairs' languages
 * (languagesOfPairs).
 */
export function planMissingPairs(
  layout: WorkLayout,
  sideOf: (v: VersionRecord) => AlignSide,
  storedBeads: (alignment: AlignmentRecord) => GridRow[],
  options: { resources: AlignResources; terms: TermSpotter | undefined; onPair?: (index: number, pair: LaidOutPair) => void },
): PlannedPairAlignment[] {
  const missing = layout.pairs.filter((p) => !p.alignment);
  if (missing.length === 0) return [];
  const beadsOf = new Map<string, GridRow[]>();
  const key = (a: VersionRecord, b: VersionRecord) => `${a.id}:${b.id}`;
  for (const p of layout.pairs) if (p.alignment) beadsOf.set(key(p.a, p.b), storedBeads(p.alignment));
  const bridged = new Map<LaidOutPair, boolean>();
  missing.forEach((pair, index) => {
    options.onPair?.(index, pair);
    let bridge: PairAlignInput['bridge'];
    if (pair.bridge) {
      const withA = beadsOf.get(key(pair.bridge, pair.a));
      const withB = beadsOf.get(key(pair.bridge, pair.b));
      if (withA && withB) bridge = { side: sideOf(pair.bridge), withA: asAlignerBeads(withA), withB: asAlignerBeads(withB) };
    }
    const a = sideOf(pair.a);
    const b = sideOf(pair.b);
    const beads = alignSides({ a, b, bridge }, { resources: options.resources, terms: options.terms });
    checkPair(beads, a.sentences.length, b.sentences.length);
    beadsOf.set(key(pair.a, pair.b), beads);
    bridged.set(pair, Boolean(bridge));
  });
  // the direct pairs of the new columns move their sentences where they are surer than the pivot pairs
  const newColumns = layout.columns
    .map((_, k) => k)
    .filter((k) => k !== layout.pivot && layout.gridPairs.every((i) => {
      const p = layout.pairs[i];
      const x = layout.columns.indexOf(p.a);
      const y = layout.columns.indexOf(p.b);
      return (x !== k && y !== k) || !p.alignment;
    }));
  if (newColumns.length && layout.gridPairs.every((i) => beadsOf.has(key(layout.pairs[i].a, layout.pairs[i].b)))) {
    const gridBeads = layout.gridPairs.map((i) => beadsOf.get(key(layout.pairs[i].a, layout.pairs[i].b))!);
    const repaired = reconcileWithDirectPairs(layout.grid, gridBeads, newColumns);
    layout.gridPairs.forEach((i, q) => {
      const p = layout.pairs[i];
      if (!p.alignment) beadsOf.set(key(p.a, p.b), repaired[q]);
    });
  }
  return missing.map((pair) => ({ pair, beads: beadsOf.get(key(pair.a, pair.b))!, bridged: bridged.get(pair)! }));
}

/** Stores a pair's first alignment inside the caller's transaction, with its 'align-pair' event. */
export function storePairAlignment(db: Database, work: WorkRecord, pair: PairSpec & { label: string }, beads: GridRow[], bridged: boolean, options: { actor: string; at: string }): number {
  const alignmentId = insertAlignment(db, { workId: work.id, versionA: pair.a.id, versionB: pair.b.id, at: options.at });
  replaceAllBeads(db, alignmentId, beads);
  const eventId = appendEvent(db, {
    workId: work.id,
    actor: options.actor,
    at: options.at,
    kind: 'align-pair',
    summary: `aligned ${pair.label} into ${beads.length} beads${bridged ? ` (through ${pair.bridge!.name})` : ''}`,
    before: null,
    after: { format: 2, alignment: alignmentId, pair: pair.label, beads: beads.length, stack: { [alignmentId]: { undo: null, redo: null } } },
  });
  linkEventToAlignments(db, eventId, [alignmentId]);
  return alignmentId;
}

/** The sides of versions as stored, each read once. */
export function storedSides(db: Database): (v: VersionRecord) => AlignSide {
  const sides = new Map<number, AlignSide>();
  return (v) => {
    let side = sides.get(v.id);
    if (!side) sides.set(v.id, (side = alignSideOf(db, v)));
    return side;
  };
}

/**
 * Aligns, inside the caller's transaction, every pair of the work that has no alignment yet, and
 * returns them. `resources` must cover their languages (languagesOfPairs). (An import aligns its
 * pairs before its transaction instead: import-version.ts.)
 */
export function alignMissingPairs(db: Database, work: WorkRecord, options: { actor: string; at: string; resources: AlignResources }): LaidOutPair[] {
  const layout = readWorkLayout(db, work);
  const planned = planMissingPairs(layout, storedSides(db), (alignment) => readAllBeads(db, alignment.id), { resources: options.resources, terms: termSpotterOf(db) });
  for (const { pair, beads, bridged } of planned) storePairAlignment(db, work, pair, beads, bridged, options);
  return planned.map((p) => p.pair);
}
