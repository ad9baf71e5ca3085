import { describe, expect, it } from 'vitest';
import { bandAroundPath, bandCells, fullBand, searchBand, type Shape } from '../../server/align/search.ts';
import { galeChurchAlign } from '../../server/align/galeChurch.ts';
import { lengthDelta, lengthLogTail, normalUpperTail } from '../../server/align/length.ts';
import { coverageProblem, formatBeads } from '../../server/align/beads.ts';

const SHAPES: Shape[] = [
  { ds: 1, dt: 1 },
  { ds: 1, dt: 0 },
  { ds: 0, dt: 1 },
  { ds: 1, dt: 2 },
  { ds: 2, dt: 1 },
];

describe('band search', () => {
  it('finds the best path under a hand-made scorer', () => {
    // the scorer rewards exactly the beads of a known path: 1-1, 1-2, 1-0, 2-1
    const wanted = new Set(['0,0,1,1', '1,1,1,2', '2,3,1,0', '3,3,2,1']);
    const score = (i0: number, j0: number, ds: number, dt: number): number => (wanted.has(`${i0},${j0},${ds},${dt}`) ? 0 : -10);
    const result = searchBand(fullBand(5, 4), SHAPES, score, { posteriors: true });
    expect(result.steps.map((s) => `${s.i0},${s.j0},${s.ds},${s.dt}`)).toEqual([...wanted]);
    for (const p of result.posteriors!) expect(p).toBeGreaterThan(0.99);
  });

  it('gives lower posteriors where two paths are nearly as good', () => {
    // every bead costs the same, so 1-1+1-1, 1-2+1-0, 2-1+0-1, … are equally good
    const score = (): number => -1;
    const result = searchBand(fullBand(2, 2), SHAPES, score, { posteriors: true });
    expect(Math.max(...result.posteriors!)).toBeLessThan(0.9);
  });

  it('lays a band around a guide path and reports when the best path leans on its edge', () => {
    const n = 200;
    const band = bandAroundPath(n, n, [[100, 100]], 5);
    expect(bandCells(band)).toBeLessThan((n + 1) * 25);
    for (let i = 0; i <= n; i++) {
      expect(band.lo[i]).toBeLessThanOrEqual(i);
      expect(band.hi[i]).toBeGreaterThanOrEqual(i);
    }
    // a scorer that wants a long run of omissions pushes the path to the band's edge
    const score = (i0: number, _j0: number, ds: number, dt: number): number =>
      i0 < 50 && ds === 1 && dt === 0 ? 1 : (ds === 1 && dt === 1) || (ds === 0 && dt === 1) ? 0 : -5;
    expect(searchBand(band, SHAPES, score).touchesEdge).toBe(true);
  });
});

describe('length model and Gale-Church', () => {
  it('computes the normal tail and the standardised difference', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
    expect(normalUpperTail(1.96)).toBeCloseTo(0.025, 3);
    expect(lengthDelta(100, 100, { ratio: 1, variance: 6.8 })).toBe(0);
    expect(lengthLogTail(100, 100, { ratio: 1, variance: 6.8 })).toBeCloseTo(0, 6);
    expect(lengthLogTail(100, 200, { ratio: 1, variance: 6.8 })).toBeLessThan(-5);
  });

  it('aligns by length alone', () => {
    const src = ['A short one.', 'A much longer sentence that goes on for quite a while before it ends.', 'Short again.'];
    const tgt = ['Une courte.', 'Une phrase beaucoup plus longue qui continue un bon moment avant de finir.', 'Courte encore.'];
    const beads = galeChurchAlign(src, tgt);
    expect(formatBeads(beads)).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
    expect(coverageProblem(beads, 3, 3)).toBeNull();
  });
});
