// Calibrated confidence: the evidence that ties a bead to its neighbours, and the mapping of a bead's
// chance of being right onto the confidence shown (0.5 marks the beads worth a second look).
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FEATURES, confidenceEvidence, reviewThreshold, shownConfidence } from '../../server/align/calibration.ts';
import { buildRelation, tokenizeSide } from '../../server/align/evidence.ts';
import { LexicalScorer } from '../../server/align/lexical.ts';
import { initialCoverage } from '../../server/align/triptych.ts';
import type { AlignSide } from '../../server/align/types.ts';

const en = (sentences: string[]): AlignSide => ({ lang: 'en', sentences });
const fr = (sentences: string[]): AlignSide => ({ lang: 'fr', sentences });

function scorerOf(src: AlignSide, tgt: AlignSide): LexicalScorer {
  const S = tokenizeSide(src, {});
  const T = tokenizeSide(tgt, {});
  const n = src.sentences.length;
  return new LexicalScorer(S, T, buildRelation(S, T, {}).build(), initialCoverage(S), initialCoverage(T), { lo: new Int32Array(n).fill(0), hi: new Int32Array(n).fill(-1) });
}

const src = ['The Commission met in Vienna in 1998.', 'It adopted 12 resolutions on Kazakhstan and Uzbekistan.', 'The meeting rose at noon.'];
// the first French sentence also holds the second English one: the 1-1 bead [1]:[1] is cut out of a larger unit
const merged = ['La Commission s’est réunie à Vienne en 1998 et a adopté 12 résolutions sur le Kazakhstan et l’Ouzbékistan.', 'Le rapport de 2003 cite Montevideo.', 'La séance est levée à midi.'];
const apart = ['La Commission s’est réunie à Vienne en 1998.', 'Elle a adopté 12 résolutions sur le Kazakhstan et l’Ouzbékistan.', 'La séance est levée à midi.'];
const steps = [
  { i0: 0, ds: 1, j0: 0, dt: 1, score: 0 },
  { i0: 1, ds: 1, j0: 1, dt: 1, score: 0 },
  { i0: 2, ds: 1, j0: 2, dt: 1, score: 0 },
];
const feature = (name: (typeof CONFIDENCE_FEATURES)[number]): number => CONFIDENCE_FEATURES.indexOf(name);

describe('coveredElsewhere', () => {
  it('weighs the words of a bead that a neighbour’s other side translates and its own does not', () => {
    const scorer = scorerOf(en(src), fr(merged));
    // English sentence 1's numbers and names sit in French sentence 0, not in its own partner, French 1
    expect(scorer.coveredElsewhere('src', 1, 1, 1, 1, 0, 1)).toBeGreaterThan(1);
    // with the sentences translated one to one the neighbour holds none of them
    expect(scorerOf(en(src), fr(apart)).coveredElsewhere('src', 1, 1, 1, 1, 0, 1)).toBe(0);
  });

  it('counts nothing its own partner covers too', () => {
    const scorer = scorerOf(en(src), fr(merged));
    // the first English sentence's words are all in French 0, its own partner: French 0 covers nothing "elsewhere" for it
    expect(scorer.coveredElsewhere('src', 0, 1, 0, 1, 0, 1)).toBe(0);
    // the same from the target side: French 0's words on Kazakhstan are in English 1, not in its partner English 0
    expect(scorer.coveredElsewhere('tgt', 0, 1, 0, 1, 1, 1)).toBeGreaterThan(1);
  });
});

describe('confidenceEvidence', () => {
  it('gives a bead cut out of a larger unit, and its neighbour, evidence of words across the boundary', () => {
    const rows = (tgt: string[]) => {
      const lt = Float64Array.from(tgt, (s) => s.length);
      const ls = Float64Array.from(src, (s) => s.length);
      return confidenceEvidence(steps, [0.99, 0.99, 0.99], scorerOf(en(src), fr(tgt)), ls, lt);
    };
    const cut = rows(merged);
    const clean = rows(apart);
    expect(cut[1][feature('leakOut')]).toBeGreaterThan(1);
    expect(cut[0][feature('leakIn')]).toBeGreaterThan(1);
    for (const row of clean) {
      expect(row[feature('leakOut')]).toBe(0);
      expect(row[feature('leakIn')]).toBe(0);
    }
    // the last bead, beside nothing of the kind, has none either way
    expect(cut[2][feature('leakOut')]).toBe(0);
  });
});

describe('shownConfidence', () => {
  it('shows a chance at or above the review cut as it is, and one below it below 0.5, in the same order', () => {
    const cut = reviewThreshold();
    expect(cut).toBeGreaterThan(0.5);
    expect(cut).toBeLessThan(1);
    expect(shownConfidence(0.9)).toBe(0.9);
    expect(shownConfidence(cut)).toBe(cut);
    expect(shownConfidence(cut - 1e-6)).toBeLessThan(0.5);
    expect(shownConfidence(0)).toBe(0);
    const chances = Array.from({ length: 101 }, (_, k) => k / 100);
    const shown = chances.map((p) => shownConfidence(p));
    for (let k = 1; k < shown.length; k++) expect(shown[k]).toBeGreaterThanOrEqual(shown[k - 1]);
    expect(chances.filter((p) => p < cut).every((p) => shownConfidence(p) < 0.5)).toBe(true);
  });

  it('is the identity with a cut of 0.5', () => {
    for (const p of [0, 0.2, 0.49, 0.5, 0.8, 1]) expect(shownConfidence(p, 0.5)).toBeCloseTo(p, 12);
  });
});
