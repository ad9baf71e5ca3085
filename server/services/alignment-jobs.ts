// Use cases run as background jobs (background-jobs.ts) for the API: import a version (decoded,
// segmented and aligned in a worker thread, stored on the main thread in one transaction, as
// importVersion stores it), and align a work (the pairs it lacks, in a worker thread; else the
// stretch after the last confirmed row of a pair or of the three-column view, again, as the
// editor's R does). The workers compile the termbase they were started with: a pool is started
// again when the termbase has changed since.
import type { Database } from 'better-sqlite3';
import { EditRefusal } from '../align/edit-operations.ts';
import { termbaseRevision } from '../db/termbase-revision.ts';
import { listConcepts } from '../db/terms.ts';
import { findWorkBySlug } from '../db/works.ts';
import { defaultWorkerCount, startAlignmentWorkers, type AlignmentWorkers } from './alignment-workers.ts';
import type { ResourceLoader } from './align-pairs.ts';
import { startJob, type JobRecord } from './background-jobs.ts';
import { InputError } from './errors.ts';
import { validateSlug, type VersionInput } from './import-version.ts';
import { realignStretch } from './realign.ts';
import { requireWork } from './read-work.ts';
import { findPair, readWorkLayout } from './work-layout.ts';
import { planWorkAlignment, storeWorkAlignment } from './work-alignment.ts';
import { alignmentState } from './alignment-state.ts';

const pools = new WeakMap<Database, { revision: number; workers: AlignmentWorkers }>();

/** The pool of the API's jobs: up to two threads, not keeping the process alive. */
function workersFor(db: Database): AlignmentWorkers {
  const revision = termbaseRevision(db);
  const kept = pools.get(db);
  if (kept && kept.revision === revision) return kept.workers;
  void kept?.workers.close();
  const workers = startAlignmentWorkers(Math.min(2, defaultWorkerCount()), { concepts: listConcepts(db), unref: true });
  pools.set(db, { revision, workers });
  return workers;
}

/** Stops the API's alignment threads (on shutdown). */
export async function closeAlignmentJobs(db: Database): Promise<void> {
  await pools.get(db)?.workers.close();
  pools.delete(db);
}

export interface ImportJobRequest extends VersionInput {
  workSlug: string;
  workTitle?: string;
  replace?: boolean;
  actor: string;
  maxBytes: number;
}

/** Starts importing a version; what a user got wrong in the fields is refused at once, the rest ends the job. */
export function startImportJob(db: Database, request: ImportJobRequest): JobRecord {
  const slug = validateSlug(request.workSlug ?? '');
  return startJob(
    db,
    'import',
    slug,
    async (context) => {
      const name = (request.name ?? '').trim() || (request.lang ?? '').trim().toLowerCase();
      const work = findWorkBySlug(db, slug);
      if (!work && !request.workTitle?.trim()) {
        throw new InputError(`There is no work '${slug}'. Give a title to create it.`, 404, 'title', { key: 'errors.input.unknownWorkWithoutTitle', params: { work: slug } });
      }
      const exists = work ? readWorkLayout(db, work).versions.some((v) => v.name === name) : false;
      if (exists && !request.replace) {
        throw new InputError(
          `The work '${slug}' already has a version '${name}'. Import it under another name, or replace it explicitly (the old version stays in the history).`,
          409,
          'name',
          { key: 'errors.input.versionExists', params: { work: slug, name } },
        );
      }
      const replacing = exists ? [name] : [];
      context.progress({ total: 3, stage: 'aligning' });
      const plan = planWorkAlignment(db, { slug, versions: [request], replacing, maxBytes: request.maxBytes });
      const result = await workersFor(db).run(plan.task);
      context.progress({ done: 2, stage: 'storing' });
      const stored = storeWorkAlignment(db, { slug, title: request.workTitle, replacing, actor: request.actor }, result);
      return {
        work: stored.slug,
        version: result.prepared[0].name,
        encoding: result.prepared[0].encoding,
        sentences: result.sentences,
        pairsAligned: result.computed.map((p) => `${p.a}|${p.b}`),
        rows: alignmentState(db, stored).rows().length,
        replaced: replacing.length > 0,
      };
    },
    3,
  );
}

export interface AlignJobRequest {
  slug: string;
  /** a pair of version names: re-align that pair; none: the three-column view (every pair) */
  pair?: [string, string];
  actor: string;
  loadResources: ResourceLoader;
  maxBytes: number;
}

/**
 * Starts aligning a work: the pairs it has no alignment of, if any (all of them, in a worker thread);
 * else the stretch after the last confirmed row of the pair or view named, aligned again.
 */
export function startAlignmentJob(db: Database, request: AlignJobRequest): JobRecord {
  const work = requireWork(db, request.slug);
  const layout = readWorkLayout(db, work);
  if (request.pair) findPair(layout, request.pair[0], request.pair[1]);
  return startJob(
    db,
    'align',
    work.slug,
    async (context) => {
      const missing = readWorkLayout(db, work).pairs.filter((p) => !p.alignment);
      if (missing.length > 0) {
        context.progress({ total: 2, stage: 'aligning missing pairs' });
        const plan = planWorkAlignment(db, { slug: work.slug, versions: [], replacing: [], maxBytes: request.maxBytes });
        const result = await workersFor(db).run(plan.task);
        context.progress({ done: 1, stage: 'storing' });
        storeWorkAlignment(db, { slug: work.slug, replacing: [], actor: request.actor }, result);
        return { aligned: result.computed.map((p) => `${p.a}|${p.b}`), realigned: null };
      }
      context.progress({ total: 1, stage: 'aligning after the last confirmed row' });
      const ref = request.pair ? { kind: 'pair' as const, a: request.pair[0], b: request.pair[1] } : { kind: 'grid' as const };
      let outcome;
      try {
        outcome = await realignStretch(db, request.loadResources, work.slug, ref, { kind: 'after-last-confirmed' }, { seen: undefined, actor: request.actor, at: new Date().toISOString() });
      } catch (error) {
        if (!(error instanceof EditRefusal)) throw error;
        // the editor's refusal (nothing left to align, ...), said as the editor says it
        const translation = { key: `editor:refusals.${error.code}`, params: error.params };
        throw new InputError(`The alignment was refused (${error.code}).`, 422, 'pair', translation);
      }
      return { aligned: [], realigned: { view: request.pair ? request.pair.join('|') : 'grid', fromRow: outcome.window.from + 1, rows: outcome.window.added } };
    },
    1,
  );
}
