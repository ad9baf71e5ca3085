import { describe, expect, it } from 'vitest';
import { findTermFindings } from '../../server/terms/checks.ts';
import type { ConceptData, TermData } from '../../server/terms/termbase.ts';
import { declarationConcepts, segmentChinese } from './seed.ts';

const retitling = {
  row: 4,
  cells: [
    { lang: 'en', text: 'The Council of National Coordinators will present proposals on renaming the post of its head from Executive Secretary to Secretary-General.' },
    { lang: 'ru', text: 'Совет национальных координаторов представит предложения о переименовании должности Исполнительного секретаря ШОС в Генерального секретаря ШОС.' },
    { lang: 'zh', text: '国家协调员理事会应提出将秘书处负责人职务的俄文名称改为“秘书长”的建议。' },
  ],
};
const check = (rows: typeof retitling[], documentDate: string | null) => findTermFindings({ rows, concepts: declarationConcepts, documentDate, segmentChinese });

describe('findTermFindings', () => {
  it('accepts the old title in a document dated before the retitling', () => {
    expect(check([retitling], '2005-07-05').filter((f) => f.kind === 'term-superseded')).toEqual([]);
  });

  it('reports the old title in a document dated after the retitling, and without a date', () => {
    const after = check([retitling], '2007-01-01').filter((f) => f.kind === 'term-superseded');
    expect(after.map((f) => [f.row, f.langs, f.text])).toEqual([
      [4, ['en'], 'Executive Secretary'],
      [4, ['ru'], 'Исполнительного секретаря'],
    ]);
    expect(after[1].message).toContain("use 'Генеральный секретарь'");
    expect(check([retitling], null).filter((f) => f.kind === 'term-superseded')).toHaveLength(2);
  });

  it('reports a concept whose equivalent is missing in another version of the row', () => {
    const row = { row: 9, cells: [{ lang: 'en', text: 'The RATS in Tashkent.' }, { lang: 'ru', text: 'Структура в Ташкенте.' }, { lang: 'zh', text: '设在塔什干的地区反恐怖机构。' }] };
    const findings = check([row], '2005-07-05');
    expect(findings.map((f) => [f.kind, f.row, f.langs, f.concept])).toEqual([['term-missing-equivalent', 9, ['en', 'zh', 'ru'], 'rats']]);
    expect(findings[0].message).toContain('Региональная антитеррористическая структура');
  });

  it('does not report a missing equivalent in an empty cell', () => {
    const row = { row: 2, cells: [{ lang: 'en', text: 'The SCO.' }, { lang: 'ru', text: '' }, { lang: 'zh', text: '上海合作组织。' }] };
    expect(check([row], null)).toEqual([]);
  });

  it('reports the same source term rendered by two different preferred terms across rows', () => {
    const row = (n: number, ru: string) => ({ row: n, cells: [{ lang: 'en', text: 'the Shanghai Cooperation Organisation' }, { lang: 'ru', text: ru }] });
    const twoPreferred = declarationConcepts.map((c) =>
      c.key !== 'sco' ? c : { ...c, terms: [...c.terms, { lang: 'ru', text: 'Шанхайская организация по сотрудничеству', status: 'preferred' as const, validFrom: null, validUntil: null, usageNote: '', context: '' }] },
    );
    const rows = [row(1, 'Шанхайская организация сотрудничества'), row(2, 'Шанхайской организации сотрудничества'), row(3, 'Шанхайской организации по сотрудничеству'), row(4, 'ШОС')];
    const findings = findTermFindings({ rows, concepts: twoPreferred, documentDate: null, segmentChinese });
    expect(findings.map((f) => [f.kind, f.row, f.langs, f.text])).toEqual([['term-inconsistent', 3, ['en', 'ru'], 'Шанхайская организация по сотрудничеству']]);
    expect(findings[0].message).toBe("'Shanghai Cooperation Organisation' is rendered in ru as 'Шанхайская организация по сотрудничеству' here but as 'Шанхайская организация сотрудничества' in rows 1, 2.");
  });

  it('reports forbidden and deprecated terms whatever the date', () => {
    const concepts = [{ key: 'k', definition: '', subject: '', note: '', source: '', terms: [
      { lang: 'en', text: 'Organ', status: 'preferred' as const, validFrom: null, validUntil: null, usageNote: '', context: '' },
      { lang: 'en', text: 'Body', status: 'forbidden' as const, validFrom: null, validUntil: null, usageNote: '', context: '' },
    ] }];
    const findings = findTermFindings({ rows: [{ row: 1, cells: [{ lang: 'en', text: 'The Body met.' }] }], concepts, documentDate: '2005' });
    expect(findings).toEqual([{ kind: 'term-superseded', row: 1, langs: ['en'], text: 'Body', concept: 'k', message: "'Body' is a forbidden term for 'Organ'; use 'Organ'.",
      params: { text: 'Body', status: 'forbidden', validFrom: '', validUntil: '', concept: 'Organ', date: '', better: 'Organ' } }]);
  });
});

// One concept in English and Russian with the terms given, for the table of rendering cases.
type T = Pick<TermData, 'text' | 'status'> & Partial<TermData>;
const body = (ru: T[]): ConceptData => ({
  key: 'body', definition: '', subject: '', note: '', source: '',
  terms: [
    { lang: 'en', text: 'Supervisory Body', status: 'preferred', validFrom: null, validUntil: null, usageNote: '', context: '' },
    ...ru.map((t) => ({ lang: 'ru', validFrom: null, validUntil: null, usageNote: '', context: '', ...t })),
  ],
});
const bodyRows = (ru: string[], en = 'The Supervisory Body met.') => ru.map((text, i) => ({ row: i + 1, cells: [{ lang: 'en', text: en }, { lang: 'ru', text }] }));

describe('renderings of one source term: accepted variants are not inconsistent', () => {
  const full: T = { text: 'Наблюдательный орган', status: 'preferred', termType: 'fullForm' };
  it.each<[string, ConceptData[], string[], string | null, Array<[string, number, string]>]>([
    ['abbreviation vs full form (the declaration: ШОС)', declarationConcepts,
      ['Шанхайская организация сотрудничества', 'ШОС', 'Шанхайской организации сотрудничества'], null, []],
    ['abbreviation vs full form, both preferred', [body([full, { text: 'НО', status: 'preferred', termType: 'abbreviation' }])],
      ['Наблюдательный орган', 'НО', 'Наблюдательного органа'], null, []],
    ['a word in capitals without a type counts as an abbreviation', [body([{ ...full, termType: undefined }, { text: 'НО', status: 'preferred' }])],
      ['Наблюдательный орган', 'НО', 'Наблюдательного органа'], null, []],
    ['a short form vs the full form', [body([full, { text: 'Орган', status: 'preferred', termType: 'shortForm' }])],
      ['Наблюдательный орган', 'Органа'], '2005', []],
    ['admitted vs preferred', [body([full, { text: 'Контрольный орган', status: 'admitted' }])],
      ['Наблюдательный орган', 'Контрольный орган', 'Наблюдательного органа'], null, []],
    ['two admitted synonyms', [body([full, { text: 'Контрольный орган', status: 'admitted' }, { text: 'Надзорный орган', status: 'admitted' }])],
      ['Контрольный орган', 'Надзорный орган'], null, []],
    ['two different preferred terms', [body([full, { text: 'Надзорный орган', status: 'preferred', termType: 'fullForm' }])],
      ['Наблюдательный орган', 'Надзорного органа', 'Наблюдательного органа'], null, [['term-inconsistent', 2, 'Надзорный орган']]],
    ['two different preferred abbreviations', [body([full, { text: 'НО', status: 'preferred' }, { text: 'НКО', status: 'preferred' }])],
      ['НО', 'НО', 'НКО'], null, [['term-inconsistent', 3, 'НКО']]],
    ['a deprecated term: superseded, not inconsistent', [body([full, { text: 'Надзорный орган', status: 'deprecated' }])],
      ['Наблюдательный орган', 'Надзорного органа', 'Наблюдательного органа'], '2005', [['term-superseded', 2, 'Надзорного органа']]],
    ['a forbidden term: superseded, not inconsistent', [body([full, { text: 'Надзорный орган', status: 'forbidden' }])],
      ['Надзорного органа', 'Наблюдательный орган'], null, [['term-superseded', 1, 'Надзорного органа']]],
    ['a superseded term after its date: superseded, not inconsistent', [body([full, { text: 'Надзорный орган', status: 'superseded', validUntil: '2006' }])],
      ['Наблюдательный орган', 'Надзорного органа'], '2007', [['term-superseded', 2, 'Надзорного органа']]],
    ['a term before its date next to the one right then', [body([{ ...full, validFrom: '2006' }, { text: 'Надзорный орган', status: 'superseded', validUntil: '2006' }])],
      ['Надзорный орган', 'Наблюдательного органа', 'Надзорного органа'], '2005-07-05', [['term-inconsistent', 2, 'Наблюдательный орган']]],
    ['an admitted term before its date next to the preferred one', [body([full, { text: 'Контрольный орган', status: 'admitted', validFrom: '2010' }])],
      ['Наблюдательный орган', 'Контрольный орган'], '2005', [['term-inconsistent', 2, 'Контрольный орган']]],
  ])('%s', (_name, concepts, ru, documentDate, expected) => {
    const en = concepts === declarationConcepts ? 'The Shanghai Cooperation Organisation met.' : undefined;
    const findings = findTermFindings({ rows: bodyRows(ru, en), concepts, documentDate, segmentChinese });
    expect(findings.map((f) => [f.kind, f.row, f.text])).toEqual(expected);
  });

  it('the Chinese short form next to the full form (上合组织, 上海合作组织)', () => {
    const rows = ['上海合作组织', '上合组织', '上海合作组织'].map((zh, i) => ({ row: i + 1, cells: [{ lang: 'en', text: 'The Shanghai Cooperation Organisation.' }, { lang: 'zh', text: `${zh}成员国。` }] }));
    expect(findTermFindings({ rows, concepts: declarationConcepts, documentDate: '2005-07-05', segmentChinese })).toEqual([]);
  });

  it('a term of another concept is not a variant: it is a missing equivalent', () => {
    const rows = [
      { row: 1, cells: [{ lang: 'en', text: 'The Secretariat met.' }, { lang: 'ru', text: 'Секретариат собрался.' }] },
      { row: 2, cells: [{ lang: 'en', text: 'The Secretariat met.' }, { lang: 'ru', text: 'Секретариат ООН собрался.' }] },
    ];
    const findings = findTermFindings({ rows, concepts: declarationConcepts, documentDate: '2005-07-05', segmentChinese });
    expect(findings.map((f) => [f.kind, f.row, f.concept])).toEqual([
      ['term-missing-equivalent', 2, 'secretariat'],
      ['term-missing-equivalent', 2, 'un-secretariat'],
    ]);
  });
});

describe('short names a document defines', () => {
  it('count as naming the concept from the row that defines them on, in each language', () => {
    const rows = [
      { row: 1, cells: [
        { lang: 'en', text: 'The Shanghai Cooperation Organisation (hereinafter the Organisation) met.' },
        { lang: 'ru', text: 'Шанхайская организация сотрудничества (далее – Организация) собралась.' },
        { lang: 'zh', text: '上海合作组织（以下简称“本组织”）举行会议。' },
      ] },
      { row: 2, cells: [{ lang: 'en', text: 'The SCO grows.' }, { lang: 'ru', text: 'Организацией принято решение.' }, { lang: 'zh', text: '本组织不断发展。' }] },
      // Lower case is not the name: 'organisations' in general do not name the SCO.
      { row: 3, cells: [{ lang: 'en', text: 'The SCO grows.' }, { lang: 'ru', text: 'Другие организации приняли решение.' }, { lang: 'zh', text: '本组织不断发展。' }] },
    ];
    const findings = findTermFindings({ rows, concepts: declarationConcepts, documentDate: '2005-07-05', segmentChinese });
    expect(findings.map((f) => [f.row, f.kind, f.concept, f.params?.lang])).toEqual([[3, 'term-missing-equivalent', 'sco', 'ru']]);
  });
});
