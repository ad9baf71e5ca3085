// A passage that moved (or stands in reverse order) is reported as one move, not as omissions and additions.
import { describe, expect, it } from 'vitest';
import { alignPair, type AlignSide } from '../../server/align/index.ts';
import type { Finding, QaGrid } from '../../server/qa/findings.ts';
import { findMovedPassages } from '../../server/qa/moves.ts';
import { runChecks } from '../../server/qa/report.ts';

const topics = [
  ['The Committee on Information met in Geneva in 1981.', "Le Comité de l'information s'est réuni à Genève en 1981."],
  ['The delegation of Argentina presented 12 proposals on the environment.', "La délégation de l'Argentine a présenté 12 propositions sur l'environnement."],
  ['The Secretary-General reported on the budget of 1,200,000 dollars for 1983.', 'Le Secrétaire général a fait rapport sur le budget de 1 200 000 dollars pour 1983.'],
  ['The programme of work for 1984 was adopted without a vote.', 'Le programme de travail pour 1984 a été adopté sans vote.'],
  ['The representative of Brazil spoke on the 45 resolutions of 1985.', 'Le représentant du Brésil a parlé des 45 résolutions de 1985.'],
  ['The Commission on Sustainable Development met in Vienna in 1986.', 'La Commission du développement durable s’est réunie à Vienne en 1986.'],
  ['The delegation of Canada proposed 17 amendments in 1987.', 'La délégation du Canada a proposé 17 amendements en 1987.'],
  ['The Council of Europe sent 3 observers to Nairobi in 1988.', "Le Conseil de l'Europe a envoyé 3 observateurs à Nairobi en 1988."],
  ['The Assembly elected 6 judges of the Court in 1989.', "L'Assemblée a élu 6 juges de la Cour en 1989."],
  ['The Mission of Mexico organised a seminar on migration in 1990.', 'La Mission du Mexique a organisé un séminaire sur la migration en 1990.'],
  ['The Organization published 250 reports on health in 1991.', "L'Organisation a publié 250 rapports sur la santé en 1991."],
  ['The Office in Bangkok opened 8 centres in 1992.', 'Le Bureau de Bangkok a ouvert 8 centres en 1992.'],
  ['The Conference in Lima adopted the declaration in 1993.', 'La Conférence de Lima a adopté la déclaration en 1993.'],
  ['The Government of Japan contributed 90 million yen in 1994.', 'Le Gouvernement du Japon a versé 90 millions de yens en 1994.'],
  ['The Institute in Turin trained 400 experts in 1995.', "L'Institut de Turin a formé 400 experts en 1995."],
  ['The meeting rose at 6 p.m. on 30 June 1996.', 'La séance a été levée à 18 heures le 30 juin 1996.'],
];
const en: AlignSide = { lang: 'en', sentences: topics.map(([e]) => e) };
const frOf = (order: number[]): AlignSide => ({ lang: 'fr', sentences: order.map((k) => topics[k][1]) });
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, k) => a + k);

describe('findMovedPassages', () => {
  it('finds nothing in a translation in order', () => {
    const fr = frOf(range(0, 16));
    expect(findMovedPassages(en, fr, alignPair(en, fr))).toEqual([]);
  });

  it('reports six sentences in reverse order as one move', () => {
    const fr = frOf([...range(0, 5), ...range(5, 11).reverse(), ...range(11, 16)]);
    const moves = findMovedPassages(en, fr, alignPair(en, fr));
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ src: { from: 5, to: 11 }, tgt: { from: 5, to: 11 }, reversed: true });
  });

  it('reports a passage that went further down as a move from its place to where it went', () => {
    // English 2-4 stand after French sentence 10 (in order)
    const order = [0, 1, ...range(5, 11), 2, 3, 4, ...range(11, 16)];
    const fr = frOf(order);
    const beads = alignPair(en, fr);
    const moves = findMovedPassages(en, fr, beads);
    expect(moves.length).toBeGreaterThanOrEqual(1);
    const move = moves.find((m) => m.src.from <= 2 && m.src.to >= 5)!;
    expect(move).toBeDefined();
    expect(move).toMatchObject({ src: { from: 2, to: 5 }, tgt: { from: 8, to: 11 }, reversed: false });
  });
});

describe('the report of a move', () => {
  // rows 2-3: English without Russian (where the passage left); rows 6-7: Russian without English (where it went)
  const cells: Array<[string, string]> = [
    ['The Committee met in Geneva.', 'Комитет собрался в Женеве.'],
    ['The delegation presented proposals.', ''],
    ['The Secretary-General reported.', ''],
    ['The programme was adopted.', 'Программа была принята.'],
    ['The representative spoke.', 'Представитель выступил.'],
    ['', 'Генеральный секретарь доложил.'],
    ['', 'Делегация представила предложения.'],
    ['The meeting rose.', ''],
  ];
  const grid: QaGrid = {
    columns: [{ name: 'en', lang: 'en' }, { name: 'ru', lang: 'ru' }],
    rows: cells.map((c, k) => ({ number: k + 1, confidence: 0.9, confirmed: false, cells: c })),
  };
  const move: Finding = {
    kind: 'moved-passage',
    row: 2,
    langs: ['en', 'ru'],
    versions: ['en', 'ru'],
    message: 'moved',
    detail: { key: 'finding.passageReversed', params: { fromRow: 2, toRow: 3, targetFromRow: 6, targetToRow: 7 } },
  };
  const emptyRows = (findings: Finding[]) => findings.filter((f) => f.kind === 'empty-cell').map((f) => f.row);

  it('leaves out the empty cells the move explains, and only those', () => {
    expect(emptyRows(runChecks(grid))).toEqual([2, 3, 6, 7, 8]);
    const findings = runChecks(grid, [() => [move]]);
    expect(emptyRows(findings)).toEqual([8]);
    expect(findings.filter((f) => f.kind === 'moved-passage')).toHaveLength(1);
  });
});
