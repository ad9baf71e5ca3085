// The language a document names, as the readers find it: an HTML page's lang (on <html>, else
// <body>, else the body's first element that has one), a DOCX's w:lang (docDefaults, styles and
// runs, most letters winning, w:eastAsia for Chinese characters); and the tags read through the
// BCP 47 library into the content languages Triptych knows.
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../server/formats/docx-reader.ts';
import { writeDocx } from '../../server/formats/docx-writer.ts';
import { readHtml } from '../../server/formats/html-reader.ts';
import { contentLanguageOfTag } from '../../server/text/languages.ts';
import { docxDocument, htmlPage, paragraph, run } from './document-language-fixtures.ts';
import { sample } from './fixtures.ts';

describe('contentLanguageOfTag', () => {
  it.each([
    ['en-US', 'en'],
    ['EN', 'en'],
    ['ru_RU', 'ru'],
    ['zh-Hans-CN', 'zh'],
    ['zh-cmn-Hans', 'zh'],
    [' uk ', 'uk'],
  ])('reads %s as %s', (tag, lang) => {
    expect(contentLanguageOfTag(tag)).toBe(lang);
  });

  it.each(['', 'x-none', 'und', 'zxx', 'tlh', 'en US', 'en--US', '<script>', 'a'.repeat(120)])('names no language Triptych knows in %j', (tag) => {
    expect(contentLanguageOfTag(tag)).toBeUndefined();
  });
});

describe('readHtml: the language the page names', () => {
  it.each([
    ['<html lang>', htmlPage('lang="ru-RU"'), 'ru-RU'],
    ['<html xml:lang> (XHTML)', htmlPage('xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru"'), 'ru'],
    ['<html lang> over <body lang>', htmlPage('lang="ru"', 'lang="en"'), 'ru'],
    ['<body lang> when <html> has none', htmlPage('', 'lang="zh-CN"'), 'zh-CN'],
    ['the first element of the body that has one', htmlPage('', '', '<div><p>Текст без языка.</p><p lang="ru">Первый абзац.</p></div><p lang="en">Second.</p>'), 'ru'],
    ['an empty lang passed over', htmlPage('lang=""', 'lang="ru"'), 'ru'],
    ['none', htmlPage(), ''],
    ['none, a script\'s lang not counted', htmlPage('', '', '<script lang="en">x()</script><p>Текст.</p>'), ''],
  ])('%s', (_name, html, lang) => {
    expect(readHtml(html).lang).toBe(lang);
  });
});

describe('readDocx: the language the document names', () => {
  const ru = (text: string) => run(text, { val: 'ru-RU' });
  it.each([
    ['the docDefaults', docxDocument(paragraph(run('Первый абзац.')), { defaults: { val: 'ru-RU', eastAsia: 'zh-CN' } }), 'ru-RU'],
    ['w:eastAsia for Chinese text', docxDocument(paragraph(run('成员国将加强合作。')), { defaults: { val: 'en-US', eastAsia: 'zh-CN', bidi: 'ar-SA' } }), 'zh-CN'],
    ['w:bidi for Arabic text', docxDocument(paragraph(run('إعلان رؤساء الدول')), { defaults: { val: 'en-US', bidi: 'ar-SA' } }), 'ar-SA'],
    ['the runs\' language over the docDefaults', docxDocument(paragraph(ru('Первый абзац.')) + paragraph(ru('Второй абзац.')), { defaults: { val: 'en-US' } }), 'ru-RU'],
    ['the language of most letters', docxDocument(paragraph(ru('Декларация глав государств') + run('SCO', { val: 'en-GB' })) + paragraph(run('Astana', { val: 'en-GB' }))), 'ru-RU'],
    [
      'a paragraph style\'s language, through basedOn, under the run\'s own',
      docxDocument(paragraph(run('Первый абзац, второй абзац.'), 'Body') + paragraph(run('A short one.', { val: 'en-US' }), 'Body'), {
        defaults: { val: 'en-US' },
        styles: '<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:lang w:val="ru-RU"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Base"/></w:style>',
      }),
      'ru-RU',
    ],
    [
      'the default paragraph style\'s language for a paragraph without a style',
      docxDocument(paragraph(run('Первый абзац.')), { defaults: { val: 'en-US' }, styles: '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:lang w:val="uk-UA"/></w:rPr></w:style>' }),
      'uk-UA',
    ],
    ['x-none is no language', docxDocument(paragraph(run('Первый абзац.', { val: 'x-none' }))), ''],
    ['digits and punctuation do not count', docxDocument(paragraph(run('1. 2005 —', { val: 'en-US' }) + ru('Астана'))), 'ru-RU'],
    ['a tracked deletion does not count', docxDocument(paragraph(`<w:del w:id="1" w:author="A">${run('Deleted English words here', { val: 'en-US' })}</w:del>${ru('Текст')}`)), 'ru-RU'],
    ['none', docxDocument(paragraph(run('Первый абзац.'))), ''],
  ])('%s', (_name, bytes, lang) => {
    expect(readDocx(bytes).lang).toBe(lang);
  });

  it('reads the languages our own export marks its runs with: the one of most letters', async () => {
    // en, ru and zh columns, every run marked with its column's language; the English has the most letters
    expect(readDocx(await writeDocx(sample)).lang).toBe('en');
    const ruOnly = { ...sample, columns: [sample.columns[1]], rows: sample.rows.map((r) => [r[1]]) };
    expect(readDocx(await writeDocx(ruOnly)).lang).toBe('ru');
  });
});
