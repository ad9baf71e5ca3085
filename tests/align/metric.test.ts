import { describe, expect, it } from 'vitest';
import { parseBeads } from '../../server/align/beads.ts';
import { addCalibration, addMissAnalysis, analyseMisses, calibrationFromTally, emptyCalibration, countAlignment, emptyMissAnalysis, scoreDocuments, scoresFromCounts } from '../../server/align/metric.ts';

const gold = parseBeads('[0]:[0]\n[1]:[1,2]\n[2]:[]\n[3,4]:[3]\n');
const predicted = parseBeads('[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[]\n[3]:[3]\n[4]:[]\n');

describe('alignment metric (vecalign/bertalign strict and lax)', () => {
  it('scores gold against itself as 1.000 everywhere', () => {
    const s = scoreDocuments([{ gold, predicted: gold }]);
    expect(s).toEqual({ strict: { p: 1, r: 1, f1: 1 }, lax: { p: 1, r: 1, f1: 1 } });
  });

  it('counts a hand-checked case', () => {
    // precision: [0]:[0] and [2]:[] are strict hits; [1]:[1] and [3]:[3] lax hits; []:[2] and [4]:[] misses
    // recall (both sides non-empty): [0]:[0] strict; [1]:[1,2] and [3,4]:[3] lax
    expect(countAlignment(gold, predicted)).toEqual({
      precision: { strictHit: 2, strictMiss: 4, laxHit: 4, laxMiss: 2 },
      recall: { strictHit: 1, strictMiss: 2, laxHit: 3, laxMiss: 0 },
    });
    const s = scoreDocuments([{ gold, predicted }]);
    expect(s.strict.p).toBeCloseTo(1 / 3);
    expect(s.strict.r).toBeCloseTo(1 / 3);
    expect(s.strict.f1).toBeCloseTo(1 / 3);
    expect(s.lax.p).toBeCloseTo(2 / 3);
    expect(s.lax.r).toBeCloseTo(1);
    expect(s.lax.f1).toBeCloseTo(0.8);
  });

  it('pools counts over documents before dividing', () => {
    const perfect = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
    const s = scoreDocuments([
      { gold, predicted },
      { gold: perfect, predicted: perfect },
    ]);
    expect(s.strict.p).toBeCloseTo(5 / 9);
    expect(s.strict.r).toBeCloseTo(4 / 6);
  });

  it('reads beads with spaces and writes them back canonically', () => {
    expect(parseBeads('[6, 7, 8]:[9]\n\n[]:[10]')).toEqual([
      { src: [6, 7, 8], tgt: [9] },
      { src: [], tgt: [10] },
    ]);
    expect(() => parseBeads('[1]-[2]')).toThrow();
  });
});

describe('why gold beads were missed', () => {
  it('tells a finer split, a larger bead and a crossing error apart', () => {
    // gold (verse-like units): [0,1]:[0,1] [2]:[2] [3]:[3] [4]:[4,5] [5]:[6]
    const g = parseBeads('[0,1]:[0,1]\n[2]:[2]\n[3]:[3]\n[4]:[4,5]\n[5]:[6]\n');
    // [0,1]:[0,1] split into two correct pairs (finer); [2] and [3] joined (each gold bead inside a larger
    // one); [5]:[5,6] takes target 5 from [4]:[4,5] (crossing for [4]:[4,5]; [5]:[6] lies inside it)
    const p = parseBeads('[0]:[0]\n[1]:[1]\n[2,3]:[2,3]\n[4]:[4]\n[5]:[5,6]\n');
    const a = analyseMisses(g, p);
    expect({ missed: a.missed, finer: a.finer, coarser: a.coarser, crossing: a.crossing }).toEqual({ missed: 5, finer: 1, coarser: 3, crossing: 1 });
    // repaired: [0]:[0] [1]:[1] kept, the other four as gold: 4 of 6 beads are gold beads, 4 of 5 gold beads found
    const r = scoresFromCounts(a.repaired).strict;
    expect(r.p).toBeCloseTo(4 / 6);
    expect(r.r).toBeCloseTo(4 / 5);
  });

  it('does not call a split finer when a piece leaves a sentence unaligned', () => {
    const g = parseBeads('[0]:[0,1]\n');
    const a = analyseMisses(g, parseBeads('[0]:[0]\n[]:[1]\n'));
    expect(a).toMatchObject({ missed: 1, finer: 0, crossing: 1 });
  });

  it('finds nothing missed in gold against itself, and pools documents', () => {
    const g = parseBeads('[0]:[0]\n[1,2]:[1]\n[]:[2]\n');
    const total = emptyMissAnalysis();
    addMissAnalysis(total, analyseMisses(g, g));
    addMissAnalysis(total, analyseMisses(g, parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]\n')));
    expect({ missed: total.missed, finer: total.finer, coarser: total.coarser, crossing: total.crossing }).toEqual({ missed: 1, finer: 0, coarser: 0, crossing: 1 });
    expect(scoresFromCounts(total.repaired).strict.f1).toBe(1);
  });
});

describe('confidence calibration', () => {
  it('gives the expected calibration error and the shares below 0.5 by hand', () => {
    const g = parseBeads('[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n');
    // two right beads at 0.95, one wrong at 0.9, one wrong at 0.3 (bins 0.9-1.0 and 0.3-0.4)
    const p = [
      { src: [0], tgt: [0], confidence: 0.95 },
      { src: [1], tgt: [1], confidence: 0.95 },
      { src: [2], tgt: [2, 3], confidence: 0.9 },
      { src: [3], tgt: [], confidence: 0.3 },
    ];
    const c = calibrationFromTally(addCalibration(emptyCalibration(), g, p));
    // bin 0.9: 3 beads, 2 right, confidence sum 2.8 -> |2 - 2.8| / 4 = 0.2; bin 0.3: |0 - 0.3| / 4 = 0.075
    expect(c.ece).toBeCloseTo(0.275, 10);
    expect(c.wrongBelowHalf).toBe(0.5);
    expect(c.rightBelowHalf).toBe(0);
    expect(c.beads).toBe(4);
  });

  it('is zero for confidences that match the truth', () => {
    const g = parseBeads('[0]:[0]\n[1]:[1]\n');
    const p = [{ src: [0], tgt: [0], confidence: 1 }, { src: [1], tgt: [], confidence: 0 }, { src: [], tgt: [1], confidence: 0 }];
    expect(calibrationFromTally(addCalibration(emptyCalibration(), g, p))).toEqual({ ece: 0, wrongBelowHalf: 1, rightBelowHalf: 0, beads: 3 });
  });
});
