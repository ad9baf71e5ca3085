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
  const moves = findings.filter((f) => f.kind === 'moved-passage' && f.detail);
  return findings
    .filter((f) => !(f.kind === 'empty-cell' && covered.has(`${f.row}:${f.versions[0]}`)) && !explainedByMove(f, moves))
    .sort(compareFindings);
}

/** Kinds of finding that a passage moved elsewhere in a version produces where it left and where it went. */
const moveSymptoms = new Set(['omission', 'addition', 'empty-cell']);

/**
 * A passage that moved leaves the rows it came from and the rows it went to with cells that look
 * omitted or added; the move (a finding with the spans fromRow-toRow and targetFromRow-targetToRow
 * of versions a and b) says what happened there, so those findings of its two versions go.
 */
function explainedByMove(f: Finding, moves: Finding[]): boolean {
  if (!moveSymptoms.has(f.kind)) return false;
  return moves.some((m) => {
    const p = m.detail!.params;
    const inSpan = (lo: string | number | undefined, hi: string | number | undefined) => typeof lo === 'number' && typeof hi === 'number' && f.row >= lo && f.row <= hi;
    return m.versions.includes(f.versions[0]) && (inSpan(p.fromRow, p.toRow) || inSpan(p.targetFromRow, p.targetToRow));
  });
}
