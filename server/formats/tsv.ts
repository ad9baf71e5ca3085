// Tab-separated aligned text: a header line with the version names, then one line per row.
// writeTsv(aligned) → the file, written by csv-stringify with RFC 4180 quoting and a tab as the
// separator: a cell that holds a tab, a line break (\n or \r) or a double quote — so also one that
// starts with a quote — is put in double quotes, its quotes doubled; every other cell is written as
// it is. Records end with \n. A reader that follows RFC 4180 with tab as separator (Python's
// csv.reader(f, delimiter='\t'), csv-parse, LibreOffice) gets back exactly the cells, tabs and
// line breaks included; list markers are part of the cell text (see aligned-text.ts).
// readTsv(text) → the rows of cells, header included, by the same rules.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { checkAligned, type AlignedText } from './aligned-text.ts';
import { FormatInputError } from './format-error.ts';

export function writeTsv(aligned: AlignedText): string {
  checkAligned(aligned);
  return stringify([aligned.columns.map((c) => c.name), ...aligned.rows], { delimiter: '\t', record_delimiter: '\n', quoted_match: /[\r\n]/ });
}

export function readTsv(text: string): string[][] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), { delimiter: '\t', relax_column_count: true }) as string[][];
  } catch (error) {
    throw new FormatInputError(`The file is not readable as TSV: ${(error as Error).message}`);
  }
}
