// TSV: RFC 4180 quoting with a tab as separator, checked by Python's csv module reading the export.
import { describe, expect, it } from 'vitest';
import { readTsv, writeTsv } from '../../server/formats/tsv.ts';
import { runPython, tempFile } from './external-tools.ts';
import { sample } from './fixtures.ts';

const tricky = {
  columns: [{ lang: 'en', name: 'en' }, { lang: 'ru', name: 'ru' }],
  rows: [
    ['"Quoted" at the start', 'plain'],
    ['a\ttab', 'a\nnewline'],
    ['a "quote" inside', 'carriage\rreturn'],
    ['', '  spaces kept  '],
    ['"', '\t'],
  ],
};

describe('writeTsv', () => {
  it('quotes exactly the cells that need it', () => {
    expect(writeTsv(tricky)).toBe('en\tru\n"""Quoted"" at the start"\tplain\n"a\ttab"\t"a\nnewline"\n"a ""quote"" inside"\t"carriage\rreturn"\n\t  spaces kept  \n""""\t"\t"\n');
  });

  it.each([
    ['the tricky cells', tricky],
    ['the sample work', sample],
  ])('is read back by Python csv.reader(delimiter=tab) cell for cell: %s', (_name, aligned) => {
    const file = tempFile('export.tsv', writeTsv(aligned));
    const rows = runPython<string[][]>(
      'csv',
      `import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    print(json.dumps(list(csv.reader(f, delimiter='\\t')), ensure_ascii=False))`,
      [file],
    );
    expect(rows).toEqual([aligned.columns.map((c) => c.name), ...aligned.rows]);
  });

  it('carries list markers and block breaks as text', () => {
    const rows = readTsv(writeTsv(sample));
    expect(rows[3]).toEqual(['- to strengthen mutual trust;', '- укреплять взаимное доверие;', '——加强相互信任；']);
    expect(rows[6][0]).toBe('Last paragraph.\nPresident of the Republic');
  });
});
