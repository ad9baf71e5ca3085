// Dynamic programming over beads inside a band of cut points, so time and memory grow with
// length × band width rather than length². A cut point (i,j) means: the first i source and the first
// j target sentences are aligned. The band holds, per source cut i, an interval [lo[i], hi[i]] of target cuts.

export interface Shape {
  ds: number;
  dt: number;
}

export interface Band {
  n: number;
  m: number;
  lo: Int32Array;
  hi: Int32Array;
}

/** Log-score of the bead covering source [i0, i0+ds) and target [j0, j0+dt); -Infinity forbids it. */
export type BeadScorer = (i0: number, j0: number, ds: number, dt: number) => number;

export interface BeadStep {
  i0: number;
  j0: number;
  ds: number;
  dt: number;
  score: number;
}

export interface SearchResult {
  steps: BeadStep[];
  total: number;
  /** the best path came within `margin` of the band's edge somewhere (the band may have been too narrow) */
  touchesEdge: boolean;
  /** posterior probability of each step when requested */
  posteriors?: Float64Array;
}

export function fullBand(n: number, m: number): Band {
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1).fill(m);
  return { n, m, lo, hi };
}

export function bandCells(band: Band): number {
  let cells = 0;
  for (let i = 0; i <= band.n; i++) cells += Math.max(0, band.hi[i] - band.lo[i] + 1);
  return cells;
}

/**
 * A band of radius `radius` (in both directions) around a monotone guide path of cut points from (0,0)
 * to (n,m); consecutive guide points are joined by straight lines.
 */
export function bandAroundPath(n: number, m: number, guide: Array<[number, number]>, radius: number): Band {
  const gLo = new Int32Array(n + 1).fill(m);
  const gHi = new Int32Array(n + 1).fill(0);
  const mark = (i: number, j: number): void => {
    if (i < 0 || i > n) return;
    const jj = Math.max(0, Math.min(m, j));
    if (jj < gLo[i]) gLo[i] = jj;
    if (jj > gHi[i]) gHi[i] = jj;
  };
  const points: Array<[number, number]> = [[0, 0], ...guide, [n, m]];
  for (let p = 1; p < points.length; p++) {
    const [i1, j1] = points[p - 1];
    const [i2, j2] = points[p];
    if (i2 <= i1) {
      mark(i1, j1);
      mark(i1, j2);
      continue;
    }
    for (let i = i1; i <= i2; i++) {
      const a = j1 + ((j2 - j1) * (i - i1)) / (i2 - i1);
      const b = j1 + ((j2 - j1) * (i + 1 - i1)) / (i2 - i1);
      mark(i, Math.floor(a));
      mark(i, Math.ceil(i < i2 ? Math.min(b, j2) : a));
    }
  }
  // rows the guide never reached (cannot happen for a proper path) inherit their neighbour
  for (let i = 1; i <= n; i++) if (gLo[i] > gHi[i]) { gLo[i] = gLo[i - 1]; gHi[i] = gHi[i - 1]; }
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) {
    let a = m;
    let b = 0;
    for (let k = Math.max(0, i - radius); k <= Math.min(n, i + radius); k++) {
      if (gLo[k] < a) a = gLo[k];
      if (gHi[k] > b) b = gHi[k];
    }
    lo[i] = Math.max(0, a - radius);
    hi[i] = Math.min(m, b + radius);
  }
  lo[0] = 0;
  hi[n] = m;
  // keep the band monotone so every cell can be reached
  for (let i = 1; i <= n; i++) if (lo[i] < lo[i - 1]) lo[i] = lo[i - 1];
  for (let i = n - 1; i >= 0; i--) if (hi[i] > hi[i + 1]) hi[i] = hi[i + 1];
  for (let i = 0; i <= n; i++) if (lo[i] > hi[i]) lo[i] = hi[i];
  return { n, m, lo, hi };
}

function offsets(band: Band): Int32Array {
  const off = new Int32Array(band.n + 2);
  for (let i = 0; i <= band.n; i++) off[i + 1] = off[i] + Math.max(0, band.hi[i] - band.lo[i] + 1);
  return off;
}

/**
 * The best-scoring sequence of beads from (0,0) to (n,m) inside the band. With `posteriors`, also the
 * posterior probability of each chosen bead under the distribution exp(score / temperature).
 */
export function searchBand(
  band: Band,
  shapes: Shape[],
  score: BeadScorer,
  opts: { posteriors?: boolean; temperature?: number; edgeMargin?: number } = {},
): SearchResult {
  const { n, m, lo, hi } = band;
  const off = offsets(band);
  const cells = off[n + 1];
  const best = new Float64Array(cells).fill(-Infinity);
  const back = new Int8Array(cells).fill(-1);
  const S = shapes.length;
  const withPost = opts.posteriors === true;
  const temperature = opts.temperature ?? 1;
  const alpha = withPost ? new Float64Array(cells).fill(-Infinity) : null;
  const stored = withPost ? new Float32Array(cells * S).fill(-Infinity) : null;
  const terms = new Float64Array(S);
  best[0] = 0;
  if (alpha) alpha[0] = 0;
  for (let i = 0; i <= n; i++) {
    const rowLo = lo[i];
    const rowHi = hi[i];
    for (let j = rowLo; j <= rowHi; j++) {
      if (i === 0 && j === 0) continue;
      const cell = off[i] + j - rowLo;
      let bestScore = -Infinity;
      let bestShape = -1;
      let candidates = 0;
      for (let s = 0; s < S; s++) {
        const { ds, dt } = shapes[s];
        const pi = i - ds;
        const pj = j - dt;
        if (pi < 0 || pj < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = off[pi] + pj - lo[pi];
        const prevBest = best[prev];
        if (prevBest === -Infinity) continue;
        const beadScore = score(pi, pj, ds, dt);
        if (beadScore === -Infinity) continue;
        const total = prevBest + beadScore;
        if (total > bestScore) {
          bestScore = total;
          bestShape = s;
        }
        if (alpha && stored) {
          stored[cell * S + s] = beadScore;
          terms[candidates++] = alpha[prev] + beadScore / temperature;
        }
      }
      best[cell] = bestScore;
      back[cell] = bestShape;
      if (alpha) {
        // log-sum-exp of the candidates with one log
        let top = -Infinity;
        for (let k = 0; k < candidates; k++) if (terms[k] > top) top = terms[k];
        let sum = 0;
        if (top > -Infinity) for (let k = 0; k < candidates; k++) sum += Math.exp(terms[k] - top);
        alpha[cell] = top > -Infinity ? top + Math.log(sum) : -Infinity;
      }
    }
  }
  const end = off[n] + m - lo[n];
  if (best[end] === -Infinity) throw new Error('no path through the band');
  const steps: BeadStep[] = [];
  let i = n;
  let j = m;
  const margin = opts.edgeMargin ?? 1;
  let touchesEdge = false;
  while (i > 0 || j > 0) {
    const cell = off[i] + j - lo[i];
    if ((lo[i] > 0 && j - lo[i] < margin) || (hi[i] < m && hi[i] - j < margin)) touchesEdge = true;
    const s = back[cell];
    const { ds, dt } = shapes[s];
    const pi = i - ds;
    const pj = j - dt;
    steps.push({ i0: pi, j0: pj, ds, dt, score: best[cell] - best[off[pi] + pj - lo[pi]] });
    i = pi;
    j = pj;
  }
  steps.reverse();
  const result: SearchResult = { steps, total: best[end], touchesEdge };
  if (alpha && stored) {
    // backward pass: beta[cell] = log-sum over all completions from cell to (n,m), pulled from successors
    const beta = new Float64Array(cells).fill(-Infinity);
    beta[end] = 0;
    for (let ci = n; ci >= 0; ci--) {
      for (let cj = hi[ci]; cj >= lo[ci]; cj--) {
        const cell = off[ci] + cj - lo[ci];
        if (cell === end) continue;
        let candidates = 0;
        for (let s = 0; s < S; s++) {
          const ni = ci + shapes[s].ds;
          const nj = cj + shapes[s].dt;
          if (ni > n || nj < lo[ni] || nj > hi[ni]) continue;
          const next = off[ni] + nj - lo[ni];
          const v = stored[next * S + s];
          if (v === -Infinity || beta[next] === -Infinity) continue;
          terms[candidates++] = beta[next] + v / temperature;
        }
        let top = -Infinity;
        for (let k = 0; k < candidates; k++) if (terms[k] > top) top = terms[k];
        if (top === -Infinity) continue;
        let sum = 0;
        for (let k = 0; k < candidates; k++) sum += Math.exp(terms[k] - top);
        beta[cell] = top + Math.log(sum);
      }
    }
    const z = alpha[end];
    const post = new Float64Array(steps.length);
    for (let k = 0; k < steps.length; k++) {
      const st = steps[k];
      const from = off[st.i0] + st.j0 - lo[st.i0];
      const ti = st.i0 + st.ds;
      const tj = st.j0 + st.dt;
      const to = off[ti] + tj - lo[ti];
      const sIndex = shapes.findIndex((sh) => sh.ds === st.ds && sh.dt === st.dt);
      const v = stored[to * S + sIndex];
      post[k] = Math.min(1, Math.max(0, Math.exp(alpha[from] + v / temperature + beta[to] - z)));
    }
    result.posteriors = post;
  }
  return result;
}
