// The omission detector: on the shipped declaration (the English copy lost half of its second
// paragraph) and on United Nations documents from ../shared/bench with sentences removed here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignPair } from '../../server/align/index.ts';
import { sharedPath } from '../shared-data.ts';
import type { QaGrid } from '../../server/qa/findings.ts';
import { findLengthOutliers, pairStatistics } from '../../server/qa/length-check.ts';
import { runChecks } from '../../server/qa/report.ts';
import { checkWork } from '../../server/services/checks.ts';
import { openQaWorkspace } from './qa-workspace.ts';
import { parseBeads } from '../../server/align/beads.ts';

describe('the declaration', () => {
  let t: Awaited<ReturnType<typeof openQaWorkspace>>;
  beforeAll(async () => {
    t = await openQaWorkspace();
  });
  afterAll(() => t?.close());

  it('reports the second paragraph of the English as a probable omission', () => {
    const report = checkWork(t.workspace.db, 'declaration-2005');
    const en = report.view.columns.findIndex((c) => c.name === 'en');
    const row = report.grid.rows.find((r) => r.cells[en].includes('A year on, since the last meeting of heads of memoperation'));
    expect(row).toBeDefined();
    const omission = report.findings.find((f) => f.kind === 'omission' && f.row === row!.number);
    expect(omission).toBeDefined();
    expect(omission!.versions[0]).toBe('en');
    expect(omission!.langs[0]).toBe('en');
    expect(omission!.message).toMatch(/probable omission in en/);
  });

  it('finds no number mismatch where the three versions write the same dates their own ways', () => {
    const report = checkWork(t.workspace.db, 'declaration-2005');
    const mismatches = report.findings.filter((f) => f.kind === 'number-mismatch');
    // "July 05, 2005" = «5 июля 2005 года» = 2005年7月5日, "June 02, 2005", "December 2004"...
    for (const f of mismatches) expect(f.message).not.toMatch(/2005-07-05|2005-06-02|2004-12\b/);
  });
});

const benchDir = (): string => sharedPath('bench', 'un-dev-enru');

interface Bead {
  src: number[];
  tgt: number[];
}

function readDoc(doc: string) {
  const lines = (lang: string) => {
    const text = fs.readFileSync(path.join(benchDir(), lang, doc), 'utf8');
    return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  };
  const gold: Bead[] = parseBeads(fs.readFileSync(path.join(benchDir(), 'gold', `${doc}.align`), 'utf8'));
  return { en: lines('en'), ru: lines('ru'), gold };
}

function gridOf(beads: Bead[], en: string[], ru: string[]): QaGrid {
  return {
    columns: [{ name: 'en', lang: 'en' }, { name: 'ru', lang: 'ru' }],
    rows: beads.map((b, i) => ({
      number: i + 1,
      confidence: null,
      confirmed: false,
      cells: [b.src.map((k) => en[k]).join(' '), b.tgt.map((k) => ru[k]).join(' ')],
    })),
  };
}

describe('UN documents from ../shared/bench with sentences removed', () => {
  it('a sentence removed from a row of the gold alignment makes that row a probable omission', () => {
    for (const doc of ['001', '002', '003']) {
      const { en, ru, gold } = readDoc(doc);
      // rows where the Russian has two sentences: drop the longer one
      const cut = gold.map((b, i) => ({ b, i })).filter(({ b }) => b.src.length >= 1 && b.tgt.length === 2).slice(0, 4);
      expect(cut.length).toBeGreaterThan(0);
      const beads = gold.map((b, i) => {
        if (!cut.some((c) => c.i === i)) return b;
        const [a, c] = b.tgt;
        return { src: b.src, tgt: [ru[a].length >= ru[c].length ? c : a] };
      });
      const findings = findLengthOutliers(gridOf(beads, en, ru));
      for (const { i } of cut) {
        const found = findings.find((f) => f.row === i + 1 && f.kind === 'omission');
        expect(found, `${doc}: row ${i + 1}`).toBeDefined();
        expect(found!.versions[0]).toBe('ru');
      }
      // and the rest of the document is not flooded: besides the cuts, the corpus's own dropped
      // sentences (1-0 beads of the gold) and a few rows in twenty-five at most
      const dropped = gold.filter((b) => b.src.length === 0 || b.tgt.length === 0).length;
      expect(findings.length).toBeLessThanOrEqual(cut.length + dropped + Math.ceil(gold.length / 25));
    }
  });

  it('sentences removed from the Russian and the pair re-aligned are found next to where they were', () => {
    for (const doc of ['001', '002']) {
      const { en, ru, gold } = readDoc(doc);
      const removed = gold
        .filter((b, i) => i % 20 === 10 && b.src.length === 1 && b.tgt.length === 1 && ru[b.tgt[0]].length > 60)
        .map((b) => ({ ru: b.tgt[0], en: b.src[0] }));
      expect(removed.length).toBeGreaterThan(1);
      const kept = ru.filter((_, j) => !removed.some((r) => r.ru === j));
      const beads = alignPair({ lang: 'en', sentences: en }, { lang: 'ru', sentences: kept });
      const findings = runChecks(gridOf(beads, en, kept)).filter((f) => f.kind === 'omission' || f.kind === 'empty-cell');
      for (const r of removed) {
        const row = beads.findIndex((b) => b.src.includes(r.en)) + 1;
        const near = findings.find((f) => Math.abs(f.row - row) <= 1 && f.versions[0] === 'ru');
        expect(near, `${doc}: English sentence ${r.en} in row ${row}`).toBeDefined();
      }
    }
  });

  it('measures each language pair on its own document: a robust median and spread of the log ratios', () => {
    const { en, ru, gold } = readDoc('001');
    const grid = gridOf(gold, en, ru);
    const [stat] = pairStatistics(grid.rows.map((r) => r.cells.map((c) => c.replace(/[^\p{L}\p{N}]/gu, '').length)), 2);
    // Russian runs a little longer than English in letters; the spread is far below a halving
    expect(stat.median).toBeGreaterThan(0);
    expect(stat.median).toBeLessThan(0.4);
    expect(stat.spread).toBeLessThan(0.3);
  });
});
