// The check report of a grid: every built-in check, then any extra sources (terminology, #5), one
// list ordered by row. Pure: the grid comes in as strings, findings go out.
import { findEmptyCells, findLowConfidenceRows, findUntranslatedCells } from './cell-checks.ts';
import { compareFindings, type Finding, type FindingSource, type QaGrid } from './findings.ts';
import { findLengthOutliers } from './length-check.ts';
import { findNumberMismatches } from './number-check.ts';

export const builtInChecks: FindingSource[] = [
  findNumberMismatches,
  (grid) => findLengthOutliers(grid),
  findEmptyCells,
  findUntranslatedCells,
  (grid) => findLowConfidenceRows(grid),
];

export function runChecks(grid: QaGrid, extraSources: FindingSource[] = []): Finding[] {
  const findings: Finding[] = [];
  for (const source of [...builtInChecks, ...extraSources]) findings.push(...source(grid));
  // an omission found over an empty cell and its neighbour already speaks for the empty cell
  const covered = new Set(
    findings.filter((f) => f.kind === 'omission' && f.detail?.params.emptyRow !== undefined).map((f) => `${f.detail!.params.emptyRow}:${f.versions[0]}`),
  );
  return findings.filter((f) => !(f.kind === 'empty-cell' && covered.has(`${f.row}:${f.versions[0]}`))).sort(compareFindings);
}
