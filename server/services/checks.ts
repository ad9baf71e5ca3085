// Use cases of the check report: run every check over a work's grid (built-in checks from
// server/qa, plus the extra sources below), kept per work until what they read changes, mark the
// findings a reviewer dismissed, dismiss or restore one (one transaction and one event each), and
// write the report as CSV or JSON.
import type { Database } from 'better-sqlite3';
import { appendEvent } from '../db/events.ts';
import { deleteDismissal, findDismissal, findingsEventStamp, insertDismissal, listDismissals, type DismissalRecord } from '../db/findings.ts';
import { documentDate } from '../db/terms.ts';
import type { WorkRecord } from '../db/works.ts';
import { findingFingerprint, type Finding, type FindingSource, type QaGrid } from '../qa/findings.ts';
import { runChecks } from '../qa/report.ts';
import { findTermFindings } from '../terms/checks.ts';
import { InputError, NotFoundError } from './errors.ts';
import { pairDisagreementFindings } from './pair-checks.ts';
import { termMatcher } from './terms-recognition.ts';
import { readGridRows, readWork, type WorkView } from './read-work.ts';

/**
 * Extension point for findings that need more than the grid (the termbase of #5, house rules...):
 * each source reads what it needs from the database and returns findings of the common shape.
 * Add a source here and it appears in the page, the CSV/JSON export and `triptych check`.
 */
export type WorkFindingSource = (db: Database, work: WorkRecord, grid: QaGrid) => Finding[];

/**
 * The terminology checks of the termbase (server/terms/checks.ts) over the grid already read (as
 * termFindingsForWork does, without reading the grid a second time), versions named by language.
 */
export const termFindingSource: WorkFindingSource = (db, work, grid) => {
  const { matcher, concepts } = termMatcher(db);
  // the pivot of the work's view: the column in the work's pivot language, else the first one
  const pivotLang = grid.columns.some((c) => c.lang === work.pivotLang) ? work.pivotLang : (grid.columns[0]?.lang ?? work.pivotLang);
  const findings = findTermFindings({
    rows: grid.rows.map((r) => ({ row: r.number, cells: r.cells.map((text, k) => ({ lang: grid.columns[k].lang, text })) })),
    concepts,
    matcher,
    documentDate: documentDate(db, work.id),
    pivotLang,
  });
  return findings.map((f) => ({
    kind: f.kind,
    row: f.row,
    langs: f.langs,
    versions: f.langs.map((lang) => grid.columns.find((c) => c.lang === lang)?.name ?? lang),
    message: f.message,
    ...(f.text === undefined ? {} : { text: f.text }),
  }));
};

export const extraFindingSources: WorkFindingSource[] = [termFindingSource, pairDisagreementFindings];

export interface CheckFinding extends Finding {
  fingerprint: string;
  dismissal: DismissalRecord | null;
}

export interface CheckReport {
  view: WorkView;
  grid: QaGrid;
  /** every finding, dismissed ones included (each carries its dismissal) */
  findings: CheckFinding[];
  /** number of findings per kind, dismissed ones left out */
  counts: Record<string, number>;
  open: number;
  dismissed: number;
}

export function buildQaGrid(db: Database, view: WorkView): QaGrid {
  const rows = readGridRows(db, view, 0, view.rowCount);
  return {
    columns: view.columns.map((v) => ({ name: v.name, lang: v.lang })),
    rows: rows.map((r) => ({
      number: r.number,
      confidence: r.row.confidence,
      confirmed: r.row.confirmed,
      disputed: r.row.disputed === true,
      cells: r.cells.map((c) => c.text),
    })),
  };
}

/** A finding as computed, with its fingerprint; dismissals are read fresh for every report. */
type ComputedFinding = Finding & { fingerprint: string };

interface CachedFindings {
  /** what the findings were computed from, but the termbase's matcher (compared by identity) */
  stamp: string;
  matcher: object;
  grid: QaGrid;
  findings: ComputedFinding[];
}

/** How many works' findings each database keeps (the most recently asked for). */
export const cachedWorksPerDatabase = 4;

const findingsCache = new WeakMap<Database, Map<number, CachedFindings>>();
const cacheStats = new WeakMap<Database, { computed: number; cached: number }>();

/** How many reports were computed and how many were served from the cache, on this database. */
export function checkCacheStats(db: Database): { computed: number; cached: number } {
  return { ...(cacheStats.get(db) ?? { computed: 0, cached: 0 }) };
}

/** Drops the cached findings of every work of this database (the benchmarks time a cold report with it). */
export function forgetCheckFindings(db: Database): void {
  findingsCache.delete(db);
}

/**
 * The state the findings depend on. The grid, the sentences, the versions and the dismissals of a
 * work change only with an event of the work; the termbase with an event of no work, and through
 * termMatcher, which is recompiled whenever the termbase revision the database keeps has moved
 * (data_version is stamped too: the document dates the term checks read are written without an
 * event, and another connection may write them). The messages are English sentences whatever the
 * interface language (pages translate them from `detail` when rendering), so the language is no part
 * of it. The work's slug and creation time guard against a work id used again.
 */
function findingsStamp(db: Database, work: WorkRecord): { stamp: string; matcher: object } {
  const { workEvent, sharedEvent } = findingsEventStamp(db, work.id);
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const { matcher } = termMatcher(db);
  return { stamp: JSON.stringify([work.slug, work.createdAt, workEvent, sharedEvent, dataVersion]), matcher };
}

function computeFindings(db: Database, view: WorkView): { grid: QaGrid; findings: ComputedFinding[] } {
  const grid = buildQaGrid(db, view);
  const sources: FindingSource[] = extraFindingSources.map((source) => (g) => source(db, view.work, g));
  const cellsOfRow = new Map(grid.rows.map((r) => [r.number, r.cells]));
  const findings = runChecks(grid, sources).map((f): ComputedFinding => ({ ...f, fingerprint: findingFingerprint(f, cellsOfRow.get(f.row) ?? []) }));
  return { grid, findings };
}

/** The grid and findings of a work, from the cache when nothing they depend on has changed since. */
function workFindings(db: Database, view: WorkView): { grid: QaGrid; findings: ComputedFinding[] } {
  let stats = cacheStats.get(db);
  if (!stats) cacheStats.set(db, (stats = { computed: 0, cached: 0 }));
  let byWork = findingsCache.get(db);
  if (!byWork) findingsCache.set(db, (byWork = new Map()));
  const { stamp, matcher } = findingsStamp(db, view.work);
  const hit = byWork.get(view.work.id);
  if (hit && hit.stamp === stamp && hit.matcher === matcher) {
    // most recently used last
    byWork.delete(view.work.id);
    byWork.set(view.work.id, hit);
    stats.cached += 1;
    return hit;
  }
  const computed = computeFindings(db, view);
  stats.computed += 1;
  // Inside a transaction the state read may still be rolled back (and its event id used again):
  // such findings are answered but not kept.
  if (db.inTransaction) return computed;
  byWork.delete(view.work.id);
  byWork.set(view.work.id, { stamp, matcher, ...computed });
  while (byWork.size > cachedWorksPerDatabase) byWork.delete(byWork.keys().next().value!);
  return computed;
}

export function checkWork(db: Database, slug: string): CheckReport {
  return checkWorkView(db, readWork(db, slug));
}

/** The check report of a work already read. */
export function checkWorkView(db: Database, view: WorkView): CheckReport {
  const { grid, findings: computed } = workFindings(db, view);
  const dismissals = new Map(listDismissals(db, view.work.id).map((d) => [d.fingerprint, d]));
  const findings = computed.map((f): CheckFinding => ({ ...f, dismissal: dismissals.get(f.fingerprint) ?? null }));
  const counts: Record<string, number> = {};
  for (const f of findings) if (!f.dismissal) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  const dismissed = findings.filter((f) => f.dismissal).length;
  return { view, grid, findings, counts, open: findings.length - dismissed, dismissed };
}

const fingerprintPattern = /^[0-9a-f]{32}$/;
export const maxReasonLength = 500;

export interface DismissRequest {
  slug: string;
  fingerprint: string;
  reason: string;
  actor: string;
}

export function dismissFinding(db: Database, request: DismissRequest): CheckFinding {
  const fingerprint = (request.fingerprint ?? '').trim();
  if (!fingerprintPattern.test(fingerprint)) throw new InputError('The finding to dismiss is not named correctly.', 400, 'fingerprint', { key: 'qa:errors.badFingerprint' });
  const reason = (request.reason ?? '').replace(/\s+/g, ' ').trim();
  if (!reason) throw new InputError('Give a reason for dismissing the finding.', 400, 'reason', { key: 'qa:errors.noReason' });
  if (reason.length > maxReasonLength) throw new InputError(`The reason is longer than ${maxReasonLength} characters.`, 400, 'reason', { key: 'qa:errors.reasonTooLong', params: { max: maxReasonLength } });
  return db.transaction(() => {
    const report = checkWork(db, request.slug);
    const finding = report.findings.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new NotFoundError('This finding is no longer in the report (the row may have changed). Reload the report.', { key: 'qa:errors.findingGone' });
    if (finding.dismissal) throw new InputError('This finding was already dismissed.', 409, 'fingerprint', { key: 'qa:errors.alreadyDismissed' });
    const at = new Date().toISOString();
    const record = { workId: report.view.work.id, fingerprint, kind: finding.kind, rowNumber: finding.row, reason, actor: request.actor, at };
    const id = insertDismissal(db, record);
    appendEvent(db, {
      workId: report.view.work.id,
      actor: request.actor,
      at,
      kind: 'dismiss-finding',
      summary: `dismissed ${finding.kind} in row ${finding.row} (${finding.versions.join(', ')}): ${reason}`,
      before: null,
      after: { fingerprint, kind: finding.kind, row: finding.row, versions: finding.versions, message: finding.message, reason },
    });
    return { ...finding, dismissal: { id, ...record } };
  }).immediate();
}

export function restoreFinding(db: Database, request: Omit<DismissRequest, 'reason'>): void {
  const fingerprint = (request.fingerprint ?? '').trim();
  if (!fingerprintPattern.test(fingerprint)) throw new InputError('The finding to restore is not named correctly.', 400, 'fingerprint', { key: 'qa:errors.badFingerprintRestore' });
  db.transaction(() => {
    const view = readWork(db, request.slug);
    const dismissal = findDismissal(db, view.work.id, fingerprint);
    if (!dismissal) throw new NotFoundError('This finding is not dismissed.', { key: 'qa:errors.notDismissed' });
    deleteDismissal(db, view.work.id, fingerprint);
    appendEvent(db, {
      workId: view.work.id,
      actor: request.actor,
      at: new Date().toISOString(),
      kind: 'restore-finding',
      summary: `restored ${dismissal.kind} in row ${dismissal.rowNumber} (dismissed by ${dismissal.actor}: ${dismissal.reason})`,
      before: { fingerprint, kind: dismissal.kind, row: dismissal.rowNumber, reason: dismissal.reason },
      after: null,
    });
  }).immediate();
}

export const reportFormats = ['text', 'csv', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** What a pipeline gets: the fields of a finding, without the page's extras. */
export function findingRecord(f: CheckFinding) {
  return {
    kind: f.kind,
    row: f.row,
    langs: f.langs,
    versions: f.versions,
    text: f.text ?? '',
    message: f.message,
    fingerprint: f.fingerprint,
    dismissed: f.dismissal !== null,
    ...(f.dismissal ? { dismissalReason: f.dismissal.reason } : {}),
  };
}

function csvField(value: string | number | boolean): string {
  let text = String(value);
  // keep spreadsheets from reading a cell as a formula
  if (/^[=+@\t\r]/.test(text) || /^-[\d(]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatReport(findings: CheckFinding[], format: string): { contentType: string; body: string } {
  const chosen = format.trim().toLowerCase();
  if (chosen === 'json') {
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(findings.map(findingRecord), null, 2) + '\n' };
  }
  if (chosen === 'csv') {
    const header = ['kind', 'row', 'langs', 'versions', 'text', 'message', 'fingerprint', 'dismissed', 'dismissal_reason'];
    const lines = findings.map((f) =>
      [f.kind, f.row, f.langs.join(' '), f.versions.join(' '), f.text ?? '', f.message, f.fingerprint, f.dismissal ? 'yes' : 'no', f.dismissal?.reason ?? '']
        .map(csvField)
        .join(','),
    );
    return { contentType: 'text/csv; charset=utf-8', body: [header.join(','), ...lines].join('\r\n') + '\r\n' };
  }
  if (chosen === 'text') {
    const lines = findings.map(
      (f) =>
        `row ${f.row}\t${f.kind}\t${f.versions.join(',')}\t${f.message}${f.text ? `\t«${f.text}»` : ''}${f.dismissal ? `\t[dismissed: ${f.dismissal.reason}]` : ''}`,
    );
    return { contentType: 'text/plain; charset=utf-8', body: lines.join('\n') + (lines.length ? '\n' : '') };
  }
  throw new InputError(`'${format}' is not a report format; use ${reportFormats.join(', ')}.`, 400, 'format', { key: 'qa:errors.badFormat', params: { format, formats: reportFormats.join(', ') } });
}
