// Use case (the API's POST /works/:slug/alignments, run as a job): align a work. The pairs it has no
// alignment of, if any, aligned outside the write lock and stored in one short transaction
// (import-plan.ts, as an import aligns its pairs); else the stretch after the last confirmed row of
// the pair named, or of the three-column view, aligned again as the editor's R does.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import type { ResourceLoader } from './align-pairs.ts';
import { InputError } from './errors.ts';
import { commitWithPlan, planImport, storePlannedPairs } from './import-plan.ts';
import { realignStretch } from './realign.ts';
import { requireWork } from './read-work.ts';
import { findPair, readWorkLayout } from './work-layout.ts';

export interface AlignWorkInput {
  slug: string;
  /** a pair of version names: re-align that pair; none: the three-column view (every pair) */
  pair?: [string, string];
  actor: string;
}

export interface AlignWorkResult {
  /** labels of the pairs aligned afresh */
  aligned: string[];
  /** the stretch aligned again, when no pair was missing */
  realigned: { view: string; fromRow: number; rows: number } | null;
}

/** Refuses at once what names no work or no pair of it (before a job is queued). */
export function checkAlignWork(db: Database, input: AlignWorkInput): void {
  const work = requireWork(db, input.slug);
  if (input.pair) findPair(readWorkLayout(db, work), input.pair[0], input.pair[1]);
}

export async function alignWork(db: Database, loadResources: ResourceLoader, input: AlignWorkInput, progress: (phase: string, step: number, steps: number) => void = () => {}): Promise<AlignWorkResult> {
  const work = requireWork(db, input.slug);
  if (readWorkLayout(db, work).pairs.some((p) => !p.alignment)) {
    let steps = 2;
    const aligned = await commitWithPlan(
      () => planImport(db, work, work, [], [], loadResources, (i, of) => progress('align', i + 1, (steps = of + 1))),
      (plan) => {
        progress('store', steps - 1, steps);
        const at = new Date().toISOString();
        return db.transaction(() => storePlannedPairs(db, work, plan, new Map(), { actor: input.actor, at })).immediate();
      },
    );
    return { aligned, realigned: null };
  }
  progress('align', 0, 1);
  const ref = input.pair ? { kind: 'pair' as const, a: input.pair[0], b: input.pair[1] } : { kind: 'grid' as const };
  try {
    const outcome = await realignStretch(db, loadResources, work.slug, ref, { kind: 'after-last-confirmed' }, { seen: undefined, actor: input.actor, at: new Date().toISOString() });
    return { aligned: [], realigned: { view: input.pair ? input.pair.join('|') : 'grid', fromRow: outcome.window.from + 1, rows: outcome.window.added } };
  } catch (error) {
    if (!(error instanceof EditRefusal)) throw error;
    // the editor's refusal (nothing left to align, ...), said as the editor says it
    throw new InputError(`The alignment was refused (${error.code}).`, 422, 'pair', { key: `editor:refusals.${error.code}`, params: error.params });
  }
}
