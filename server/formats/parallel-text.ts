// Plain parallel text: one text per version, line N of each being unit N (the line-aligned form
// MT corpora and sentence aligners exchange). Pure: strings in, strings out.
//
// writeParallelText(aligned) → [{ lang, name, fileName(slug), text }] per column: one line per
//   unit, '' for an empty cell, each line ended by \n. A line break inside a cell (the break between
//   blocks, see aligned-text.ts, or one in the text) becomes a single space, as a line is a unit;
//   a tab stays. parallelFileName(slug, lang) gives the CLI's file names, SLUG.LANG.txt.
// readParallelText(files) → { aligned, warnings } from two or three already decoded texts with
//   their languages (languageOfParallelFile reads it from SLUG.LANG.txt): the files must have the
//   same number of lines; a line blank in every file is no unit (counted in a warning); a final
//   newline is not a line. Every unit is confirmed (the files pair their lines). Refused: fewer than two or more than three files, two files of one
//   language, unequal line counts, a language whose file has no text (an empty version).
import { AlignedTextError, checkAligned, oneLanguageWarning, refuseEmptyColumns, type AlignedImport, type AlignedText } from './aligned-text.ts';

export interface ParallelFile {
  lang: string;
  name: string;
  text: string;
}

export function parallelFileName(slug: string, lang: string): string {
  return `${slug}.${lang}.txt`;
}

/** The language of a file named SLUG.LANG.txt (or LANG.txt); undefined when the name does not say. */
export function languageOfParallelFile(fileName: string): string | undefined {
  return /(?:^|\.)([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.txt$/i.exec(fileName)?.[1];
}

export function writeParallelText(aligned: AlignedText): ParallelFile[] {
  checkAligned(aligned);
  return aligned.columns.map((col, c) => ({
    lang: col.lang,
    name: col.name,
    text: aligned.rows.map((row) => row[c].replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ') + '\n').join(''),
  }));
}

export function readParallelText(files: ReadonlyArray<{ lang: string; text: string; name?: string }>): AlignedImport {
  if (files.length < 2 || files.length > 3) throw new AlignedTextError(`A line-aligned import takes two or three files, one per language; ${files.length} ${files.length === 1 ? 'was' : 'were'} given.`);
  files.forEach((f, k) => {
    if (files.some((o, j) => j < k && o.lang.toLowerCase() === f.lang.toLowerCase())) throw new AlignedTextError(`Two of the files are in ${f.lang}; give one file per language.`);
  });
  const lines = files.map((f) => {
    const text = f.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  });
  const counts = lines.map((l) => l.length);
  if (new Set(counts).size > 1) {
    throw new AlignedTextError(
      `The files do not have the same number of lines (${files.map((f, k) => `${f.name ?? f.lang}: ${counts[k]}`).join(', ')}); line N of each must be the same unit.`,
    );
  }
  const rows: string[][] = [];
  let blank = 0;
  for (let n = 0; n < counts[0]; n++) {
    const row = lines.map((l) => l[n]);
    if (row.every((t) => t.trim() === '')) blank++;
    else rows.push(row);
  }
  const aligned: AlignedText = {
    columns: files.map((f) => ({ lang: f.lang, name: f.lang })),
    rows,
    units: rows.map((_, r) => ({ id: String(r + 1), confirmed: true, confidence: null, notes: [] })),
  };
  refuseEmptyColumns(aligned, 'line-aligned');
  const warnings = blank ? [`${blank} ${blank === 1 ? 'line is' : 'lines are'} blank in every file and made no unit.`] : [];
  return { aligned, warnings: [...warnings, ...oneLanguageWarning(aligned, 'line-aligned')] };
}
