// Checks of single rows: empty cells (1-0 and 0-1 rows), untranslated cells (identical to another
// version, or written in another version's script) and rows the aligner was unsure of.
import { confidencePercent, REVIEW_CONFIDENCE } from '../align/calibration.ts';
import { countScripts, scriptOfLanguage } from './scripts.ts';
import { excerpt, type Finding, type QaGrid } from './findings.ts';

const names = (list: string[]): string => list.join(', ');

/** Cells with no text (or no letter or digit) while other cells of the row have text. */
export function findEmptyCells(grid: QaGrid): Finding[] {
  const findings: Finding[] = [];
  for (const row of grid.rows) {
    const filled = row.cells.map((c) => /[\p{L}\p{N}]/u.test(c));
    const withText = grid.columns.filter((_, k) => filled[k]);
    if (withText.length === 0) continue;
    grid.columns.forEach((column, k) => {
      if (filled[k]) return;
      const others = withText.map((c) => c.name);
      // With most versions holding text, the empty one probably lost it; a lone filled cell
      // among empty ones more probably holds something the others never had.
      const probable = withText.length >= grid.columns.length - withText.length ? 'omission' : 'addition';
      findings.push({
        kind: 'empty-cell',
        row: row.number,
        langs: [column.lang, ...withText.map((c) => c.lang)],
        versions: [column.name, ...others],
        text: excerpt(row.cells[grid.columns.indexOf(withText[0])]),
        message:
          probable === 'omission'
            ? `${column.name} has no text in this row, unlike ${names(others)}: probably omitted in ${column.name} (or added in ${names(others)}).`
            : `${column.name} has no text in this row, unlike ${names(others)}: probably added in ${names(others)} (or omitted in ${column.name}).`,
        detail: { key: probable === 'omission' ? 'finding.emptyCellOmission' : 'finding.emptyCellAddition', params: { version: column.name, others: names(others) } },
      });
    });
  }
  return findings;
}

function comparable(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const minimumLetters = 8;

/** Cells identical to another version's cell, or written in another version's script. */
export function findUntranslatedCells(grid: QaGrid): Finding[] {
  const findings: Finding[] = [];
  for (const row of grid.rows) {
    // comparable forms are worked out only for cells of about the same length (copies are)
    const keys: Array<string | undefined> = [];
    const keyOf = (k: number) => (keys[k] ??= comparable(row.cells[k]));
    const sameLength = (a: string, b: string) => Math.abs(a.length - b.length) <= 0.2 * Math.max(a.length, b.length);
    const scripts = row.cells.map(countScripts);
    const flagged = new Set<number>();
    grid.columns.forEach((column, k) => {
      if (flagged.has(k) || scripts[k].letters < minimumLetters) return;
      const expected = scriptOfLanguage(column.lang);
      // the same words as another version of another language
      for (let j = 0; j < grid.columns.length; j++) {
        const other = grid.columns[j];
        if (j === k || other.lang === column.lang || !sameLength(row.cells[j], row.cells[k]) || keyOf(j) !== keyOf(k)) continue;
        // of the two, the cell not in its own language's script is the untranslated one;
        // when both are, the later column is taken as the copy
        const kForeign = scripts[k].dominant !== expected;
        const jForeign = scripts[j].dominant !== scriptOfLanguage(other.lang);
        if (!kForeign && (jForeign || j > k)) continue;
        flagged.add(k);
        findings.push({
          kind: 'untranslated',
          row: row.number,
          langs: [column.lang, other.lang],
          versions: [column.name, other.name],
          text: excerpt(row.cells[k]),
          message: `${column.name} is identical to ${other.name}: probably left untranslated.`,
          detail: { key: 'finding.identical', params: { version: column.name, other: other.name } },
        });
        return;
      }
      // written in the script of another version's language
      const dominant = scripts[k].dominant;
      if (dominant === null || dominant === expected || dominant === 'other' || scripts[k].share < 0.6) return;
      const source = grid.columns.find((c, j) => j !== k && row.cells[j] !== '' && scriptOfLanguage(c.lang) === dominant);
      if (!source) return;
      flagged.add(k);
      findings.push({
        kind: 'untranslated',
        row: row.number,
        langs: [column.lang, source.lang],
        versions: [column.name, source.name],
        text: excerpt(row.cells[k]),
        message: `${column.name} is written in the script of ${source.name}: probably left untranslated.`,
        detail: { key: 'finding.foreignScript', params: { version: column.name, other: source.name } },
      });
    });
  }
  return findings;
}

/** Automatic rows whose confidence is below the threshold, unless a person confirmed them. */
export function findLowConfidenceRows(grid: QaGrid, threshold = REVIEW_CONFIDENCE): Finding[] {
  return grid.rows
    .filter((row) => !row.confirmed && row.confidence !== null && row.confidence < threshold)
    .map((row) => {
      const pct = confidencePercent(row.confidence ?? 0);
      return {
        kind: 'low-confidence',
        row: row.number,
        langs: grid.columns.map((c) => c.lang),
        versions: grid.columns.map((c) => c.name),
        text: excerpt(row.cells.find((c) => c.trim() !== '') ?? ''),
        message: row.disputed
          ? `The aligner is unsure of this row (confidence ${pct}%), and a pair of the other versions reads it differently; check that its cells match.`
          : `The aligner is unsure of this row (confidence ${pct}%): check that its cells match.`,
        detail: { key: row.disputed ? 'finding.lowConfidenceDisputed' : 'finding.lowConfidence', params: { percent: pct } },
      };
    });
}
