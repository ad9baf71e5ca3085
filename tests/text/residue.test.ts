import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { findResidueLines, isChromeLine, isDateTime, isTimestampLine } from '../../server/text/residue.ts';
import { normaliseText } from '../../server/text/normalise.ts';
import { finishesWithin } from '../deadline.ts';

/** The residue lines of a text, as [line text, reason] pairs. */
function residueOf(text: string): [string, string][] {
  const lines = text.split('\n');
  return findResidueLines(lines).map(({ line, reason }) => [lines[line], reason]);
}

describe('isDateTime', () => {
  it.each([
    '2006-06-12 15:15',
    '12.06.2006',
    '2006/06/12 15:15:00',
    'June 12, 2006 3:15 PM',
    'Mon, 12 Jun 2006 15:15 GMT',
    '2006-06-12T15:15:00Z',
    '12 июня 2006 г., 15:15',
    '12 июня 2006 года в 15:15 мск',
    '2006年6月12日 15:15',
    '2006年06月12日15时15分 星期一',
    '(北京时间 2006-06-12 15:15)',
  ])('accepts %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each(['Xinhua', 'July', 'the 2006 summit', '15 member states', '新华社', ''])('rejects %s', (value) => {
    expect(isDateTime(value)).toBe(false);
  });
});

describe('isTimestampLine', () => {
  it.each([
    'Updated: 2006-06-12 15:15',
    'Last updated on June 12, 2006',
    'Posted: 12/06/2006 15:15',
    'Published 2006-06-12',
    'Last modified: Mon, 12 Jun 2006 15:15 GMT',
    'Source: Xinhua',
    'Editor: Li Xing',
    'Обновлено: 12.06.2006 15:15',
    'Дата публикации: 12 июня 2006 г.',
    'Источник: РИА Новости',
    '更新时间：2006-06-12 15:15',
    '发布时间：2006年6月12日',
    '来源：新华网',
    '责任编辑：王军',
    '2006-06-12 15:15 来源：新华网 作者：李明',
    '发布时间：2006-06-12 来源：人民网',
  ])('marks %s', (line) => {
    expect(isTimestampLine(line)).toBe(true);
  });

  it.each([
    '(Astana, July 05, 2005)',
    'Unofficial translation by the SCO Secretariat',
    'Updated regulations will follow in 2006.',
    'The source of the problem: poverty and unemployment in the region.',
    'Sources: many',
    'Обновлено положение о Секретариате',
    '时间：成员国元首会议期间',
    'Posted by the Secretariat',
    'Updatedness: 2006',
  ])('does not mark %s', (line) => {
    expect(isTimestampLine(line)).toBe(false);
  });
});

describe('isChromeLine', () => {
  it.each([
    'Top China News',
    "Today's Top News",
    'Most Commented/Read Stories in 48 Hours',
    'Related stories',
    'Print',
    'Copyright © 2006 China Daily. All rights reserved.',
    'Читайте также',
    'Версия для печати',
    'Самые читаемые новости',
    '相关报道',
    '打印本页',
    '【关闭窗口】',
  ])('recognises %s', (line) => {
    expect(isChromeLine(line)).toBe(true);
  });

  it.each([
    'President of the Republic of Kazakhstan',
    'Hu Jintao',
    'Президент Российской Федерации',
    'В. Путин',
    '俄罗斯联邦总统',
    '普京',
    'The print media of the member states',
    'Related issues of security',
  ])('does not take %s for chrome', (line) => {
    expect(isChromeLine(line)).toBe(false);
  });
});

describe('findResidueLines', () => {
  it('finds the four residue lines of the English seed and nothing else', () => {
    const raw = readFileSync(new URL('../../texts/declaration-2005/en.txt', import.meta.url), 'utf8');
    expect(residueOf(normaliseText(raw))).toEqual([
      ['Updated: 2006-06-12 15:15', 'timestamp'],
      ['Top China News', 'page-chrome'],
      ["Today's Top News", 'page-chrome'],
      ['Most Commented/Read Stories in 48 Hours', 'page-chrome'],
    ]);
  });

  it('finds Russian residue around a Russian document, keeping its signature', () => {
    const text = [
      'Декларация глав государств-членов ШОС',
      '',
      'Дата публикации: 12.06.2006 15:15',
      '',
      '(Астана, 5 июля 2005 года)',
      '',
      'Главы государств-членов заявляют следующее.',
      '',
      'Президент Российской Федерации',
      'В. Путин',
      '',
      '',
      'Читайте также',
      'Россия и Китай подписали соглашение',
      'Версия для печати',
      '© РИА Новости, 2006. Все права защищены.',
      '',
    ].join('\n');
    expect(residueOf(text)).toEqual([
      ['Дата публикации: 12.06.2006 15:15', 'timestamp'],
      ['Читайте также', 'page-chrome'],
      ['Россия и Китай подписали соглашение', 'page-chrome'],
      ['Версия для печати', 'page-chrome'],
      ['© РИА Новости, 2006. Все права защищены.', 'page-chrome'],
    ]);
  });

  it('finds Chinese residue, including a combined date and source line at the top', () => {
    const text = [
      '上海合作组织成员国元首宣言',
      '2006-06-12 15:15 来源：新华网',
      '',
      '成员国元首声明如下：',
      '',
      '成员国元首认为，成员国需要共同努力。',
      '',
      '俄罗斯联邦总统',
      '普京',
      '',
      '责任编辑：王军',
      '相关报道',
      '上合组织峰会在阿斯塔纳举行',
      '【打印】【关闭窗口】',
      '',
    ].join('\n');
    expect(residueOf(text)).toEqual([
      ['2006-06-12 15:15 来源：新华网', 'timestamp'],
      ['责任编辑：王军', 'timestamp'],
      ['相关报道', 'page-chrome'],
      ['上合组织峰会在阿斯塔纳举行', 'page-chrome'],
      ['【打印】【关闭窗口】', 'page-chrome'],
    ]);
  });

  it('finds other English labels and links', () => {
    const text = [
      'Joint Communiqué',
      'Posted: June 12, 2006 3:15 PM',
      '',
      'The ministers met in Beijing.',
      '',
      'Source: Xinhua',
      '',
      'Related stories:',
      'Ministers agree on trade',
      'Share this',
      '',
    ].join('\n');
    expect(residueOf(text)).toEqual([
      ['Posted: June 12, 2006 3:15 PM', 'timestamp'],
      ['Source: Xinhua', 'timestamp'],
      ['Related stories:', 'page-chrome'],
      ['Ministers agree on trade', 'page-chrome'],
      ['Share this', 'page-chrome'],
    ]);
  });

  it('finds nothing in a document without residue', () => {
    const text = [
      'Declaration of Heads of Member States of SCO',
      '',
      '(Astana, July 05, 2005)',
      '',
      'The heads of the member states state the following:',
      '',
      'The SCO will be making a constructive contribution.',
      '',
      'President of the Republic of Kazakhstan',
      '',
      "President of the People's Republic of China",
      'Hu Jintao',
      '',
    ].join('\n');
    expect(residueOf(text)).toEqual([]);
  });

  it('does not mark a short last paragraph without punctuation', () => {
    const text = ['Title', '', 'The parties agreed on all points.', '', '', 'Long live the friendship of our peoples', ''].join('\n');
    expect(residueOf(text)).toEqual([]);
  });

  it('does not mark a last paragraph that ends a sentence, even if it speaks of news', () => {
    const text = ['Title', '', 'The parties met.', '', 'The news agencies of the member states will cooperate.', ''].join('\n');
    expect(residueOf(text)).toEqual([]);
  });

  it('does not mark a publication label in the middle of a long document', () => {
    const body = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} ends here.`);
    const text = ['Title', '', ...body.slice(0, 15), 'Updated: 2006-06-12', ...body.slice(15), ''].join('\n');
    expect(residueOf(text)).toEqual([]);
  });

  it('never marks the first line, even when it reads like a label', () => {
    expect(residueOf('Source: Xinhua\n\nThe text.\n')).toEqual([]);
  });

  it('does not let a label before the signature swallow the signature', () => {
    const text = ['Title', '', 'The text ends.', '', 'Posted: 2006-06-12', '', 'President of the Russian Federation', 'V. Putin', ''].join('\n');
    expect(residueOf(text)).toEqual([['Posted: 2006-06-12', 'timestamp']]);
  });
});

describe('isDateTime on a long run of digits (the pattern no longer backtracks exponentially)', () => {
  // The numeric-date pattern as it was: groups of one to four digits with an optional separator,
  // repeated. A run of 32 digits and a letter took it about 12 s, each further digit three times more.
  const EXPONENTIAL = /^(?=.*\d)(?:\d{1,4}[-./:年月日号时時分秒点點]?)+(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/u;

  it('rejects 32 digits and a letter at once, alone or after a label', () => {
    const value = '1'.repeat(32) + 'x';
    expect(finishesWithin(5_000, () => isDateTime(value))).toBe(false);
    expect(finishesWithin(5_000, () => isTimestampLine(`Updated: ${value}`))).toBe(false);
    expect(finishesWithin(5_000, () => residueOf(`Title\nUpdated: ${'1'.repeat(10_000)}x\nThe body.\n`))).toEqual([]);
  });

  it('accepts and rejects every short token as the old pattern did', () => {
    const token = fc.string({ unit: fc.constantFrom(...'0123456789-./:年月日T+Z'), minLength: 1, maxLength: 12 }).filter((t) => /\d/.test(t));
    fc.assert(fc.property(token, (t) => isDateTime(t) === EXPONENTIAL.test(t)), { numRuns: 3000 });
  });
});
