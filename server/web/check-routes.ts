// The check report of a work: the findings (open ones by default, dismissed ones on request),
// their export as CSV, JSON or text, and the dismissal (with a reason) or restoration of a finding.
import { Router, type Request, type Response } from 'express';
import { checkWork, dismissFinding, formatReport, restoreFinding, type CheckReport } from '../services/checks.ts';
import { InputError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { actorOf } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { describeError } from './errors.ts';
import { answerWithJob, isBigWork } from './job-routes.ts';
import type { Job } from '../jobs/job-runner.ts';
import type { JobTypes } from '../jobs/job-kinds.ts';
import { isHtmx, type Renderer } from './render.ts';

interface ReportFilter {
  showDismissed: boolean;
  kind: string | null;
}

function readFilter(source: Record<string, unknown> | undefined): ReportFilter {
  const dismissed = source?.dismissed;
  const kind = source?.kind;
  return {
    showDismissed: dismissed === '1' || dismissed === 'on' || dismissed === 'true',
    kind: typeof kind === 'string' && /^[a-z][a-z0-9-]{0,40}$/.test(kind) ? kind : null,
  };
}

function filterQuery(filter: ReportFilter): string {
  const params = new URLSearchParams();
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.showDismissed) params.set('dismissed', '1');
  const query = params.toString();
  return query ? `?${query}` : '';
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The jobs whose result is a check report. */
export const reportJobKinds: readonly string[] = ['check-report', 'dismiss-finding', 'restore-finding'];

export function checkRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const data = (report: CheckReport, filter: ReportFilter, extra: Record<string, unknown> = {}) => {
    const shown = report.findings.filter((f) => (filter.showDismissed || !f.dismissal) && (!filter.kind || f.kind === filter.kind));
    return { report, filter, shown, filterQuery: filterQuery(filter), kinds: Object.keys(report.counts).sort(), ...extra };
  };
  const render = (req: Request, res: Response, report: CheckReport, filter: ReportFilter, extra: Record<string, unknown> = {}, status = 200) => {
    if (isHtmx(req)) renderer.partial(req, res, 'check-findings', data(report, filter, extra), status);
    else renderer.page(req, res, 'checks', data(report, filter, extra), status);
  };
  /** A finished report job of this work the user may read (the page a job's end sends them to). */
  const finishedReport = (req: Request, res: Response): CheckReport | undefined => {
    const id = typeof req.query.job === 'string' ? req.query.job : '';
    const job = id ? workspace.jobs.get(id) : undefined;
    if (!job || !reportJobKinds.includes(job.kind) || job.state !== 'done' || job.work !== String(req.params.slug)) return undefined;
    if (job.owner !== res.locals.user?.name && !res.locals.may('administer')) return undefined;
    return job.result as CheckReport;
  };
  /** The report of a work: computed here for a small work, by a job (in a worker thread) for a big one. */
  const withReport = async (req: Request, res: Response, use: (report: CheckReport) => void) => {
    const slug = String(req.params.slug);
    const ready = finishedReport(req, res);
    if (ready) return use(ready);
    if (!isBigWork(workspace, slug)) return use(checkWork(workspace.db, slug));
    const job = workspace.jobs.submit('check-report', { slug }, { work: slug, owner: actorOf(req) });
    await answerWithJob(workspace, renderer, req, res, job, use);
  };
  const answer = (req: Request, res: Response, filter: ReportFilter, extra: Record<string, unknown> = {}, status = 200) =>
    withReport(req, res, (report) => render(req, res, report, filter, extra, status));

  router.get('/works/:slug/checks', async (req, res) => {
    await answer(req, res, readFilter(req.query as Record<string, unknown>));
  });

  router.get('/works/:slug/checks/export', async (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'csv';
    const filter = readFilter(req.query as Record<string, unknown>);
    await withReport(req, res, (report) => {
      const findings = report.findings.filter((f) => (filter.showDismissed || !f.dismissal) && (!filter.kind || f.kind === filter.kind));
      const { contentType, body } = formatReport(findings, format);
      res.type(contentType);
      const extension = format.trim().toLowerCase() === 'text' ? 'txt' : format.trim().toLowerCase();
      res.attachment(`${report.view.work.slug}.checks.${extension}`);
      res.send(body);
    });
  });

  // A refused dismissal answers htmx with the report and the message, so the list stays in place. On a
  // big work the change and the report after it are made by a job.
  const change = (action: (req: Request) => void, asJob: (req: Request) => Job<'dismiss-finding' | 'restore-finding'>) => async (req: Request, res: Response) => {
    const filter = readFilter(req.body as Record<string, unknown>);
    const done = () => {
      if (!isHtmx(req)) {
        res.redirect(303, `/works/${encodeURIComponent(String(req.params.slug))}/checks${filterQuery(filter)}`);
        return false;
      }
      return true;
    };
    try {
      if (isBigWork(workspace, String(req.params.slug))) {
        await answerWithJob(workspace, renderer, req, res, asJob(req), (report) => {
          if (done()) render(req, res, report as CheckReport, filter);
        });
        return;
      }
      action(req);
    } catch (error) {
      if (error instanceof InputError && isHtmx(req)) {
        await answer(req, res, filter, { error: describeError(req, error, workspace.config.maxUploadBytes).message }, error.status);
        return;
      }
      throw error;
    }
    if (done()) await answer(req, res, filter);
  };

  const dismissal = (req: Request) => ({ slug: String(req.params.slug), fingerprint: field(req, 'fingerprint'), reason: field(req, 'reason'), actor: actorOf(req) });
  const restoration = (req: Request) => ({ slug: String(req.params.slug), fingerprint: field(req, 'fingerprint'), actor: actorOf(req) });
  const submit = <K extends 'dismiss-finding' | 'restore-finding'>(kind: K, req: Request, input: JobTypes[K]['input']) =>
    workspace.jobs.submit(kind, input, { work: String(req.params.slug), owner: actorOf(req) });

  router.post(
    '/works/:slug/checks/dismiss',
    requireCsrfToken,
    change((req) => void dismissFinding(workspace.db, dismissal(req)), (req) => submit('dismiss-finding', req, dismissal(req))),
  );

  router.post(
    '/works/:slug/checks/restore',
    requireCsrfToken,
    change((req) => restoreFinding(workspace.db, restoration(req)), (req) => submit('restore-finding', req, restoration(req))),
  );

  return router;
}
