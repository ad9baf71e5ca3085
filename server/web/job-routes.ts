// Following a job: its page and its htmx partial (a progress bar that polls itself until the job
// ends, then shows the result — the imported version, the re-aligned rows put in place by the
// editor's script, the check report, or the export to download — or the error), and the download of
// an export made by a job. Only the user who started a job and administrators may follow it.
// `answerWithJob` is how a route that started a job answers: with the result when the job ended
// within the configured wait, else with the job's progress (202).
import { Router, type Request, type Response } from 'express';
import type { Job } from '../jobs/job-runner.ts';
import type { JobKind, JobTypes } from '../jobs/job-kinds.ts';
import { listActiveVersions } from '../db/versions.ts';
import { findWorkBySlug } from '../db/works.ts';
import { InputError, NotFoundError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { describeError } from './errors.ts';
import type { ExportResult } from '../services/export-work.ts';
import type { ViewRef } from '../services/edit-alignment.ts';
import type { EditorAnswers } from './editor-routes.ts';
import { importedPath, importResultData } from './import-answers.ts';
import { isHtmx, type Renderer } from './render.ts';

export const jobPollMs = 700;

/** What a job's partial shows: its state, its progress as a fraction, and where to go for its result. */
function jobData(job: Job) {
  const { step, steps } = job.progress;
  return {
    job: { id: job.id, kind: job.kind, work: job.work, state: job.state, phase: job.progress.phase, detail: job.progress.detail ?? '', step, steps: Math.max(1, steps) },
    percent: job.state === 'done' ? 100 : Math.round((100 * Math.min(step, steps)) / Math.max(1, steps)),
    pollMs: jobPollMs,
  };
}

/** Whether a work is big enough that its check report and exports are made by a job. */
export function isBigWork(workspace: Workspace, slug: string): boolean {
  const work = findWorkBySlug(workspace.db, slug);
  if (!work) return false;
  return listActiveVersions(workspace.db, work.id).reduce((n, v) => n + v.sentenceCount, 0) >= workspace.config.bigWorkSentences;
}

/** Sends an export as the file it is (attachment() sets a type from the extension: the export's own is set after it). */
export function sendExport(res: Response, result: ExportResult): void {
  res.attachment(result.fileName);
  res.type(result.contentType);
  res.send(typeof result.body === 'string' ? result.body : Buffer.from(result.body.buffer, result.body.byteOffset, result.body.byteLength));
}

export function jobPath(job: Job): string {
  return `/jobs/${job.id}`;
}

/**
 * Answers a request whose work runs as a job: waits up to the configured time, then either lets
 * `done` answer with the result, rethrows the job's error (answered as if it had been thrown here),
 * or answers with the job's progress: its partial (htmx, 202) or a redirect to its page.
 */
export async function answerWithJob<K extends JobKind>(
  workspace: Workspace,
  renderer: Renderer,
  req: Request,
  res: Response,
  job: Job<K>,
  done: (result: JobTypes[K]['result']) => void,
): Promise<void> {
  await workspace.jobs.wait(job, workspace.config.jobWaitMs);
  if (job.state === 'failed') throw job.error;
  if (job.state === 'done') return done(job.result as JobTypes[K]['result']);
  if (isHtmx(req)) return renderer.partial(req, res, 'job-progress', jobData(job), 202);
  res.redirect(303, jobPath(job));
}

export function jobRoutes(workspace: Workspace, renderer: Renderer, editor: EditorAnswers): Router {
  const router = Router();

  const jobOf = (req: Request, res: Response): Job => {
    const job = workspace.jobs.get(String(req.params.id));
    const user = res.locals.user;
    if (!job || !user || (job.owner !== user.name && !res.locals.may('administer'))) {
      throw new NotFoundError('There is no such job (it may have ended long ago, or the server was restarted).', { key: 'jobs:errors.unknown' });
    }
    return job;
  };

  router.get('/jobs/:id', (req, res) => {
    const job = jobOf(req, res);
    res.set('Cache-Control', 'no-store');
    const data = jobData(job);
    if (!isHtmx(req)) {
      const failure = job.state === 'failed' ? describeError(req, job.error, workspace.config.maxUploadBytes) : null;
      const place = job.kind === 'realign' ? realignPlace(job as Job<'realign'>) : null;
      const viewBase = place?.ref.kind === 'pair' ? `/works/${encodeURIComponent(job.work)}/pairs/${encodeURIComponent(place.ref.a)}/${encodeURIComponent(place.ref.b)}` : `/works/${encodeURIComponent(job.work)}`;
      const upload = job.kind === 'import-upload' && job.state === 'done' ? (job as Job<'import-upload'>).result! : null;
      const imported = upload ? { data: importResultData(upload), path: importedPath(upload) } : null;
      return renderer.page(req, res, 'job', { ...data, result: job.result ?? null, failure, viewBase, imported }, failure?.status ?? 200);
    }
    if (job.state === 'queued' || job.state === 'running') return renderer.partial(req, res, 'job-progress', data);
    if (job.state === 'failed') {
      const { status, message } = describeError(req, job.error, workspace.config.maxUploadBytes);
      if (job.kind === 'realign') return editor.refuse(req, res, job.error, realignPlace(job as Job<'realign'>));
      return renderer.partial(req, res, 'error-message', { message, status }, status);
    }
    switch (job.kind) {
      case 'import-upload':
        res.set('HX-Trigger', 'library-changed');
        return renderer.partial(req, res, 'import-result', importResultData((job as Job<'import-upload'>).result!));
      case 'realign': {
        const outcome = (job as Job<'realign'>).result!;
        const t = req.t;
        return editor.answer(req, res, outcome, t('editor:done.realign', { from: outcome.window.from + 1, count: outcome.window.added }), true, realignPlace(job as Job<'realign'>));
      }
      case 'check-report':
      case 'dismiss-finding':
      case 'restore-finding':
        res.set('HX-Redirect', `/works/${encodeURIComponent(job.work)}/checks?job=${job.id}`);
        return res.status(204).end();
      default:
        return renderer.partial(req, res, 'job-progress', { ...data, result: job.result });
    }
  });

  router.get('/jobs/:id/download', (req, res) => {
    const job = jobOf(req, res);
    if (job.kind !== 'export-work' || job.state !== 'done') {
      throw new InputError('This job has no file to download (yet).', 409, undefined, { key: 'jobs:errors.noDownload' });
    }
    sendExport(res, (job as Job<'export-work'>).result!);
  });

  return router;
}

/** A re-alignment job's view: the editor answers its end there. */
const realignPlace = (job: Job<'realign'>) => ({ slug: job.work, ref: (job.context as ViewRef | undefined) ?? { kind: 'grid' as const } });
