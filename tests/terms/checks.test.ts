import { describe, expect, it } from 'vitest';
import { findTermFindings } from '../../server/terms/checks.ts';
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

  it('reports the same source term rendered differently across rows', () => {
    const row = (n: number, ru: string) => ({ row: n, cells: [{ lang: 'en', text: 'the Shanghai Cooperation Organisation' }, { lang: 'ru', text: ru }] });
    const findings = check([row(1, 'Шанхайская организация сотрудничества'), row(2, 'Шанхайской организации сотрудничества'), row(3, 'ШОС')], null);
    expect(findings.map((f) => [f.kind, f.row, f.langs, f.text])).toEqual([['term-inconsistent', 3, ['en', 'ru'], 'ШОС']]);
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
