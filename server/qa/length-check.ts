// Suspected omissions and additions by length. For every pair of versions, the log ratio of their
// cell lengths is taken over the rows where both have text; its median is what the pair usually does
// and its median absolute deviation how much that varies in this document. A cell whose ratio lies far
// out (the modified z-score of Iglewicz and Hoaglin beyond 3.5) against every other version is
// probably missing something (much shorter) or carrying something extra (much longer). No fixed
// ratio: English to Chinese and English to Russian each get their own, measured on the document.
import { excerpt, type Finding, type QaGrid } from './findings.ts';

export interface LengthCheckOptions {
  /** modified z-score beyond which a ratio is an outlier */
  threshold?: number;
  /** pairs with fewer rows than this have no reliable statistic and are skipped */
  minRows?: number;
  /** the missing (or extra) part must be at least this share of the expected length */
  minShare?: number;
  /** ...and at least this many letters (a Han character counting as three): short cells vary too much */
  minLetters?: number;
}

export interface PairStatistic {
  a: number;
  b: number;
  median: number;
  /** 1.4826 × MAD: comparable to a standard deviation */
  spread: number;
  rows: number;
  /** median cell length of each side over those rows */
  typicalA: number;
  typicalB: number;
}

/**
 * Length of a text in letters: spaces, punctuation and digits aside. Digits are the same in every
 * language, so they would pull a short Chinese cell with a date towards the length of its English one.
 */
export function contentLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // fast paths for ASCII, Cyrillic and CJK ideographs; the Unicode class for the rest
    if (c < 128) {
      const lower = c | 32;
      if (lower >= 97 && lower <= 122) n += 1;
    } else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x400 && c <= 0x481) || (c >= 0x48a && c <= 0x4ff)) n += 1;
    else if (c >= 0x2000 && c <= 0x206f) continue; // general punctuation
    else if (c >= 0x3000 && c <= 0x303f) continue; // CJK punctuation
    else if (c >= 0xd800 && c <= 0xdbff) {
      if (/\p{L}/u.test(text.slice(i, i + 2))) n += 1;
      i += 1;
    } else if (/\p{L}/u.test(text[i])) n += 1;
  }
  return n;
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const logRatio = (la: number, lb: number) => Math.log((lb + 1) / (la + 1));

export function pairStatistics(lengths: number[][], columns: number): PairStatistic[] {
  const stats: PairStatistic[] = [];
  for (let a = 0; a < columns; a++) {
    for (let b = a + 1; b < columns; b++) {
      const both = lengths.filter((l) => l[a] > 0 && l[b] > 0);
      const ratios = both.map((l) => logRatio(l[a], l[b]));
      const m = median(ratios);
      const mad = median(ratios.map((r) => Math.abs(r - m)));
      stats.push({
        a,
        b,
        median: m,
        // a floor keeps a document of near-identical lengths from flagging every small edit
        spread: Math.max(1.4826 * mad, 0.05),
        rows: ratios.length,
        typicalA: median(both.map((l) => l[a])),
        typicalB: median(both.map((l) => l[b])),
      });
    }
  }
  return stats;
}

interface CellScore {
  short: boolean;
  long: boolean;
  /** the smallest |z| against the other versions */
  z: number;
  expected: number;
  others: number[];
}

/** Scores the length of column k in a row (or several rows taken together) against the others. */
function scoreCell(l: number[], k: number, stats: PairStatistic[], limits: Required<LengthCheckOptions>, weight: number): CellScore | null {
  const { threshold, minShare, minLetters } = limits;
  if (l[k] === 0) return null;
  const scores: Array<{ other: number; z: number; expected: number }> = [];
  for (const s of stats) {
    if (s.a !== k && s.b !== k) continue;
    const other = s.a === k ? s.b : s.a;
    if (l[other] === 0) continue;
    // negative when k is shorter than the pair's usual ratio predicts. The ratio of short texts
    // varies more (as in Gale and Church's model), so the spread grows when both cells are shorter
    // than usual; the longer one sets the size, since an omission makes the other one short.
    const size = Math.max(l[s.a] / Math.max(1, s.typicalA), l[s.b] / Math.max(1, s.typicalB));
    const spread = s.spread * (size < 1 ? Math.sqrt(1 / Math.max(size, 0.01)) : 1);
    const z = ((logRatio(l[s.a], l[s.b]) - s.median) / spread) * (s.b === k ? 1 : -1);
    const expected = s.b === k ? (l[other] + 1) * Math.exp(s.median) - 1 : (l[other] + 1) * Math.exp(-s.median) - 1;
    scores.push({ other, z, expected });
  }
  if (scores.length === 0) return null;
  const expected = median(scores.map((s) => s.expected));
  const gap = Math.abs(l[k] - expected);
  const large = gap >= minShare * expected && gap * weight >= minLetters;
  return {
    short: large && scores.every((s) => s.z <= -threshold),
    // against a single other version, a long cell is the mirror of the other's short one: reported once
    long: large && scores.length > 1 && scores.every((s) => s.z >= threshold),
    z: Math.min(...scores.map((s) => Math.abs(s.z))),
    expected,
    others: scores.map((s) => s.other),
  };
}

export function findLengthOutliers(grid: QaGrid, options: LengthCheckOptions = {}): Finding[] {
  const limits: Required<LengthCheckOptions> = {
    threshold: options.threshold ?? 3.5,
    minRows: options.minRows ?? 8,
    minShare: options.minShare ?? 0.25,
    minLetters: options.minLetters ?? 25,
  };
  const n = grid.columns.length;
  if (n < 2) return [];
  const lengths = grid.rows.map((row) => row.cells.map(contentLength));
  const stats = pairStatistics(lengths, n).filter((s) => s.rows >= limits.minRows);
  const weights = grid.columns.map((c) => (/^(zh|ja)$/.test(c.lang) ? 3 : 1));
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const report = (r: number, k: number, score: CellScore, withRow?: number) => {
    const key = `${r}:${k}`;
    if (reported.has(key)) return;
    reported.add(key);
    const column = grid.columns[k];
    const others = score.others.map((o) => grid.columns[o]);
    const otherNames = others.map((c) => c.name).join(', ');
    const percent = Math.round((lengths[r][k] + (withRow === undefined ? 0 : lengths[withRow][k])) / Math.max(1, score.expected) * 100);
    const z = score.z.toFixed(1);
    const where = withRow === undefined ? '' : ` (rows ${Math.min(grid.rows[r].number, grid.rows[withRow].number)}–${Math.max(grid.rows[r].number, grid.rows[withRow].number)} taken together)`;
    findings.push({
      kind: score.short ? 'omission' : 'addition',
      row: grid.rows[r].number,
      langs: [column.lang, ...others.map((c) => c.lang)],
      versions: [column.name, ...others.map((c) => c.name)],
      text: excerpt(grid.rows[r].cells[k]),
      message: score.short
        ? `${column.name} is much shorter than ${otherNames} predict${where}: ${percent}% of the expected length (z ${z}); probable omission in ${column.name}.`
        : `${column.name} is much longer than ${otherNames} predict${where}: ${percent}% of the expected length (z ${z}); probable addition in ${column.name}.`,
      detail: {
        key: score.short ? 'finding.omission' : 'finding.addition',
        params: { version: column.name, others: otherNames, percent, z, ...(withRow === undefined ? {} : { emptyRow: grid.rows[withRow].number }) },
      },
    });
  };
  grid.rows.forEach((_, r) => {
    for (let k = 0; k < n; k++) {
      const score = scoreCell(lengths[r], k, stats, limits, weights[k]);
      if (score && (score.short || score.long)) report(r, k, score);
    }
  });
  // A cell left empty next to a row where the same version has text: the aligner may have put a
  // passage that this version shortened into two rows (the lost part alone in the empty row). The
  // two rows are scored as one; when that says omission, one finding names both rows, on the row
  // that holds the version's text, and stands for the empty cell too (see runChecks).
  grid.rows.forEach((_, r) => {
    const l = lengths[r];
    for (let k = 0; k < n; k++) {
      if (l[k] !== 0 || l.every((x) => x === 0)) continue;
      let best: { neighbour: number; score: CellScore } | null = null;
      for (const neighbour of [r - 1, r + 1]) {
        if (neighbour < 0 || neighbour >= grid.rows.length || lengths[neighbour][k] === 0) continue;
        const merged = l.map((x, j) => x + lengths[neighbour][j]);
        const score = scoreCell(merged, k, stats, limits, weights[k]);
        if (score?.short && (!best || score.z > best.score.z)) best = { neighbour, score };
      }
      if (best) report(best.neighbour, k, best.score, r);
    }
  });
  return findings;
}
