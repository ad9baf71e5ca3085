// Findings of passages that moved: for every pair of the work's columns that the pivot is in, the
// passages whose translations stand elsewhere in the other version, or in reverse order
// (server/qa/moves.ts). The rows can only show such a passage as sentences without partner or paired
// wrongly; this reports it once, as a move from the rows of the passage to the rows where its
// translation stands, and the omissions and additions it explains are left out of the report
// (server/qa/report.ts).
import type { Database } from 'better-sqlite3';
import type { AlignResources } from '../align/index.ts';
import { rowHolding } from '../align/grid-view-edits.ts';
import type { ViewRow } from '../align/grid-view.ts';
import type { WorkRecord } from '../db/works.ts';
import { excerpt, type Finding, type QaGrid } from '../qa/findings.ts';
import { findMovedPassages } from '../qa/moves.ts';
import { alignSideOf, asAlignerBeads, termSpotterOf } from './align-pairs.ts';
import { alignmentState } from './alignment-state.ts';

/** The 1-based rows holding sentences [from, to) of a column: the first and the last. */
function rowSpan(rows: ViewRow[], column: number, from: number, to: number): { first: number; last: number } | null {
  const rowsOf: number[] = [];
  for (let o = from; o < to; o++) {
    const r = rowHolding(rows, column, o);
    if (r >= 0) rowsOf.push(r + 1);
  }
  return rowsOf.length ? { first: Math.min(...rowsOf), last: Math.max(...rowsOf) } : null;
}

const spanText = (span: { first: number; last: number }): string => (span.first === span.last ? String(span.first) : `${span.first}–${span.last}`);

export function movedPassageFindings(db: Database, work: WorkRecord, _grid: QaGrid, resources: AlignResources | undefined): Finding[] {
  const state = alignmentState(db, work);
  const { layout } = state;
  const rows = state.rows();
  const terms = termSpotterOf(db);
  const findings: Finding[] = [];
  layout.gridPairs.forEach((i, q) => {
    const { x, y } = layout.grid.pairs[q];
    const pair = layout.pairs[i];
    if ((x !== layout.pivot && y !== layout.pivot) || !pair.alignment || state.beads[i].length === 0) return;
    const a = alignSideOf(db, pair.a);
    const b = alignSideOf(db, pair.b);
    for (const move of findMovedPassages(a, b, asAlignerBeads(state.beads[i]), { resources, terms })) {
      const from = rowSpan(rows, x, move.src.from, move.src.to);
      const to = rowSpan(rows, y, move.tgt.from, move.tgt.to);
      if (!from || !to) continue;
      const params = {
        a: pair.a.name,
        b: pair.b.name,
        count: move.src.to - move.src.from,
        sentences: `${move.src.from + 1}–${move.src.to}`,
        targetSentences: `${move.tgt.from + 1}–${move.tgt.to}`,
        rows: spanText(from),
        targetRows: spanText(to),
        fromRow: from.first,
        toRow: from.last,
        targetFromRow: to.first,
        targetToRow: to.last,
      };
      findings.push({
        kind: 'moved-passage',
        row: from.first,
        langs: [pair.a.lang, pair.b.lang],
        versions: [pair.a.name, pair.b.name],
        text: excerpt(a.sentences[move.src.from]),
        message: move.reversed
          ? `Sentences ${params.sentences} of ${pair.a.name} (rows ${params.rows}) stand in ${pair.b.name} in reverse order, at its sentences ${params.targetSentences} (rows ${params.targetRows}): a passage reordered, not omitted and added.`
          : `Sentences ${params.sentences} of ${pair.a.name} (rows ${params.rows}) stand in ${pair.b.name} elsewhere, at its sentences ${params.targetSentences} (rows ${params.targetRows}): a passage moved, not omitted and added.`,
        detail: { key: move.reversed ? 'finding.passageReversed' : 'finding.passageMoved', params },
      });
    }
  });
  return findings;
}
