// Plain parallel text: line N of each file is unit N; the reader takes two or three such files.
import { describe, expect, it } from 'vitest';
import { languageOfParallelFile, parallelFileName, readParallelText, writeParallelText } from '../../server/formats/parallel-text.ts';
import { sample } from './fixtures.ts';

describe('writeParallelText', () => {
  const files = writeParallelText(sample);

  it('writes one text per version, a line per unit, line breaks inside a cell as spaces', () => {
    expect(files.map((f) => f.lang)).toEqual(['en', 'ru', 'zh']);
    for (const f of files) expect(f.text.split('\n')).toHaveLength(sample.rows.length + 1);
    expect(files[1].text.split('\n')[3]).toBe('Строка с переводом строки');
    expect(files[0].text.split('\n')[5]).toBe('Last paragraph. President of the Republic');
    expect(files[1].text.split('\n')[4]).toBe('');
    expect(files[2].text.split('\n')[2]).toBe('——加强相互信任；');
    expect(parallelFileName('declaration-2005', 'zh')).toBe('declaration-2005.zh.txt');
  });

  it('reads back into the same units, their texts with spaces for line breaks', () => {
    const { aligned, warnings } = readParallelText(files.map((f) => ({ lang: f.lang, text: f.text })));
    expect(aligned.rows).toEqual(sample.rows.map((row) => row.map((t) => t.replace(/\n/g, ' '))));
    expect(warnings).toEqual(['1 line-aligned unit has text in one language only (an omission in the others): 5.']);
    expect(writeParallelText(aligned).map((f) => f.text)).toEqual(files.map((f) => f.text));
  });
});

describe('readParallelText', () => {
  it('takes the language from SLUG.LANG.txt and skips lines blank in every file', () => {
    expect(languageOfParallelFile('declaration-2005.en-US.txt')).toBe('en-US');
    expect(languageOfParallelFile('notes.txt')).toBeUndefined();
    const { aligned, warnings } = readParallelText([{ lang: 'en', text: 'One\n\nTwo\r\n' }, { lang: 'ru', text: 'Один\n\nДва' }]);
    expect(aligned.rows).toEqual([['One', 'Один'], ['Two', 'Два']]);
    expect(warnings).toEqual(['1 line is blank in every file and made no unit.']);
  });

  it.each([
    ['one file', [{ lang: 'en', text: 'a\n' }], /two or three files/],
    ['unequal line counts', [{ lang: 'en', name: 'w.en.txt', text: 'a\nb\n' }, { lang: 'ru', name: 'w.ru.txt', text: 'а\n' }], /w\.en\.txt: 2, w\.ru\.txt: 1/],
    ['one language twice', [{ lang: 'en', text: 'a\n' }, { lang: 'EN', text: 'b\n' }], /Two of the files are in EN/],
    ['an empty version', [{ lang: 'en', text: 'a\nb\n' }, { lang: 'ru', text: ' \n\n' }], /no text in ru/],
  ])('refuses %s', (_name, files, message) => {
    expect(() => readParallelText(files)).toThrow(message);
  });
});
