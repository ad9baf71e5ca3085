import { describe, expect, it } from 'vitest';
import { alignPair, type AlignSide, type Bead } from '../../server/align/index.ts';
import { coverageProblem, formatBeads } from '../../server/align/beads.ts';

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

describe('alignPair', () => {
  it('aligns a parallel text one to one, with confidences in [0,1]', () => {
    const beads = alignPair(en(enBase), fr(frBase));
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[3] [4]:[4] [5]:[5]');
    for (const b of beads) expect(b.confidence).toBeGreaterThanOrEqual(0);
    for (const b of beads) expect(b.confidence).toBeLessThanOrEqual(1);
  });

  it('finds a sentence translated as three', () => {
    const src = [...enBase.slice(0, 3), 'The Commission met on 5 July 2005 in Vienna, approved a budget of 1,200,000 dollars for the programme and adjourned its session until September.', ...enBase.slice(3)];
    const tgt = [
      ...frBase.slice(0, 3),
      'La Commission s’est réunie le 5 juillet 2005 à Vienne.',
      'Elle a approuvé un budget de 1 200 000 dollars pour le programme.',
      'Elle a ajourné sa session jusqu’en septembre.',
      ...frBase.slice(3),
    ];
    const beads = alignPair(en(src), fr(tgt));
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[3,4,5] [4]:[6] [5]:[7] [6]:[8]');
  });

  it('leaves an omitted sentence on its own', () => {
    const src = [...enBase.slice(0, 3), 'In 2004, 37 States ratified the Convention on Biological Diversity, bringing the total to 188.', ...enBase.slice(3)];
    const beads = alignPair(en(src), fr(frBase));
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[] [4]:[3] [5]:[4] [6]:[5]');
  });

  it('follows numbers when lengths would mislead', () => {
    // two short sentences of similar length: only the numbers tell which goes where after the omission
    const src = [...enBase.slice(0, 3), 'Article 12 entered into force in 1994.', 'Article 15 entered into force in 1996.', 'Article 17 entered into force in 1999.', ...enBase.slice(3)];
    const tgt = [...frBase.slice(0, 3), "L'article 15 est entré en vigueur en 1996.", "L'article 17 est entré en vigueur en 1999.", ...frBase.slice(3)];
    const beads = alignPair(en(src), fr(tgt));
    expect(shape(beads)).toBe('[0]:[0] [1]:[1] [2]:[2] [3]:[] [4]:[3] [5]:[4] [6]:[5] [7]:[6] [8]:[7]');
  });

  it('keeps confirmed rows as fixed cut points', () => {
    const beads = alignPair(en(enBase), fr(frBase), { anchors: [{ src: 2, tgt: 3 }] });
    expect(coverageProblem(beads, enBase.length, frBase.length)).toBeNull();
    // a boundary falls before source 2 and target 3
    let i = 0;
    let j = 0;
    let cut = false;
    for (const b of beads) {
      if (i === 2 && j === 3) cut = true;
      i += b.src.length;
      j += b.tgt.length;
    }
    expect(cut).toBe(true);
  });

  it('handles empty sides and the Gale-Church baseline', () => {
    expect(shape(alignPair(en([]), fr(['Bonjour.'])))).toBe('[]:[0]');
    expect(alignPair(en([]), fr([]))).toEqual([]);
    const beads = alignPair(en(enBase), fr(frBase), { method: 'gale-church' });
    expect(coverageProblem(beads, enBase.length, frBase.length)).toBeNull();
  });

  it('uses paragraph boundaries as soft evidence', () => {
    const src = { ...en(['First point here.', 'Second point here.']), paragraphs: [0, 1] };
    const tgt = { ...fr(['Premier et deuxième points ici, réunis en une seule phrase bien plus longue.']), paragraphs: [0] };
    const beads = alignPair(src, tgt);
    expect(coverageProblem(beads, 2, 1)).toBeNull();
  });
});

describe('alignPair on a long generated text', () => {
  it('covers every sentence once, in order, and stays near the diagonal', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'theta', 'kappa', 'lambda', 'sigma'];
    const src: string[] = [];
    const tgt: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const len = 5 + ((k * 7) % 11);
      const s = Array.from({ length: len }, (_, x) => `${words[(k + x * 3) % words.length]}${(k * 13 + x) % 97}`).join(' ') + '.';
      src.push(s);
      tgt.push(s.toUpperCase());
    }
    const beads = alignPair(en(src), fr(tgt));
    expect(coverageProblem(beads, src.length, tgt.length)).toBeNull();
    const oneToOne = beads.filter((b) => b.src.length === 1 && b.tgt.length === 1 && b.src[0] === b.tgt[0]).length;
    expect(oneToOne / beads.length).toBeGreaterThan(0.95);
  });
});

describe('alignPair with a bridge version', () => {
  it('follows the bridge where the two sides share no words', () => {
    // Two "languages" with nothing in common but the bridge, sentences all alike in length: only the
    // bridge can tell which source sentence has no counterpart.
    const words = (k: number, letter: string): string =>
      Array.from({ length: 6 }, (_, x) => `${letter}${String.fromCharCode(97 + k)}${String.fromCharCode(97 + x)}${letter}`).join(' ') + '.';
    const src = { lang: 'de', sentences: [0, 1, 2, 3, 4, 5].map((k) => words(k, 'b')) };
    const tgt = { lang: 'fi', sentences: [0, 1, 2, 3, 4].map((k) => words(k, 'q')) };
    const bridge = {
      lang: 'en',
      sentences: ['One.', 'Two.', 'Three.', 'Four.', 'Five.', 'Six.'],
      srcBeads: [0, 1, 2, 3, 4, 5].map((k) => ({ src: [k], tgt: [k], confidence: 1 })),
      tgtBeads: [0, 1, 2, 3, 4, 5].map((k) => ({ src: [k], tgt: k < 2 ? [k] : k === 2 ? [] : [k - 1], confidence: 1 })),
    };
    expect(shape(alignPair(src, tgt, { bridge }))).toBe('[0]:[0] [1]:[1] [2]:[] [3]:[2] [4]:[3] [5]:[4]');
  });

  it("takes the work's termbase as evidence: a concept named on both sides pairs the sentences", () => {
    // en-ru without a dictionary: length alone pairs the Russian council sentence with the long first sentence
    const src = en(['The Executive Secretary opened the meeting of the delegations in the morning.', 'The Council adopted the agenda without a vote.', 'The meeting rose at noon.']);
    const tgt: AlignSide = { lang: 'ru', sentences: ['Совет утвердил повестку дня без голосования.', 'Заседание закрылось в полдень.'] };
    const termbase: Record<string, RegExp> = { council: /Council|Совет/, 'executive-secretary': /Executive Secretary|Исполнительн\S* секретар/, meeting: /meeting|[Зз]аседани/ };
    const terms = (_lang: string, text: string): string[] => Object.entries(termbase).filter(([, re]) => re.test(text)).map(([key]) => key);
    const beadOf = (beads: Bead[], i: number): Bead => beads.find((b) => b.src.includes(i))!;
    expect(beadOf(alignPair(src, tgt), 1).tgt).not.toContain(0);
    const withTerms = alignPair(src, tgt, { terms });
    expect(beadOf(withTerms, 1).tgt).toEqual([0]);
    expect(beadOf(withTerms, 2)).toMatchObject({ src: [2], tgt: [1] });
    expect(coverageProblem(withTerms, 3, 2)).toBeNull();
  });
});
