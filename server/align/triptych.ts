// Triptych's aligner. Every bead is scored as log prior(shape) + a length log-likelihood ratio (a
// Gale-Church model with ratio and variance estimated from the document) + a lexical log-likelihood
// ratio (./lexical.ts) + soft paragraph evidence. Two passes: the first uses the dictionary, numbers,
// names and cognates; its beads then re-estimate the length model, the shape priors and each word's
// chance of being translated, and teach a lexicon learned from the text; the second pass, in a band
// around the first path, gives the final beads and their posterior probabilities. Long texts are first
// aligned coarse to fine on blocks of sentences, so every search runs in a band: time and memory grow
// linearly with length.
import { beadFromRanges } from './beads.ts';
import { beadConfidences } from './calibration.ts';
import { addBridgeTokens, addTermTokens, buildRelation, rememberRelation, tokenizeSide, type Relation, type SideTokens } from './evidence.ts';
import { learnLexicon } from './lexicon.ts';
import { LexicalScorer, windowFromBand } from './lexical.ts';
import { lengthDelta, sentenceLength, type LengthModel } from './length.ts';
import { bandAroundPath, bandCells, fullBand, searchBand, type Band, type BeadStep, type Shape } from './search.ts';
import type { AlignOptions, AlignSide, Bead } from './types.ts';

const DEFAULT_PRIORS: Array<Shape & { prior: number }> = [
  { ds: 1, dt: 1, prior: 0.75 },
  { ds: 1, dt: 0, prior: 0.01 },
  { ds: 0, dt: 1, prior: 0.01 },
  { ds: 1, dt: 2, prior: 0.07 },
  { ds: 2, dt: 1, prior: 0.07 },
  { ds: 2, dt: 2, prior: 0.015 },
  { ds: 1, dt: 3, prior: 0.02 },
  { ds: 3, dt: 1, prior: 0.02 },
  { ds: 2, dt: 3, prior: 0.005 },
  { ds: 3, dt: 2, prior: 0.005 },
  { ds: 1, dt: 4, prior: 0.005 },
  { ds: 4, dt: 1, prior: 0.005 },
  // many-to-many chains where the two versions merged neighbouring sentences at different points
  { ds: 3, dt: 3, prior: 0.001 },
  { ds: 2, dt: 4, prior: 0.001 },
  { ds: 4, dt: 2, prior: 0.001 },
  { ds: 1, dt: 5, prior: 0.001 },
  { ds: 5, dt: 1, prior: 0.001 },
];
export const SHAPES: Shape[] = DEFAULT_PRIORS.map(({ ds, dt }) => ({ ds, dt }));
/** the most sentences a bead has on one side */
const MAX_SPAN = 5;
/** beads of more sentences than this in all are not scored when their lengths alone rule them out */
const LARGE_BEAD = 5;
const LARGE_BEAD_MAX_LENGTH_PENALTY = 12;
/** weight of the lexical LLR: the two directions see the same evidence, so each counts half */
let lexicalWeight = 0.5;
const FULL_SEARCH_CELLS = 10_000;
const INITIAL_P1 = 0.5;
/** the temperature of the posteriors that pick the beads a later pass learns from */
const LEARNING_TEMPERATURE = 2;
/**
 * the temperature of the last pass's posteriors, the first evidence of each bead's confidence: at 1
 * they tell wrong beads from right ones better than at 2 (on the dev sets, with the same beads: the
 * path does not depend on it), and the calibration (./calibration.ts) rescales them anyway
 */
let temperature = 1;

let trace: ((message: string) => void) | null = null;
/** Development aid: receive a line per search pass (band size, timings). */
export function traceTriptych(fn: ((message: string) => void) | null): void {
  trace = fn;
}

/** Calibration aid: the temperature that turns the last pass's bead scores into posteriors. */
export function setConfidenceTemperature(value: number): void {
  temperature = value;
}

/** Calibration aid: the weight of the lexical log-likelihood ratio against length and priors. */
export function setLexicalWeight(value: number): void {
  lexicalWeight = value;
}

interface Model {
  logPrior: Float64Array;
  length: LengthModel;
  /** variance of the standardised length difference between unrelated sentences */
  backgroundVariance: number;
}

function prefix(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let k = 0; k < values.length; k++) out[k + 1] = out[k] + values[k];
  return out;
}

/** Deterministic pseudo-random numbers, so alignments are reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function backgroundVariance(ls: ArrayLike<number>, lt: ArrayLike<number>, length: LengthModel): number {
  const random = rng(12345);
  let sum = 0;
  const samples = 2000;
  for (let k = 0; k < samples; k++) {
    const i = Math.floor(random() * ls.length);
    const j = Math.floor(random() * lt.length);
    const z = lengthDelta(ls[i], lt[j], length);
    sum += z * z;
  }
  return Math.max(2, sum / samples);
}

function initialModel(ls: ArrayLike<number>, lt: ArrayLike<number>): Model {
  let s = 0;
  let t = 0;
  for (let k = 0; k < ls.length; k++) s += ls[k];
  for (let k = 0; k < lt.length; k++) t += lt[k];
  const ratio = s > 0 && t > 0 ? t / s : 1;
  const length = { ratio, variance: 6.8 * ratio };
  return {
    logPrior: Float64Array.from(DEFAULT_PRIORS, (p) => Math.log(p.prior)),
    length,
    backgroundVariance: backgroundVariance(ls, lt, length),
  };
}

/**
 * The document's shape priors from the beads of a previous pass. Every matched shape has a base rate
 * from a per-document model, geometric in the extra sentences on each side (the document's own rates
 * of merging sentences on either side), so shapes the first pass rarely or never chose (3-3, 2-4, 1-5)
 * get a prior in proportion to how much this document merges; the counts of the pass then pull each
 * shape towards what the document shows.
 */
export function documentShapePriors(steps: Array<{ ds: number; dt: number }>, shapes: Array<Shape & { prior: number }> = DEFAULT_PRIORS, strength = 30): Float64Array {
  let extraS = 0;
  let extraT = 0;
  let matched = 0;
  for (const st of steps) {
    if (st.ds === 0 || st.dt === 0) continue;
    matched++;
    extraS += st.ds - 1;
    extraT += st.dt - 1;
  }
  const defaultNull = shapes.filter((sh) => sh.ds === 0 || sh.dt === 0).reduce((a, sh) => a + sh.prior, 0);
  const defaultTotal = shapes.reduce((a, sh) => a + sh.prior, 0);
  // geometric rates, smoothed towards the default priors' own rates by ten beads' worth
  const defaultExtra = (side: 'ds' | 'dt'): number => shapes.reduce((a, sh) => (sh.ds > 0 && sh.dt > 0 ? a + sh.prior * (sh[side] - 1) : a), 0) / (defaultTotal - defaultNull);
  const rate = (extra: number, fallback: number): number => {
    const mean = (extra + 10 * fallback) / (matched + 10);
    return Math.min(0.6, mean / (1 + mean));
  };
  const rs = rate(extraS, defaultExtra('ds'));
  const rt = rate(extraT, defaultExtra('dt'));
  const base = shapes.map((sh) => (sh.ds === 0 || sh.dt === 0 ? sh.prior / defaultTotal : rs ** (sh.ds - 1) * rt ** (sh.dt - 1)));
  const matchedBase = base.reduce((a, b, k) => (shapes[k].ds > 0 && shapes[k].dt > 0 ? a + b : a), 0);
  const nullShare = defaultNull / defaultTotal;
  for (let k = 0; k < shapes.length; k++) if (shapes[k].ds > 0 && shapes[k].dt > 0) base[k] *= (1 - nullShare) / matchedBase;
  const counts = base.map((b) => b * strength);
  for (const st of steps) {
    const k = shapes.findIndex((s) => s.ds === st.ds && s.dt === st.dt);
    if (k >= 0) counts[k]++;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  return Float64Array.from(counts, (c) => Math.log(c / total));
}

/** Re-estimates shape priors and the length model from the beads of a previous pass. */
function reestimate(steps: BeadStep[], cs: Float64Array, ct: Float64Array, ls: ArrayLike<number>, lt: ArrayLike<number>): Model {
  const logPrior = documentShapePriors(steps);
  // length: ratio and variance from the matched beads, trimmed of the worst tenth
  let sumS = 0;
  let sumT = 0;
  const matched = steps.filter((st) => st.ds > 0 && st.dt > 0);
  for (const st of matched) {
    sumS += cs[st.i0 + st.ds] - cs[st.i0];
    sumT += ct[st.j0 + st.dt] - ct[st.j0];
  }
  const ratio = sumS > 0 && sumT > 0 ? sumT / sumS : 1;
  const sq: number[] = [];
  for (const st of matched) {
    const a = cs[st.i0 + st.ds] - cs[st.i0];
    const b = ct[st.j0 + st.dt] - ct[st.j0];
    const mean = (a + b / ratio) / 2;
    if (mean > 0) sq.push(((b - a * ratio) * (b - a * ratio)) / mean);
  }
  sq.sort((x, y) => x - y);
  const kept = sq.slice(0, Math.max(1, Math.floor(sq.length * 0.9)));
  // the trimmed mean of a chi-square(1) tail-cut at 90% is about 0.58 of the full mean
  const variance = kept.length >= 10 ? Math.max(0.5 * ratio, kept.reduce((a, b) => a + b, 0) / kept.length / 0.58) : 6.8 * ratio;
  const length = { ratio, variance };
  return { logPrior, length, backgroundVariance: backgroundVariance(ls, lt, length) };
}

/** Merges every `size` consecutive units into one (the union of their word types). */
function blockSide(side: SideTokens, size: number): SideTokens {
  const sentences: Int32Array[] = [];
  const df = new Int32Array(side.vocab.length);
  // the union in order of first appearance (as a Set would give it), marked per block in one array
  const seenIn = new Int32Array(side.vocab.length).fill(-1);
  const union: number[] = [];
  for (let k = 0; k < side.sentences.length; k += size) {
    union.length = 0;
    for (let x = k; x < Math.min(side.sentences.length, k + size); x++) {
      const types = side.sentences[x];
      for (let y = 0; y < types.length; y++) {
        const t = types[y];
        if (seenIn[t] === k) continue;
        seenIn[t] = k;
        union.push(t);
        df[t]++;
      }
    }
    sentences.push(Int32Array.from(union));
  }
  return { lang: side.lang, vocab: side.vocab, ids: side.ids, sentences, df };
}

function blockLengths(lengths: Float64Array, size: number): Float64Array {
  const out = new Float64Array(Math.ceil(lengths.length / size));
  for (let k = 0; k < lengths.length; k++) out[Math.floor(k / size)] += lengths[k];
  return out;
}

const BLOCK = 4;
/** block grids up to this size are searched whole */
const COARSE_FULL_CELLS = 20_000;
/** blocks rarely match in exotic shapes: five are enough to find the way */
const COARSE_SHAPES: Shape[] = SHAPES.filter((s) => s.ds + s.dt <= 3);
/** on a long text (sentences of both sides) the first pass only guides the second: the largest beads wait for the second */
const LONG_TEXT = 4000;
/** searches after the first that learn from the previous one (one only on a long text: its time) */
const LEARNING_ROUNDS = 2;
/** the posterior a bead of the second pass needs to teach the lexicon of the third */
const LEARN_FROM_CONFIDENCE = 0.8;
const FIRST_PASS_SHAPES: Shape[] = SHAPES.filter((s) => s.ds + s.dt <= LARGE_BEAD);

/**
 * A guide path for long texts, coarse to fine: the same aligner run on blocks of BLOCK sentences
 * (recursively, until the grid is small enough to search whole), projected back to sentence cut points.
 * Returns null when the texts are small enough to search without a band.
 */
function coarseGuide(
  S: SideTokens,
  T: SideTokens,
  ls: Float64Array,
  lt: Float64Array,
  rel: Relation,
  limit = FULL_SEARCH_CELLS,
  unit = 1,
): Array<[number, number]> | null {
  const n = S.sentences.length;
  const m = T.sentences.length;
  if ((n + 1) * (m + 1) <= limit) return null;
  const bS = blockSide(S, BLOCK);
  const bT = blockSide(T, BLOCK);
  const bls = blockLengths(ls, BLOCK);
  const blt = blockLengths(lt, BLOCK);
  const size = unit * BLOCK;
  const above = coarseGuide(bS, bT, bls, blt, rel, COARSE_FULL_CELLS, size);
  // A block left unaligned stands for `size` sentences left unaligned: its prior is that many times smaller.
  const model = initialModel(bls, blt);
  SHAPES.forEach((sh, k) => {
    if (sh.ds === 0 || sh.dt === 0) model.logPrior[k] *= size;
  });
  const steps = searchUnits(bS, bT, bls, blt, rel, model, null, null, above, 4, false, null, COARSE_SHAPES).steps;
  return steps.map((st) => [Math.min(n, (st.i0 + st.ds) * BLOCK), Math.min(m, (st.j0 + st.dt) * BLOCK)]);
}

/** Token classes with their own coverage rates: numbers are nearly always carried over, words less often. */
function tokenClass(token: string): number {
  return token.startsWith('#') ? 0 : token.startsWith('¶') ? 1 : token.startsWith('@') ? 3 : token.startsWith('§') ? 4 : 2;
}
/** numbers, punctuation, words, bridge links, termbase concepts (a translation may name a concept by a pronoun) */
const CLASS_PRIOR = [0.9, 0.5, INITIAL_P1, 0.97, 0.85];

export function initialCoverage(side: SideTokens): Float64Array {
  return Float64Array.from(side.vocab, (tok) => CLASS_PRIOR[tokenClass(tok)]);
}

/** Estimates each token's chance of being covered in a true bead, smoothed towards its class's rate. */
function coverageProbabilities(side: SideTokens, seen: Float64Array, covered: Float64Array, strength = 3): Float64Array {
  const s = CLASS_PRIOR.map(() => 0);
  const c = CLASS_PRIOR.map(() => 0);
  for (let k = 0; k < seen.length; k++) {
    const cls = tokenClass(side.vocab[k]);
    s[cls] += seen[k];
    c[cls] += covered[k];
  }
  // a class seen little keeps most of its prior
  const rate = CLASS_PRIOR.map((prior, cls) => Math.min(0.97, Math.max(0.1, (c[cls] + 20 * prior) / (s[cls] + 20))));
  return Float64Array.from(seen, (n, k) => {
    const g = rate[tokenClass(side.vocab[k])];
    return Math.min(0.97, Math.max(0.02, (covered[k] + strength * g) / (n + strength)));
  });
}


/** Sentences without a letter or digit (OCR debris, separators such as '* * *') translate nothing. */
const CONTENTLESS_PENALTY = 4;

function contentless(sentences: string[]): Uint8Array {
  return Uint8Array.from(sentences, (s) => (/[\p{L}\p{N}]/u.test(s) ? 0 : 1));
}

function blockBoundaryPenalty(blocks: number[] | undefined, from: number, count: number, weight: number): number {
  if (!blocks || count < 2) return 0;
  let penalty = 0;
  for (let k = from + 1; k < from + count; k++) if (blocks[k] !== blocks[k - 1]) penalty += weight;
  return penalty;
}

/**
 * One search over units (sentences or blocks) in a band around `guide` (the whole grid when null),
 * widening the band while the best path runs along its edge.
 */
function searchUnits(
  S: SideTokens,
  T: SideTokens,
  ls: Float64Array,
  lt: Float64Array,
  rel: Relation,
  model: Model,
  p1S: Float64Array | null,
  p1T: Float64Array | null,
  guide: Array<[number, number]> | null,
  radius: number,
  posteriors: boolean,
  blocks: { src: AlignSide; tgt: AlignSide; structure: boolean; emptyS: Uint8Array; emptyT: Uint8Array } | null,
  shapes: Shape[] = SHAPES,
  postTemperature = LEARNING_TEMPERATURE,
): { steps: BeadStep[]; posteriors?: Float64Array; scorer: LexicalScorer } {
  const n = S.sentences.length;
  const m = T.sentences.length;
  const cs = prefix(ls);
  const ct = prefix(lt);
  const pS = p1S ?? initialCoverage(S);
  const pT = p1T ?? initialCoverage(T);
  const { logPrior, length, backgroundVariance: vb } = model;
  const shrink = 1 - 1 / vb;
  const lengthOffset = 0.5 * Math.log(vb);
  // the scorer precomputes the sentence pairs the searched shapes can meet, no more
  const span = shapes.reduce((a, sh) => Math.max(a, sh.ds, sh.dt), 1);
  const shapeIndex = new Int8Array((MAX_SPAN + 1) * (MAX_SPAN + 1)).fill(-1);
  SHAPES.forEach((sh, k) => (shapeIndex[sh.ds * (MAX_SPAN + 1) + sh.dt] = k));
  for (;;) {
    const band = guide === null ? fullBand(n, m) : bandAroundPath(n, m, guide, radius);
    const started = trace ? performance.now() : 0;
    const scorer = new LexicalScorer(S, T, rel, pS, pT, windowFromBand(band.lo, band.hi, n, m, span));
    const score = (i0: number, j0: number, ds: number, dt: number): number => {
      const k = shapeIndex[ds * (MAX_SPAN + 1) + dt];
      let sc = logPrior[k];
      if (ds === 0 || dt === 0) return sc;
      const z = lengthDelta(cs[i0 + ds] - cs[i0], ct[j0 + dt] - ct[j0], length);
      const lengthPenalty = 0.5 * z * z * shrink;
      if (ds + dt > LARGE_BEAD && lengthPenalty > LARGE_BEAD_MAX_LENGTH_PENALTY) return -Infinity;
      sc += lengthOffset - lengthPenalty;
      sc += lexicalWeight * scorer.score(i0, ds, j0, dt);
      if (blocks) {
        const { src, tgt, emptyS, emptyT } = blocks;
        if (blocks.structure) {
          sc -= blockBoundaryPenalty(src.paragraphs, i0, ds, 2) + blockBoundaryPenalty(tgt.paragraphs, j0, dt, 2);
          sc -= blockBoundaryPenalty(src.parts, i0, ds, 4) + blockBoundaryPenalty(tgt.parts, j0, dt, 4);
        }
        for (let i = i0; i < i0 + ds; i++) sc -= emptyS[i] * CONTENTLESS_PENALTY;
        for (let j = j0; j < j0 + dt; j++) sc -= emptyT[j] * CONTENTLESS_PENALTY;
      }
      return sc;
    };
    const result = searchBand(band, shapes, score, { posteriors, temperature: postTemperature, edgeMargin: 2 });
    trace?.(`pass ${n}x${m}: cells ${bandCells(band)}, touches ${result.touchesEdge}, ${(performance.now() - started).toFixed(0)} ms`);
    if (!result.touchesEdge || guide === null || bandCells(band) >= (n + 1) * (m + 1)) return { ...result, scorer };
    radius *= 2;
    if (radius > Math.max(n, m)) guide = null;
  }
}

/** the share of a one-sided sentence's translatable words a neighbour's other side must cover to take it in */
const JOIN_COVERAGE = 0.5;
/** ...and how much the lexical log-likelihood ratio of the neighbour must rise with it */
const JOIN_EVIDENCE = 2;

/**
 * A second look at one-sided beads, after the search: a sentence left without partner joins the
 * neighbouring bead whose other side covers at least JOIN_COVERAGE of its translatable words (two or
 * more), the better covered neighbour when both do. The search weighs such a sentence by length and
 * shape priors as much as by its words; this looks at its words alone. A sentence that is a block of
 * its own (a heading, a list item: its paragraph differs from the neighbour's) stays alone. A joined
 * bead takes the lower confidence of the two.
 */
export function reconsiderOneSided(
  steps: BeadStep[],
  posteriors: ArrayLike<number>,
  scorer: LexicalScorer,
  src: Pick<AlignSide, 'paragraphs'>,
  tgt: Pick<AlignSide, 'paragraphs'>,
): { steps: BeadStep[]; posteriors: Float64Array } {
  const out: BeadStep[] = steps.map((st) => ({ ...st }));
  const conf: number[] = Array.from(posteriors);
  const ownBlock = (st: BeadStep, o: BeadStep): boolean => {
    const [blocks, at, from, count] = st.ds > 0 ? [src.paragraphs, st.i0, o.i0, o.ds] : [tgt.paragraphs, st.j0, o.j0, o.dt];
    if (!blocks) return false;
    for (let x = from; x < from + count; x++) if (blocks[x] === blocks[at]) return false;
    return true;
  };
  for (let k = 0; k < out.length; k++) {
    const st = out[k];
    if ((st.ds === 0) === (st.dt === 0)) continue;
    let bestK = -1;
    let bestShare = JOIN_COVERAGE;
    for (const nb of [k - 1, k + 1]) {
      const o = out[nb];
      if (!o || o.ds === 0 || o.dt === 0 || o.ds + st.ds > MAX_SPAN || o.dt + st.dt > MAX_SPAN || ownBlock(st, o)) continue;
      // the tokens, and covered tokens, that taking the sentence in adds to the neighbour
      const merged = scorer.coverage(Math.min(o.i0, st.i0), o.ds + st.ds, Math.min(o.j0, st.j0), o.dt + st.dt);
      const alone = scorer.coverage(o.i0, o.ds, o.j0, o.dt);
      const tokens = merged.tokens - alone.tokens;
      const share = tokens >= 2 ? (merged.covered - alone.covered) / tokens : 0;
      // and words that say more than chance would: the lexical log-likelihood ratio must rise
      const evidence = scorer.score(Math.min(o.i0, st.i0), o.ds + st.ds, Math.min(o.j0, st.j0), o.dt + st.dt) - scorer.score(o.i0, o.ds, o.j0, o.dt);
      if (share >= bestShare && evidence >= JOIN_EVIDENCE) {
        bestShare = share;
        bestK = nb;
      }
    }
    if (bestK < 0) continue;
    const o = out[bestK];
    const lo = Math.min(k, bestK);
    out.splice(lo, 2, { i0: Math.min(o.i0, st.i0), j0: Math.min(o.j0, st.j0), ds: o.ds + st.ds, dt: o.dt + st.dt, score: o.score + st.score });
    conf.splice(lo, 2, Math.min(conf[k], conf[bestK]));
    k = lo;
  }
  return { steps: out, posteriors: Float64Array.from(conf) };
}

/** a sentence at the edge of a bead whose words its partners cover less than this share of... */
const DETACH_COVERAGE = 0.34;
/** ...counted over at least this many translatable words... */
const DETACH_MIN_TOKENS = 4;
/** ...and whose words lower the bead's lexical log-likelihood ratio by at least this, leaves the bead */
const DETACH_EVIDENCE = 4;

/**
 * The converse of reconsiderOneSided: a sentence at either end of a many-sentence side whose words the
 * other side covers (almost) none of, and whose presence adds no lexical evidence to the bead, is
 * taken out as a one-sided bead. This is what a translation that left a sentence out looks like
 * when the search, weighing lengths and shape priors, joined the orphan to a neighbour instead. Both
 * pieces keep the bead's confidence.
 */
export function detachUncovered(steps: BeadStep[], posteriors: ArrayLike<number>, scorer: LexicalScorer): { steps: BeadStep[]; posteriors: Float64Array } {
  const out: BeadStep[] = [];
  const conf: number[] = [];
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k];
    let best: { piece: BeadStep; rest: BeadStep; pieceFirst: boolean; share: number } | null = null;
    if (st.ds > 0 && st.dt > 0 && st.ds + st.dt >= 3) {
      const whole = scorer.coverage(st.i0, st.ds, st.j0, st.dt);
      const wholeScore = scorer.score(st.i0, st.ds, st.j0, st.dt);
      const options: Array<{ piece: BeadStep; rest: BeadStep; pieceFirst: boolean }> = [];
      if (st.ds >= 2) {
        options.push({ piece: { ...st, ds: 1, dt: 0, j0: st.j0, score: 0 }, rest: { ...st, i0: st.i0 + 1, ds: st.ds - 1 }, pieceFirst: true });
        options.push({ piece: { ...st, i0: st.i0 + st.ds - 1, ds: 1, j0: st.j0 + st.dt, dt: 0, score: 0 }, rest: { ...st, ds: st.ds - 1 }, pieceFirst: false });
      }
      if (st.dt >= 2) {
        options.push({ piece: { ...st, dt: 1, ds: 0, score: 0 }, rest: { ...st, j0: st.j0 + 1, dt: st.dt - 1 }, pieceFirst: true });
        options.push({ piece: { ...st, i0: st.i0 + st.ds, ds: 0, j0: st.j0 + st.dt - 1, dt: 1, score: 0 }, rest: { ...st, dt: st.dt - 1 }, pieceFirst: false });
      }
      for (const o of options) {
        const rest = scorer.coverage(o.rest.i0, o.rest.ds, o.rest.j0, o.rest.dt);
        const tokens = whole.tokens - rest.tokens;
        if (tokens < DETACH_MIN_TOKENS) continue;
        const share = (whole.covered - rest.covered) / tokens;
        const evidence = wholeScore - scorer.score(o.rest.i0, o.rest.ds, o.rest.j0, o.rest.dt);
        if (share <= DETACH_COVERAGE && evidence <= -DETACH_EVIDENCE && (!best || share < best.share)) best = { ...o, share };
      }
    }
    if (!best) {
      out.push(st);
      conf.push(posteriors[k]);
      continue;
    }
    const pieces = best.pieceFirst ? [best.piece, best.rest] : [best.rest, best.piece];
    for (const p of pieces) {
      out.push(p);
      conf.push(posteriors[k]);
    }
  }
  return { steps: out, posteriors: Float64Array.from(conf) };
}

type SearchOutcome = { steps: BeadStep[]; posteriors?: Float64Array; scorer: LexicalScorer | null };

/** Each token's chance of being covered in a true bead, from the matched beads of a pass. */
function coverageFrom(S: SideTokens, T: SideTokens, rel: Relation, p1S0: Float64Array, p1T0: Float64Array, matched: BeadStep[]): { p1S: Float64Array; p1T: Float64Array } {
  const probe = new LexicalScorer(S, T, rel, p1S0, p1T0, { lo: new Int32Array(S.sentences.length).fill(0), hi: new Int32Array(S.sentences.length).fill(-1) });
  const tally = probe.tally(matched, S.vocab.length, T.vocab.length);
  return { p1S: coverageProbabilities(S, tally.seenSrc, tally.coveredSrc), p1T: coverageProbabilities(T, tally.seenTgt, tally.coveredTgt) };
}

/** a large shape is searched when the document's priors expect at least this many beads of it */
const MIN_EXPECTED_BEADS = 0.5;

/**
 * The shapes the second pass of a long text searches: every shape of up to LARGE_BEAD sentences, and a
 * larger one only when the document's own priors (from the first pass, `beads` beads) expect at least
 * MIN_EXPECTED_BEADS beads of it in the whole text. A document that merges little gives 3-3 or 1-5 a
 * prior so small that no evidence would choose it, and these shapes cost the most to score.
 */
export function shapesWorthSearching(logPrior: Float64Array, beads: number): Shape[] {
  return SHAPES.filter((sh, k) => sh.ds + sh.dt <= LARGE_BEAD || Math.exp(logPrior[k]) * beads >= MIN_EXPECTED_BEADS);
}

export function triptychAlign(src: AlignSide, tgt: AlignSide, options: AlignOptions): Bead[] {
  const resources = options.resources ?? {};
  const n = src.sentences.length;
  const m = tgt.sentences.length;
  const ls = Float64Array.from(src.sentences, sentenceLength);
  const lt = Float64Array.from(tgt.sentences, sentenceLength);
  const S = tokenizeSide(src, resources);
  const T = tokenizeSide(tgt, resources);
  if (options.bridge) {
    addBridgeTokens(S, options.bridge.srcBeads);
    addBridgeTokens(T, options.bridge.tgtBeads);
  }
  if (options.terms) {
    addTermTokens(S, src.sentences, options.terms);
    addTermTokens(T, tgt.sentences, options.terms);
  }
  trace?.(`tokenised ${S.vocab.length} + ${T.vocab.length} types`);
  const relBuilder = buildRelation(S, T, resources);
  let rel = relBuilder.build();
  rememberRelation(S, T, resources, rel);
  trace?.('relation built');
  const structure = Boolean(src.paragraphs && tgt.paragraphs);

  const small = (n + 1) * (m + 1) <= FULL_SEARCH_CELLS;
  const firstGuide = coarseGuide(S, T, ls, lt, rel);
  const model1 = initialModel(ls, lt);
  const p1S0 = initialCoverage(S);
  const p1T0 = initialCoverage(T);
  const blocks = { src, tgt, structure, emptyS: contentless(src.sentences), emptyT: contentless(tgt.sentences) };
  let result: SearchOutcome = searchUnits(S, T, ls, lt, rel, model1, p1S0, p1T0, firstGuide, 6, false, blocks, n + m > LONG_TEXT ? FIRST_PASS_SHAPES : SHAPES);

  // Learn from the first pass: lexicon, coverage rates, length model, shape priors; search again in a
  // band around it. A text that is not long learns a second time, from the beads the second pass is
  // sure of (posterior >= LEARN_FROM_CONFIDENCE), and is searched a third time.
  const rounds = n + m > LONG_TEXT ? 1 : LEARNING_ROUNDS;
  for (let round = 0; round < rounds; round++) {
    const { steps, posteriors } = result;
    // the previous pass's scorer (its pair masks) is of no further use: let it go before the next search
    result = { steps, posteriors, scorer: null };
    const matched = steps.filter((st) => st.ds > 0 && st.dt > 0);
    // the lexicon learns from the sure beads only; the coverage rates from all (sure beads alone
    // would make every word look always translated, and an unmatched word a verdict)
    const sure = steps.filter((st, k) => st.ds > 0 && st.dt > 0 && (!posteriors || posteriors[k] >= LEARN_FROM_CONFIDENCE));
    learnLexicon(S, T, sure, relBuilder);
    rel = relBuilder.build();
    const { p1S, p1T } = coverageFrom(S, T, rel, p1S0, p1T0, matched);
    const model = reestimate(steps, prefix(ls), prefix(lt), ls, lt);
    const path: Array<[number, number]> = steps.map((st) => [st.i0 + st.ds, st.j0 + st.dt]);
    // on a long text the first pass left the largest shapes out: they are searched where the document expects them
    const shapes = n + m > LONG_TEXT ? shapesWorthSearching(model.logPrior, steps.length) : SHAPES;
    trace?.(`round ${round + 1}: ${shapes.length} shapes (${shapes.map((sh) => `${sh.ds}-${sh.dt}`).join(' ')})`);
    const last = round === rounds - 1;
    result = searchUnits(S, T, ls, lt, rel, model, p1S, p1T, small ? null : path, 4, true, blocks, shapes, last ? temperature : LEARNING_TEMPERATURE);
  }
  if (result.posteriors && result.scorer) {
    const r = reconsiderOneSided(result.steps, result.posteriors, result.scorer, src, tgt);
    const d = detachUncovered(r.steps, r.posteriors, result.scorer);
    result.steps = d.steps;
    result.posteriors = beadConfidences(d.steps, d.posteriors, result.scorer, ls, lt);
  }
  const confidence = result.posteriors;
  return result.steps.map((st, k) => ({
    ...beadFromRanges(st.i0, st.i0 + st.ds, st.j0, st.j0 + st.dt),
    confidence: confidence ? Math.round(confidence[k] * 1000) / 1000 : 0.5,
  }));
}

export type { SideTokens };
