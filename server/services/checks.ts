// Use cases of the check report: run every check over a work's grid (built-in checks from
// server/qa, plus the extra sources below), mark the findings a reviewer dismissed, dismiss or
// restore one (one transaction and one event each), and write the report as CSV or JSON.
import type { Database } from 'better-sqlite3';
import { appendEvent } from '../db/events.ts';
import { deleteDismissal, findDismissal, insertDismissal, listDismissals, type DismissalRecord } from '../db/findings.ts';
import type { WorkRecord } from '../db/works.ts';
import { findingFingerprint, type Finding, type FindingSource, type QaGrid } from '../qa/findings.ts';
import { runChecks } from '../qa/report.ts';
import { InputError, NotFoundError } from './errors.ts';
import { termFindingsForWork } from './terms-recognition.ts';
import { readGridRows, readWork, type WorkView } from './read-work.ts';

/**
 * Extension point for findings that need more than the grid (the termbase of #5, house rules...):
 * each source reads what it needs from the database and returns findings of the common shape.
 * Add a source here and it appears in the page, the CSV/JSON export and `triptych check`.
 */
export type WorkFindingSource = (db: Database, work: WorkRecord, grid: QaGrid) => Finding[];

/** The terminology checks of the termbase (server/terms/checks.ts), versions named by language. */
export const termFindingSource: WorkFindingSource = (db, work, grid) =>
  termFindingsForWork(db, work.slug).map((f) => ({
    kind: f.kind,
    row: f.row,
    langs: f.langs,
    versions: f.langs.map((lang) => grid.columns.find((c) => c.lang === lang)?.name ?? lang),
    message: f.message,
    ...(f.text === undefined ? {} : { text: f.text }),
  }));

export const extraFindingSources: WorkFindingSource[] = [termFindingSource];

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
      cells: r.cells.map((c) => c.text),
    })),
  };
}

export function checkWork(db: Database, slug: string): CheckReport {
  const view = readWork(db, slug);
  const grid = buildQaGrid(db, view);
  const sources: FindingSource[] = extraFindingSources.map((source) => (g) => source(db, view.work, g));
  const cellsOfRow = new Map(grid.rows.map((r) => [r.number, r.cells]));
  const dismissals = new Map(listDismissals(db, view.work.id).map((d) => [d.fingerprint, d]));
  const findings = runChecks(grid, sources).map((f): CheckFinding => {
    const fingerprint = findingFingerprint(f, cellsOfRow.get(f.row) ?? []);
    return { ...f, fingerprint, dismissal: dismissals.get(fingerprint) ?? null };
  });
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
  if (!fingerprintPattern.test(fingerprint)) throw new InputError('The finding to dismiss is not named correctly.', 400, 'fingerprint');
  const reason = (request.reason ?? '').replace(/\s+/g, ' ').trim();
  if (!reason) throw new InputError('Give a reason for dismissing the finding.', 400, 'reason');
  if (reason.length > maxReasonLength) throw new InputError(`The reason is longer than ${maxReasonLength} characters.`, 400, 'reason');
  return db.transaction(() => {
    const report = checkWork(db, request.slug);
    const finding = report.findings.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new NotFoundError('This finding is no longer in the report (the row may have changed). Reload the report.');
    if (finding.dismissal) throw new InputError('This finding was already dismissed.', 409, 'fingerprint');
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
  })();
}

export function restoreFinding(db: Database, request: Omit<DismissRequest, 'reason'>): void {
  const fingerprint = (request.fingerprint ?? '').trim();
  if (!fingerprintPattern.test(fingerprint)) throw new InputError('The finding to restore is not named correctly.', 400, 'fingerprint');
  db.transaction(() => {
    const view = readWork(db, request.slug);
    const dismissal = findDismissal(db, view.work.id, fingerprint);
    if (!dismissal) throw new NotFoundError('This finding is not dismissed.');
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
  })();
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
  throw new InputError(`'${format}' is not a report format; use ${reportFormats.join(', ')}.`, 400, 'format');
}
