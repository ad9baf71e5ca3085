// The undo and redo stacks of each pair, as the event log holds them (see services/undo.ts): the
// links every editor event stores per pair it changed, and a pair's current tops read from the latest
// event that changed it.
import type { Database } from 'better-sqlite3';
import { latestEventOfAlignment } from '../db/alignments.ts';

/** Links stored with each editor event, per pair (see the module comment). */
export interface UndoStack {
  /** edit: the undo top before it */
  below?: number | null;
  /** undo: the edit it undid; the redo top before it */
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

/** Kinds that start a pair's history afresh. */
export const barrierKinds = new Set(['align-pair']);

/** The undo and redo tops of one pair. */
export function scopeState(db: Database, alignment: number): UndoState {
  const latest = latestEventOfAlignment(db, alignment);
  if (!latest || barrierKinds.has(latest.kind)) return { undo: null, redo: null };
  const stack = (JSON.parse(latest.afterJson ?? '{}') as { stack?: Record<string, UndoStack> }).stack?.[alignment] ?? {};
  if (latest.kind === 'undo') return { undo: stack.undo ?? null, redo: latest.id };
  if (latest.kind === 'redo') return { undo: stack.undo ?? null, redo: stack.redo ?? null };
  return { undo: latest.id, redo: null };
}

export function scopeStates(db: Database, alignments: number[]): Map<number, UndoState> {
  return new Map(alignments.map((a) => [a, scopeState(db, a)]));
}

/** The links a new edit stores for the pairs it changes. */
export function stackLinksForEdit(states: Map<number, UndoState>): Record<string, UndoStack> {
  const links: Record<string, UndoStack> = {};
  for (const [alignment, state] of states) links[alignment] = { below: state.undo };
  return links;
}
