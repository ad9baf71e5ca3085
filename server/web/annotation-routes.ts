// Annotations of a work: flag selected words (from the grid) as a term occurrence or an issue, list
// and filter them, resolve or reopen them, export them as CSV.
import { Router, type Request } from 'express';
import { listConcepts } from '../db/terms.ts';
import { annotationStatuses, createAnnotation, exportAnnotationsCsv, issueCategories, parseAnnotationFilter, readAnnotations, setAnnotationState } from '../services/annotations.ts';
import type { Workspace } from '../services/workspace.ts';
import { conceptLabel } from '../terms/termbase.ts';
import { actorOf } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { isHtmx, type Renderer } from './render.ts';
import { retargetErrors } from './terms-routes.ts';
import { gridPageSize } from './grid-paging.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function position(req: Request, name: string): number {
  const v = field(req, name).trim();
  return /^\d{1,9}$/.test(v) ? Number(v) : -1;
}

export function annotationRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const db = workspace.db;
  const slugOf = (req: Request) => String(req.params.slug);

  router.post('/works/:slug/annotations', requireCsrfToken, (req, res) => {
    const annotation = createAnnotation(db, {
      slug: slugOf(req),
      version: field(req, 'version'),
      ordinal: position(req, 'ordinal'),
      start: position(req, 'start'),
      end: position(req, 'end'),
      quote: field(req, 'quote'),
      kind: field(req, 'kind'),
      concept: field(req, 'concept'),
      addTerm: field(req, 'addTerm') === 'on' || field(req, 'addTerm') === 'true',
      category: field(req, 'category'),
      comment: field(req, 'comment'),
      author: field(req, 'author').trim().slice(0, 100) || actorOf(req),
      actor: actorOf(req),
    });
    if (!isHtmx(req)) return res.redirect(303, `/works/${encodeURIComponent(slugOf(req))}/annotations`);
    res.set('HX-Trigger', 'annotations-changed');
    renderer.partial(req, res, 'annotation-result', { annotation, slug: slugOf(req) });
  });

  const listData = (req: Request) => {
    const filter = parseAnnotationFilter(req.query as Record<string, unknown>);
    const { work, annotations } = readAnnotations(db, slugOf(req), filter);
    return { work, annotations, filter, categories: issueCategories, statuses: annotationStatuses, pageSize: gridPageSize };
  };

  router.get('/works/:slug/annotations', (req, res) => {
    if (req.query.format === 'csv') {
      const filter = parseAnnotationFilter(req.query as Record<string, unknown>);
      const result = exportAnnotationsCsv(db, slugOf(req), filter);
      res.attachment(result.fileName);
      res.type('text/csv; charset=utf-8');
      return res.send(result.body);
    }
    const data = listData(req);
    if (isHtmx(req) && req.get('HX-Target') === 'annotation-list') return renderer.partial(req, res, 'annotation-list', data);
    renderer.page(req, res, 'terms-annotations', data);
  });

  router.post('/works/:slug/annotations/:id/status', requireCsrfToken, (req, res) => {
    const id = /^\d{1,12}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
    setAnnotationState(db, slugOf(req), id, field(req, 'status'), actorOf(req));
    const back = `/works/${encodeURIComponent(slugOf(req))}/annotations`;
    if (!isHtmx(req)) return res.redirect(303, back);
    renderer.partial(req, res, 'annotation-list', listData(req));
  });

  router.use(retargetErrors('#annotation-message'));
  return router;
}

/** What the annotation form on the work page needs: the concepts to choose from and the categories. */
export function annotationFormData(workspace: Workspace) {
  return {
    annotationConcepts: listConcepts(workspace.db).map((c) => ({ id: c.id, key: c.key, label: conceptLabel(c) })),
    issueCategories,
  };
}
