// The normalisation the number check relies on, as tables in the three languages, and the check
// itself: the same dates and numbers written each language's way agree; a changed one is reported.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { finishesWithin } from '../deadline.ts';
import { extractNumbers } from '../../server/text/numbers.ts';
import type { QaGrid } from '../../server/qa/findings.ts';
import { CompatibleValueSet, compatibleValues, extractTimes, findNumberMismatches } from '../../server/qa/number-check.ts';

const values = (text: string, lang: string) => extractNumbers(text, lang).map((n) => n.value);

describe('numbers and dates normalised across en, ru, zh', () => {
  const table: Array<[string, string, string[]]> = [
    ['en', 'June 02, 2005', ['2005-06-02']],
    ['ru', '2 июня 2005 года', ['2005-06-02']],
    ['zh', '2005年6月2日', ['2005-06-02']],
    ['en', 'July 05, 2005', ['2005-07-05']],
    ['ru', '5 июля 2005 года', ['2005-07-05']],
    ['zh', '二〇〇五年七月五日', ['2005-07-05']],
    ['en', 'in December 2004', ['2004-12']],
    ['ru', 'в декабре 2004 года', ['2004-12']],
    ['zh', '2004年12月', ['2004-12']],
    ['en', '12,500 people', ['12500']],
    ['ru', '12 500 человек', ['12500']],
    ['zh', '一万二千五百人', ['12500']],
    ['en', '3.5 per cent', ['3.5%']],
    ['ru', '3,5 процента', ['3.5%']],
    ['zh', '百分之三点五', ['3.5%']],
    ['en', 'the sixty-ninth session', ['69']],
    ['ru', 'шестьдесят девятая сессия', ['69']],
    ['zh', '第六十九届会议', ['69']],
  ];
  it.each(table)('%s: %s', (lang, text, expected) => {
    expect(values(text, lang)).toEqual(expected);
  });
});

describe('times of day (read in server/qa)', () => {
  const table: Array<[string, string[]]> = [
    ['To be held on Thursday, 12 February 2015, at 10.23 a.m.', ['T10:23']],
    ['at 3 p.m. and at 12 noon', ['T15:00']],
    ['which will meet at 15:30', ['T15:30']],
    ['которое состоится в четверг, 12 февраля 2015 года, в 10 ч. 23 м.', ['T10:23']],
    ['в 15 час. и отключения до 18 часов в день', ['T15:00']],
    ['定于2015年2月12日星期四上午10时23分举行', ['T10:23']],
    ['定于2015年2月17日星期二下午3时举行', ['T15:00']],
    ['下午三点半开会，同时一时难以决定', ['T15:30']],
  ];
  it.each(table)('%s', (text, expected) => {
    expect(extractTimes(text).map((t) => t.value)).toEqual(expected);
  });

  it('lets the same meeting time agree in the three languages', () => {
    const g = grid([['To be held on Tuesday, 17 February 2015, at 3 p.m.', 'которое состоится во вторник, 17 февраля 2015 года, в 15 ч. 00 м.', '定于2015年2月17日星期二下午3时举行']]);
    expect(findNumberMismatches(g)).toEqual([]);
    const later = grid([['at 3 p.m.', 'в 16 ч. 00 м.', '下午3时']]);
    expect(findNumberMismatches(later)[0].message).toContain('T16:00');
  });
});

describe('compatible values', () => {
  it('matches a less precise date with a more precise one, and nothing else', () => {
    expect(compatibleValues('2005', '2005-07-05')).toBe(true);
    expect(compatibleValues('2005-07', '2005-07-05')).toBe(true);
    expect(compatibleValues('--07-05', '2005-07-05')).toBe(true);
    expect(compatibleValues('5%', '5')).toBe(true);
    expect(compatibleValues('2004', '2005-07-05')).toBe(false);
    expect(compatibleValues('--07-06', '2005-07-05')).toBe(false);
    expect(compatibleValues('2005', '--07-05')).toBe(false);
    expect(compatibleValues('2004', '2005')).toBe(false);
    // a bare day against a date on that day: "from 3 to 5 February" = 2月3日至5日
    expect(compatibleValues('3', '2015-02-03')).toBe(true);
    expect(compatibleValues('4', '2015-02-03')).toBe(false);
  });
});

function grid(cells: string[][], langs = ['en', 'ru', 'zh']): QaGrid {
  return {
    columns: langs.map((lang) => ({ name: lang, lang })),
    rows: cells.map((row, i) => ({ number: i + 1, confidence: 0.9, confirmed: false, cells: row })),
  };
}

describe('findNumberMismatches', () => {
  it('finds nothing where each language writes the same date its own way', () => {
    const g = grid([
      ['at the meeting in Astana on June 02, 2005.', 'на встрече в Астане 2 июня 2005 года.', '2005年6月2日在阿斯塔纳举行的会议。'],
      ['since 2004, in autumn 2005', 'с 2004 года, осенью 2005 года', '自2004年起，2005年秋季'],
    ]);
    expect(findNumberMismatches(g)).toEqual([]);
  });

  it('reports a date that differs in one version, naming the versions', () => {
    const g = grid([['in Astana on June 03, 2005.', 'в Астане 2 июня 2005 года.', '2005年6月2日在阿斯塔纳。']]);
    const [finding, ...rest] = findNumberMismatches(g);
    expect(rest).toEqual([]);
    expect(finding.kind).toBe('number-mismatch');
    expect(finding.row).toBe(1);
    expect(finding.versions).toEqual(['en', 'ru', 'zh']);
    expect(finding.message).toContain('2005-06-03');
    expect(finding.message).toContain('2005-06-02');
  });

  it('reports a number missing in one version, with thousands separators and Chinese numerals understood', () => {
    const g = grid([['12,500 delegates and 40 observers', '12 500 делегатов', '一万二千五百名代表和四十名观察员']]);
    const [finding] = findNumberMismatches(g);
    expect(finding.text).toBe('40');
    expect(finding.message).toMatch(/40 .* in en, zh but not in ru/);
  });

  it('leaves small numbers spelled as words or Chinese numerals alone, but not small digits', () => {
    expect(findNumberMismatches(grid([['the second meeting', 'второе заседание', '第二次会议']]))).toEqual([]);
    expect(findNumberMismatches(grid([['item 3 of the list', 'пункт списка', '清单项目']]))).toHaveLength(1);
  });

  it('ignores a paragraph number at the head of one cell only', () => {
    expect(findNumberMismatches(grid([['The Commission agreed.', '10. Комиссия постановила.', '委员会商定。']]))).toEqual([]);
  });

  it('finds nothing where amounts with a scale and day ranges are written each language\'s way', () => {
    const g = grid([
      ['Finland has contributed over Euro1.5 million.', 'Финляндия внесла свыше 1,5 млн. евро.', '芬兰提供了150万欧元的捐款。'],
      ['held in Koror from 29 to 31 July 2014', 'состоявшемся в Короре 29-31 июля 2014 года', '2014年7月29至31日在科罗尔举行'],
      ['reached more than 2 million people', 'охватившую как минимум 2 миллиона человек', '向200多万人进行了宣传'],
      ['rose from 31 to 56 per cent', 'выросла с 31 до 56 процентов', '从31%增至56%'],
    ]);
    expect(findNumberMismatches(g)).toEqual([]);
    const other = grid([['Euro1.5 million', '1,5 млн евро', '15万欧元']]);
    expect(findNumberMismatches(other)[0].message).toContain('150000');
  });

  it('skips empty cells (the omission check covers them)', () => {
    expect(findNumberMismatches(grid([['', '17 июня 2004 года', '2004年6月17日']]))).toEqual([]);
  });
});

describe('the number check on crafted cells (linear time)', () => {
  const grid = (en: string, zh: string): QaGrid => ({
    columns: [{ name: 'en', lang: 'en' }, { name: 'zh', lang: 'zh' }],
    rows: [{ number: 1, confidence: 1, confirmed: false, cells: [en, zh] }],
  });

  it('compares two cells of 20,000 different numbers without comparing each with each', () => {
    // Every value was compared with every value of every cell: 4·10^8 comparisons here.
    const numbers = Array.from({ length: 20_000 }, (_, i) => String(i + 100));
    const findings = finishesWithin(20_000, () => findNumberMismatches(grid(numbers.join(' and '), numbers.slice(0, 19_999).join('和'))));
    expect(findings).toHaveLength(1);
    expect(findings[0].text).toBe('20099');
  });

  it('reads 10,000 times of day in one cell, blanking them once', () => {
    const times = Array.from({ length: 10_000 }, (_, i) => `${i % 12 + 1} p.m.`).join(', ');
    expect(finishesWithin(20_000, () => extractTimes(times))).toHaveLength(10_000);
    expect(finishesWithin(20_000, () => findNumberMismatches(grid(times, '下午1时')))).toHaveLength(1);
  });

  it('indexes a cell\'s values so that a lookup answers as compatibleValues with each of them would', () => {
    const value = fc.constantFrom(
      '1', '5', '05', '12', '31', '32', '100', '123', '2005', '2006', '5%', '2005%', '3.5',
      '2005-07', '2005-06', '2005-07-05', '2005-07-31', '2006-07-05', '--07-05', '--07-31', '--06-05', '--07', '123-07', '99-07', 'T15:00',
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), value, (values, asked) => {
        expect(new CompatibleValueSet(values).has(asked)).toBe(values.some((v) => compatibleValues(v, asked)));
      }),
      { numRuns: 5000 },
    );
  });
});
