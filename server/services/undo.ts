// Use cases: undo and redo, many steps, per work, read from the event log alone (so they survive a
// restart and need no table of their own). Every editor event carries, in its after-side `stack`,
// the links that make the two stacks: an edit remembers the undo top below it; an undo remembers the
// edit it undid and the redo top below it; a redo remembers where both stacks stand after it. The
// state is therefore read from the latest grid event only. Re-aligning a work from scratch (an import)
// is a barrier: the history before it cannot be replayed and both stacks start empty again.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import { latestEventOfKinds, readEvent } from '../db/editor.ts';
import { appendEvent } from '../db/events.ts';
import { applyTransition, editContext, editKinds, outcomeOf, type EditOutcome, type EditSide } from './edit-grid.ts';

/** Links stored with each editor event (see the module comment). */
export interface UndoStack {
  /** edit: the undo top before it */
  below?: number | null;
  /** undo: the edit it undid; the redo top before it; the undo top after it */
  undid?: number;
  redoBelow?: number | null;
  /** undo and redo: the undo top after the event; redo: the redo top after it */
  undo?: number | null;
  redo?: number | null;
  redid?: number;
}

export interface UndoState {
  /** the edit an undo would revert */
  undo: number | null;
  /** the undo event a redo would revert */
  redo: number | null;
}

/** Kinds that rebuild the grid from scratch: undo cannot reach behind them. */
const barrierKinds = ['align', 'import-version', 'replace-version'];
// A function, not a constant: edit-grid.ts and this module import each other.
const gridKinds = () => [...editKinds, 'undo', 'redo', ...barrierKinds];

function parseSide(json: string | null): EditSide {
  if (!json) throw new EditRefusal('history-diverged');
  return JSON.parse(json) as EditSide;
}

export function currentUndoState(db: Database, workId: number): UndoState {
  const latest = latestEventOfKinds(db, workId, gridKinds());
  if (!latest || barrierKinds.includes(latest.kind)) return { undo: null, redo: null };
  const stack = parseSide(latest.afterJson).stack ?? {};
  if (latest.kind === 'undo') return { undo: stack.undo ?? null, redo: latest.id };
  if (latest.kind === 'redo') return { undo: stack.undo ?? null, redo: stack.redo ?? null };
  return { undo: latest.id, redo: null };
}

/** A side as an undo or redo event shows it: without the links and shift of the event it came from. */
function bare(side: EditSide): EditSide {
  const { stack: _stack, shift: _shift, ...rest } = side;
  return rest;
}

function invertShift(side: EditSide) {
  const shift = side.shift;
  return shift ? { column: shift.column, from: shift.from + shift.delta, delta: -shift.delta } : undefined;
}

export interface UndoOutcome extends EditOutcome {
  /** the kind and summary of the edit undone or redone */
  target: { id: number; kind: string; summary: string };
}

/** Reverts the latest edit not yet undone; refuses when there is none. */
export function undoLastEdit(db: Database, slug: string, options: { actor: string; at: string }): UndoOutcome {
  return db.transaction((): UndoOutcome => {
    const ctx = editContext(db, slug);
    const state = currentUndoState(db, ctx.work.id);
    if (state.undo === null) throw new EditRefusal('nothing-to-undo');
    const target = readEvent(db, ctx.work.id, state.undo);
    if (!target) throw new EditRefusal('history-diverged');
    const before = parseSide(target.beforeJson);
    const after = parseSide(target.afterJson);
    applyTransition(db, ctx, after, before, invertShift(after));
    const summary = `undid: ${target.summary}`;
    const eventAfter: EditSide = { ...bare(before), stack: { undid: target.id, redoBelow: state.redo, undo: after.stack?.below ?? null } };
    const eventId = appendEvent(db, { workId: ctx.work.id, actor: options.actor, at: options.at, kind: 'undo', summary, before: bare(after), after: eventAfter });
    return { ...outcomeOf(ctx, eventId, 'undo', summary, after, before, invertShift(after)), target: { id: target.id, kind: target.kind, summary: target.summary } };
  })();
}

/** Applies again the edit the latest undo reverted; refuses when there is none. */
export function redoLastUndo(db: Database, slug: string, options: { actor: string; at: string }): UndoOutcome {
  return db.transaction((): UndoOutcome => {
    const ctx = editContext(db, slug);
    const state = currentUndoState(db, ctx.work.id);
    if (state.redo === null) throw new EditRefusal('nothing-to-redo');
    const undoEvent = readEvent(db, ctx.work.id, state.redo);
    const undoStack = undoEvent ? parseSide(undoEvent.afterJson).stack : undefined;
    const target = undoStack?.undid === undefined ? undefined : readEvent(db, ctx.work.id, undoStack.undid);
    if (!undoStack || !target) throw new EditRefusal('history-diverged');
    const before = parseSide(target.beforeJson);
    const after = parseSide(target.afterJson);
    applyTransition(db, ctx, before, after, after.shift);
    const summary = `redid: ${target.summary}`;
    const eventAfter: EditSide = { ...bare(after), stack: { redid: target.id, undo: target.id, redo: undoStack.redoBelow ?? null } };
    const eventId = appendEvent(db, { workId: ctx.work.id, actor: options.actor, at: options.at, kind: 'redo', summary, before: bare(before), after: eventAfter });
    return { ...outcomeOf(ctx, eventId, 'redo', summary, before, after, after.shift), target: { id: target.id, kind: target.kind, summary: target.summary } };
  })();
}

/** What the toolbar says: the kind of edit an undo and a redo would revert (null: nothing to do). */
export function readUndoState(db: Database, workId: number): { undo: string | null; redo: string | null } {
  const state = currentUndoState(db, workId);
  const undo = state.undo === null ? undefined : readEvent(db, workId, state.undo);
  const undoEvent = state.redo === null ? undefined : readEvent(db, workId, state.redo);
  const undid = undoEvent ? parseSide(undoEvent.afterJson).stack?.undid : undefined;
  const redo = undid === undefined ? undefined : readEvent(db, workId, undid);
  return { undo: undo?.kind ?? null, redo: redo?.kind ?? null };
}
