// A work: its grid (paged; further rows load as they scroll into view), a version's text with its
// blocks, and the export of the aligned text.
import { Router, type Request } from 'express';
import { exportWork } from '../services/export-work.ts';
import { removeVersion } from '../services/import-version.ts';
import { requireCsrfToken } from './csrf.ts';
import { readGridRows, readVersion } from '../services/read-work.ts';
import type { Workspace } from '../services/workspace.ts';
import { triptychVersion } from '../version.ts';
import { actorOf } from './access.ts';
import { answerWithJob, isBigWork, sendExport } from './job-routes.ts';
import { isHtmx, type Renderer } from './render.ts';
import { gridTermMarkup } from '../services/terms-recognition.ts';
import { annotationFormData } from './annotation-routes.ts';
import { readViewOf } from './editor-routes.ts';
import { gridPageSize } from './grid-paging.ts';

function nonNegativeInteger(value: unknown, fallback: number, max: number): number {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return fallback;
  return Math.min(Number(value), max);
}

function listParam(req: Request, name: string): string[] {
  const value = req.query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => (typeof v === 'string' ? v.split(',') : [])).map((v) => v.trim()).filter(Boolean);
}

export function workRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();

  // The three-column view and the view of one pair: the same page, the same editor.
  for (const prefix of ['/works/:slug', '/works/:slug/pairs/:a/:b']) {
    router.get(prefix, (req, res) => {
      const view = readViewOf(workspace, req);
      const offset = nonNegativeInteger(req.query.offset, 0, Math.max(0, view.rowCount - 1));
      const rows = readGridRows(workspace.db, view, offset, gridPageSize);
      renderer.page(req, res, 'work', { view, rows, offset, pageSize: gridPageSize, ...gridTermMarkup(workspace.db, view, req.t), ...annotationFormData(workspace) });
    });

    router.get(`${prefix}/rows`, (req, res) => {
      const view = readViewOf(workspace, req);
      const offset = nonNegativeInteger(req.query.offset, 0, view.rowCount);
      if (!isHtmx(req)) return res.redirect(303, `${view.base}?offset=${offset}`);
      const limit = nonNegativeInteger(req.query.limit, gridPageSize, 500) || gridPageSize;
      const rows = readGridRows(workspace.db, view, offset, limit);
      renderer.partial(req, res, 'grid-rows', { view, rows, offset, pageSize: limit, ...gridTermMarkup(workspace.db, view, req.t) });
    });
  }

  router.get('/works/:slug/versions/:name', (req, res) => {
    const view = readVersion(workspace.db, req.params.slug, req.params.name);
    renderer.page(req, res, 'version', { view });
  });

  // Removing a version: the form is on the version's page; the pairs it is in go with it.
  router.post('/works/:slug/versions/:name/remove', requireCsrfToken, (req, res) => {
    const result = removeVersion(workspace.db, { workSlug: String(req.params.slug), name: String(req.params.name), actor: actorOf(req) });
    res.redirect(303, `/works/${encodeURIComponent(result.work.slug)}`);
  });

  router.get('/works/:slug/export', async (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'tmx';
    const request = { slug: req.params.slug, format, versions: listParam(req, 'langs'), keepUnpaired: req.query['keep-unpaired'] === 'on' || req.query['keep-unpaired'] === 'true' };
    // a big work's export is written by a job in a worker thread; its file is then at /jobs/ID/download
    if (!isBigWork(workspace, request.slug)) return sendExport(res, await exportWork(workspace.db, request, triptychVersion));
    const job = workspace.jobs.submit('export-work', request, { work: request.slug, owner: actorOf(req) });
    await answerWithJob(workspace, renderer, req, res, job, (result) => sendExport(res, result));
  });

  return router;
}
