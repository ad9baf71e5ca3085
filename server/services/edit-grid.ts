// Use case: one editor operation on a work's grid — one transaction, one event in the log with the
// state before and after of exactly the rows (and sentences, and text) it touched. The client says
// which revision of each row it saw; a row that changed meanwhile makes the operation a 409 (the
// client then redraws those rows), so an edit is never applied to a sentence the user did not see.
// The event's before/after are also what undo and redo replay (services/undo.ts).
//
// Offsets: a version keeps its raw bytes exactly as imported; its normalised `text` and the offsets
// of its sentences and blocks follow the edits — an edited sentence's slice of the text is replaced
// by the new wording and every later offset moves by the difference, so text.slice(start, end) is
// still each sentence. Splitting or merging sentences changes no text, only the sentence records.
import type { Database } from 'better-sqlite3';
import { applyEdit, EditRefusal, invertEdit, operationWindow, planOperation, type ColumnShift, type GridEdit, type GridOperation } from '../align/edit-operations.ts';
import type { GridRow } from '../align/grid.ts';
import {
  countSentences,
  countWorkRows,
  findRowHolding,
  listActiveVersionsQuickly,
  listUnconfirmedPositions,
  readRowWindow,
  readSentences,
  readVersionText,
  replaceRowWindow,
  replaceSentences,
  setConfirmed,
  shiftCells,
  spliceVersionText,
  type SentenceRecord,
} from '../db/editor.ts';
import { appendEvent } from '../db/events.ts';
import type { StoredRow } from '../db/grid.ts';
import type { VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { pivotIndex } from './align-work.ts';
import { InputError } from './errors.ts';
import { requireWork, type WorkView } from './read-work.ts';
import { currentUndoState, type UndoStack } from './undo.ts';

export { EditRefusal };

/** The row (position) the client should redraw around; the refused operation changed nothing. */
export class StaleViewError extends InputError {
  constructor(readonly around: number) {
    super('The rows you edited have changed in the meantime (in another tab or by another person). They have been reloaded: check them and try again.', 409);
    this.name = 'StaleViewError';
  }
}

export type EditCommand =
  | { op: 'move-up' | 'move-down'; row: number; column: number | 'all' }
  | { op: 'merge-rows' | 'insert-row' | 'delete-row' | 'confirm' | 'unconfirm' | 'confirm-upto'; row: number }
  | { op: 'split-row'; row: number; at: number[] }
  | { op: 'split-sentence'; row: number; column: number; ordinal: number; offset: number; expected: string }
  | { op: 'merge-sentences'; row: number; column: number; ordinal: number; expected?: string }
  | { op: 'edit-sentence'; row: number; column: number; ordinal: number; text: string; expected: string };

export type EditKind = EditCommand['op'] | 'realign';
export const editKinds: readonly EditKind[] = [
  'move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'unconfirm', 'confirm-upto',
  'split-sentence', 'merge-sentences', 'edit-sentence', 'realign',
];

/** Row revisions as the client saw them: position → "id.revision". Absent: no check (a plain form). */
export type SeenRows = Map<number, string> | undefined;

/** A row in an event: its cells as [first, count] per grid version, and its state. */
export interface RowSnapshot {
  cells: Array<[number, number]>;
  origin: 'auto' | 'manual';
  confidence: number | null;
  confirmed: boolean;
  /** absent in events logged before rows could be disputed */
  disputed?: boolean;
}

/** One side (before or after) of an editor event. Undo replays after → before, redo before → after. */
export interface EditSide {
  /** 1-based number of the first row concerned (for the history page). */
  row: number;
  /** version ids, the order of every snapshot's cells */
  versions: number[];
  /** the window: rows at [position, position + rows.length) */
  position: number;
  rows: RowSnapshot[];
  /** for sentence operations: sentences [ordinal, ordinal + list.length) of one version */
  sentences?: { versionId: number; ordinal: number; list: Omit<SentenceRecord, 'ordinal'>[] };
  /** for text edits: the slice of the version's text at `at` */
  text?: { versionId: number; ordinal: number; block: number; at: number; text: string };
  /** for confirmations: the rows and the value they have on this side */
  confirmed?: { positions: number[]; value: boolean };
  /** for sentence edits, read by the history page: the sentence and its wording on this side */
  sentence?: { version: string; versionId: number; ordinal: number; text: string };
  /** after-side only: the shift of later ordinals in one column, and the undo stack after the event */
  shift?: ColumnShift;
  stack?: UndoStack;
}

export interface EditOutcome {
  eventId: number;
  kind: string;
  summary: string;
  /** the rows to redraw: `removed` rows at `from` were replaced by `added` rows */
  window: { from: number; removed: number; added: number };
  confirmations?: { positions: number[]; confirmed: boolean };
  /** the position the page should keep its cursor near */
  focus: number;
  /** sentence split or merge: the later sentences of one version were renumbered (the page renumbers what it shows) */
  shift?: { version: string; from: number; delta: number };
}

export interface EditContext {
  work: WorkRecord;
  columns: VersionRecord[];
  versionIds: number[];
}

export function editContext(db: Database, slug: string): EditContext {
  const work = requireWork(db, slug);
  // The grid's columns as gridVersions() picks them: active versions that revise no other.
  const columns = listActiveVersionsQuickly(db, work.id).filter((v) => !v.revisionOf);
  return { work, columns, versionIds: columns.map((v) => v.id) };
}

/** The work view the grid's templates need (as readWork gives it), read without counting every row and sentence. */
export function readEditorView(db: Database, slug: string): WorkView {
  const work = requireWork(db, slug);
  const versions = listActiveVersionsQuickly(db, work.id);
  const columns = versions.filter((v) => !v.revisionOf);
  return { work, columns, revisions: versions.filter((v) => v.revisionOf), pivot: pivotIndex(work, columns), rowCount: countWorkRows(db, work.id) };
}

export const snapshotRow = (row: GridRow): RowSnapshot => ({
  cells: row.cells.map((c) => [c.first, c.count]),
  origin: row.origin,
  confidence: row.confidence,
  confirmed: row.confirmed,
  ...(row.disputed ? { disputed: true } : {}),
});

export const rowFromSnapshot = (s: RowSnapshot): GridRow => ({
  cells: s.cells.map(([first, count]) => ({ first, count })),
  origin: s.origin,
  confidence: s.confidence,
  confirmed: s.confirmed,
  disputed: s.disputed === true,
});

/**
 * The rows the client saw must be as it saw them: every row of the window it names, and always the
 * row the operation is aimed at. A neighbour it has not loaded (the row above the first row of its
 * page) it cannot have seen, so it claims nothing about it.
 */
function checkSeen(rows: StoredRow[], seen: SeenRows, target: number): void {
  if (!seen) return;
  if (target >= 0 && !seen.has(target)) throw new StaleViewError(target);
  for (const row of rows) {
    const claimed = seen.get(row.position);
    if (claimed !== undefined && claimed !== `${row.id}.${row.revision}`) throw new StaleViewError(target);
  }
}

const sameCells = (a: RowSnapshot[], b: StoredRow[]) =>
  a.length === b.length && a.every((s, i) => s.cells.every(([f, c], k) => b[i].cells[k] && b[i].cells[k].first === f && b[i].cells[k].count === c));

/**
 * Moves the database from side `from` to side `to` of an event (forward for an edit or a redo,
 * backward for an undo): shift, sentences, text, rows, confirmations. Refuses (409) when the rows
 * are not as `from` says, which would mean the log and the grid disagree.
 */
export function applyTransition(db: Database, ctx: EditContext, from: EditSide, to: EditSide, shift: ColumnShift | undefined): void {
  if (from.versions.join(',') !== ctx.versionIds.join(',')) throw new EditRefusal('history-diverged');
  const current = readRowWindow(db, ctx.work.id, ctx.versionIds, from.position, from.position + from.rows.length - 1);
  if (!sameCells(from.rows, current)) throw new EditRefusal('history-diverged');
  if (shift) shiftCells(db, ctx.versionIds[shift.column], shift.from, shift.delta);
  if (from.sentences && to.sentences) replaceSentences(db, to.sentences.versionId, to.sentences.ordinal, from.sentences.list.length, to.sentences.list);
  if (from.text && to.text) {
    spliceVersionText(db, to.text.versionId, { at: to.text.at, oldLength: from.text.text.length, replacement: to.text.text, afterOrdinal: to.text.ordinal, block: to.text.block });
  }
  const revision = Math.max(0, ...current.map((r) => r.revision)) + 1;
  if (from.rows.length || to.rows.length) replaceRowWindow(db, ctx.work.id, ctx.versionIds, to.position, current, to.rows.map(rowFromSnapshot), revision);
  if (to.confirmed) setConfirmed(db, ctx.work.id, to.confirmed.positions, to.confirmed.value);
}

function toOperation(command: EditCommand, ctx: EditContext, db: Database): GridOperation {
  switch (command.op) {
    case 'move-up':
    case 'move-down':
      return { kind: command.op, row: command.row, column: command.column };
    case 'merge-rows':
    case 'insert-row':
    case 'delete-row':
    case 'confirm-upto':
      return { kind: command.op, row: command.row };
    case 'confirm':
    case 'unconfirm':
      return { kind: 'confirm', row: command.row, confirmed: command.op === 'confirm' };
    case 'split-row':
      return { kind: 'split-row', row: command.row, at: command.at };
    case 'split-sentence':
      return { kind: 'split-sentence', row: command.row, column: command.column, ordinal: command.ordinal };
    case 'edit-sentence':
      return { kind: 'touch-row', row: command.row };
    case 'merge-sentences': {
      const next = findRowHolding(db, ctx.versionIds[command.column], command.ordinal + 1);
      if (next === undefined) throw new EditRefusal('last-sentence');
      return { kind: 'merge-sentences', row: command.row, nextRow: next, column: command.column, ordinal: command.ordinal };
    }
  }
}

/** Index in `text` matching index `i` of `spaced`, where the two differ at most in runs of white space. */
function mapOffset(text: string, spaced: string, i: number): number {
  let a = 0;
  let b = 0;
  while (a < i && b < text.length) {
    const wa = /\s/.test(spaced[a]);
    const wb = /\s/.test(text[b]);
    if (wa && wb) {
      while (a < i && /\s/.test(spaced[a])) a++;
      while (b < text.length && /\s/.test(text[b])) b++;
    } else if (wb) b++;
    else {
      a++;
      b++;
    }
  }
  return b;
}

export function normaliseSentenceText(text: string): string {
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();
}

export const maxSentenceLength = 5000;

interface SentencePlan {
  before: NonNullable<EditSide['sentences']>;
  after: NonNullable<EditSide['sentences']>;
  textBefore?: EditSide['text'];
  textAfter?: EditSide['text'];
  human?: { version: string; versionId: number; ordinal: number; before: string; after: string };
}

function planSentences(db: Database, ctx: EditContext, command: EditCommand): SentencePlan | undefined {
  if (command.op !== 'split-sentence' && command.op !== 'merge-sentences' && command.op !== 'edit-sentence') return undefined;
  const version = ctx.columns[command.column];
  if (!version) throw new EditRefusal('column-out-of-range', { column: String(command.column + 1) });
  const [sentence, next] = readSentences(db, version.id, command.ordinal, 2);
  if (!sentence) throw new EditRefusal('sentence-out-of-range', { ordinal: command.ordinal + 1 });
  const holder = findRowHolding(db, version.id, command.ordinal);
  if (holder !== command.row) throw new StaleViewError(command.row);
  if (command.expected !== undefined && command.expected !== sentence.text) throw new StaleViewError(command.row);
  const { ordinal, block } = sentence;
  const record = (s: SentenceRecord) => ({ block: s.block, start: s.start, end: s.end, text: s.text });
  const versionText = readVersionText(db, version.id);
  if (command.op === 'split-sentence') {
    const at = command.offset;
    if (!Number.isInteger(at) || at <= 0 || at >= sentence.text.length) throw new EditRefusal('split-sentence-edge');
    const left = sentence.text.slice(0, at).trimEnd();
    const rightRaw = sentence.text.slice(at);
    const right = rightRaw.trimStart();
    if (!/[\p{L}\p{N}]/u.test(left) || !/[\p{L}\p{N}]/u.test(right)) throw new EditRefusal('split-sentence-edge');
    const slice = versionText.slice(sentence.start, sentence.end);
    const leftEnd = sentence.start + mapOffset(slice, sentence.text, left.length);
    const rightStart = sentence.start + mapOffset(slice, sentence.text, at + rightRaw.length - right.length);
    return {
      before: { versionId: version.id, ordinal, list: [record(sentence)] },
      after: {
        versionId: version.id,
        ordinal,
        list: [
          { block, start: sentence.start, end: leftEnd, text: left },
          { block, start: rightStart, end: sentence.end, text: right },
        ],
      },
    };
  }
  if (command.op === 'merge-sentences') {
    if (!next) throw new EditRefusal('last-sentence');
    if (next.block !== sentence.block) throw new EditRefusal('merge-across-paragraphs');
    const gap = versionText.slice(sentence.end, next.start);
    const joiner = gap.length === 0 ? '' : /^\s+$/.test(gap) ? ' ' : gap;
    return {
      before: { versionId: version.id, ordinal, list: [record(sentence), record(next)] },
      after: { versionId: version.id, ordinal, list: [{ block, start: sentence.start, end: next.end, text: sentence.text + joiner + next.text }] },
    };
  }
  const text = normaliseSentenceText(command.text);
  if (!text) throw new EditRefusal('empty-sentence');
  if (text.length > maxSentenceLength) throw new EditRefusal('sentence-too-long', { max: maxSentenceLength });
  if (text === sentence.text) throw new EditRefusal('no-change');
  const oldSlice = versionText.slice(sentence.start, sentence.end);
  return {
    before: { versionId: version.id, ordinal, list: [record(sentence)] },
    after: { versionId: version.id, ordinal, list: [{ block, start: sentence.start, end: sentence.start + text.length, text }] },
    textBefore: { versionId: version.id, ordinal, block, at: sentence.start, text: oldSlice },
    textAfter: { versionId: version.id, ordinal, block, at: sentence.start, text },
    human: { version: version.name, versionId: version.id, ordinal, before: sentence.text, after: text },
  };
}

function describe(command: EditCommand, ctx: EditContext): string {
  const row = command.row + 1;
  const column = 'column' in command && typeof command.column === 'number' ? ctx.columns[command.column]?.name ?? '?' : 'all columns';
  switch (command.op) {
    case 'move-up':
      return `moved the first sentence of row ${row} (${column}) up`;
    case 'move-down':
      return `moved the last sentence of row ${row} (${column}) down`;
    case 'merge-rows':
      return `merged rows ${row} and ${row + 1}`;
    case 'split-row':
      return `split row ${row} at ${command.at.join('/')}`;
    case 'insert-row':
      return `inserted an empty row after row ${row}`;
    case 'delete-row':
      return `deleted the empty row ${row}`;
    case 'confirm':
      return `confirmed row ${row}`;
    case 'unconfirm':
      return `unconfirmed row ${row}`;
    case 'confirm-upto':
      return `confirmed every row up to row ${row}`;
    case 'split-sentence':
      return `split sentence ${command.ordinal + 1} of ${column} in row ${row}`;
    case 'merge-sentences':
      return `merged sentences ${command.ordinal + 1} and ${command.ordinal + 2} of ${column}`;
    case 'edit-sentence':
      return `edited sentence ${command.ordinal + 1} of ${column} in row ${row}`;
  }
}

/** Builds the two sides of an event from a planned edit and the rows it read. */
export function sidesOf(ctx: EditContext, edit: GridEdit, windowFrom: number): { before: EditSide; after: EditSide } {
  const change = edit.change;
  const position = change ? change.position : windowFrom;
  const beforeRows = change ? change.before : [];
  const afterRows = change ? change.after : [];
  const before: EditSide = { row: position + 1, versions: ctx.versionIds, position, rows: beforeRows.map(snapshotRow) };
  const after: EditSide = { row: position + 1, versions: ctx.versionIds, position, rows: afterRows.map(snapshotRow) };
  if (edit.confirmations) {
    before.confirmed = { positions: edit.confirmations.positions, value: !edit.confirmations.confirmed };
    after.confirmed = { positions: edit.confirmations.positions, value: edit.confirmations.confirmed };
  }
  if (edit.shift) after.shift = edit.shift;
  return { before, after };
}

/** Applies one editor operation in one transaction and logs it; throws EditRefusal or StaleViewError. */
export function applyEditCommand(
  db: Database,
  slug: string,
  command: EditCommand,
  options: { seen: SeenRows; actor: string; at: string },
): EditOutcome {
  return db.transaction((): EditOutcome => {
    const ctx = editContext(db, slug);
    const rowCount = countWorkRows(db, ctx.work.id);
    if (rowCount === 0) throw new EditRefusal('no-grid');
    const op = toOperation(command, ctx, db);
    if (!Number.isInteger(op.row) || op.row < (op.kind === 'insert-row' ? -1 : 0) || op.row >= rowCount) {
      throw new EditRefusal('row-out-of-range', { row: op.row + 1, rows: rowCount });
    }
    const { from, to } = operationWindow(op, rowCount);
    const rows = readRowWindow(db, ctx.work.id, ctx.versionIds, from, to);
    checkSeen(rows, options.seen, command.row);
    const sentences = planSentences(db, ctx, command);
    const sentenceCounts = op.kind === 'merge-sentences' ? ctx.versionIds.map((id) => countSentences(db, id)) : undefined;
    const edit = planOperation({ start: from, rows, rowCount, sentenceCounts }, op);
    if (command.op === 'confirm-upto') {
      const positions = listUnconfirmedPositions(db, ctx.work.id, command.row);
      if (positions.length === 0) throw new EditRefusal('already-confirmed', { row: command.row + 1 });
      edit.confirmations = { positions, confirmed: true };
    }
    const { before, after } = sidesOf(ctx, edit, from);
    if (sentences) {
      before.sentences = sentences.before;
      after.sentences = sentences.after;
      if (sentences.textBefore) before.text = sentences.textBefore;
      if (sentences.textAfter) after.text = sentences.textAfter;
      if (sentences.human) {
        const { version, versionId, ordinal } = sentences.human;
        before.sentence = { version, versionId, ordinal, text: sentences.human.before };
        after.sentence = { version, versionId, ordinal, text: sentences.human.after };
      }
    }
    return recordEdit(db, ctx, command.op, describe(command, ctx), before, after, options);
  })();
}

/** Applies the sides of a new edit (not an undo or redo) and logs it as the top of the undo stack. */
export function recordEdit(
  db: Database,
  ctx: EditContext,
  kind: EditKind,
  summary: string,
  before: EditSide,
  after: EditSide,
  options: { actor: string; at: string },
): EditOutcome {
  const state = currentUndoState(db, ctx.work.id);
  applyTransition(db, ctx, before, after, after.shift);
  after.stack = { below: state.undo };
  const eventId = appendEvent(db, { workId: ctx.work.id, actor: options.actor, at: options.at, kind, summary, before, after });
  return outcomeOf(ctx, eventId, kind, summary, before, after, after.shift);
}

export function outcomeOf(ctx: EditContext, eventId: number, kind: string, summary: string, from: EditSide, to: EditSide, shift: ColumnShift | undefined): EditOutcome {
  return {
    eventId,
    kind,
    summary,
    window: { from: to.position, removed: from.rows.length, added: to.rows.length },
    confirmations: to.confirmed ? { positions: to.confirmed.positions, confirmed: to.confirmed.value } : undefined,
    focus: to.position,
    shift: shift && ctx.columns[shift.column] ? { version: ctx.columns[shift.column].name, from: shift.from, delta: shift.delta } : undefined,
  };
}

/** The edit a logged side pair stands for, as the pure core sees it (tests compare with applyEdit). */
export function editOfSides(before: EditSide, after: EditSide): GridEdit {
  const edit: GridEdit = { change: { position: after.position, before: before.rows.map(rowFromSnapshot), after: after.rows.map(rowFromSnapshot) } };
  if (after.shift) edit.shift = after.shift;
  if (after.confirmed) edit.confirmations = { positions: after.confirmed.positions, confirmed: after.confirmed.value };
  return edit;
}

export { applyEdit, invertEdit };
