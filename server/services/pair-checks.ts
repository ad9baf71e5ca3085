// Findings where a pair of non-pivot versions (ru-zh) disagrees with the rows the pivot pairs make
// (the composition ru→en→zh): a bead that pairs sentences the rows keep apart, or that leaves a
// sentence alone where its row gives it a partner. Each finding gives both readings and the rows, so
// the reviewer can correct the pair that is wrong (the grid never forces the two together).
import type { Database } from 'better-sqlite3';
import { rowBeads, rowDisputes } from '../align/grid-view.ts';
import { rowHolding } from '../align/grid-view-edits.ts';
import { listSentences } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import type { Finding, QaGrid } from '../qa/findings.ts';
import { alignmentState } from './alignment-state.ts';
import { joinSentences } from './read-work.ts';

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function pairDisagreementFindings(db: Database, work: WorkRecord, _grid: QaGrid): Finding[] {
  const state = alignmentState(db, work);
  const { layout } = state;
  const rows = state.rows();
  const gridBeads = layout.gridPairs.map((i) => state.beads[i]);
  const texts = new Map<number, string[]>();
  const textOf = (versionIndex: number, first: number, count: number) => {
    const version = layout.columns[versionIndex];
    let list = texts.get(version.id);
    if (!list) texts.set(version.id, (list = listSentences(db, version.id).map((s) => s.text)));
    return joinSentences(version.lang, list.slice(first, first + count));
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    const ranges = rowBeads(layout.grid, gridBeads, row);
    for (const dispute of rowDisputes(layout.grid, gridBeads, row, ranges)) {
      const key = `${dispute.pair}:${dispute.bead}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { x, y } = layout.grid.pairs[dispute.pair];
      const pair = layout.pairs[layout.gridPairs[dispute.pair]];
      const [a, b] = gridBeads[dispute.pair][dispute.bead].cells;
      const direct = { a: textOf(x, a.first, a.count), b: textOf(y, b.first, b.count) };
      // the rows the direct bead's sentences sit in
      const rowsOf = new Set<number>();
      for (const [column, cell] of [[x, a], [y, b]] as const) {
        for (let o = cell.first; o < cell.first + cell.count; o++) rowsOf.add(rowHolding(rows, column, o) + 1);
      }
      const rowList = [...rowsOf].sort((p, q) => p - q);
      const composed = { a: textOf(x, row.cells[x].first, row.cells[x].count), b: textOf(y, row.cells[y].first, row.cells[y].count) };
      const names = { pair: pair.label, a: pair.a.name, b: pair.b.name, rows: rowList.join(', '), row: r + 1 };
      if (dispute.kind === 'straddles') {
        findings.push({
          kind: 'pair-disagreement',
          row: rowList[0] ?? r + 1,
          langs: [pair.a.lang, pair.b.lang],
          versions: [pair.a.name, pair.b.name],
          text: `${clip(direct.a)} = ${clip(direct.b)}`,
          message: `${pair.label} pairs «${clip(direct.a)}» with «${clip(direct.b)}», which the rows through ${layout.columns[layout.pivot].name} keep apart (rows ${names.rows}); row ${r + 1} pairs «${clip(composed.a)}» with «${clip(composed.b)}».`,
          detail: { key: 'finding.pairStraddles', params: { ...names, directA: clip(direct.a), directB: clip(direct.b), rowA: clip(composed.a), rowB: clip(composed.b), pivot: layout.columns[layout.pivot].name } },
        });
      } else {
        const alone = a.count ? { version: pair.a.name, text: direct.a, other: pair.b.name, partner: composed.b } : { version: pair.b.name, text: direct.b, other: pair.a.name, partner: composed.a };
        findings.push({
          kind: 'pair-disagreement',
          row: r + 1,
          langs: [pair.a.lang, pair.b.lang],
          versions: [pair.a.name, pair.b.name],
          text: clip(alone.text),
          message: `${pair.label} leaves «${clip(alone.text)}» (${alone.version}) without a partner; through ${layout.columns[layout.pivot].name}, row ${r + 1} pairs it with «${clip(alone.partner)}» (${alone.other}).`,
          detail: { key: 'finding.pairUnpaired', params: { ...names, version: alone.version, text: clip(alone.text), other: alone.other, partner: clip(alone.partner), pivot: layout.columns[layout.pivot].name } },
        });
      }
    }
  });
  return findings;
}
