// Read models of the statistics pages: per work, the size of every version, the shapes of each pair's
// beads, the share confirmed and the mean confidence, the rows of the three-column view and the open
// findings of its checks by kind; for the corpus, the same summed by language and language pair
// (cached under the latest event id: every change logs an event), and the findings by kind of every
// work, counted by a background job (the checks of a thousand works take minutes). Reads only.
import type { Database } from 'better-sqlite3';
import {
  corpusShapesByLanguagePair,
  corpusSizesByLanguage,
  countWorks,
  latestEventId,
  pairConfidenceBins,
  pairShapes,
  versionSize,
  type ShapeRow,
} from '../db/statistics.ts';
import { listWorks } from '../db/works.ts';
import { alignmentState } from './alignment-state.ts';
import type { Job, JobRunner } from '../jobs/job-runner.ts';
import { checkWorkView } from './checks.ts';
import { gridViewOf, requireWork } from './read-work.ts';

/** The shapes the pages name; the rest are counted together as 'other'. */
export const namedShapes = ['1-1', '1-2', '2-1', '1-0', '0-1', '2-2', '1-3', '3-1'] as const;

export interface ShapeCount {
  shape: string;
  beads: number;
  share: number;
}

export interface BeadFigures {
  beads: number;
  shapes: ShapeCount[];
  /** confirmed beads / beads */
  confirmedShare: number;
  /** mean confidence of the beads the aligner made (null when none has one) */
  meanConfidence: number | null;
  manual: number;
}

export interface VersionFigures {
  name: string;
  lang: string;
  label: string;
  status: string;
  revisionOf: string | null;
  sentences: number;
  characters: number;
  /** characters per sentence */
  meanLength: number;
}

export interface PairFigures extends BeadFigures {
  label: string;
  kind: string;
  langs: [string, string];
  /** beads per tenth of confidence, [0, 0.1) first */
  confidenceBins: number[];
}

export interface WorkStatistics {
  work: { slug: string; title: string };
  versions: VersionFigures[];
  pairs: PairFigures[];
  rows: number;
  rowsConfirmed: number;
  /** open findings of the checks by kind */
  findings: Record<string, number>;
  findingsOpen: number;
}

/** Bead counts by shape as the pages show them. */
export function beadFigures(rows: ShapeRow[]): BeadFigures {
  const beads = rows.reduce((n, r) => n + r.beads, 0);
  const byShape = new Map<string, number>();
  let confirmed = 0;
  let manual = 0;
  let confidenceSum = 0;
  let confidenceCount = 0;
  for (const r of rows) {
    const shape = `${r.aCount}-${r.bCount}`;
    const key = (namedShapes as readonly string[]).includes(shape) ? shape : 'other';
    byShape.set(key, (byShape.get(key) ?? 0) + r.beads);
    confirmed += r.confirmed;
    manual += r.manual;
    confidenceSum += r.confidenceSum;
    confidenceCount += r.confidenceCount;
  }
  const shapes = [...namedShapes, 'other']
    .filter((s) => byShape.has(s))
    .map((shape) => ({ shape, beads: byShape.get(shape)!, share: beads ? byShape.get(shape)! / beads : 0 }));
  return {
    beads,
    shapes,
    confirmedShare: beads ? confirmed / beads : 0,
    meanConfidence: confidenceCount ? confidenceSum / confidenceCount : null,
    manual,
  };
}

export function workStatistics(db: Database, slug: string): WorkStatistics {
  const work = requireWork(db, slug);
  const state = alignmentState(db, work);
  const { layout } = state;
  const versions = [...layout.columns, ...layout.revisions].map((v) => {
    const size = versionSize(db, v.id);
    return {
      name: v.name,
      lang: v.lang,
      label: v.label,
      status: v.status,
      revisionOf: v.revisionOf,
      sentences: size.sentences,
      characters: size.characters,
      meanLength: size.sentences ? size.characters / size.sentences : 0,
    };
  });
  const pairs = layout.pairs
    .filter((p) => p.alignment)
    .map((p) => ({
      label: p.label,
      kind: p.kind,
      langs: [p.a.lang, p.b.lang] as [string, string],
      ...beadFigures(pairShapes(db, p.alignment!.id)),
      confidenceBins: pairConfidenceBins(db, p.alignment!.id),
    }));
  const rows = state.rows();
  const report = checkWorkView(db, gridViewOf(state));
  return {
    work: { slug: work.slug, title: work.title },
    versions,
    pairs,
    rows: rows.length,
    rowsConfirmed: rows.filter((r) => r.confirmed).length,
    findings: report.counts,
    findingsOpen: report.open,
  };
}

export interface CorpusStatistics {
  works: number;
  languages: Array<{ lang: string; versions: number; sentences: number; characters: number; meanLength: number }>;
  languagePairs: Array<BeadFigures & { langs: [string, string]; pairs: number }>;
  /** the latest count of the findings of every work, when one was made */
  findings: CorpusFindings | null;
  /** a count of the findings under way */
  findingsJob: FindingsJobView | null;
}

const corpusCache = new WeakMap<Database, { key: number; figures: Omit<CorpusStatistics, 'findings' | 'findingsJob'> }>();

export function corpusStatistics(db: Database, jobRunner: JobRunner): CorpusStatistics {
  const key = latestEventId(db);
  let cached = corpusCache.get(db);
  if (!cached || cached.key !== key) {
    const languages = corpusSizesByLanguage(db).map((l) => ({ ...l, meanLength: l.sentences ? l.characters / l.sentences : 0 }));
    const byPair = new Map<string, { langs: [string, string]; pairs: number; rows: ShapeRow[] }>();
    for (const r of corpusShapesByLanguagePair(db)) {
      const k = `${r.langA}|${r.langB}`;
      let entry = byPair.get(k);
      if (!entry) byPair.set(k, (entry = { langs: [r.langA, r.langB], pairs: 0, rows: [] }));
      entry.pairs = Math.max(entry.pairs, r.pairs);
      entry.rows.push(r);
    }
    const languagePairs = [...byPair.values()].map((e) => ({ langs: e.langs, pairs: e.pairs, ...beadFigures(e.rows) }));
    cached = { key, figures: { works: countWorks(db), languages, languagePairs } };
    corpusCache.set(db, cached);
  }
  const jobs = jobRunner.all().filter((j) => j.kind === 'corpus-findings').reverse();
  const finished = jobs.find((j) => j.state === 'done');
  const running = jobs.find((j) => j.state === 'queued' || j.state === 'running') ?? null;
  const shown = running ?? (jobs[0]?.state === 'failed' ? jobs[0] : null);
  return {
    ...cached.figures,
    findings: finished ? (finished.result as CorpusFindings) : null,
    findingsJob: shown ? findingsJobView(shown) : null,
  };
}

export interface CorpusFindings {
  counts: Record<string, number>;
  works: number;
  at: string;
}

/** A count of the findings as the page shows it: its state, works done of all, its error. */
export interface FindingsJobView {
  id: string;
  state: Job['state'];
  progress: { done: number; total: number };
  error: { message: string } | null;
}

function findingsJobView(job: Job): FindingsJobView {
  return { id: job.id, state: job.state, progress: { done: job.progress.step, total: job.progress.steps }, error: job.error ? { message: job.error.message } : null };
}

/** Starts counting the open findings of every work (a job of main's runner, in its own queue), unless a count is under way. */
export function startCorpusFindingsCount(jobRunner: JobRunner, owner: string): void {
  if (jobRunner.all().some((j) => j.kind === 'corpus-findings' && (j.state === 'queued' || j.state === 'running'))) return;
  jobRunner.submit('corpus-findings', {}, { work: corpusQueue, owner });
}

/** The queue of the jobs that read every work (no work's slug can take this name: slugs have no spaces). */
export const corpusQueue = '(corpus)';

/** Counts the open findings of every work, a work at a time, yielding between works. */
export async function countCorpusFindings(db: Database, progress: (step: number, steps: number, detail?: string) => void = () => {}): Promise<CorpusFindings> {
  const works = listWorks(db);
  progress(0, works.length);
  const counts: Record<string, number> = {};
  for (const [i, work] of works.entries()) {
    const report = checkWorkView(db, gridViewOf(alignmentState(db, work)));
    for (const [kind, n] of Object.entries(report.counts)) counts[kind] = (counts[kind] ?? 0) + n;
    progress(i + 1, works.length, work.slug);
    // let other work in between two works (on the main thread, when jobs run inline)
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { counts, works: works.length, at: new Date().toISOString() };
}
