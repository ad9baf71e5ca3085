// The strict and lax precision/recall/F1 of vecalign and bertalign, counts pooled over documents.
// Precision judges every predicted bead (1-0 and 0-1 included); recall judges every gold bead with both
// sides non-empty against predictions with both sides non-empty. A bead is a strict hit when the identical
// bead is on the other side, a lax hit when one of its source sentences is aligned there to one of its targets.
import { REVIEW_CONFIDENCE } from './calibration.ts';
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

/**
 * Why gold beads were missed, for developers weighing an aligner against a gold standard whose units
 * may be coarser than sentences (verse-level gold, say). Each gold bead with both sides non-empty that
 * the prediction lacks is
 * - finer: the prediction splits it into two or more beads that pair sentences inside it (a question of
 *   granularity, not a wrong pairing);
 * - coarser: it lies inside one larger predicted bead;
 * - crossing: predicted beads pair some of its sentences with sentences outside it, or leave some of
 *   them unaligned (a wrong alignment).
 * `repaired` scores the prediction with every coarser and crossing error replaced by the gold bead and
 * every finer split kept: the best this aligner's granularity can reach on this gold.
 */
export interface MissAnalysis {
  missed: number;
  finer: number;
  coarser: number;
  crossing: number;
  repaired: AlignmentCounts;
}

export function emptyMissAnalysis(): MissAnalysis {
  return { missed: 0, finer: 0, coarser: 0, crossing: 0, repaired: emptyCounts() };
}

export function analyseMisses(gold: BeadIndices[], predicted: BeadIndices[]): MissAnalysis {
  const analysis = emptyMissAnalysis();
  const bySrc = new Map<number, number>();
  const byTgt = new Map<number, number>();
  predicted.forEach((bead, k) => {
    for (const i of bead.src) bySrc.set(i, k);
    for (const j of bead.tgt) byTgt.set(j, k);
  });
  const predictedKeys = new Set(predicted.map(key));
  const repaired: BeadIndices[] = [];
  for (const g of gold) {
    if (predictedKeys.has(key(g))) {
      repaired.push(g);
      continue;
    }
    if (g.src.length === 0 || g.tgt.length === 0) {
      repaired.push(g);
      continue;
    }
    analysis.missed++;
    const touching = new Set<number>();
    for (const i of g.src) if (bySrc.has(i)) touching.add(bySrc.get(i)!);
    for (const j of g.tgt) if (byTgt.has(j)) touching.add(byTgt.get(j)!);
    const src = new Set(g.src);
    const tgt = new Set(g.tgt);
    const pieces = [...touching].sort((a, b) => a - b).map((k) => predicted[k]);
    const inside = pieces.every((p) => p.src.every((i) => src.has(i)) && p.tgt.every((j) => tgt.has(j)));
    if (inside && pieces.length >= 2 && pieces.every((p) => p.src.length > 0 && p.tgt.length > 0)) {
      analysis.finer++;
      repaired.push(...pieces);
      continue;
    }
    const within = (p: BeadIndices): boolean => g.src.every((i) => p.src.includes(i)) && g.tgt.every((j) => p.tgt.includes(j));
    if (pieces.length === 1 && within(pieces[0])) analysis.coarser++;
    else analysis.crossing++;
    repaired.push(g);
  }
  analysis.repaired = countAlignment(gold, repaired);
  return analysis;
}

/** Adds `more` into `total` (pooling over documents). */
export function addMissAnalysis(total: MissAnalysis, more: MissAnalysis): MissAnalysis {
  total.missed += more.missed;
  total.finer += more.finer;
  total.coarser += more.coarser;
  total.crossing += more.crossing;
  addCounts(total.repaired, more.repaired);
  return total;
}

/**
 * How well the beads' confidences say which beads are right (a bead is right when it is identical to
 * a gold bead): the expected calibration error over ten equal-width bins (|accuracy - mean confidence|
 * weighted by the bin's share of beads), and the share of wrong and of right beads below confidence
 * 0.5 (what a reviewer sorting by confidence would be shown first). Counts pool over documents.
 */
export interface CalibrationTally {
  count: Float64Array;
  right: Float64Array;
  confidence: Float64Array;
  wrongBelowHalf: number;
  rightBelowHalf: number;
  wrong: number;
  rightTotal: number;
}

export interface Calibration {
  ece: number;
  wrongBelowHalf: number;
  rightBelowHalf: number;
  beads: number;
}

const CALIBRATION_BINS = 10;

export function emptyCalibration(): CalibrationTally {
  const bins = (): Float64Array => new Float64Array(CALIBRATION_BINS);
  return { count: bins(), right: bins(), confidence: bins(), wrongBelowHalf: 0, rightBelowHalf: 0, wrong: 0, rightTotal: 0 };
}

/** Adds one document's predicted beads (with confidences) judged against its gold into `tally`. */
export function addCalibration(tally: CalibrationTally, gold: BeadIndices[], predicted: Array<BeadIndices & { confidence: number }>): CalibrationTally {
  const goldKeys = new Set(gold.map(key));
  for (const bead of predicted) {
    const c = Math.min(1, Math.max(0, bead.confidence));
    const ok = goldKeys.has(key(bead));
    const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(c * CALIBRATION_BINS));
    tally.count[bin]++;
    tally.confidence[bin] += c;
    if (ok) {
      tally.right[bin]++;
      tally.rightTotal++;
      if (c < REVIEW_CONFIDENCE) tally.rightBelowHalf++;
    } else {
      tally.wrong++;
      if (c < REVIEW_CONFIDENCE) tally.wrongBelowHalf++;
    }
  }
  return tally;
}

export function calibrationFromTally(tally: CalibrationTally): Calibration {
  const beads = tally.wrong + tally.rightTotal;
  let ece = 0;
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    if (tally.count[b] === 0) continue;
    ece += Math.abs(tally.right[b] - tally.confidence[b]) / Math.max(1, beads);
  }
  return {
    ece,
    wrongBelowHalf: tally.wrong === 0 ? 0 : tally.wrongBelowHalf / tally.wrong,
    rightBelowHalf: tally.rightTotal === 0 ? 0 : tally.rightBelowHalf / tally.rightTotal,
    beads,
  };
}
