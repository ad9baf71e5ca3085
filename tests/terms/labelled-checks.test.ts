// Precision and recall of the terminology checks on a hand-labelled set (tests/fixtures/term-checks/
// labelled.json: the declaration's original grid and sampled rows of UN documents, with the findings
// that are right on each row). A predicted finding is right when the labels list the same row, kind,
// concept and language (the language that lacks the concept, or that uses the superseded term).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { termSegmenter } from '../../server/services/terms-recognition.ts';
import { findTermFindings, type TermFinding } from '../../server/terms/checks.ts';
import { compileTermbase } from '../../server/terms/match.ts';
import { readTermbaseJson } from '../../server/terms/termbase-json.ts';

interface LabelledRow {
  id: string;
  cells: Record<string, string>;
  findings: Array<{ kind: string; concept: string; lang: string }>;
  note?: string;
}
interface LabelledSet {
  name: string;
  termbase: string;
  documentDate: string | null;
  rows: LabelledRow[];
}

const fixture = JSON.parse(fs.readFileSync(path.join(projectRoot, 'tests/fixtures/term-checks/labelled.json'), 'utf8')) as { sets: LabelledSet[] };
const segmentChinese = termSegmenter();

/** The language a finding is about: the one lacking the concept, or the one with the term. */
function languageOf(f: TermFinding): string {
  return f.params?.lang || f.langs[f.langs.length - 1];
}

function score(set: LabelledSet) {
  const concepts = readTermbaseJson(fs.readFileSync(path.join(projectRoot, set.termbase), 'utf8'), () => true);
  const rows = set.rows.map((r, i) => ({ row: i + 1, cells: Object.entries(r.cells).map(([lang, text]) => ({ lang, text })) }));
  const predicted = findTermFindings({ rows, concepts, documentDate: set.documentDate, segmentChinese, pivotLang: 'en' }).map(
    (f) => `${set.rows[f.row - 1].id} ${f.kind} ${f.concept} ${languageOf(f)}`,
  );
  const gold = set.rows.flatMap((r) => r.findings.map((g) => `${r.id} ${g.kind} ${g.concept} ${g.lang}`));
  const matcher = compileTermbase(concepts, { segmentChinese });
  const occurrences = rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + matcher.find(c.lang, c.text).length, 0), 0);
  const right = predicted.filter((p) => gold.includes(p));
  return { predicted, gold, right, occurrences, wrong: predicted.filter((p) => !gold.includes(p)), missed: gold.filter((g) => !predicted.includes(g)) };
}

describe('the terminology checks on the hand-labelled set', () => {
  const scores = fixture.sets.map((set) => ({ set, ...score(set) }));
  const total = (key: 'predicted' | 'gold' | 'right') => scores.reduce((n, s) => n + s[key].length, 0);

  it('is a set of 132 rows from the declaration and UN documents', () => {
    expect(scores.map((s) => [s.set.name, s.set.rows.length])).toEqual([
      ['declaration-2005', 72],
      ['un-dev-enru', 30],
      ['un-dev-enzh', 30],
    ]);
    const lines = scores.map(
      (s) => `${s.set.name}: ${s.set.rows.length} rows, ${s.occurrences} term occurrences, ${s.gold.length} right findings; ` +
        `predicted ${s.predicted.length}, right ${s.right.length}; precision ${(s.right.length / Math.max(1, s.predicted.length)).toFixed(3)}, ` +
        `recall ${(s.right.length / Math.max(1, s.gold.length)).toFixed(3)}`,
    );
    lines.push(`all: precision ${(total('right') / total('predicted')).toFixed(3)}, recall ${(total('right') / total('gold')).toFixed(3)}`);
    for (const s of scores) for (const w of s.wrong) lines.push(`  wrong: ${w}`);
    for (const s of scores) for (const m of s.missed) lines.push(`  missed: ${m}`);
    console.log(lines.join('\n'));
  });

  it('reaches a precision of 0.6 and a recall of 0.9 over all rows', () => {
    expect(total('right') / total('predicted')).toBeGreaterThanOrEqual(0.6);
    expect(total('right') / total('gold')).toBeGreaterThanOrEqual(0.9);
  });

  it('no longer reports the false findings of the declaration: nested Chinese terms, abbreviations inside terms, word order, defined short names', () => {
    const declaration = scores.find((s) => s.set.name === 'declaration-2005')!;
    expect(declaration.wrong).toEqual([]);
    expect(declaration.missed).toEqual([]);
  });
});
