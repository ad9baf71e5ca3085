// Use case: one editor operation in a view of a work — the three-column view or the view of one pair
// — in one transaction, one event in the log. Whatever the view, what changes is pairs: an operation
// on a pair view's rows is an operation on that pair's beads; an operation on a three-column row is
// translated into edits of the pairs that hold its sentences (align/grid-view-edits.ts); a sentence
// split, merge or edit changes the version, and so every pair the version is in. The event keeps, per
// pair, the window of beads before and after (and shifts and confirmations), which is what undo and
// redo replay (services/undo.ts). The client says which revision of each row it saw; a row that
// changed meanwhile makes the operation a 409 (the client then redraws those rows).
//
// Offsets: a version keeps its raw bytes exactly as imported; its normalised `text` and the offsets
// of its sentences and blocks follow the edits — an edited sentence's slice of the text is replaced
// by the new wording and every later offset moves by the difference.
import type { Database } from 'better-sqlite3';
import { EditRefusal, operationWindow, planOperation, type GridOperation } from '../align/edit-operations.ts';
import type { GridRow } from '../align/grid.ts';
import { planViewEdit, rowHolding, type PairEdit, type ViewOperation } from '../align/grid-view-edits.ts';
import type { ViewRow } from '../align/grid-view.ts';
import { beadHolding, isPlaceholder, mergeSentencesInPair, splitSentenceInPair, type PairWindow, type SideShift } from '../align/pair-alignment.ts';
import { linkEventToAlignments, replaceBeadWindow, setBeadsConfirmed, shiftBeadSide, type StoredBead } from '../db/alignments.ts';
import { appendEvent } from '../db/events.ts';
import { readSentences, replaceSentences, spliceVersionText, versionText, type SentenceRecord, type VersionRecord } from '../db/versions.ts';
import { alignmentState, beadsOfRow, patchAlignmentState, stateKey, tokenOf, type AlignmentState, type PairPatch } from './alignment-state.ts';
import { InputError } from './errors.ts';
import { gridViewOf, pairViewOf, requireWork, viewRowsOf, type StoredRow, type WorkView } from './read-work.ts';
import { scopeStates, stackLinksForEdit, type UndoStack } from './undo-stacks.ts';
import { findPair } from './work-layout.ts';

export { EditRefusal };

/** The row (position) the client should redraw around; the refused operation changed nothing. */
export class StaleViewError extends InputError {
  constructor(readonly around: number) {
    super('The rows you edited have changed in the meantime (in another tab or by another person). They have been reloaded: check them and try again.', 409, undefined, {
      key: 'editor:refusals.stale',
    });
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

/** Which view an operation is made in: the three-column view, or the pair of two named versions. */
export type ViewRef = { kind: 'grid' } | { kind: 'pair'; a: string; b: string };

/** Row revisions as the client saw them: position → "id.revision". Absent: no check (a plain form). */
export type SeenRows = Map<number, string> | undefined;

/** A bead in an event: its two sides as [first, count], and its state. */
export interface BeadSnapshot {
  cells: Array<[number, number]>;
  origin: 'auto' | 'manual';
  confidence: number | null;
  confirmed: boolean;
}

/** One pair's part of one side of an event: beads [position, position + beads.length) of the pair. */
export interface PairSide {
  alignment: number;
  position: number;
  beads: BeadSnapshot[];
  /** after side only: the shift of one side's later ordinals, applied before the window */
  shift?: SideShift;
  /** confirmations: the beads (by position) and the value they have on this side */
  confirmed?: { positions: number[]; value: boolean };
}

/** One side (before or after) of an editor event. Undo replays after → before, redo before → after. */
export interface EditSide {
  format: 2;
  /** the view the edit was made in: 'grid', or the alignment id of a pair view */
  view: 'grid' | number;
  /** 1-based number of the first row concerned in that view (for the history page) */
  row: number;
  pairs: PairSide[];
  /** for sentence operations: sentences [ordinal, ordinal + list.length) of one version */
  sentences?: { versionId: number; ordinal: number; list: Omit<SentenceRecord, 'ordinal'>[] };
  /** for text edits: the slice of the version's text at `at` */
  text?: { versionId: number; ordinal: number; block: number; at: number; text: string };
  /** for sentence edits, read by the history page: the sentence and its wording on this side */
  sentence?: { version: string; versionId: number; ordinal: number; text: string };
  /** after side only: per pair (alignment id), the undo and redo stacks after the event */
  stack?: Record<string, UndoStack>;
}

export interface EditOutcome {
  eventId: number;
  kind: string;
  summary: string;
  /** the rows of the view to redraw: `removed` rows at `from` were replaced by `added` rows */
  window: { from: number; removed: number; added: number };
  /** rows whose confirmation changed (positions of the view) */
  confirmations?: { positions: number[]; confirmed: boolean };
  /** the position the page should keep its cursor near */
  focus: number;
  /** sentence split or merge: the later sentences of one version were renumbered (the page renumbers what it shows) */
  shift?: { version: string; from: number; delta: number };
  /** rows outside the window whose token changed (confirm up to here): position → "id.revision" */
  tokens?: Map<number, string>;
  /** rows (positions of the view before the edit) that held confirmed beads the edit left unconfirmed (it was forced) */
  unconfirmed?: number[];
}

export const snapshotBead = (bead: GridRow): BeadSnapshot => ({
  cells: bead.cells.map((c) => [c.first, c.count]),
  origin: bead.origin,
  confidence: bead.confidence,
  confirmed: bead.confirmed,
});

export const beadFromSnapshot = (s: BeadSnapshot): GridRow => ({
  cells: s.cells.map(([first, count]) => ({ first, count })),
  origin: s.origin,
  confidence: s.confidence,
  confirmed: s.confirmed,
});

/** A view as an edit sees it: the state, the view, and its rows with their tokens. */
export interface EditTarget {
  state: AlignmentState;
  view: WorkView;
}

export function editTarget(db: Database, slug: string, ref: ViewRef): EditTarget {
  const state = alignmentState(db, requireWork(db, slug));
  if (ref.kind === 'grid') return { state, view: gridViewOf(state) };
  return { state, view: pairViewOf(state, findPair(state.layout, ref.a, ref.b)) };
}

/** The view an operation was made in, as an event records it. */
export const viewKey = (view: WorkView): 'grid' | number => (view.kind === 'grid' ? 'grid' : view.pair!.alignment!.id);

/**
 * The rows the client saw must be as it saw them: every row of the window it names, and always the
 * row the operation is aimed at. A neighbour it has not loaded it cannot have seen, so it claims
 * nothing about it.
 */
export function checkSeen(rows: StoredRow[], seen: SeenRows, target: number): void {
  if (!seen) return;
  if (target >= 0 && !seen.has(target)) throw new StaleViewError(target);
  for (const row of rows) {
    const claimed = seen.get(row.position);
    if (claimed !== undefined && claimed !== `${row.id}.${row.revision}`) throw new StaleViewError(target);
  }
}

const sameBeads = (a: BeadSnapshot[], b: GridRow[]) =>
  a.length === b.length && a.every((s, i) => s.cells.every(([f, c], k) => b[i].cells[k] && b[i].cells[k].first === f && b[i].cells[k].count === c));

/**
 * Moves the database from side `from` to side `to` of an event (forward for an edit or a redo,
 * backward for an undo): per pair, shift, window, confirmations; and the sentences and text once.
 * Refuses when the beads are not as `from` says, which would mean the log and the pairs disagree.
 * Returns what it wrote, for the kept state.
 */
export function applyTransition(db: Database, state: AlignmentState, from: EditSide, to: EditSide, direction: 'forward' | 'backward'): PairPatch[] {
  if (from.format !== 2 || to.format !== 2 || from.pairs.length !== to.pairs.length) throw new EditRefusal('history-diverged');
  const pairIndex = (alignment: number) => {
    const i = state.layout.pairs.findIndex((p) => p.alignment?.id === alignment);
    if (i < 0) throw new EditRefusal('history-diverged');
    return i;
  };
  const plans = from.pairs.map((f, k) => {
    const t = to.pairs[k];
    if (t.alignment !== f.alignment) throw new EditRefusal('history-diverged');
    // the kept state was read (or found current) inside this transaction: it is what the database holds
    const pair = pairIndex(f.alignment);
    const current = state.beads[pair].slice(f.position, f.position + f.beads.length);
    if (!sameBeads(f.beads, current)) throw new EditRefusal('history-diverged');
    return { f, t, current, pair };
  });
  const patches: PairPatch[] = [];
  for (const { f, t, current, pair } of plans) {
    const patch: PairPatch = { pair };
    const shift = direction === 'forward' ? t.shift : f.shift && { side: f.shift.side, from: f.shift.from + f.shift.delta, delta: -f.shift.delta };
    if (shift) {
      shiftBeadSide(db, f.alignment, shift.side, shift.from, shift.delta);
      patch.shift = shift;
    }
    if (f.beads.length || t.beads.length) {
      const stored = replaceBeadWindow(db, f.alignment, current, t.beads.map(beadFromSnapshot));
      patch.window = { position: t.position, removed: f.beads.length, stored };
    }
    if (t.confirmed && t.confirmed.positions.length) {
      const beads = state.beads[pair];
      setBeadsConfirmed(db, f.alignment, t.confirmed.positions.map((p) => beads[p].id), t.confirmed.value);
      patch.confirm = { positions: t.confirmed.positions, value: t.confirmed.value };
    }
    patches.push(patch);
  }
  if (from.sentences && to.sentences) replaceSentences(db, to.sentences.versionId, to.sentences.ordinal, from.sentences.list.length, to.sentences.list);
  if (from.text && to.text) {
    spliceVersionText(db, to.text.versionId, { at: to.text.at, oldLength: from.text.text.length, replacement: to.text.text, afterOrdinal: to.text.ordinal, block: to.text.block });
  }
  return patches;
}

/** The edits of one operation, per pair, before they are written. */
interface PlannedEdit {
  pair: number;
  window?: PairWindow;
  shift?: SideShift;
  confirm?: { positions: number[]; value: boolean };
}

function sidesOf(state: AlignmentState, view: WorkView, row: number, planned: PlannedEdit[]): { before: EditSide; after: EditSide } {
  const before: EditSide = { format: 2, view: viewKey(view), row: row + 1, pairs: [] };
  const after: EditSide = { format: 2, view: viewKey(view), row: row + 1, pairs: [] };
  for (const edit of planned) {
    const alignment = state.layout.pairs[edit.pair].alignment!.id;
    const window = edit.window ?? { position: 0, before: [], after: [] };
    const b: PairSide = { alignment, position: window.position, beads: window.before.map(snapshotBead) };
    const a: PairSide = { alignment, position: window.position, beads: window.after.map(snapshotBead) };
    if (edit.shift) a.shift = edit.shift;
    if (edit.confirm) {
      b.confirmed = { positions: edit.confirm.positions, value: !edit.confirm.value };
      a.confirmed = edit.confirm;
    }
    before.pairs.push(b);
    after.pairs.push(a);
  }
  return { before, after };
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

type SentenceCommand = Extract<EditCommand, { op: 'split-sentence' | 'merge-sentences' | 'edit-sentence' }>;

interface SentencePlan {
  version: VersionRecord;
  before: NonNullable<EditSide['sentences']>;
  after: NonNullable<EditSide['sentences']>;
  textBefore?: EditSide['text'];
  textAfter?: EditSide['text'];
  human?: { version: string; versionId: number; ordinal: number; before: string; after: string };
}

function planSentences(db: Database, view: WorkView, command: SentenceCommand, holderRow: (version: VersionRecord, ordinal: number) => number): SentencePlan {
  const version = view.columns[command.column];
  if (!version) throw new EditRefusal('column-out-of-range', { column: String(command.column + 1) });
  const [sentence, next] = readSentences(db, version.id, command.ordinal, 2);
  if (!sentence) throw new EditRefusal('sentence-out-of-range', { ordinal: command.ordinal + 1 });
  if (holderRow(version, command.ordinal) !== command.row) throw new StaleViewError(command.row);
  if (command.expected !== undefined && command.expected !== sentence.text) throw new StaleViewError(command.row);
  const { ordinal, block } = sentence;
  const record = (s: SentenceRecord) => ({ block: s.block, start: s.start, end: s.end, text: s.text });
  const text = versionText(db, version.id);
  if (command.op === 'split-sentence') {
    const at = command.offset;
    if (!Number.isInteger(at) || at <= 0 || at >= sentence.text.length) throw new EditRefusal('split-sentence-edge');
    const left = sentence.text.slice(0, at).trimEnd();
    const rightRaw = sentence.text.slice(at);
    const right = rightRaw.trimStart();
    if (!/[\p{L}\p{N}]/u.test(left) || !/[\p{L}\p{N}]/u.test(right)) throw new EditRefusal('split-sentence-edge');
    const slice = text.slice(sentence.start, sentence.end);
    const leftEnd = sentence.start + mapOffset(slice, sentence.text, left.length);
    const rightStart = sentence.start + mapOffset(slice, sentence.text, at + rightRaw.length - right.length);
    return {
      version,
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
    const gap = text.slice(sentence.end, next.start);
    const joiner = gap.length === 0 ? '' : /^\s+$/.test(gap) ? ' ' : gap;
    return {
      version,
      before: { versionId: version.id, ordinal, list: [record(sentence), record(next)] },
      after: { versionId: version.id, ordinal, list: [{ block, start: sentence.start, end: next.end, text: sentence.text + joiner + next.text }] },
    };
  }
  const wording = normaliseSentenceText(command.text);
  if (!wording) throw new EditRefusal('empty-sentence');
  if (wording.length > maxSentenceLength) throw new EditRefusal('sentence-too-long', { max: maxSentenceLength });
  if (wording === sentence.text) throw new EditRefusal('no-change');
  const oldSlice = text.slice(sentence.start, sentence.end);
  return {
    version,
    before: { versionId: version.id, ordinal, list: [record(sentence)] },
    after: { versionId: version.id, ordinal, list: [{ block, start: sentence.start, end: sentence.start + wording.length, text: wording }] },
    textBefore: { versionId: version.id, ordinal, block, at: sentence.start, text: oldSlice },
    textAfter: { versionId: version.id, ordinal, block, at: sentence.start, text: wording },
    human: { version: version.name, versionId: version.id, ordinal, before: sentence.text, after: wording },
  };
}

/** A sentence operation in every pair the version is in: the bead holding it grows, shrinks or is touched. */
function planSentenceInPairs(state: AlignmentState, command: SentenceCommand, version: VersionRecord): PlannedEdit[] {
  const planned: PlannedEdit[] = [];
  state.layout.pairs.forEach((p, i) => {
    if (!p.alignment) return;
    if (p.a.id !== version.id && p.b.id !== version.id) return;
    const side = p.a.id === version.id ? 0 : 1;
    const beads = state.beads[i];
    if (command.op === 'edit-sentence') {
      const k = beadHolding(beads, side, command.ordinal);
      if (k >= 0) planned.push({ pair: i, window: { position: k, before: [beads[k]], after: [{ ...beads[k], cells: beads[k].cells.map((c) => ({ ...c })) }] } });
      return;
    }
    const change = command.op === 'split-sentence' ? splitSentenceInPair(beads, side, command.ordinal) : mergeSentencesInPair(beads, side, command.ordinal);
    if (!change) throw new EditRefusal('history-diverged');
    planned.push({ pair: i, window: change.window, shift: change.shift });
  });
  return planned;
}

function describe(command: EditCommand, view: WorkView): string {
  const row = command.row + 1;
  const column = 'column' in command && typeof command.column === 'number' ? view.columns[command.column]?.name ?? '?' : 'all columns';
  const where = view.kind === 'pair' ? ` in ${view.pair!.label}` : '';
  switch (command.op) {
    case 'move-up':
      return `moved the first sentence of row ${row} (${column}) up${where}`;
    case 'move-down':
      return `moved the last sentence of row ${row} (${column}) down${where}`;
    case 'merge-rows':
      return `merged rows ${row} and ${row + 1}${where}`;
    case 'split-row':
      return `split row ${row} at ${command.at.join('/')}${where}`;
    case 'insert-row':
      return `inserted an empty row after row ${row}${where}`;
    case 'delete-row':
      return `deleted the empty row ${row}${where}`;
    case 'confirm':
      return `confirmed row ${row}${where}`;
    case 'unconfirm':
      return `unconfirmed row ${row}${where}`;
    case 'confirm-upto':
      return `confirmed every row up to row ${row}${where}`;
    case 'split-sentence':
      return `split sentence ${command.ordinal + 1} of ${column} in row ${row}`;
    case 'merge-sentences':
      return `merged sentences ${command.ordinal + 1} and ${command.ordinal + 2} of ${column}`;
    case 'edit-sentence':
      return `edited sentence ${command.ordinal + 1} of ${column} in row ${row}`;
  }
}

/** A pair view's operation on its beads, with the existing two-column grid operations. */
function planPairOperation(state: AlignmentState, view: WorkView, command: Exclude<EditCommand, SentenceCommand>): PlannedEdit {
  const pair = state.layout.pairs.indexOf(view.pair!);
  const beads = state.beads[pair];
  let op: GridOperation;
  switch (command.op) {
    case 'move-up':
    case 'move-down':
      op = { kind: command.op, row: command.row, column: command.column };
      break;
    case 'confirm':
    case 'unconfirm':
      op = { kind: 'confirm', row: command.row, confirmed: command.op === 'confirm' };
      break;
    case 'split-row':
      op = { kind: 'split-row', row: command.row, at: command.at };
      break;
    default:
      op = { kind: command.op, row: command.row };
  }
  const { from, to } = operationWindow(op, beads.length);
  const edit = planOperation({ start: from, rows: beads.slice(from, to + 1), rowCount: beads.length }, op);
  if (command.op === 'confirm-upto') {
    const positions: number[] = [];
    for (let i = 0; i <= command.row; i++) if (!beads[i].confirmed && !isPlaceholder(beads[i])) positions.push(i);
    if (positions.length === 0) throw new EditRefusal('already-confirmed', { row: command.row + 1 });
    return { pair, confirm: { positions, value: true } };
  }
  if (edit.confirmations) {
    if (isPlaceholder(beads[command.row])) throw new EditRefusal('confirm-empty-row', { row: command.row + 1 });
    return { pair, confirm: { positions: edit.confirmations.positions, value: edit.confirmations.confirmed } };
  }
  const change = edit.change!;
  const window: PairWindow = { position: change.position, before: change.before, after: change.after };
  if (command.op === 'insert-row') {
    // one empty row at a point: an empty row beside another would have no place of its own
    const neighbours = [beads[change.position - 1], beads[change.position]].filter(Boolean);
    if (neighbours.some(isPlaceholder)) throw new EditRefusal('empty-row-here', { row: command.row + 1 });
  }
  return { pair, window };
}

function asViewOperation(command: Exclude<EditCommand, SentenceCommand>): ViewOperation {
  switch (command.op) {
    case 'move-up':
    case 'move-down':
      return { kind: command.op, row: command.row, column: command.column };
    case 'merge-rows':
      return { kind: 'merge-rows', row: command.row };
    case 'split-row':
      return { kind: 'split-row', row: command.row, at: command.at };
    case 'confirm':
    case 'unconfirm':
      return { kind: 'confirm', row: command.row, confirmed: command.op === 'confirm' };
    case 'confirm-upto':
      return { kind: 'confirm-upto', row: command.row };
    case 'insert-row':
    case 'delete-row':
      throw new EditRefusal('empty-rows-in-pair-view');
  }
}

const isSentenceCommand = (c: EditCommand): c is SentenceCommand => c.op === 'split-sentence' || c.op === 'merge-sentences' || c.op === 'edit-sentence';

/** The rows of the view that an operation reads (its window), for the stale-view check. */
function windowRows(command: EditCommand): [number, number] {
  switch (command.op) {
    case 'move-up':
      return [command.row - 1, command.row];
    case 'move-down':
    case 'merge-rows':
    case 'merge-sentences':
      return [command.row, command.row + 1];
    default:
      return [command.row, command.row];
  }
}

const overlaps = (a: GridRow, b: GridRow) =>
  a.cells.some((c, side) => c.count > 0 && b.cells[side].count > 0 && c.first < b.cells[side].first + b.cells[side].count && b.cells[side].first < c.first + c.count);

/**
 * The rows of the view (positions, before the edit) holding confirmed beads that the planned edits
 * leave unconfirmed: a confirmed bead of a window none of whose replacements holding its sentences is
 * confirmed. (An edited or split sentence keeps its bead's confirmation; a moved sentence, a merge or
 * a split of rows does not.)
 */
export function lostConfirmations(state: AlignmentState, view: WorkView, planned: Array<{ pair: number; window?: PairWindow }>): { rows: number[]; pairs: string[] } {
  const rows = new Set<number>();
  const pairs = new Set<string>();
  for (const edit of planned) {
    if (!edit.window) continue;
    const pair = state.layout.pairs[edit.pair];
    for (const bead of edit.window.before) {
      if (!bead.confirmed || edit.window.after.some((a) => a.confirmed && overlaps(a, bead))) continue;
      const side = bead.cells[0].count > 0 ? 0 : 1;
      const version = side === 0 ? pair.a : pair.b;
      const ordinal = bead.cells[side].first;
      let row = -1;
      if (view.kind === 'pair') {
        const viewPair = view.pair!;
        const viewSide = version.id === viewPair.a.id ? 0 : version.id === viewPair.b.id ? 1 : -1;
        if (viewSide >= 0) row = beadHolding(state.beads[state.layout.pairs.indexOf(viewPair)], viewSide as 0 | 1, ordinal);
      } else {
        const column = state.layout.columns.indexOf(version);
        if (column >= 0) row = rowHolding(state.rows(), column, ordinal);
      }
      if (row >= 0) rows.add(row);
      pairs.add(pair.label);
    }
  }
  return { rows: [...rows].sort((a, b) => a - b), pairs: [...pairs] };
}

/** Row numbers as the user reads them: "5, 6, 9" (the first ten, then "…"). */
export function rowList(positions: number[]): string {
  const shown = positions.slice(0, 10).map((p) => String(p + 1));
  return positions.length > 10 ? `${shown.join(', ')} …` : shown.join(', ');
}

/** Applies one editor operation in one transaction and logs it; throws EditRefusal or StaleViewError. */
export function applyEditCommand(
  db: Database,
  slug: string,
  ref: ViewRef,
  command: EditCommand,
  options: { seen: SeenRows; actor: string; at: string; force?: boolean },
): EditOutcome {
  let unconfirmed: number[] = [];
  const outcome = runEdit(db, slug, ref, (target) => {
    const { state, view } = target;
    if (view.rowCount === 0) throw new EditRefusal('no-grid');
    const minRow = command.op === 'insert-row' ? -1 : 0;
    if (!Number.isInteger(command.row) || command.row < minRow || command.row >= view.rowCount) {
      throw new EditRefusal('row-out-of-range', { row: command.row + 1, rows: view.rowCount });
    }
    const [lo, hi] = windowRows(command);
    checkSeen(viewRowsOf(state, view, Math.max(0, lo), Math.min(view.rowCount, hi + 1), { light: true }), options.seen, command.row);
    let planned: PlannedEdit[];
    let sentences: SentencePlan | undefined;
    if (isSentenceCommand(command)) {
      const holder = (version: VersionRecord, ordinal: number) => {
        if (view.kind === 'pair') {
          const beads = state.beads[state.layout.pairs.indexOf(view.pair!)];
          return beadHolding(beads, version.id === view.pair!.a.id ? 0 : 1, ordinal);
        }
        return rowHolding(state.rows(), state.layout.columns.indexOf(version), ordinal);
      };
      sentences = planSentences(db, view, command, holder);
      planned = planSentenceInPairs(state, command, sentences.version);
    } else if (view.kind === 'pair') {
      planned = [planPairOperation(state, view, command)];
    } else {
      const gridBeads = state.layout.gridPairs.map((i) => state.beads[i]);
      const plan = planViewEdit(state.layout.grid, gridBeads, state.rows(), asViewOperation(command));
      planned = plan.edits.map((e: PairEdit) => ({ pair: state.layout.gridPairs[e.pair], window: e.window, confirm: e.confirm }));
    }
    if (planned.length === 0) throw new EditRefusal('nothing-changed', { row: command.row + 1 });
    // confirmed rows are the user's: an edit that would unconfirm some says which, and is made only when forced
    const lost = lostConfirmations(state, view, planned);
    // (a bead no row of this view shows still counts: it is named by the row the edit is aimed at)
    unconfirmed = lost.rows.length || !lost.pairs.length ? lost.rows : [command.row];
    if (unconfirmed.length && !options.force) {
      throw new EditRefusal('confirmed-rows', { rows: rowList(unconfirmed), count: unconfirmed.length, pairs: lost.pairs.join(', ') });
    }
    const { before, after } = sidesOf(state, view, command.row, planned);
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
    const summary = describe(command, view) + (unconfirmed.length ? `; rows ${rowList(unconfirmed)} no longer confirmed` : '');
    return { kind: command.op, summary, before, after, focus: command.row };
  }, options);
  return unconfirmed.length ? { ...outcome, unconfirmed } : outcome;
}

/** What an edit (or undo or redo) asks of runEdit: the event's sides, and where the view's cursor should be. */
export interface EditStep {
  kind: string;
  summary: string;
  before: EditSide;
  after: EditSide;
  focus: number;
  /** undo and redo: replay `from` → `to` of another event; an edit: before → after */
  replay?: { from: EditSide; to: EditSide; direction: 'forward' | 'backward' };
  /** undo and redo: the links to store per pair, given the states of the pairs before the event */
  links?: Record<string, UndoStack>;
}

/**
 * Runs a step in one immediate transaction: plan it on the current state, write it, log it (linked to
 * every pair it changed), and return what the view must redraw. The kept state is patched with what
 * was written, under the key read at the end of the transaction.
 */
export function runEdit(db: Database, slug: string, ref: ViewRef, plan: (target: EditTarget) => EditStep, options: { actor: string; at: string }): EditOutcome {
  let patched: { state: AlignmentState; patches: PairPatch[]; key: string } | null = null;
  let beforeView: WorkView | null = null;
  let beforeState: AlignmentState | null = null;
  const run = db.transaction((): { eventId: number; step: EditStep } => {
    const target = editTarget(db, slug, ref);
    beforeState = target.state;
    beforeView = target.view;
    const step = plan(target);
    const replay = step.replay ?? { from: step.before, to: step.after, direction: 'forward' as const };
    const alignments = [...new Set(step.after.pairs.map((p) => p.alignment))];
    const stack = step.links ?? stackLinksForEdit(scopeStates(db, alignments));
    const patches = applyTransition(db, target.state, replay.from, replay.to, replay.direction);
    step.after.stack = stack;
    const eventId = appendEvent(db, { workId: target.state.layout.work.id, actor: options.actor, at: options.at, kind: step.kind, summary: step.summary, before: step.before, after: step.after });
    linkEventToAlignments(db, eventId, alignments);
    patched = { state: target.state, patches, key: stateKey(db, target.state.layout.work.id) };
    return { eventId, step };
  });
  const { eventId, step } = run.immediate();
  const done = patched!;
  const state = patchAlignmentState(db, done.state, done.patches, done.key);
  return outcomeOf(state, beforeState!, beforeView!, eventId, step, done.patches);
}

/** What the view must redraw after a step: the rows that changed, confirmations, a renumbering. */
function outcomeOf(state: AlignmentState, before: AlignmentState, view: WorkView, eventId: number, step: EditStep, patches: PairPatch[]): EditOutcome {
  const shiftPatch = patches.find((p) => p.shift);
  const shiftedVersion = shiftPatch ? (shiftPatch.shift!.side === 0 ? state.layout.pairs[shiftPatch.pair].a : state.layout.pairs[shiftPatch.pair].b) : undefined;
  const shift = shiftPatch && shiftedVersion ? { version: shiftedVersion.name, from: shiftPatch.shift!.from, delta: shiftPatch.shift!.delta } : undefined;
  const nowView = view.kind === 'grid' ? gridViewOf(state) : pairViewOf(state, state.layout.pairs[state.layout.pairs.indexOf(view.pair!)] ?? view.pair!);
  // rows (or beads) the edit did not touch are the very same objects as before; those after a
  // sentence split or merge differ only by the shifted ordinals of one column
  const pairIndex = view.kind === 'pair' ? state.layout.pairs.indexOf(view.pair!) : -1;
  const oldRows: GridRow[] = view.kind === 'grid' ? before.rows() : before.beads[pairIndex];
  const newRows: GridRow[] = view.kind === 'grid' ? state.rows() : state.beads[pairIndex];
  const column = shift ? nowView.columns.findIndex((c) => c.name === shift.version) : -1;
  // a row of the three-column view is the same when its cells, state and token (its beads' ids and revisions) are
  const tokenIn = (st: AlignmentState, row: GridRow) => (view.kind === 'grid' ? tokenOf(beadsOfRow(st, row as ViewRow)) : (row as StoredBead).revision);
  const same = (a: GridRow, b: GridRow, shifted: boolean) =>
    a === b ||
    (a.confirmed === b.confirmed &&
      a.confidence === b.confidence &&
      a.origin === b.origin &&
      a.cells.every((c, k) => c.count === b.cells[k].count && (shifted && k === column && c.first >= shift!.from ? c.first + shift!.delta : c.first) === b.cells[k].first) &&
      (view.kind === 'pair' ? (a as StoredBead).id === (b as StoredBead).id : true) &&
      tokenIn(before, a) === tokenIn(state, b));
  let head = 0;
  while (head < oldRows.length && head < newRows.length && same(oldRows[head], newRows[head], false)) head++;
  let tail = 0;
  while (tail < oldRows.length - head && tail < newRows.length - head && same(oldRows[oldRows.length - 1 - tail], newRows[newRows.length - 1 - tail], true)) tail++;
  let window = { from: head, removed: oldRows.length - head - tail, added: newRows.length - head - tail };
  let confirmations: EditOutcome['confirmations'];
  let tokens: EditOutcome['tokens'];
  const confirming = step.kind === 'confirm-upto' || (step.replay && step.before.pairs.some((p) => p.confirmed) && step.before.pairs.every((p) => p.beads.length === 0));
  if (confirming && window.removed === window.added && window.removed > 1) {
    // many rows confirmed: their new tokens and states travel without their markup
    const positions: number[] = [];
    tokens = new Map();
    const stored = viewRowsOf(state, nowView, window.from, window.from + window.added, { light: true });
    for (let i = window.from; i < window.from + window.added; i++) {
      if (oldRows[i].confirmed !== newRows[i].confirmed) positions.push(i);
      const row = stored[i - window.from];
      tokens.set(i, `${row.id}.${row.revision}`);
    }
    confirmations = { positions, confirmed: newRows[positions[0] ?? window.from]?.confirmed ?? true };
    window = { from: step.focus, removed: 0, added: 0 };
  }
  return { eventId, kind: step.kind, summary: step.summary, window, confirmations, focus: Math.max(0, Math.min(step.focus, nowView.rowCount - 1)), shift, tokens };
}

export type { StoredBead };
