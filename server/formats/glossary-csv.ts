// CSV glossaries: one concept a row, a column per language. Columns named by a language code hold
// that language's terms, separated by ' | ', each optionally followed by its status, its form (TBX
// termType) and its validity in brackets:
//   "Executive Secretary [superseded; until 2006] | Secretary-General [preferred; from 2006]",
//   "ШОС [admitted; abbreviation]". A term without brackets is preferred.
// Optional columns: concept (the identifier), subject, definition, note, source, and per language
// '<lang> usage note' and '<lang> context' (e.g. 'ru usage note', 'ru context'): the usage notes and
// context examples of that language's terms, in the order of the terms, separated by ' | ' (an empty
// place for a term without one; a '|' or '\' inside a note is written '\|' or '\\'). The header the
// writer makes is
//   concept,subject,definition,note,source,<lang>...,<lang> usage note...,<lang> context...
// and files without the note columns (older exports, hand-made glossaries) still read.
// Also the CSV writer used by the other CSV exports (RFC 4180 by csv-stringify, cells that a
// spreadsheet would take for a formula are prefixed with an apostrophe, which the reader removes),
// and the CSV reader (csv-parse), which refuses control characters other than tab and line breaks.
import { isTermStatus, termTypeNamed, type ConceptData, type TermData } from '../terms/termbase.ts';
import type { RawConcept } from './tbx.ts';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { refuseControlCharacters } from './control-characters.ts';
import { FormatInputError } from './format-error.ts';

export class CsvError extends FormatInputError {
  constructor(
    message: string,
    /** The i18next key ('terms:errors.csv.*') and its values, for saying it in the interface language. */
    readonly translation?: { key: string; params?: Record<string, string | number> },
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

const formulaStart = /^[=+@\t\r]/;

/** RFC 4180 CSV (comma, CRLF, cells quoted when they hold a comma, quote or line break), by csv-stringify. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return stringify(rows as string[][], {
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    cast: { string: (value) => (formulaStart.test(value) ? `'${value}` : value) },
  });
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, an optional BOM) with csv-parse;
 * lines without any text are skipped. A control character other than tab and line breaks is
 * refused with its name and line.
 */
export function parseCsv(text: string, limits = { maxRows: 100_000, maxColumns: 200 }): string[][] {
  try {
    refuseControlCharacters(text, 'CSV file');
  } catch (error) {
    throw new CsvError((error as Error).message, { key: 'terms:errors.csv.controlCharacter', params: { detail: (error as Error).message } });
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'], max_record_size: 1_000_000 }) as string[][];
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number };
    const line = e.lines ?? 0;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new CsvError(`Line ${line}: a quoted cell is never closed.`, { key: 'terms:errors.csv.unclosedQuote', params: { line } });
    if (e.code === 'INVALID_OPENING_QUOTE') throw new CsvError(`Line ${line}: a quote in the middle of an unquoted cell.`, { key: 'terms:errors.csv.strayQuote', params: { line } });
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE') throw new CsvError(`Line ${line}: text after a closing quote.`, { key: 'terms:errors.csv.afterQuote', params: { line } });
    throw new CsvError(`Line ${line}: ${e.message}`, { key: 'terms:errors.csv.unreadable', params: { line, detail: e.message } });
  }
  if (rows.length > limits.maxRows) throw new CsvError(`The file has more than ${limits.maxRows} rows.`, { key: 'terms:errors.csv.tooManyRows', params: { max: limits.maxRows } });
  return rows.map((row, i) => {
    if (row.length > limits.maxColumns) throw new CsvError(`Line ${i + 1} has more than ${limits.maxColumns} columns.`, { key: 'terms:errors.csv.tooManyColumns', params: { line: i + 1, max: limits.maxColumns } });
    return row.map((cell) => (/^'[=+@\t\r]/.test(cell) ? cell.slice(1) : cell));
  });
}

const conceptColumns = ['concept', 'subject', 'definition', 'note', 'source'] as const;

function formatTerm(t: TermData): string {
  const extra = [t.status, t.termType ?? '', t.validFrom ? `from ${t.validFrom}` : '', t.validUntil ? `until ${t.validUntil}` : ''].filter(Boolean);
  return extra.length === 1 && t.status === 'preferred' ? t.text : `${t.text} [${extra.join('; ')}]`;
}

const termFields = { 'usage note': 'usageNote', context: 'context' } as const;
type TermField = keyof typeof termFields;

/** One term's note in a list cell: '|' and '\' escaped with a backslash. */
function escapeListItem(value: string): string {
  return value.replace(/[\\|]/g, (ch) => `\\${ch}`);
}

/** The items of a list cell, split on the '|' not escaped; '\|' and '\\' stand for '|' and '\'. */
function splitListCell(cell: string): string[] {
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < cell.length; i++) {
    const ch = cell[i];
    if (ch === '\\' && (cell[i + 1] === '|' || cell[i + 1] === '\\')) item += cell[++i];
    else if (ch === '|') {
      items.push(item.trim());
      item = '';
    } else item += ch;
  }
  items.push(item.trim());
  return items;
}

export function writeGlossaryCsv(concepts: readonly ConceptData[], langs?: readonly string[]): string {
  const columns = langs ?? [...new Set(concepts.flatMap((c) => c.terms.map((t) => t.lang)))].sort();
  const fields = Object.keys(termFields) as TermField[];
  const rows: string[][] = [[...conceptColumns, ...columns, ...fields.flatMap((f) => columns.map((lang) => `${lang} ${f}`))]];
  for (const c of concepts) {
    const inLang = (lang: string) => c.terms.filter((t) => t.lang === lang);
    const listOf = (lang: string, f: TermField) => {
      const items = inLang(lang).map((t) => t[termFields[f]]);
      while (items.length && !items[items.length - 1]) items.pop();
      return items.map(escapeListItem).join(' | ');
    };
    rows.push([
      c.key,
      c.subject,
      c.definition,
      c.note,
      c.source,
      ...columns.map((lang) => inLang(lang).map(formatTerm).join(' | ')),
      ...fields.flatMap((f) => columns.map((lang) => listOf(lang, f))),
    ]);
  }
  return writeCsv(rows);
}

const termWithMeta = /^(.*?)\s*\[([^\]]*)\]\s*$/s;
const langHeader = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const termFieldHeader = /^([a-z]{2,3}(?:-[a-z0-9]{1,8})*) (usage note|context)$/;

function parseTermCell(cell: string, lang: string, where: string, line: number): RawConcept['terms'] {
  return cell
    .split(' | ')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const m = termWithMeta.exec(part);
      const text = (m ? m[1] : part).trim();
      let status = 'preferred';
      let termType: string | undefined;
      let validFrom: string | null = null;
      let validUntil: string | null = null;
      if (m) {
        const bits = m[2].split(';').map((b) => b.trim()).filter(Boolean);
        for (const bit of bits) {
          const from = /^from\s+(.+)$/i.exec(bit);
          const until = /^until\s+(.+)$/i.exec(bit);
          if (from) validFrom = from[1];
          else if (until) validUntil = until[1];
          else if (/^[a-z]+$/i.test(bit) && !isTermStatus(bit.toLowerCase()) && termTypeNamed(bit)) termType = termTypeNamed(bit);
          else if (/^[a-z]+$/i.test(bit)) status = bit.toLowerCase();
          else throw new CsvError(`${where}: '${bit}' is neither a status, a term type nor 'from DATE' / 'until DATE'.`, { key: 'terms:errors.csv.badNote', params: { line, bit } });
        }
      }
      return { lang, text, status, ...(termType ? { termType } : {}), validFrom, validUntil, usageNote: '', context: '' };
    });
}

/** Reads a CSV glossary; concepts without an identifier column get 'csv-<row>'. */
export function readGlossaryCsv(text: string): RawConcept[] {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new CsvError('The CSV file is empty.', { key: 'terms:errors.csv.empty' });
  const header = rows[0].map((h) => h.trim().toLowerCase().replace(/\s+/g, ' '));
  const langColumns = header.map((h, k) => (langHeader.test(h) && !(conceptColumns as readonly string[]).includes(h) ? k : -1)).filter((k) => k >= 0);
  if (langColumns.length === 0) {
    throw new CsvError('The first line of the CSV must name the columns, with at least one language code column (e.g. en, ru, zh).', { key: 'terms:errors.csv.noHeader' });
  }
  // '<lang> usage note' / '<lang> context' → their column.
  const fieldColumns = new Map<string, number>();
  header.forEach((h, k) => {
    const m = termFieldHeader.exec(h);
    if (!m) return;
    if (!header.includes(m[1])) {
      throw new CsvError(`The CSV has a '${rows[0][k].trim()}' column but no '${m[1]}' column with the terms it belongs to.`, {
        key: 'terms:errors.csv.orphanColumn',
        params: { column: rows[0][k].trim(), lang: m[1] },
      });
    }
    if (fieldColumns.has(h)) throw new CsvError(`The CSV has the column '${rows[0][k].trim()}' twice.`, { key: 'terms:errors.csv.columnTwice', params: { column: rows[0][k].trim() } });
    fieldColumns.set(h, k);
  });
  const col = (name: string) => header.indexOf(name);
  const value = (row: string[], name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
  return rows.slice(1).map((row, i) => {
    const where = `CSV line ${i + 2}`;
    const terms = langColumns.flatMap((k) => {
      // The language as the header writes it (en-US stays en-US); its note columns in any case.
      const lang = rows[0][k].trim();
      const list = parseTermCell(row[k] ?? '', lang, where, i + 2);
      for (const f of Object.keys(termFields) as TermField[]) {
        const k2 = fieldColumns.get(`${header[k]} ${f}`);
        const cell = k2 === undefined ? '' : (row[k2] ?? '');
        if (!cell.trim()) continue;
        const items = splitListCell(cell);
        if (items.length > list.length) {
          throw new CsvError(
            `${where}: the '${lang} ${f}' column has ${items.length} entries for ${list.length} ${lang} ${list.length === 1 ? 'term' : 'terms'}; separate the entries with ' | ' in the order of the terms.`,
            { key: 'terms:errors.csv.tooManyEntries', params: { line: i + 2, column: `${lang} ${f}`, entries: items.length, count: list.length, lang } },
          );
        }
        items.forEach((item, n) => {
          list[n][termFields[f]] = item;
        });
      }
      return list;
    });
    return {
      key: value(row, 'concept') || `csv-${i + 1}`,
      subject: value(row, 'subject'),
      definition: value(row, 'definition'),
      note: value(row, 'note'),
      source: value(row, 'source'),
      terms,
    };
  });
}
