// Use cases: undo and redo, many steps, read from the event log alone (so they survive a restart and
// need no table of their own). Each pair of versions has its own undo and redo stacks: every editor
// event stores, in its after-side `stack`, per pair it changed, the links that make the two stacks
// (an edit remembers the undo top below it; an undo remembers the edit it undid and the redo top
// below it; a redo where both stacks stand after it), so a pair's state is read from the latest event
// that changed it. A pair view undoes the latest edit of its pair; the three-column view the latest
// edit of any of its pairs. An edit that changed several pairs is undone (or redone) as one step, and
// only while it is the top of every pair it changed — otherwise the user is told which pair has later
// edits. Aligning a pair from scratch ('align-pair') is a barrier: its history before cannot be
// replayed.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import { alignmentsOfEvent } from '../db/alignments.ts';
import { readEvent } from '../db/events.ts';
import { editTarget, runEdit, type EditOutcome, type EditSide, type ViewRef } from './edit-alignment.ts';
import { scopeState, scopeStates, type UndoStack, type UndoState } from './undo-stacks.ts';
import type { LaidOutPair } from './work-layout.ts';

export type { UndoStack, UndoState };

function parseSide(json: string | null): EditSide {
  if (!json) throw new EditRefusal('history-diverged');
  const side = JSON.parse(json) as EditSide;
  if (side.format !== 2) throw new EditRefusal('history-diverged');
  return side;
}

/** A side as an undo or redo event shows it: without the links and shifts of the event it came from. */
function bare(side: EditSide): EditSide {
  const { stack: _stack, ...rest } = side;
  return { ...rest, pairs: rest.pairs.map(({ shift: _shift, ...p }) => p) };
}

/** The pairs a view's undo and redo reach: a pair view its pair, the three-column view all its pairs. */
function scopeOf(db: Database, slug: string, ref: ViewRef): { alignments: number[]; pairs: LaidOutPair[] } {
  const { state, view } = editTarget(db, slug, ref);
  const pairs = view.kind === 'pair' ? [view.pair!] : state.layout.gridPairs.map((i) => state.layout.pairs[i]);
  return { alignments: pairs.filter((p) => p.alignment).map((p) => p.alignment!.id), pairs: state.layout.pairs };
}

/** The latest of the tops a view can reach, and a check that it is the top of every pair it changed. */
function chooseTarget(db: Database, slug: string, ref: ViewRef, which: 'undo' | 'redo'): { id: number; states: Map<number, UndoState> } | null {
  const { alignments, pairs } = scopeOf(db, slug, ref);
  let best: number | null = null;
  for (const a of alignments) {
    const top = scopeState(db, a)[which];
    if (top !== null && (best === null || top > best)) best = top;
  }
  if (best === null) return null;
  // the pairs the target changed (a redo's target is an undo event, linked to the same pairs as the edit)
  const changed = alignmentsOfEvent(db, best);
  const states = scopeStates(db, changed);
  const blocked = [...states].filter(([, s]) => s[which] !== best).map(([a]) => pairs.find((p) => p.alignment?.id === a)?.label ?? String(a));
  if (blocked.length) throw new EditRefusal(which === 'undo' ? 'undo-blocked' : 'redo-blocked', { pairs: blocked.join(', ') });
  return { id: best, states };
}

export interface UndoOutcome extends EditOutcome {
  /** the kind and summary of the edit undone or redone */
  target: { id: number; kind: string; summary: string };
}

/** Reverts the latest edit the view can reach; refuses when there is none. */
export function undoLastEdit(db: Database, slug: string, ref: ViewRef, options: { actor: string; at: string }): UndoOutcome {
  let targetInfo: UndoOutcome['target'] | null = null;
  const outcome = runEdit(db, slug, ref, ({ state }) => {
    const chosen = chooseTarget(db, slug, ref, 'undo');
    if (!chosen) throw new EditRefusal('nothing-to-undo');
    const target = readEvent(db, state.layout.work.id, chosen.id);
    if (!target) throw new EditRefusal('history-diverged');
    const before = parseSide(target.beforeJson);
    const after = parseSide(target.afterJson);
    targetInfo = { id: target.id, kind: target.kind, summary: target.summary };
    const links: Record<string, UndoStack> = {};
    for (const [alignment, s] of chosen.states) links[alignment] = { undid: target.id, redoBelow: s.redo, undo: after.stack?.[alignment]?.below ?? null };
    return {
      kind: 'undo',
      summary: `undid: ${target.summary}`,
      before: bare(after),
      after: bare(before),
      focus: Math.max(0, before.row - 1),
      replay: { from: after, to: before, direction: 'backward' },
      links,
    };
  }, options);
  return { ...outcome, target: targetInfo! };
}

/** Applies again the edit the latest undo the view can reach reverted; refuses when there is none. */
export function redoLastUndo(db: Database, slug: string, ref: ViewRef, options: { actor: string; at: string }): UndoOutcome {
  let targetInfo: UndoOutcome['target'] | null = null;
  const outcome = runEdit(db, slug, ref, ({ state }) => {
    const chosen = chooseTarget(db, slug, ref, 'redo');
    if (!chosen) throw new EditRefusal('nothing-to-redo');
    const undoEvent = readEvent(db, state.layout.work.id, chosen.id);
    const undoSide = undoEvent ? parseSide(undoEvent.afterJson) : undefined;
    const undid = undoSide?.stack ? Object.values(undoSide.stack)[0]?.undid : undefined;
    const target = undid === undefined ? undefined : readEvent(db, state.layout.work.id, undid);
    if (!undoSide || !target) throw new EditRefusal('history-diverged');
    const before = parseSide(target.beforeJson);
    const after = parseSide(target.afterJson);
    targetInfo = { id: target.id, kind: target.kind, summary: target.summary };
    const links: Record<string, UndoStack> = {};
    for (const [alignment] of chosen.states) links[alignment] = { redid: target.id, undo: target.id, redo: undoSide.stack?.[alignment]?.redoBelow ?? null };
    return {
      kind: 'redo',
      summary: `redid: ${target.summary}`,
      before: bare(before),
      after: bare(after),
      focus: Math.max(0, before.row - 1),
      replay: { from: before, to: after, direction: 'forward' },
      links,
    };
  }, options);
  return { ...outcome, target: targetInfo! };
}

/** What the toolbar says: the kind of edit an undo and a redo would revert (null: nothing to do or blocked). */
export function readUndoState(db: Database, slug: string, ref: ViewRef): { undo: string | null; redo: string | null } {
  const kindOf = (which: 'undo' | 'redo'): string | null => {
    let chosen;
    try {
      chosen = chooseTarget(db, slug, ref, which);
    } catch (error) {
      if (error instanceof EditRefusal) return null;
      throw error;
    }
    if (!chosen) return null;
    const { state } = editTarget(db, slug, ref);
    const event = readEvent(db, state.layout.work.id, chosen.id);
    if (!event) return null;
    if (which === 'undo') return event.kind;
    const undid = (JSON.parse(event.afterJson ?? '{}') as EditSide).stack;
    const targetId = undid ? Object.values(undid)[0]?.undid : undefined;
    return targetId === undefined ? null : readEvent(db, state.layout.work.id, targetId)?.kind ?? null;
  };
  return { undo: kindOf('undo'), redo: kindOf('redo') };
}
