// The shapes of the cross-version checks: the grid they read (plain strings, no database), the
// findings they return, and the stable fingerprint by which a reviewer's dismissal is remembered.
// Every check is pure; extra sources (terminology, #5) plug in as functions returning the same shape.
import { createHash } from 'node:crypto';

export interface QaColumn {
  /** version name within the work ('en', 'ru', 'en-revised') */
  name: string;
  /** ISO 639-1 language code */
  lang: string;
}

export interface QaRow {
  /** 1-based row number as shown on the work page */
  number: number;
  confidence: number | null;
  confirmed: boolean;
  /** a direct alignment of two non-pivot versions pairs the row differently (see server/align/grid.ts) */
  disputed?: boolean;
  /** the text of each column's cell ('' for an empty cell), in the order of `columns` */
  cells: string[];
}

export interface QaGrid {
  columns: QaColumn[];
  rows: QaRow[];
}

export const findingKinds = ['number-mismatch', 'omission', 'addition', 'empty-cell', 'untranslated', 'low-confidence'] as const;
export type QaFindingKind = (typeof findingKinds)[number];

export interface Finding {
  /** one of findingKinds, or a kind of another source (e.g. a terminology check) */
  kind: string;
  /** 1-based row number */
  row: number;
  /** language codes of the versions involved */
  langs: string[];
  /** names of the versions involved, in the same order as langs */
  versions: string[];
  /** a readable English sentence; the web page shows a translated one when `detail` is given */
  message: string;
  /** the text involved (a number, an expression, a term), when there is one */
  text?: string;
  /** key and parameters of the message in the 'qa' locale namespace */
  detail?: { key: string; params: Record<string, string | number> };
}

/** A further source of findings over the same grid (terminology, house style...). */
export type FindingSource = (grid: QaGrid) => Finding[];

/**
 * A fingerprint that survives re-running the checks and moving the row (insertions above it), but
 * changes when the text of the row changes: the kind, the versions, the text involved and the texts
 * of the row's cells.
 */
export function findingFingerprint(finding: Pick<Finding, 'kind' | 'versions' | 'text'>, rowCells: string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([finding.kind, [...finding.versions].sort(), finding.text ?? '', rowCells]));
  return hash.digest('hex').slice(0, 32);
}

/** A cell's text cut to a length that fits a report line. */
export function excerpt(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

const kindOrder = new Map<string, number>(findingKinds.map((k, i) => [k, i]));

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.row - b.row ||
    (kindOrder.get(a.kind) ?? 99) - (kindOrder.get(b.kind) ?? 99) ||
    a.kind.localeCompare(b.kind) ||
    a.versions.join(',').localeCompare(b.versions.join(','))
  );
}
