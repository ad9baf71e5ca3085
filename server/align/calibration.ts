// Calibrated confidence. The search's posterior of a bead is sure of nearly every bead, right or
// wrong: it knows the beads it weighed against each other, not how well the words of the chosen one
// agree. The confidence shown is a logistic mapping of the bead's evidence (its posterior, its
// shape, how much of its words the other side covers and with what lexical weight, how much of its
// words a neighbour's other side translates instead, and the posteriors of its neighbours, as wrong
// beads come in runs) onto the chance that the bead is right, fitted on the development sets
// (`npm run bench -- calibration` prints the fit and the figures) and shipped as the few weights
// below. Confidence 0.5 is where the app asks a person to look (the low-confidence check, the grid's
// red rows): a bead whose chance of being right is below REVIEW_BELOW is shown below 0.5, scaled;
// every other bead shows its chance as it is.
import type { LexicalScorer } from './lexical.ts';
import type { BeadStep } from './search.ts';

/**
 * Below this confidence a bead asks for a person's look: the low-confidence check, the editor's
 * filter and "next suspect", and the grid's red rows all read it here (the review cut below is fitted
 * so that the beads likely wrong fall under it).
 */
export const REVIEW_CONFIDENCE = 0.5;

/** From this confidence up the grid shows a bead as sure. */
export const SURE_CONFIDENCE = 0.8;

export type ConfidenceLevel = 'high' | 'medium' | 'low';

/** The whole percent a confidence is shown as: rounded down, so that no bead shown at 50% is under the review cut. */
export function confidencePercent(confidence: number): number {
  return Math.floor(confidence * 100 + 1e-9);
}

/** How the grid shows a confidence: sure, worth a glance, or to be looked at. */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  return confidence >= SURE_CONFIDENCE ? 'high' : confidence >= REVIEW_CONFIDENCE ? 'medium' : 'low';
}

export const CONFIDENCE_FEATURES = ['bias', 'posterior', 'neighbours', 'oneSided', 'oneToOne', 'size', 'coverage', 'evidence', 'tokens', 'worstSentence', 'lengthDeviation', 'besideOneSided', 'leakOut', 'leakIn'] as const;

/** Weights of CONFIDENCE_FEATURES, fitted by bench/calibration.bench.ts on the dev sets. */
let weights: readonly number[] | null = [3.196, 0.44, -0.041, -2.551, 0.652, -0.119, 0.333, -0.354, -0.203, -0.067, -0.433, -0.45, -0.555, -0.599];

/** the chance of being right below which a bead is shown below confidence 0.5 (fitted with the weights) */
let reviewBelow = 0.739;

/** Calibration aid: another REVIEW_BELOW (0.5: every bead shows its chance as it is). */
export function setReviewBelow(value: number): void {
  reviewBelow = value;
}

export function reviewThreshold(): number {
  return reviewBelow;
}

/**
 * The confidence shown for a chance of being right: the chance itself from `cut` up, scaled into
 * [0, 0.5) below it, so that 0.5 marks the beads worth a second look and the order stays the same.
 */
export function shownConfidence(chance: number, cut: number = reviewBelow): number {
  return chance >= cut ? chance : (0.5 * chance) / cut;
}

/** Calibration aid: other weights (null: the search's posteriors as they are). */
export function setConfidenceWeights(value: readonly number[] | null): void {
  weights = value;
}

export function confidenceWeights(): readonly number[] | null {
  return weights;
}

let collector: ((features: Float64Array[]) => void) | null = null;
/** Calibration aid: receive the evidence of every bead of each alignment, in bead order. */
export function collectConfidenceEvidence(fn: ((features: Float64Array[]) => void) | null): void {
  collector = fn;
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(q / (1 - q));
};

/** The median of some values (0 for none). */
function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * How much lexical evidence ties bead k to its neighbours across their boundary: `out`, the words of
 * the bead that a neighbour's other side covers and its own does not; `in`, the words of the
 * neighbours that the bead's other side covers and their own do not. A right bead next to right ones
 * shares little beyond chance with them; a bead cut out of a larger unit, or crossing a neighbour,
 * shares the words of the sentence that went the other way.
 */
function crossEvidence(steps: BeadStep[], k: number, scorer: LexicalScorer): { out: number; in: number } {
  const st = steps[k];
  let out = 0;
  let into = 0;
  for (const o of [steps[k - 1], steps[k + 1]]) {
    if (!o) continue;
    if (st.ds > 0 && o.dt > 0) out += scorer.coveredElsewhere('src', st.i0, st.ds, st.j0, st.dt, o.j0, o.dt);
    if (st.dt > 0 && o.ds > 0) out += scorer.coveredElsewhere('tgt', st.i0, st.ds, st.j0, st.dt, o.i0, o.ds);
    if (o.ds > 0 && st.dt > 0) into += scorer.coveredElsewhere('src', o.i0, o.ds, o.j0, o.dt, st.j0, st.dt);
    if (o.dt > 0 && st.ds > 0) into += scorer.coveredElsewhere('tgt', o.i0, o.ds, o.j0, o.dt, st.i0, st.ds);
  }
  return { out, in: into };
}

/**
 * The evidence of each bead, as the values of CONFIDENCE_FEATURES. `ls` and `lt` are the sentences'
 * lengths: a bead whose length ratio lies far from the document's usual one misses or holds a
 * sentence too many; a sentence of the bead whose words the other side barely covers may belong to
 * a neighbour, and words its neighbour's other side translates (crossEvidence) say the same.
 */
export function confidenceEvidence(steps: BeadStep[], posteriors: ArrayLike<number>, scorer: LexicalScorer, ls: ArrayLike<number>, lt: ArrayLike<number>): Float64Array[] {
  const lp = Array.from(posteriors, logit);
  const sum = (l: ArrayLike<number>, from: number, count: number): number => {
    let t = 0;
    for (let x = from; x < from + count; x++) t += l[x];
    return t;
  };
  const ratios = steps.map((st) => (st.ds > 0 && st.dt > 0 ? Math.log((sum(lt, st.j0, st.dt) + 1) / (sum(ls, st.i0, st.ds) + 1)) : NaN));
  const matched = ratios.filter((r) => !Number.isNaN(r));
  const mid = median(matched);
  const spread = Math.max(0.05, 1.4826 * median(matched.map((r) => Math.abs(r - mid))));
  return steps.map((st, k) => {
    const oneSided = st.ds === 0 || st.dt === 0;
    const c = oneSided ? { covered: 0, tokens: 0 } : scorer.coverage(st.i0, st.ds, st.j0, st.dt);
    const evidence = oneSided ? 0 : scorer.score(st.i0, st.ds, st.j0, st.dt);
    const neighbours = Math.min(k > 0 ? lp[k - 1] : lp[k], k + 1 < steps.length ? lp[k + 1] : lp[k]);
    // the least covered sentence of the bead (of those with two or more matchable tokens)
    let worst = 1;
    if (!oneSided) {
      for (let i = st.i0; i < st.i0 + st.ds; i++) {
        const x = scorer.coverage(i, 1, st.j0, st.dt);
        const own = scorer.coverage(i, 1, st.j0, 0);
        const tokens = x.tokens - own.tokens;
        if (tokens >= 2) worst = Math.min(worst, (x.covered - own.covered) / tokens);
      }
      for (let j = st.j0; j < st.j0 + st.dt; j++) {
        const x = scorer.coverage(st.i0, st.ds, j, 1);
        const own = scorer.coverage(st.i0, 0, j, 1);
        const tokens = x.tokens - own.tokens;
        if (tokens >= 2) worst = Math.min(worst, (x.covered - own.covered) / tokens);
      }
    }
    const beside = [steps[k - 1], steps[k + 1]].some((o) => o !== undefined && (o.ds === 0 || o.dt === 0));
    const cross = crossEvidence(steps, k, scorer);
    return Float64Array.of(
      1,
      lp[k],
      neighbours,
      oneSided ? 1 : 0,
      st.ds === 1 && st.dt === 1 ? 1 : 0,
      st.ds + st.dt,
      c.tokens > 0 ? c.covered / c.tokens : 0,
      evidence / Math.max(1, c.tokens),
      Math.log1p(c.tokens),
      oneSided ? 0 : worst,
      oneSided ? 0 : Math.min(6, Math.abs(ratios[k] - mid) / spread),
      beside ? 1 : 0,
      Math.log1p(cross.out),
      Math.log1p(cross.in),
    );
  });
}

/** The chance that a bead of this evidence is right, under the weights. */
export function calibratedConfidence(features: ArrayLike<number>, w: readonly number[]): number {
  let z = 0;
  for (let f = 0; f < w.length; f++) z += w[f] * features[f];
  return 1 / (1 + Math.exp(-z));
}

/** The confidences of an alignment's beads: calibrated when weights are set, else the posteriors. */
export function beadConfidences(steps: BeadStep[], posteriors: Float64Array, scorer: LexicalScorer, ls: ArrayLike<number>, lt: ArrayLike<number>): Float64Array {
  if (!weights && !collector) return posteriors;
  const features = confidenceEvidence(steps, posteriors, scorer, ls, lt);
  collector?.(features);
  if (!weights) return posteriors;
  const w = weights;
  return Float64Array.from(features, (x) => shownConfidence(calibratedConfidence(x, w)));
}
