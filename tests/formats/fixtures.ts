// Aligned texts the format tests export: a short work in en/ru/zh with what breaks writers —
// markup characters, quotes at the start of a cell, tabs, line breaks, list markers, an omission,
// notes with authors and categories, confirmed and unconfirmed units.
import { alignedFromCells, type AlignedText, type CellBlock } from '../../server/formats/aligned-text.ts';

const p = (...sentences: string[]): CellBlock[] => [{ kind: 'paragraph', sentences }];

export const sample: AlignedText = alignedFromCells(
  'Declaration of Heads of Member States of the SCO',
  [
    { lang: 'en', name: 'en', status: 'unofficial', provenance: 'English web copy as received' },
    { lang: 'ru', name: 'ru', status: 'working', provenance: 'working translation for this repository' },
    { lang: 'zh', name: 'zh', status: 'working', provenance: 'working translation for this repository' },
  ],
  [
    {
      id: '1', confirmed: true, confidence: null, notes: [],
      cells: [
        [{ kind: 'heading', sentences: ['DECLARATION'] }],
        [{ kind: 'heading', sentences: ['ДЕКЛАРАЦИЯ'] }],
        [{ kind: 'heading', sentences: ['宣言'] }],
      ],
    },
    {
      id: '2', confirmed: false, confidence: 0.8731, notes: [{ text: 'Check "Tom & Jerry" <b>', author: 'Anna', category: 'terminology', column: 1 }],
      cells: [p('Tom & Jerry <b> said "yes".', 'A second sentence.'), p('Том и Джерри <b> сказали «да».', 'Второе предложение.'), p('汤姆和杰瑞<b>说“是”。', '第二句。')],
    },
    {
      id: '3', confirmed: true, confidence: 0.5, notes: [{ text: 'The dash of part III' }],
      cells: [
        [{ kind: 'list-item', label: '-', sentences: ['to strengthen mutual trust;'] }],
        [{ kind: 'list-item', label: '-', sentences: ['укреплять взаимное доверие;'] }],
        [{ kind: 'list-item', label: '——', sentences: ['加强相互信任；'] }],
      ],
    },
    {
      id: '4', confirmed: false, confidence: 0.42, notes: [],
      cells: [p('"Quoted" at the start\tand a tab'), p('Строка\nс переводом строки'), p('"引号"开头')],
    },
    // An omission: only the English has this sentence.
    { id: '6', confirmed: false, confidence: 0.91, notes: [{ text: 'lost in ru, zh', category: 'omission', author: 'Boris' }], cells: [p('Only in English.'), [], []] },
    {
      id: '7', confirmed: false, confidence: 0.77, notes: [],
      cells: [
        [{ kind: 'paragraph', sentences: ['Last paragraph.'] }, { kind: 'signature', sentences: ['President of the Republic'] }],
        [{ kind: 'paragraph', sentences: ['Последний абзац.'] }, { kind: 'signature', sentences: ['Президент Республики'] }],
        [{ kind: 'paragraph', sentences: ['最后一段。'] }, { kind: 'signature', sentences: ['共和国总统'] }],
      ],
    },
  ],
);

const templates: Record<string, (i: number) => string> = {
  en: (i) => `Article ${i}. The member states will strengthen cooperation by ${2000 + (i % 20)} & "report" <annually>.`,
  ru: (i) => `Статья ${i}. Государства-члены укрепят сотрудничество до ${2000 + (i % 20)} года.`,
  zh: (i) => `第${i}条：成员国将在${2000 + (i % 20)}年前加强合作。`,
};

/** A generated work of `count` units in en/ru/zh, for the benchmark. */
export function generatedAligned(count: number): AlignedText {
  const langs = ['en', 'ru', 'zh'];
  return alignedFromCells(
    `Generated work of ${count} units`,
    langs.map((lang) => ({ lang, name: lang, status: 'working', provenance: 'generated for the benchmark' })),
    Array.from({ length: count }, (_, i) => ({
      confirmed: i % 3 === 0,
      confidence: i % 3 === 0 ? null : 0.5 + (i % 50) / 100,
      notes: i % 100 === 0 ? [{ text: `Note ${i}`, author: 'bench', category: 'style' }] : [],
      cells: langs.map((lang) => (i % 10 === 5 ? [{ kind: 'list-item' as const, label: '-', sentences: [templates[lang](i)] }] : p(templates[lang](i)))),
    })),
  );
}
