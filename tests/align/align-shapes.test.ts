// Beads of up to five sentences a side (3-3, 1-5, ...) and the per-document shape priors.
import { describe, expect, it } from 'vitest';
import { alignPair, type AlignSide, type Bead } from '../../server/align/index.ts';
import { coverageProblem, formatBeads } from '../../server/align/beads.ts';
import { documentShapePriors, SHAPES, shapesWorthSearching } from '../../server/align/triptych.ts';

const en = (sentences: string[]): AlignSide => ({ lang: 'en', sentences });
const fr = (sentences: string[]): AlignSide => ({ lang: 'fr', sentences });
const shape = (beads: Bead[]): string => formatBeads(beads).trim().split('\n').join(' ');

const enBase = [
  'The Committee on Information held its first session in Geneva in 1998.',
  'The delegation of Argentina presented a report on the protection of the environment.',
  'The Secretary-General submitted his annual report to the General Assembly.',
  'The programme of work was adopted without a vote.',
  'The representative of Brazil made a statement on the financial situation of the Organization.',
  'The meeting rose at 6 p.m.',
];
const frBase = [
  "Le Comité de l'information a tenu sa première session à Genève en 1998.",
  "La délégation de l'Argentine a présenté un rapport sur la protection de l'environnement.",
  "Le Secrétaire général a présenté son rapport annuel à l'Assemblée générale.",
  'Le programme de travail a été adopté sans vote.',
  "Le représentant du Brésil a fait une déclaration sur la situation financière de l'Organisation.",
  'La séance est levée à 18 heures.',
];

describe('bead shapes beyond four sentences', () => {
  it('finds a 3-3 chain: the two versions cut three sentences at different points', () => {
    // no smaller bead keeps each year with its counterpart: en 1 = {1991, 1992}, fr 2 = {1992, 1993}, ...
    const src = [
      ...enBase.slice(0, 3),
      'In 1991 the commission on water resources was founded in Lausanne by nine cantons, and in 1992 it published its first report on the rivers of the Alps.',
      'It was renamed in 1993.',
      'In 1994 it moved to Geneva, where it held twelve sessions on the state of the lakes, and in 1995 it was dissolved by a vote of the cantons.',
      ...enBase.slice(3),
    ];
    const tgt = [
      ...frBase.slice(0, 3),
      'La commission fut fondée en 1991.',
      "Neuf cantons l'avaient voulue à Lausanne; en 1992 elle publia son premier rapport sur les fleuves des Alpes, et en 1993 elle changea de nom, puis en 1994 elle partit pour Genève, où elle tint douze sessions sur l'état des lacs.",
      'Les cantons la dissolurent par un vote en 1995.',
      ...frBase.slice(3),
    ];
    const beads = alignPair(en(src), fr(tgt));
    expect(coverageProblem(beads, src.length, tgt.length)).toBeNull();
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3,4,5]:[3,4,5] [6]:[6] [7]:[7] [8]:[8]');
  });

  it('finds one sentence translated as five', () => {
    const src = [
      ...enBase.slice(0, 3),
      'The commission met in 1991, reported in 1992, was renamed in 1993, moved to Lausanne in 1994 and was dissolved in 1995.',
      ...enBase.slice(3),
    ];
    const tgt = [
      ...frBase.slice(0, 3),
      'La commission se réunit en 1991.',
      'Elle fit rapport en 1992.',
      'Elle fut renommée en 1993.',
      'Elle partit pour Lausanne en 1994.',
      'Elle fut dissoute en 1995.',
      ...frBase.slice(3),
    ];
    const beads = alignPair(en(src), fr(tgt));
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[3,4,5,6,7] [4]:[8] [5]:[9] [6]:[10]');
  });
});

describe('documentShapePriors', () => {
  const prior = (logPrior: Float64Array, ds: number, dt: number): number => Math.exp(logPrior[SHAPES.findIndex((s) => s.ds === ds && s.dt === dt)]);
  const beads = (counts: Record<string, number>): Array<{ ds: number; dt: number }> =>
    Object.entries(counts).flatMap(([k, c]) => Array.from({ length: c }, () => ({ ds: Number(k[0]), dt: Number(k[2]) })));

  it('is a distribution over the shapes', () => {
    const p = documentShapePriors(beads({ '1-1': 100, '1-2': 10 }));
    expect([...p].reduce((a, x) => a + Math.exp(x), 0)).toBeCloseTo(1, 6);
  });

  it('gives the large shapes more weight in a document that merges more', () => {
    const literal = documentShapePriors(beads({ '1-1': 300, '1-2': 5, '2-1': 5 }));
    const loose = documentShapePriors(beads({ '1-1': 200, '1-2': 60, '2-1': 40, '2-2': 10 }));
    for (const [ds, dt] of [[3, 3], [2, 4], [1, 5], [5, 1]]) expect(prior(loose, ds, dt)).toBeGreaterThan(3 * prior(literal, ds, dt));
    // a document that merges only on the target side expects 1-5 far more than 5-1
    const oneSided = documentShapePriors(beads({ '1-1': 200, '1-2': 80, '1-3': 20 }));
    expect(prior(oneSided, 1, 5)).toBeGreaterThan(10 * prior(oneSided, 5, 1));
  });
});

describe('shapesWorthSearching (the second pass of a long text)', () => {
  const beads = (counts: Record<string, number>): Array<{ ds: number; dt: number }> =>
    Object.entries(counts).flatMap(([k, c]) => Array.from({ length: c }, () => ({ ds: Number(k[0]), dt: Number(k[2]) })));
  const names = (counts: Record<string, number>): string[] => {
    const steps = beads(counts);
    return shapesWorthSearching(documentShapePriors(steps), steps.length).map((s) => `${s.ds}-${s.dt}`);
  };

  it('leaves out the large shapes a document that merges little does not expect once', () => {
    const kept = names({ '1-1': 40000, '1-2': 3500, '2-1': 3500, '1-0': 1000, '0-1': 1000 });
    expect(kept).toHaveLength(12);
    for (const big of ['3-3', '2-4', '4-2', '1-5', '5-1']) expect(kept).not.toContain(big);
  });

  it('keeps them where the document merges so much that it expects such beads', () => {
    const kept = names({ '1-1': 500, '2-2': 3000, '2-3': 1500, '3-2': 1500 });
    expect(kept).toContain('3-3');
    expect(kept.length).toBeGreaterThan(12);
  });
});
