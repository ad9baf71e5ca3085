// Benchmarks of the checks and the comparison: the check report and the English comparison of the
// declaration, the built-in checks over a 10,000-row grid, the report of a generated 10,000-row work
// computed (cold) and served from the cache (warm), and how well the omission detector finds
// sentences removed from the UN documents of ../shared/bench (re-aligned with alignPair).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alignPair } from '../server/align/index.ts';
import { loadConfig } from '../server/config.ts';
import type { QaGrid } from '../server/qa/findings.ts';
import { findNumberMismatches } from '../server/qa/number-check.ts';
import { runChecks } from '../server/qa/report.ts';
import { checkCacheStats, checkWork, forgetCheckFindings } from '../server/services/checks.ts';
import { compareVersions } from '../server/services/compare-versions.ts';
import { openWorkspace } from '../server/services/workspace.ts';
import { parseBeads } from '../server/align/beads.ts';
import { generateWork } from './generated-work.ts';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function timeMedian(runs: number, action: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    action();
    times.push(performance.now() - started);
  }
  return median(times);
}

interface Bead {
  src: number[];
  tgt: number[];
}

function readBenchDoc(dir: string, src: string, tgt: string, doc: string) {
  const lines = (lang: string) => {
    const text = fs.readFileSync(path.join(dir, lang, doc), 'utf8');
    return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  };
  const gold: Bead[] = parseBeads(fs.readFileSync(path.join(dir, 'gold', `${doc}.align`), 'utf8'));
  return { src: lines(src), tgt: lines(tgt), gold };
}

/** Removes every twentieth long 1-1 target sentence, re-aligns, and counts what the checks point at. */
export function omissionRecall(set: string, log: (line: string) => void): Record<string, number> {
  const dir = path.join(loadConfig().sharedDir, 'bench', set);
  if (!fs.existsSync(dir)) {
    log(`${set}: not found, skipped`);
    return {};
  }
  const dataset = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as { src: string; tgt: string; docs: string[] };
  let removedTotal = 0;
  let found = 0;
  let findings = 0;
  let rows = 0;
  const joiner = (lang: string) => (lang === 'zh' ? '' : ' ');
  for (const doc of dataset.docs) {
    const { src, tgt, gold } = readBenchDoc(dir, dataset.src, dataset.tgt, doc);
    const removed = gold
      .filter((b, i) => i % 20 === 10 && b.src.length === 1 && b.tgt.length === 1 && tgt[b.tgt[0]].length > 40)
      .map((b) => ({ tgt: b.tgt[0], src: b.src[0] }));
    const kept = tgt.filter((_, j) => !removed.some((r) => r.tgt === j));
    const beads = alignPair({ lang: dataset.src, sentences: src }, { lang: dataset.tgt, sentences: kept });
    const grid: QaGrid = {
      columns: [{ name: dataset.src, lang: dataset.src }, { name: dataset.tgt, lang: dataset.tgt }],
      rows: beads.map((b, i) => ({
        number: i + 1,
        confidence: null,
        confirmed: false,
        cells: [b.src.map((k) => src[k]).join(joiner(dataset.src)), b.tgt.map((k) => kept[k]).join(joiner(dataset.tgt))],
      })),
    };
    const suspects = runChecks(grid).filter((f) => (f.kind === 'omission' || f.kind === 'empty-cell') && f.versions[0] === dataset.tgt);
    for (const r of removed) {
      const row = beads.findIndex((b) => b.src.includes(r.src)) + 1;
      if (suspects.some((f) => Math.abs(f.row - row) <= 1)) found += 1;
    }
    removedTotal += removed.length;
    findings += suspects.length;
    rows += grid.rows.length;
  }
  const recall = removedTotal ? found / removedTotal : 0;
  log(`${set}: ${found} of ${removedTotal} removed ${dataset.tgt} sentences found within one row (recall ${round(recall, 3)}); ${findings} omission findings in ${rows} rows`);
  return { [`qa_omission_recall_${set}`]: round(recall, 3), [`qa_omission_findings_per_100_rows_${set}`]: round((100 * findings) / Math.max(1, rows), 2) };
}

/** Number findings on the gold alignment of faithful UN translations: mostly false alarms, so lower is better. */
export function numberFindingsOnGold(set: string, log: (line: string) => void): Record<string, number> {
  const dir = path.join(loadConfig().sharedDir, 'bench', set);
  if (!fs.existsSync(dir)) return {};
  const dataset = JSON.parse(fs.readFileSync(path.join(dir, 'dataset.json'), 'utf8')) as { src: string; tgt: string; docs: string[] };
  const joiner = (lang: string) => (lang === 'zh' ? '' : ' ');
  let rows = 0;
  let findings = 0;
  for (const doc of dataset.docs) {
    const { src, tgt, gold } = readBenchDoc(dir, dataset.src, dataset.tgt, doc);
    const grid: QaGrid = {
      columns: [{ name: dataset.src, lang: dataset.src }, { name: dataset.tgt, lang: dataset.tgt }],
      rows: gold.map((b, i) => ({
        number: i + 1,
        confidence: null,
        confirmed: false,
        cells: [b.src.map((k) => src[k]).join(joiner(dataset.src)), b.tgt.map((k) => tgt[k]).join(joiner(dataset.tgt))],
      })),
    };
    rows += grid.rows.length;
    findings += findNumberMismatches(grid).length;
  }
  const per100 = round((100 * findings) / Math.max(1, rows), 2);
  log(`${set}: ${findings} number findings in ${rows} gold-aligned rows (${per100} per 100 rows; the corpus's own numbering and merges included)`);
  return { [`qa_number_findings_per_100_gold_rows_${set}`]: per100 };
}

export async function runChecksBench(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-bench-checks-'));
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'bench.sqlite'), TRIPTYCH_SEED: '1' }), 'bench');
  const figures: Record<string, number> = {};
  try {
    const report = checkWork(workspace.db, 'declaration-2005');
    const reportMs = timeMedian(9, () => {
      forgetCheckFindings(workspace.db);
      checkWork(workspace.db, 'declaration-2005');
    });
    const reportWarmMs = timeMedian(9, () => checkWork(workspace.db, 'declaration-2005'));
    log(`check report of the declaration (${report.grid.rows.length} rows, ${report.findings.length} findings): median ${round(reportMs)} ms computed, ${round(reportWarmMs, 2)} ms from the cache`);
    const compareMs = timeMedian(5, () => compareVersions(workspace.db, { slug: 'declaration-2005' }));
    log(`comparison en | en-revised, aligned and diffed: median ${round(compareMs)} ms`);
    // the built-in checks over 10,000 rows: the declaration's rows repeated
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...report.grid.rows[i % report.grid.rows.length], number: i + 1 }));
    const big: QaGrid = { columns: report.grid.columns, rows };
    const bigMs = timeMedian(3, () => runChecks(big));
    log(`built-in checks over a 10,000-row grid of three versions: median ${round(bigMs)} ms`);
    // the report of a generated 10,000-row work (as the editor bench builds it), one row with a year
    // the other versions lack: computed after the cache is dropped, then served from it
    generateWork(workspace, 10_000);
    workspace.db.prepare("UPDATE sentences SET text = replace(text, 'by 2000.', 'by 2099.') WHERE ordinal = 4200 AND version_id = (SELECT id FROM versions WHERE lang = 'en' AND work_id = (SELECT id FROM works WHERE slug = 'generated-10k'))").run();
    forgetCheckFindings(workspace.db);
    const stats = checkCacheStats(workspace.db);
    const coldMs = timeMedian(5, () => {
      forgetCheckFindings(workspace.db);
      checkWork(workspace.db, 'generated-10k');
    });
    const warmMs = timeMedian(21, () => checkWork(workspace.db, 'generated-10k'));
    const bigReport = checkWork(workspace.db, 'generated-10k');
    const after = checkCacheStats(workspace.db);
    log(
      `check report of a generated 10,000-row work (${bigReport.findings.length} findings): median ${round(coldMs)} ms computed (cold, 5 runs), ` +
        `${round(warmMs, 2)} ms from the cache (warm, 21 runs); ${after.computed - stats.computed} computed, ${after.cached - stats.cached} served from the cache`,
    );
    Object.assign(figures, {
      qa_report_declaration_ms: round(reportMs),
      qa_report_declaration_cached_ms: round(reportWarmMs, 2),
      qa_report_10000_rows_cold_ms: round(coldMs),
      qa_report_10000_rows_cached_ms: round(warmMs, 2),
      qa_compare_declaration_ms: round(compareMs),
      qa_checks_10000_rows_ms: round(bigMs),
    });
  } finally {
    workspace.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const set of ['un-dev-enru', 'un-dev-enzh', 'un-dev-ruzh']) Object.assign(figures, numberFindingsOnGold(set, log), omissionRecall(set, log));
  return figures;
}
