// Triptych's own aligner (first version): a per-document Gale-Church length model with bead shapes up
// to 1-4/4-1, and numbers as anchors.
import { beadFromRanges } from './beads.ts';
import { prefixSums } from './galeChurch.ts';
import { documentLengthModel, lengthLogTail, sentenceLength } from './length.ts';
import { bandAroundPath, fullBand, searchBand, type Shape } from './search.ts';
import type { AlignOptions, AlignSide, Bead } from './types.ts';
import { extractNumbers } from '../text/numbers.ts';

export const SHAPES: Array<Shape & { prior: number }> = [
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
];

export function triptychAlign(src: AlignSide, tgt: AlignSide, _options: AlignOptions): Bead[] {
  const n = src.sentences.length;
  const m = tgt.sentences.length;
  const ls = src.sentences.map(sentenceLength);
  const lt = tgt.sentences.map(sentenceLength);
  const cs = prefixSums(ls);
  const ct = prefixSums(lt);
  const model = documentLengthModel(ls, lt);
  const numsS = src.sentences.map((s) => extractNumbers(s, src.lang).map((x) => x.value));
  const numsT = tgt.sentences.map((s) => extractNumbers(s, tgt.lang).map((x) => x.value));
  const logPrior = SHAPES.map((s) => Math.log(s.prior));
  const shapeIndex = (ds: number, dt: number): number => SHAPES.findIndex((s) => s.ds === ds && s.dt === dt);
  const score = (i0: number, j0: number, ds: number, dt: number): number => {
    const k = shapeIndex(ds, dt);
    if (ds === 0 || dt === 0) return logPrior[k];
    let sc = logPrior[k] + lengthLogTail(cs[i0 + ds] - cs[i0], ct[j0 + dt] - ct[j0], model);
    const a: string[] = [];
    const b: string[] = [];
    for (let i = i0; i < i0 + ds; i++) a.push(...numsS[i]);
    for (let j = j0; j < j0 + dt; j++) b.push(...numsT[j]);
    if (a.length || b.length) {
      const setB = new Set(b);
      const setA = new Set(a);
      let common = 0;
      for (const x of setA) if (setB.has(x)) common++;
      sc += 2 * common - 1 * (setA.size + setB.size - 2 * common);
    }
    return sc;
  };
  let radius = Math.max(20, Math.ceil(Math.abs(n - m) / 2) + 10);
  for (;;) {
    const band = n * m <= 4_000_000 ? fullBand(n, m) : bandAroundPath(n, m, [], radius);
    const result = searchBand(band, SHAPES, score, { posteriors: true, edgeMargin: 2 });
    if (!result.touchesEdge || radius * 2 > Math.max(n, m)) {
      return result.steps.map((st, k) => ({
        ...beadFromRanges(st.i0, st.i0 + st.ds, st.j0, st.j0 + st.dt),
        confidence: result.posteriors ? result.posteriors[k] : 0.5,
      }));
    }
    radius *= 2;
  }
}
