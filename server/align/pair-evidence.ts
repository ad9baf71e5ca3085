// The lexical evidence that one sentence translates another, for any pair of sentences of two texts
// (not only those an alignment put side by side): what the checks need to recognise a passage that
// moved. The relation is the aligner's (numbers, names, dictionary, cognates, termbase) plus a
// lexicon learned from the alignment's confident beads.
import { addTermTokens, buildRelation, tokenizeSide } from './evidence.ts';
import { LexicalScorer } from './lexical.ts';
import { learnLexicon } from './lexicon.ts';
import { initialCoverage } from './triptych.ts';
import type { AlignOptions, AlignSide, Bead } from './types.ts';

/**
 * the confidence a bead needs to teach the lexicon: a bead this sure is right nine times in ten, as
 * the calibrated confidences go (at 0.8, which lets in beads the calibration puts at a 20% chance of
 * being wrong, the dev sets' moves checks found one moved passage fewer and two false moves more)
 */
const TEACHING_CONFIDENCE = 0.9;

/**
 * Returns the lexical log-likelihood ratio of source sentence i against target sentence j (positive:
 * their words translate each other more than chance would have it).
 */
export function sentencePairEvidence(src: AlignSide, tgt: AlignSide, beads: Bead[], options: AlignOptions = {}): (i: number, j: number) => number {
  const resources = options.resources ?? {};
  const S = tokenizeSide(src, resources);
  const T = tokenizeSide(tgt, resources);
  if (options.terms) {
    addTermTokens(S, src.sentences, options.terms);
    addTermTokens(T, tgt.sentences, options.terms);
  }
  const builder = buildRelation(S, T, resources);
  const teaching = beads
    .filter((b) => b.src.length > 0 && b.tgt.length > 0 && b.confidence >= TEACHING_CONFIDENCE)
    .map((b) => ({ i0: b.src[0], ds: b.src.length, j0: b.tgt[0], dt: b.tgt.length }));
  learnLexicon(S, T, teaching, builder);
  const n = S.sentences.length;
  const scorer = new LexicalScorer(S, T, builder.build(), initialCoverage(S), initialCoverage(T), { lo: new Int32Array(n).fill(0), hi: new Int32Array(n).fill(-1) });
  return (i, j) => scorer.score(i, 1, j, 1);
}
