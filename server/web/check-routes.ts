// The check report of a work: the findings (open ones by default, dismissed ones on request),
// their export as CSV, JSON or text, and the dismissal (with a reason) or restoration of a finding.
import { Router, type Request, type Response } from 'express';
import { checkWork, dismissFinding, formatReport, loadCheckResources, restoreFinding, type CheckReport } from '../services/checks.ts';
import type { AlignResources } from '../align/index.ts';
import { InputError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { requireCsrfToken } from './csrf.ts';
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

export function checkRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const data = (report: CheckReport, filter: ReportFilter, extra: Record<string, unknown> = {}) => {
    const shown = report.findings.filter((f) => (filter.showDismissed || !f.dismissal) && (!filter.kind || f.kind === filter.kind));
    return { report, filter, shown, filterQuery: filterQuery(filter), kinds: Object.keys(report.counts).sort(), ...extra };
  };
  const resourcesOf = (req: Request) => loadCheckResources(workspace.db, String(req.params.slug), workspace.alignResources);
  const answer = async (req: Request, res: Response, filter: ReportFilter, extra: Record<string, unknown> = {}, status = 200) => {
    const report = checkWork(workspace.db, String(req.params.slug), await resourcesOf(req));
    if (isHtmx(req)) renderer.partial(req, res, 'check-findings', data(report, filter, extra), status);
    else renderer.page(req, res, 'checks', data(report, filter, extra), status);
  };

  router.get('/works/:slug/checks', async (req, res) => {
    await answer(req, res, readFilter(req.query as Record<string, unknown>));
  });

  router.get('/works/:slug/checks/export', async (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'csv';
    const filter = readFilter(req.query as Record<string, unknown>);
    const report = checkWork(workspace.db, req.params.slug, await resourcesOf(req));
    const findings = report.findings.filter((f) => (filter.showDismissed || !f.dismissal) && (!filter.kind || f.kind === filter.kind));
    const { contentType, body } = formatReport(findings, format);
    res.type(contentType);
    const extension = format.trim().toLowerCase() === 'text' ? 'txt' : format.trim().toLowerCase();
    res.attachment(`${report.view.work.slug}.checks.${extension}`);
    res.send(body);
  });

  // A refused dismissal answers htmx with the report and the message, so the list stays in place.
  const change = (action: (req: Request, resources: AlignResources) => void) => async (req: Request, res: Response) => {
    const filter = readFilter(req.body as Record<string, unknown>);
    try {
      action(req, await resourcesOf(req));
    } catch (error) {
      if (error instanceof InputError && isHtmx(req)) {
        await answer(req, res, filter, { error: error.message }, error.status);
        return;
      }
      throw error;
    }
    if (!isHtmx(req)) {
      res.redirect(303, `/works/${encodeURIComponent(String(req.params.slug))}/checks${filterQuery(filter)}`);
      return;
    }
    await answer(req, res, filter);
  };

  router.post(
    '/works/:slug/checks/dismiss',
    requireCsrfToken,
    change((req, resources) => {
      dismissFinding(workspace.db, { slug: String(req.params.slug), fingerprint: field(req, 'fingerprint'), reason: field(req, 'reason'), actor: 'web' }, resources);
    }),
  );

  router.post(
    '/works/:slug/checks/restore',
    requireCsrfToken,
    change((req) => {
      restoreFinding(workspace.db, { slug: String(req.params.slug), fingerprint: field(req, 'fingerprint'), actor: 'web' });
    }),
  );

  return router;
}
