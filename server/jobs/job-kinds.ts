// The long work that runs as jobs, by kind: each takes plain data (what a request or a command
// parsed), its own database connection and resources, and a way to report progress, and returns plain
// data (structured-clone safe: it crosses a worker thread's boundary). The same functions run in a
// worker thread for the server and on the main thread for the CLI, so there is one use case per kind
// (they call services/, which own the transactions).
import type { Database } from 'better-sqlite3';
import type { Config } from '../config.ts';
import type { ResourceLoader } from '../services/align-pairs.ts';
import { checkWork, dismissFinding, loadCheckResources, restoreFinding, type CheckReport, type DismissRequest } from '../services/checks.ts';
import type { EditOutcome, SeenRows, ViewRef } from '../services/edit-alignment.ts';
import { exportWork, type ExportRequest, type ExportResult } from '../services/export-work.ts';
import { importUpload, type UploadRequest, type UploadResult } from '../services/import-aligned.ts';
import { realignStretch, type Stretch } from '../services/realign.ts';
import { alignWork, type AlignWorkInput, type AlignWorkResult } from '../services/align-work.ts';
import { countCorpusFindings, type CorpusFindings } from '../services/statistics.ts';
import { triptychVersion } from '../version.ts';

export interface JobProgress {
  /** what is being done: prepare, align, store, check, export */
  phase: string;
  /** e.g. the pair being aligned ('en|ru') */
  detail?: string;
  step: number;
  steps: number;
}

export interface JobContext {
  db: Database;
  config: Config;
  alignResources: ResourceLoader;
  progress(progress: JobProgress): void;
}

export interface RealignInput {
  slug: string;
  ref: ViewRef;
  stretch: Stretch;
  seen: SeenRows;
  actor: string;
  at: string;
}

export interface JobTypes {
  /** a version (text, DOCX, HTML) or an aligned work (TMX, XLIFF, line-aligned files) */
  'import-upload': { input: UploadRequest; result: UploadResult };
  realign: { input: RealignInput; result: EditOutcome };
  'check-report': { input: { slug: string }; result: CheckReport };
  'export-work': { input: ExportRequest; result: ExportResult };
  /** dismiss or restore a finding of a big work's report, and the report after it */
  'dismiss-finding': { input: DismissRequest; result: CheckReport };
  'restore-finding': { input: Omit<DismissRequest, 'reason'>; result: CheckReport };
  /** the API's alignment of a work: the pairs it lacks, else the stretch after the last confirmed row */
  'align-work': { input: AlignWorkInput; result: AlignWorkResult };
  /** the open findings of every work (the statistics page), a work at a time */
  'corpus-findings': { input: Record<string, never>; result: CorpusFindings };
}
export type JobKind = keyof JobTypes;

type JobFunction<K extends JobKind> = (context: JobContext, input: JobTypes[K]['input']) => Promise<JobTypes[K]['result']>;

export const jobKinds: { [K in JobKind]: JobFunction<K> } = {
  'import-upload': (context, input) =>
    importUpload(context.db, context.alignResources, input, (phase, step, steps, detail) => context.progress({ phase, step, steps, detail })),
  realign: (context, input) =>
    realignStretch(context.db, context.alignResources, input.slug, input.ref, input.stretch, { seen: input.seen, actor: input.actor, at: input.at }, (step, steps) =>
      context.progress({ phase: 'align', step, steps }),
    ),
  'check-report': async (context, input) => {
    context.progress({ phase: 'check', step: 0, steps: 1 });
    return checkWork(context.db, input.slug, await loadCheckResources(context.db, input.slug, context.alignResources));
  },
  'export-work': async (context, input) => {
    context.progress({ phase: 'export', step: 0, steps: 1 });
    return exportWork(context.db, input, triptychVersion);
  },
  // the report is computed (or found in this connection's cache) before the dismissal's transaction,
  // which then finds it cached instead of computing it while holding the database
  'dismiss-finding': async (context, input) => {
    context.progress({ phase: 'check', step: 0, steps: 1 });
    const resources = await loadCheckResources(context.db, input.slug, context.alignResources);
    checkWork(context.db, input.slug, resources);
    dismissFinding(context.db, input, resources);
    return checkWork(context.db, input.slug, resources);
  },
  'restore-finding': async (context, input) => {
    context.progress({ phase: 'check', step: 0, steps: 1 });
    const resources = await loadCheckResources(context.db, input.slug, context.alignResources);
    checkWork(context.db, input.slug, resources);
    restoreFinding(context.db, input);
    return checkWork(context.db, input.slug, resources);
  },
  'align-work': (context, input) => alignWork(context.db, context.alignResources, input, (phase, step, steps) => context.progress({ phase, step, steps })),
  'corpus-findings': (context) => countCorpusFindings(context.db, (step, steps, detail) => context.progress({ phase: 'check', step, steps, detail })),
};

export function runJobKind<K extends JobKind>(kind: K, context: JobContext, input: JobTypes[K]['input']): Promise<JobTypes[K]['result']> {
  return (jobKinds[kind] as JobFunction<K>)(context, input);
}
