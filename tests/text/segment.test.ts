import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { normaliseText } from '../../server/text/normalise.ts';
import { segmentText, type SegmentedText } from '../../server/text/segment.ts';

import { sharedPath } from '../shared-data.ts';

// The English of the shipped work, which is the seed byte for byte (the first test below proves it).
const seedUrl = new URL('../../texts/declaration-2005/en.txt', import.meta.url);

describe('the shipped English of the declaration', () => {
  it('is the seed in ../shared byte for byte', () => {
    expect(readFileSync(seedUrl).equals(readFileSync(sharedPath('seed', 'declaration-2005.en.txt')))).toBe(true);
  });
});

function checkInvariants(segmented: SegmentedText): void {
  const { text, blocks, sentences } = segmented;
  let previousEnd = 0;
  sentences.forEach((s) => {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(s.text).toBe(s.text.trim());
    expect(s.text.length).toBeGreaterThan(0);
    expect(s.start).toBeGreaterThanOrEqual(previousEnd);
    const block = blocks[s.block];
    expect(s.start).toBeGreaterThanOrEqual(block.start);
    expect(s.end).toBeLessThanOrEqual(block.end);
    expect(['part-marker', 'residue']).not.toContain(block.kind);
    previousEnd = s.end;
  });
  blocks.forEach((block, index) => {
    const count = sentences.filter((s) => s.block === index).length;
    if (block.kind === 'part-marker' || block.kind === 'residue') expect(count).toBe(0);
    else if (block.kind === 'heading' || block.kind === 'signature') expect(count).toBe(1);
    else expect(count).toBeGreaterThan(0);
  });
}

function count<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('segmentText on the English seed', () => {
  const segmented = segmentText(normaliseText(readFileSync(seedUrl, 'utf8')), 'en');
  const { text, blocks, sentences } = segmented;
  const blockText = (i: number) => text.slice(blocks[i].start, blocks[i].end);
  const ofKind = (kind: string) => blocks.flatMap((b, i) => (b.kind === kind ? [blockText(i)] : []));

  it('keeps its invariants', () => {
    checkInvariants(segmented);
  });

  it('has 3 headings, 33 paragraphs, 8 list items, 7 signature lines and 4 residue lines', () => {
    expect(count(blocks, (b) => b.kind)).toEqual({ heading: 3, residue: 4, paragraph: 33, 'list-item': 8, signature: 7 });
  });

  it('finds the three headings of the front matter', () => {
    expect(ofKind('heading')).toEqual([
      'Declaration of Heads of Member States of SCO',
      '(Astana, July 05, 2005)',
      'Unofficial translation by the SCO Secretariat',
    ]);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.part)).toEqual([0, 0, 0]);
  });

  it('marks the Updated line and the three closing lines as residue, with no sentences', () => {
    expect(ofKind('residue')).toEqual([
      'Updated: 2006-06-12 15:15',
      'Top China News',
      "Today's Top News",
      'Most Commented/Read Stories in 48 Hours',
    ]);
    expect(sentences.some((s) => /Updated:|Top China News|Top News|Most Commented/.test(s.text))).toBe(false);
    expect(blocks.filter((b) => b.kind === 'residue').map((b) => b.part)).toEqual([0, 3, 3, 3]);
  });

  it('puts the preamble in part 0 and starts parts 1, 2 and 3 where the numerals were lost', () => {
    const firstOfPart = [0, 1, 2, 3].map((part) => blocks.findIndex((b) => b.kind === 'paragraph' && b.part === part));
    expect(firstOfPart.map((i) => blockText(i).split(' ').slice(0, 8).join(' '))).toEqual([
      'The heads of the member states of the',
      'A year on, since the last meeting of',
      'The heads of the member states point out',
      'The heads of the member states believe that',
    ]);
    // Parts never go back.
    const parts = blocks.map((b) => b.part);
    expect(parts).toEqual([...parts].sort((a, b) => a - b));
  });

  it('finds eight list items in part 3, one sentence each, without their dashes', () => {
    const items = blocks.flatMap((b, i) => (b.kind === 'list-item' ? [i] : []));
    expect(items).toHaveLength(8);
    expect(items.every((i) => blocks[i].part === 3 && blocks[i].label === '-')).toBe(true);
    const itemSentences = sentences.filter((s) => blocks[s.block].kind === 'list-item').map((s) => s.text);
    expect(itemSentences).toHaveLength(8);
    expect(itemSentences[0]).toBe(
      'development of a close cooperation between diplomatic, foreign, external economic and law enforcement bodies, intelligence and defense agencies of the member states;',
    );
    expect(itemSentences[7]).toBe('training of respective personnel.');
  });

  it('splits "…activity." and "It is important…" into two paragraphs', () => {
    const i = blocks.findIndex((b, j) => b.kind === 'paragraph' && blockText(j).startsWith('Measures will be taken'));
    expect(blockText(i)).toBe('Measures will be taken to improve and enhance the effectiveness of the SCO Regional Antiterrorist Structure activity.');
    expect(blockText(i + 1).startsWith('It is important that in the framework of fight against international terrorism')).toBe(true);
    expect(blocks[i + 1].paragraph).toBe(blocks[i].paragraph + 1);
  });

  it('ends with the signature block: the office lines and Hu Jintao, in part 3', () => {
    expect(ofKind('signature')).toEqual([
      'President of the Republic of Kazakhstan',
      'President of the People’s Republic of China',
      'Hu Jintao',
      'acting President of the Kyrgyz Republic',
      'President of the Russian Federation',
      'President of the Republic of Tajikistan',
      'President of the Republic of Uzbekistan',
    ]);
    expect(blocks.filter((b) => b.kind === 'signature').every((b) => b.part === 3)).toBe(true);
  });

  it('has 69 sentences: 4 in part 0, 17 in part 1, 12 in part 2, 36 in part 3', () => {
    expect(sentences).toHaveLength(69);
    expect(count(sentences, (s) => blocks[s.block].part)).toEqual({ 0: 4, 1: 17, 2: 12, 3: 36 });
  });

  it('keeps the damaged second paragraph as one sentence and splits the others at their full stops', () => {
    const second = sentences.filter((s) => blockText(s.block).startsWith('A year on'));
    expect(second.map((s) => s.text)).toEqual([
      'A year on, since the last meeting of heads of memoperation between the member states and is becoming actively engaged in interaction with other international organisations and countries.',
    ]);
    const diversity = sentences.filter((s) => blockText(s.block).startsWith('Diversity of cultures')).map((s) => s.text);
    expect(diversity).toEqual([
      'Diversity of cultures and civilisations in the world is a common human value.',
      'At a time of fast developing information technologies and communications it must stimulate mutual interest, tolerance, abandonment of extreme approaches and assessments, development of dialogue.',
      'Every people must be properly guaranteed to have the right to choose its own way of development.',
    ]);
  });

  it('numbers paragraphs consecutively and gives every sentence of a block its paragraph', () => {
    const numbered = blocks.filter((b) => b.paragraph >= 0).map((b) => b.paragraph);
    expect(numbered).toEqual(numbered.map((_, i) => i));
    expect(numbered).toHaveLength(51);
  });
});

describe('segmentText on Russian and Chinese texts written to the conventions', () => {
  it('segments a Russian text with Roman part markers, dashes and a signature', () => {
    const text = normaliseText(
      [
        'Декларация глав государств-членов Шанхайской организации сотрудничества',
        '',
        '(Астана, 5 июля 2005 года)',
        '',
        'Главы государств-членов ШОС заявляют следующее:',
        '',
        'I',
        '',
        'Со времени встречи в Ташкенте 17 июня 2004 г. задачи в основном выполнены. Организация уверенно развивается.',
        '',
        'II',
        '',
        'Такие усилия включают:',
        '',
        '– выработку эффективных мер, т. е. механизмов реагирования;',
        '– подготовку кадров.',
        '',
        'Президент Российской Федерации',
        'В. Путин',
      ].join('\n'),
    );
    const segmented = segmentText(text, 'ru');
    checkInvariants(segmented);
    const { blocks, sentences } = segmented;
    expect(blocks.map((b) => [b.kind, b.part, b.label])).toEqual([
      ['heading', 0, undefined],
      ['heading', 0, undefined],
      ['paragraph', 0, undefined],
      ['part-marker', 1, 'I'],
      ['paragraph', 1, undefined],
      ['part-marker', 2, 'II'],
      ['paragraph', 2, undefined],
      ['list-item', 2, '–'],
      ['list-item', 2, '–'],
      ['signature', 2, undefined],
      ['signature', 2, undefined],
    ]);
    expect(sentences.map((s) => s.text)).toEqual([
      'Декларация глав государств-членов Шанхайской организации сотрудничества',
      '(Астана, 5 июля 2005 года)',
      'Главы государств-членов ШОС заявляют следующее:',
      'Со времени встречи в Ташкенте 17 июня 2004 г. задачи в основном выполнены.',
      'Организация уверенно развивается.',
      'Такие усилия включают:',
      'выработку эффективных мер, т. е. механизмов реагирования;',
      'подготовку кадров.',
      'Президент Российской Федерации',
      'В. Путин',
    ]);
  });

  it('segments a Chinese text with numeral part markers, —— items and a signature', () => {
    const text = normaliseText(
      [
        '上海合作组织成员国元首宣言',
        '',
        '（2005年7月5日，阿斯塔纳）',
        '',
        '成员国元首声明如下：',
        '',
        '一',
        '',
        '当时确定的各项任务已基本完成。本组织正在稳步发展“多边合作”。',
        '',
        '二',
        '',
        '此类共同努力包括以下内容：',
        '',
        '——发展成员国之间的密切合作；',
        '——培训相关人才。',
        '',
        '俄罗斯联邦总统',
        '普京',
      ].join('\n'),
    );
    const segmented = segmentText(text, 'zh');
    checkInvariants(segmented);
    expect(segmented.blocks.map((b) => [b.kind, b.part, b.label])).toEqual([
      ['heading', 0, undefined],
      ['heading', 0, undefined],
      ['paragraph', 0, undefined],
      ['part-marker', 1, '一'],
      ['paragraph', 1, undefined],
      ['part-marker', 2, '二'],
      ['paragraph', 2, undefined],
      ['list-item', 2, '——'],
      ['list-item', 2, '——'],
      ['signature', 2, undefined],
      ['signature', 2, undefined],
    ]);
    expect(segmented.sentences.map((s) => s.text)).toEqual([
      '上海合作组织成员国元首宣言',
      '（2005年7月5日，阿斯塔纳）',
      '成员国元首声明如下：',
      '当时确定的各项任务已基本完成。',
      '本组织正在稳步发展“多边合作”。',
      '此类共同努力包括以下内容：',
      '发展成员国之间的密切合作；',
      '培训相关人才。',
      '俄罗斯联邦总统',
      '普京',
    ]);
  });

  it('returns an empty model for an empty text', () => {
    expect(segmentText('', 'en')).toEqual({ text: '', blocks: [], sentences: [] });
  });

  it.each([
    ['en-revised.txt', 'en'],
    ['ru.txt', 'ru'],
    ['zh.txt', 'zh'],
  ])('keeps its invariants on the shipped %s, with three numbered parts', (file, lang) => {
    const raw = readFileSync(new URL(`../../texts/declaration-2005/${file}`, import.meta.url), 'utf8');
    const segmented = segmentText(normaliseText(raw), lang);
    checkInvariants(segmented);
    expect(segmented.blocks.filter((b) => b.kind === 'part-marker').map((b) => b.part)).toEqual([1, 2, 3]);
    expect(segmented.blocks.filter((b) => b.kind === 'list-item')).toHaveLength(8);
    expect(segmented.blocks.filter((b) => b.kind === 'residue')).toHaveLength(0);
  });
});

describe('segmentText on arbitrary texts', () => {
  const seedLines = normaliseText(readFileSync(seedUrl, 'utf8')).split('\n');
  const line = fc.oneof(
    fc.constantFrom(...seedLines, '', '', 'I', 'II.', '二、', '- item;', '——项目；', '• point', 'Updated: 2006-06-12', 'Top News', 'В. Путин', '普京'),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.array(fc.constantFrom('Mr.', 'U.S.', 'etc.', 'т. е.', '3.5', '。', '！”', '……', 'word', 'Слово', '中文', ' ', '?'), { maxLength: 12 }).map((w) => w.join(' ')),
  );

  it('keeps its invariants on any text put through normaliseText', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('en', 'ru', 'zh'), (lines, lang) => {
        const text = normaliseText(lines.join('\n'));
        const segmented = segmentText(text, lang);
        checkInvariants(segmented);
        const covered = segmented.blocks.flatMap((b) => text.slice(b.start, b.end).split('\n'));
        expect(covered).toEqual(text.split('\n').filter((l) => l !== ''));
      }),
      { numRuns: 300 },
    );
  });
});
