// Checks of single rows: empty cells, untranslated cells (identical, or in another version's script),
// low-confidence rows; the fingerprint that remembers a dismissal; the report's order and sources.
import { describe, expect, it } from 'vitest';
import { findEmptyCells, findLowConfidenceRows, findUntranslatedCells } from '../../server/qa/cell-checks.ts';
import { findingFingerprint, type QaGrid } from '../../server/qa/findings.ts';
import { contentLength } from '../../server/qa/length-check.ts';
import { runChecks } from '../../server/qa/report.ts';
import { countScripts, scriptOfLanguage } from '../../server/qa/scripts.ts';

function grid(cells: string[][], options: { langs?: string[]; confidence?: Array<number | null>; confirmed?: boolean[] } = {}): QaGrid {
  const langs = options.langs ?? ['en', 'ru', 'zh'];
  return {
    columns: langs.map((lang) => ({ name: lang, lang })),
    rows: cells.map((row, i) => ({
      number: i + 1,
      confidence: options.confidence?.[i] ?? 0.9,
      confirmed: options.confirmed?.[i] ?? false,
      cells: row,
    })),
  };
}

describe('scripts', () => {
  it('knows the script of a language and of a text', () => {
    expect(scriptOfLanguage('ru')).toBe('cyrillic');
    expect(scriptOfLanguage('zh')).toBe('han');
    expect(scriptOfLanguage('en')).toBe('latin');
    expect(countScripts('Шанхайская организация сотрудничества (ШОС)').dominant).toBe('cyrillic');
    expect(countScripts('上海合作组织（SCO）成员国').dominant).toBe('han');
    expect(countScripts('2005 — 17').dominant).toBeNull();
    expect(countScripts('Ёжик «в тумане»')).toEqual({ letters: 11, dominant: 'cyrillic', share: 1 });
    expect(countScripts('Ελληνικά and Crème').letters).toBe(16);
  });

  it('counts the letters of a text, whatever its script, digits and punctuation aside', () => {
    expect(contentLength('Café №5 — 中文，Ёж! 𠀀')).toBe(9);
    expect(contentLength('   —，。 ')).toBe(0);
  });
});

describe('findEmptyCells', () => {
  it('reports the empty cell of a 1-0 row as a probable omission when most versions have text', () => {
    const findings = findEmptyCells(grid([['', 'Организация уверенно развивается.', '本组织稳步发展。']]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'empty-cell', row: 1, versions: ['en', 'ru', 'zh'], langs: ['en', 'ru', 'zh'] });
    expect(findings[0].message).toContain('probably omitted in en');
  });

  it('reads a lone filled cell as a probable addition, and counts a cell of punctuation as empty', () => {
    const findings = findEmptyCells(grid([['—', 'Н. Назарбаев', '']]));
    expect(findings.map((f) => f.versions[0])).toEqual(['en', 'zh']);
    expect(findings[0].message).toContain('probably added in ru');
  });

  it('says nothing of full rows', () => {
    expect(findEmptyCells(grid([['Hu Jintao', 'Ху Цзиньтао', '胡锦涛']]))).toEqual([]);
  });
});

describe('findUntranslatedCells', () => {
  it('reports a cell identical to another language version', () => {
    const text = 'The heads of the member states agreed on the following.';
    const [finding, ...rest] = findUntranslatedCells(grid([[text, text, '成员国元首商定如下。']]));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ kind: 'untranslated', row: 1, versions: ['ru', 'en'] });
  });

  it('reports a cell written in the script of another version', () => {
    const findings = findUntranslatedCells(
      grid([['The heads of state agreed.', 'Главы государств договорились.', 'Главы государств договорились о следующем.']]),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'untranslated', versions: ['zh', 'ru'] });
    expect(findings[0].message).toContain('script of ru');
  });

  it('leaves short cells, names and numbers alone', () => {
    expect(findUntranslatedCells(grid([['SCO', 'SCO', 'SCO'], ['2005', '2005', '2005']]))).toEqual([]);
    expect(findUntranslatedCells(grid([['The RATS (Tashkent)', 'РАТС (Ташкент)', '地区反恐怖机构（RATS）']]))).toEqual([]);
  });
});

describe('findLowConfidenceRows', () => {
  it('reports automatic rows below the threshold that no one confirmed', () => {
    const g = grid([['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c']], {
      confidence: [0.2, 0.2, 0.9, null],
      confirmed: [false, true, false, false],
    });
    const findings = findLowConfidenceRows(g);
    expect(findings.map((f) => f.row)).toEqual([1]);
    expect(findings[0].message).toContain('20%');
  });
});

describe('fingerprints and the report', () => {
  it('a fingerprint stays when the row moves and changes when its text changes', () => {
    const finding = { kind: 'omission', versions: ['en', 'ru'], text: undefined };
    const a = findingFingerprint(finding, ['Short.', 'Длинное предложение.']);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(findingFingerprint({ ...finding, versions: ['ru', 'en'] }, ['Short.', 'Длинное предложение.'])).toBe(a);
    expect(findingFingerprint(finding, ['Short!', 'Длинное предложение.'])).not.toBe(a);
    expect(findingFingerprint({ ...finding, kind: 'addition' }, ['Short.', 'Длинное предложение.'])).not.toBe(a);
  });

  it('orders findings by row and takes extra sources (e.g. terminology) into the same list', () => {
    const g = grid([['', 'Текст.', '文本。'], ['Text here.', 'Текст здесь.', '这里的文本。']], { confidence: [0.9, 0.1] });
    const findings = runChecks(g, [() => [{ kind: 'term-superseded', row: 1, langs: ['ru'], versions: ['ru'], message: 'superseded term' }]]);
    expect(findings.map((f) => [f.row, f.kind])).toEqual([
      [1, 'empty-cell'],
      [1, 'term-superseded'],
      [2, 'low-confidence'],
    ]);
  });
});
