// The strict and lax precision/recall/F1 of vecalign and bertalign, counts pooled over documents.
// Precision judges every predicted bead (1-0 and 0-1 included); recall judges every gold bead with both
// sides non-empty against predictions with both sides non-empty. A bead is a strict hit when the identical
// bead is on the other side, a lax hit when one of its source sentences is aligned there to one of its targets.
import type { BeadIndices } from './beads.ts';

export interface MatchCounts {
  strictHit: number;
  strictMiss: number;
  laxHit: number;
  laxMiss: number;
}

export interface AlignmentCounts {
  precision: MatchCounts;
  recall: MatchCounts;
}

export interface PRF {
  p: number;
  r: number;
  f1: number;
}

export interface AlignmentScores {
  strict: PRF;
  lax: PRF;
}

const key = (bead: BeadIndices): string => `${bead.src.join(',')}:${bead.tgt.join(',')}`;

/** Judges each bead of `test` against `reference` (the core of both precision and recall). */
function judge(reference: BeadIndices[], test: BeadIndices[]): MatchCounts {
  const counts: MatchCounts = { strictHit: 0, strictMiss: 0, laxHit: 0, laxMiss: 0 };
  const referenceKeys = new Set<string>();
  const targetsOfSource = new Map<number, Set<number>>();
  for (const bead of reference) {
    if (bead.src.length === 0 && bead.tgt.length === 0) continue;
    referenceKeys.add(key(bead));
    for (const i of bead.src) {
      let set = targetsOfSource.get(i);
      if (!set) targetsOfSource.set(i, (set = new Set()));
      for (const j of bead.tgt) set.add(j);
    }
  }
  const seen = new Set<string>();
  for (const bead of test) {
    if (bead.src.length === 0 && bead.tgt.length === 0) continue;
    const k = key(bead);
    if (seen.has(k)) continue; // vecalign scores sets of beads
    seen.add(k);
    if (referenceKeys.has(k)) {
      counts.strictHit++;
      counts.laxHit++;
      continue;
    }
    counts.strictMiss++;
    const overlaps = bead.src.some((i) => bead.tgt.some((j) => targetsOfSource.get(i)?.has(j)));
    if (overlaps) counts.laxHit++;
    else counts.laxMiss++;
  }
  return counts;
}

const bothSides = (beads: BeadIndices[]): BeadIndices[] => beads.filter((b) => b.src.length > 0 && b.tgt.length > 0);

/** Counts for one document. */
export function countAlignment(gold: BeadIndices[], predicted: BeadIndices[]): AlignmentCounts {
  return {
    precision: judge(gold, predicted),
    recall: judge(bothSides(predicted), bothSides(gold)),
  };
}

export function emptyCounts(): AlignmentCounts {
  const zero = (): MatchCounts => ({ strictHit: 0, strictMiss: 0, laxHit: 0, laxMiss: 0 });
  return { precision: zero(), recall: zero() };
}

/** Adds `more` into `total` (pooling over documents). */
export function addCounts(total: AlignmentCounts, more: AlignmentCounts): AlignmentCounts {
  for (const side of ['precision', 'recall'] as const) {
    for (const field of ['strictHit', 'strictMiss', 'laxHit', 'laxMiss'] as const) total[side][field] += more[side][field];
  }
  return total;
}

const ratio = (hit: number, miss: number): number => (hit + miss === 0 ? 0 : hit / (hit + miss));
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function scoresFromCounts(counts: AlignmentCounts): AlignmentScores {
  const ps = ratio(counts.precision.strictHit, counts.precision.strictMiss);
  const rs = ratio(counts.recall.strictHit, counts.recall.strictMiss);
  const pl = ratio(counts.precision.laxHit, counts.precision.laxMiss);
  const rl = ratio(counts.recall.laxHit, counts.recall.laxMiss);
  return { strict: { p: ps, r: rs, f1: f1(ps, rs) }, lax: { p: pl, r: rl, f1: f1(pl, rl) } };
}

/** Scores a whole set: counts pooled over its documents before dividing. */
export function scoreDocuments(pairs: Array<{ gold: BeadIndices[]; predicted: BeadIndices[] }>): AlignmentScores {
  const total = emptyCounts();
  for (const { gold, predicted } of pairs) addCounts(total, countAlignment(gold, predicted));
  return scoresFromCounts(total);
}
