import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../server/text/sentences.ts';
import { finishesWithin } from '../deadline.ts';

function sentencesOf(paragraph: string, lang: string): string[] {
  const spans = splitSentences(paragraph, lang);
  for (const span of spans) {
    expect(span.start).toBeLessThan(span.end);
    expect(paragraph.slice(span.start, span.end)).toBe(paragraph.slice(span.start, span.end).trim());
  }
  // Spans are in order, do not overlap, and leave out only whitespace.
  const covered = spans.map((s) => paragraph.slice(s.start, s.end)).join('');
  expect(covered.replace(/\s/g, '')).toBe(paragraph.replace(/\s/g, ''));
  return spans.map((s) => paragraph.slice(s.start, s.end));
}

describe('splitSentences: English', () => {
  it.each<[string, string, string[]]>([
    ['titles before names', 'Mr. Smith met Dr. Jones and St. John. They talked.', ['Mr. Smith met Dr. Jones and St. John.', 'They talked.']],
    ['U.N. and U.S. mid-sentence', 'The U.N. Security Council met. The U.S. President spoke.', ['The U.N. Security Council met.', 'The U.S. President spoke.']],
    ['e.g., i.e. and etc. mid-sentence', 'Use e.g. apples, i.e. fruit, etc. in your diet. Then rest.', ['Use e.g. apples, i.e. fruit, etc. in your diet.', 'Then rest.']],
    ['No. before a number', 'See No. 5 and No. 6. Then go.', ['See No. 5 and No. 6.', 'Then go.']],
    ['a month abbreviation before a day', 'It met on Jan. 5 in Beijing. It ended.', ['It met on Jan. 5 in Beijing.', 'It ended.']],
    ['initials', 'J. R. R. Tolkien wrote it. H. G. Wells did not.', ['J. R. R. Tolkien wrote it.', 'H. G. Wells did not.']],
    ['a date ending a sentence', 'They met in Astana on June 02, 2005. The next day they left.', ['They met in Astana on June 02, 2005.', 'The next day they left.']],
    ['a decimal number', 'Trade grew by 3.5 per cent. Investment fell by 0.75.', ['Trade grew by 3.5 per cent.', 'Investment fell by 0.75.']],
    ['etc. at the paragraph end', 'They discussed trade, transport, energy, etc.', ['They discussed trade, transport, energy, etc.']],
    ['etc. ending a sentence before a capital', 'They discussed trade, energy, etc. The rest waited.', ['They discussed trade, energy, etc.', 'The rest waited.']],
    ['an ellipsis before a capital', 'He paused... Then he left. Wait… Now.', ['He paused...', 'Then he left.', 'Wait…', 'Now.']],
    ['an ellipsis before a lower-case word', 'I wonder… maybe not. Yes.', ['I wonder… maybe not.', 'Yes.']],
    ['closing quotes stay with their sentence', 'He said "Stop." Then he left. She wrote: “Go!” And went.', ['He said "Stop."', 'Then he left.', 'She wrote: “Go!”', 'And went.']],
    ['a straight quote opening the next sentence', 'He left. "Go now," she said.', ['He left.', '"Go now," she said.']],
    ['a question inside a quotation', '“Are you sure?” he asked. Yes.', ['“Are you sure?” he asked.', 'Yes.']],
    ['an enumerator opening the paragraph', '1. The parties agreed. 2. The parties signed.', ['1. The parties agreed.', '2. The parties signed.']],
    ['a closing bracket after the stop', 'The SCO grew (see above.) The end came.', ['The SCO grew (see above.)', 'The end came.']],
    ['a.m. ending a sentence', 'The meeting opened at 10 a.m. The chair spoke.', ['The meeting opened at 10 a.m.', 'The chair spoke.']],
    ['a dot inside a word', 'See www.sectsco.org for details. Thanks.', ['See www.sectsco.org for details.', 'Thanks.']],
    ['exclamation and question marks', 'Why? Because! Really?! Yes.', ['Why?', 'Because!', 'Really?!', 'Yes.']],
    ['a semicolon-ended list item', 'development of a close cooperation between the member states;', ['development of a close cooperation between the member states;']],
    ['a wrapped line that does not end a sentence', 'The heads of the member states\nagreed on the following. Next.', ['The heads of the member states\nagreed on the following.', 'Next.']],
  ])('%s', (_name, paragraph, expected) => {
    expect(sentencesOf(paragraph, 'en')).toEqual(expected);
  });
});

describe('splitSentences: Russian', () => {
  it.each<[string, string, string[]]>([
    ['т.е. and т. е. mid-sentence', 'Это, т.е. пример, важен. И т. е. ещё один.', ['Это, т.е. пример, важен.', 'И т. е. ещё один.']],
    ['г. after a year ends a sentence', 'В 2005 г. было так. В 2006 г. Совет собрался.', ['В 2005 г. было так.', 'В 2006 г.', 'Совет собрался.']],
    ['г. before a city name', 'Саммит прошёл в г. Астана. Он был успешным.', ['Саммит прошёл в г. Астана.', 'Он был успешным.']],
    ['гг. after years', 'В 1999–2005 гг. рост продолжался. Далее.', ['В 1999–2005 гг. рост продолжался.', 'Далее.']],
    ['гг. ending a sentence', 'Рост продолжался в 1999–2005 гг. Затем наступил спад.', ['Рост продолжался в 1999–2005 гг.', 'Затем наступил спад.']],
    ['им., см., ст.', 'Это библиотека им. Ленина. См. ст. 5 Устава. Всё.', ['Это библиотека им. Ленина.', 'См. ст. 5 Устава.', 'Всё.']],
    ['др. and и т.д. mid-sentence', 'Он, и др. коллеги, и т.д. согласились. Да.', ['Он, и др. коллеги, и т.д. согласились.', 'Да.']],
    ['и т.д. ending a sentence', 'Яблоки, груши и т.д. Следующее предложение.', ['Яблоки, груши и т.д.', 'Следующее предложение.']],
    ['и т. д. with a space ending a sentence', 'Яблоки, груши и т. д. Следующее предложение.', ['Яблоки, груши и т. д.', 'Следующее предложение.']],
    ['initials', 'В. В. Путин и Н. Назарбаев подписали Декларацию. Она вступила в силу.', ['В. В. Путин и Н. Назарбаев подписали Декларацию.', 'Она вступила в силу.']],
    ['млн. and тыс. mid-sentence', 'Около 5 млн. рублей и 3 тыс. человек. Это много.', ['Около 5 млн. рублей и 3 тыс. человек.', 'Это много.']],
    ['млн. ending a sentence', 'Бюджет составил 5 млн. В следующем году он вырастет.', ['Бюджет составил 5 млн.', 'В следующем году он вырастет.']],
    ['долл. США', 'Фонд получил 1,5 млн. долл. США. Это много.', ['Фонд получил 1,5 млн. долл. США.', 'Это много.']],
    ['a date ending a sentence', 'Совещание прошло 2 июня 2005 года. Главы государств приняли Декларацию.', ['Совещание прошло 2 июня 2005 года.', 'Главы государств приняли Декларацию.']],
    ['guillemets stay with their sentence', 'Он сказал: «Нет.» Потом ушёл.', ['Он сказал: «Нет.»', 'Потом ушёл.']],
    ['a question before a dash and lower case', '«Кто там?» — спросил он. Никто.', ['«Кто там?» — спросил он.', 'Никто.']],
    ['a decimal comma and point', 'Рост составил 3,5 процента, а не 3.5. Так.', ['Рост составил 3,5 процента, а не 3.5.', 'Так.']],
    ['an ellipsis', 'Он замолчал… Потом продолжил. Ну… может быть.', ['Он замолчал…', 'Потом продолжил.', 'Ну… может быть.']],
  ])('%s', (_name, paragraph, expected) => {
    expect(sentencesOf(paragraph, 'ru')).toEqual(expected);
  });
});

describe('splitSentences: Chinese', () => {
  it.each<[string, string, string[]]>([
    ['。！？ end sentences', '这是第一句。这是第二句！这是第三句？这是第四句。', ['这是第一句。', '这是第二句！', '这是第三句？', '这是第四句。']],
    ['； does not end a sentence', '第一部分；第二部分；第三部分。下一句。', ['第一部分；第二部分；第三部分。', '下一句。']],
    ['。” keeps the quote', '他说：“我们走。”然后走了。', ['他说：“我们走。”', '然后走了。']],
    ['。」 keeps the bracket', '他说「好。」我们走吧。', ['他说「好。」', '我们走吧。']],
    ['！） keeps the bracket', '下一句（注释！）然后。', ['下一句（注释！）', '然后。']],
    ['…… inside a sentence', '我想……他走了。这是……真的吗？', ['我想……他走了。', '这是……真的吗？']],
    ['Latin text inside Chinese', '美国（U.S.）的总统说：Hello. How are you? 然后他走了。', ['美国（U.S.）的总统说：Hello.', 'How are you?', '然后他走了。']],
    ['a decimal number', '增长3.5%。下降0.75个百分点。', ['增长3.5%。', '下降0.75个百分点。']],
    ['a full-width dot after an enumerator', '1．成员国元首认为。2．各方商定。', ['1．成员国元首认为。', '2．各方商定。']],
    ['a full-width dot used as a full stop', '设x＝1．则y＝2．证毕。', ['设x＝1．', '则y＝2．', '证毕。']],
    ['book-title marks and a date', '根据2004年6月17日签署的《协议》，深化合作。上海合作组织愿积极参与。', ['根据2004年6月17日签署的《协议》，深化合作。', '上海合作组织愿积极参与。']],
    ['a list item ending with ；', '——共同规划和实施反恐行动；', ['——共同规划和实施反恐行动；']],
  ])('%s', (_name, paragraph, expected) => {
    expect(sentencesOf(paragraph, 'zh')).toEqual(expected);
  });
});

describe('splitSentences: edges', () => {
  it('returns nothing for an empty or blank paragraph', () => {
    expect(splitSentences('', 'en')).toEqual([]);
    expect(splitSentences('  \n ', 'ru')).toEqual([]);
  });

  it('returns trimmed offsets into the given string', () => {
    expect(splitSentences('  One. Two.  ', 'en')).toEqual([
      { start: 2, end: 6 },
      { start: 7, end: 11 },
    ]);
  });

  it('keeps a paragraph without final punctuation whole', () => {
    expect(sentencesOf('President of the Republic of Kazakhstan', 'en')).toEqual(['President of the Republic of Kazakhstan']);
  });

  it('joins a piece without letters to its neighbour', () => {
    expect(sentencesOf('Really?! ... Yes.', 'en')).toEqual(['Really?! ...', 'Yes.']);
  });

  it('splits a very long paragraph the same way as its parts', () => {
    const en = 'Mr. Smith met the U.N. team on Jan. 5, 2005, i.e. early. They agreed (see No. 5). ';
    const zh = '成员国元首认为，“成员国需要共同努力。”各方商定加强协作；积极参与！';
    for (const [lang, unit, perUnit] of [['en', en, 2], ['zh', zh, 2]] as const) {
      const paragraph = unit.repeat(400);
      const sentences = sentencesOf(paragraph, lang);
      expect(sentences).toHaveLength(400 * perUnit);
      expect(sentences.slice(0, perUnit).join(lang === 'en' ? ' ' : '')).toBe(unit.trim());
      expect(new Set(sentences).size).toBe(perUnit);
    }
  });

  it('accepts a region subtag and an unknown language', () => {
    expect(sentencesOf('Это первое. Это второе.', 'ru-RU')).toEqual(['Это первое.', 'Это второе.']);
    expect(sentencesOf('First one. Second one.', 'xx-invalid-tag-!!')).toEqual(['First one.', 'Second one.']);
  });
});

describe('splitSentences on crafted paragraphs (linear time: a candidate never rereads the sentence so far)', () => {
  it('keeps 1 MB of "x! " whole: every candidate is refused before a lower-case letter', () => {
    const paragraph = 'x! '.repeat(333_333).trimEnd();
    const spans = finishesWithin(20_000, () => splitSentences(paragraph, 'en'));
    expect(spans).toEqual([{ start: 0, end: paragraph.length }]);
  });

  it('keeps 100,000 wrapped lines without a full stop as one sentence', () => {
    const paragraph = Array.from({ length: 100_000 }, () => 'ab').join('\n');
    expect(finishesWithin(20_000, () => splitSentences(paragraph, 'en'))).toEqual([{ start: 0, end: paragraph.length }]);
  });

  it.each([
    ['titles before names', 'Mr. '],
    ['numbers after No.', 'No. 5 '],
    ['initials', 'X. '],
  ])('keeps 200,000 characters of %s whole', (_name, unit) => {
    const paragraph = unit.repeat(Math.ceil(200_000 / unit.length)).trimEnd();
    const spans = finishesWithin(20_000, () => splitSentences(paragraph, 'en'));
    expect(spans).toHaveLength(1);
  });

  it('reads a run of 200,000 full stops as one piece, ellipses included', () => {
    const paragraph = 'Wait' + '.'.repeat(200_000) + ' Then… ' + '…'.repeat(100_000) + ' Now.';
    const spans = finishesWithin(20_000, () => splitSentences(paragraph, 'en')).map((s) => paragraph.slice(s.start, s.end));
    expect(spans).toEqual(['Wait' + '.'.repeat(200_000), 'Then… ' + '…'.repeat(100_000), 'Now.']);
  });

  it('splits 200,000 characters of short sentences into each of them', () => {
    const paragraph = 'It is. '.repeat(30_000).trimEnd();
    const spans = finishesWithin(20_000, () => splitSentences(paragraph, 'en'));
    expect(spans).toHaveLength(30_000);
    expect(spans[29_999]).toEqual({ start: paragraph.length - 6, end: paragraph.length });
  });

  it('reads a word longer than 64 characters before a stop as no abbreviation', () => {
    const word = 'a'.repeat(70);
    expect(sentencesOf(`See ${word}. Then go.`, 'en')).toEqual([`See ${word}.`, 'Then go.']);
  });
});
