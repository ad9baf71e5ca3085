// The textbook Gale-Church (1993) aligner, kept as the baseline every figure is reported beside:
// character lengths only, the ratio estimated from the two documents, the published bead priors
// (1-1 .89, 1-0/0-1 .0099, 2-1/1-2 .089, 2-2 .011), searched in a band around the diagonal that widens
// when the best path reaches its edge.
import { beadFromRanges, type BeadIndices } from './beads.ts';
import { documentLengthModel, lengthLogTail, sentenceLength } from './length.ts';
import { bandAroundPath, fullBand, searchBand, type Shape } from './search.ts';

const SHAPES: Array<Shape & { prior: number }> = [
  { ds: 1, dt: 1, prior: 0.89 },
  { ds: 1, dt: 0, prior: 0.0099 / 2 },
  { ds: 0, dt: 1, prior: 0.0099 / 2 },
  { ds: 2, dt: 1, prior: 0.089 / 2 },
  { ds: 1, dt: 2, prior: 0.089 / 2 },
  { ds: 2, dt: 2, prior: 0.011 },
];

export function galeChurchAlign(src: string[], tgt: string[]): Array<BeadIndices & { confidence: number }> {
  const n = src.length;
  const m = tgt.length;
  if (n === 0 || m === 0) return trivialBeads(n, m);
  const ls = src.map(sentenceLength);
  const lt = tgt.map(sentenceLength);
  const cs = prefixSums(ls);
  const ct = prefixSums(lt);
  const model = documentLengthModel(ls, lt);
  const logPrior = SHAPES.map((s) => Math.log(s.prior));
  const score = (i0: number, j0: number, ds: number, dt: number): number => {
    const k = SHAPES.findIndex((s) => s.ds === ds && s.dt === dt);
    if (ds === 0 || dt === 0) return logPrior[k];
    return logPrior[k] + lengthLogTail(cs[i0 + ds] - cs[i0], ct[j0 + dt] - ct[j0], model);
  };
  let radius = 50;
  for (;;) {
    const band = n * m <= 1_000_000 ? fullBand(n, m) : bandAroundPath(n, m, [], radius);
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

export function prefixSums(values: number[]): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let k = 0; k < values.length; k++) out[k + 1] = out[k] + values[k];
  return out;
}

/** One side empty: every sentence of the other side is its own 1-0 or 0-1 bead. */
export function trivialBeads(n: number, m: number): Array<BeadIndices & { confidence: number }> {
  const beads: Array<BeadIndices & { confidence: number }> = [];
  for (let i = 0; i < n; i++) beads.push({ src: [i], tgt: [], confidence: 1 });
  for (let j = 0; j < m; j++) beads.push({ src: [], tgt: [j], confidence: 1 });
  return beads;
}
