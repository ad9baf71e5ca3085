// The second look at one-sided beads: words decide whether a partnerless sentence joins its neighbour.
import { describe, expect, it } from 'vitest';
import { buildRelation, tokenizeSide } from '../../server/align/evidence.ts';
import { LexicalScorer } from '../../server/align/lexical.ts';
import { initialCoverage, reconsiderOneSided } from '../../server/align/triptych.ts';
import type { AlignSide } from '../../server/align/types.ts';

function lookAgain(src: AlignSide, tgt: AlignSide, steps: Array<[number, number, number, number]>): string {
  const S = tokenizeSide(src, {});
  const T = tokenizeSide(tgt, {});
  const n = src.sentences.length;
  const scorer = new LexicalScorer(S, T, buildRelation(S, T, {}).build(), initialCoverage(S), initialCoverage(T), { lo: new Int32Array(n).fill(0), hi: new Int32Array(n).fill(-1) });
  const beadSteps = steps.map(([i0, ds, j0, dt]) => ({ i0, ds, j0, dt, score: 0 }));
  const r = reconsiderOneSided(beadSteps, beadSteps.map(() => 0.9), scorer, src, tgt);
  return r.steps.map((st) => `${st.i0}+${st.ds}:${st.j0}+${st.dt}`).join(' ');
}

const en = (sentences: string[], paragraphs?: number[]): AlignSide => ({ lang: 'en', sentences, paragraphs });
const fr = (sentences: string[], paragraphs?: number[]): AlignSide => ({ lang: 'fr', sentences, paragraphs });

describe('reconsiderOneSided', () => {
  const src = ['The Commission met in Vienna in 1998.', 'It adopted 12 resolutions on Kazakhstan and Uzbekistan.', 'The meeting rose at noon.'];
  const tgt = ['La Commission s’est réunie à Vienne en 1998 et a adopté 12 résolutions sur le Kazakhstan et l’Ouzbékistan.', 'La séance est levée à midi.'];

  it('joins a sentence left alone to the neighbour whose other side holds its words', () => {
    expect(lookAgain(en(src), fr(tgt), [[0, 1, 0, 1], [1, 1, 1, 0], [2, 1, 1, 1]])).toBe('0+2:0+1 2+1:1+1');
  });

  it('leaves alone a sentence whose words the neighbours do not hold', () => {
    const other = [...src.slice(0, 1), 'Nine experts from Portugal and Argentina spoke in 2004.', src[2]];
    expect(lookAgain(en(other), fr(tgt), [[0, 1, 0, 1], [1, 1, 1, 0], [2, 1, 1, 1]])).toBe('0+1:0+1 1+1:1+0 2+1:1+1');
  });

  it('keeps a sentence that is a block of its own (a heading) on its own', () => {
    expect(lookAgain(en(src, [0, 1, 2]), fr(tgt, [0, 1]), [[0, 1, 0, 1], [1, 1, 1, 0], [2, 1, 1, 1]])).toBe('0+1:0+1 1+1:1+0 2+1:1+1');
  });
});
