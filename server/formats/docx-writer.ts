// DOCX export of an aligned text, written with the docx library: the work's title, a line per
// version (name, language, status, provenance), then a table with one column per version and one
// row per unit (a header row with the version names, repeated on every page).
// A cell holds its blocks as paragraphs: a heading in bold, a list item indented and starting with
// its marker ("- ", "——"), a signature in italics; without block structure, each line of the cell
// text is a paragraph. So a reader that joins a cell's paragraphs with line breaks (python-docx's
// cell.text) gets the cell's text back exactly.
// Fonts: Latin and Cyrillic in Times New Roman (ascii, hAnsi, cs), Chinese and Japanese in SimSun
// (eastAsia), set as the document's default run font; each column's runs carry its language
// (w:lang, eastAsia for zh/ja) so Word picks the right font and spelling.
// API: writeDocx(aligned, options) → Promise<Uint8Array> (the docx library packs asynchronously).
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { checkAligned, type AlignedColumn, type AlignedText, type CellBlock } from './aligned-text.ts';
import { xmlCharactersOnly } from './xml.ts';

export interface DocxOptions {
  /** Shown under the title, e.g. 'Exported by Triptych 0.1.0 on 2026-12-03'. */
  subtitle?: string;
  /** Latin and Cyrillic font; default Times New Roman. */
  latinFont?: string;
  /** Chinese font (w:eastAsia); default SimSun. */
  eastAsiaFont?: string;
}

const eastAsian = (lang: string) => /^(zh|ja|ko)\b/i.test(lang);

function language(col: AlignedColumn): { value: string; eastAsia?: string } {
  return eastAsian(col.lang) ? { value: 'en-US', eastAsia: col.lang } : { value: col.lang };
}

function run(text: string, col: AlignedColumn, style: { bold?: boolean; italics?: boolean } = {}): TextRun {
  return new TextRun({ text: xmlCharactersOnly(text), language: language(col), ...style });
}

function blockParagraph(block: CellBlock, col: AlignedColumn): Paragraph {
  const joiner = eastAsian(col.lang) ? '' : ' ';
  if (block.kind === 'list-item' && block.label) {
    const [first = '', ...rest] = block.sentences;
    const text = [block.label === '——' ? `${block.label}${first}` : `${block.label} ${first}`, ...rest].join(joiner);
    return new Paragraph({ children: [run(text, col)], indent: { left: 360, hanging: 360 } });
  }
  const text = block.sentences.join(joiner);
  if (block.kind === 'heading') return new Paragraph({ children: [run(text, col, { bold: true })] });
  if (block.kind === 'signature') return new Paragraph({ children: [run(text, col, { italics: true })] });
  return new Paragraph({ children: [run(text, col)] });
}

function cellParagraphs(aligned: AlignedText, r: number, c: number): Paragraph[] {
  const col = aligned.columns[c];
  const blocks = aligned.units?.[r]?.cells?.[c];
  const paragraphs = blocks?.length
    ? blocks.filter((b) => b.sentences.length).map((b) => blockParagraph(b, col))
    : aligned.rows[r][c] === ''
      ? []
      : aligned.rows[r][c].split('\n').map((line) => new Paragraph({ children: [run(line, col)] }));
  // A table cell must hold a paragraph, even an empty one.
  return paragraphs.length ? paragraphs : [new Paragraph({})];
}

export async function writeDocx(aligned: AlignedText, options: DocxOptions = {}): Promise<Uint8Array> {
  checkAligned(aligned);
  const latin = options.latinFont ?? 'Times New Roman';
  const eastAsia = options.eastAsiaFont ?? 'SimSun';
  const width = Math.floor(100 / aligned.columns.length);
  const header = new TableRow({
    tableHeader: true,
    children: aligned.columns.map(
      (col) => new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [run(`${col.name} (${col.lang})`, col, { bold: true })] })] }),
    ),
  });
  const rows = aligned.rows.map(
    (_row, r) =>
      new TableRow({
        cantSplit: false,
        children: aligned.columns.map((_col, c) => new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: cellParagraphs(aligned, r, c) })),
      }),
  );
  const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  const versionLines = aligned.columns.map(
    (col) =>
      new Paragraph({
        children: [run(`${col.name} (${col.lang})`, col, { bold: true }), run(`: ${[col.status, col.provenance].filter(Boolean).join(' — ') || 'status and provenance not recorded'}`, col)],
      }),
  );
  const doc = new Document({
    creator: 'Triptych',
    title: aligned.title ?? 'Aligned text',
    styles: { default: { document: { run: { font: { ascii: latin, hAnsi: latin, cs: latin, eastAsia }, size: 22 } } } },
    sections: [
      {
        properties: { page: { size: { orientation: aligned.columns.length > 2 ? 'landscape' : 'portrait' } } },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.LEFT, children: [run(aligned.title ?? 'Aligned text', aligned.columns[0])] }),
          ...(options.subtitle ? [new Paragraph({ children: [run(options.subtitle, aligned.columns[0], { italics: true })] })] : []),
          ...versionLines,
          new Paragraph({}),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
            rows: [header, ...rows],
          }),
        ],
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

