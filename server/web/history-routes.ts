// The event log of a work (filterable by kind, linked to rows) and the history of one sentence.
import { Router } from 'express';
import { readSentenceHistory, readWorkHistory } from '../services/history.ts';
import type { Workspace } from '../services/workspace.ts';
import { isHtmx, type Renderer } from './render.ts';

export function historyRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  router.get('/works/:slug/history', (req, res) => {
    const kind = typeof req.query.kind === 'string' ? req.query.kind : undefined;
    const actor = typeof req.query.actor === 'string' ? req.query.actor : undefined;
    const history = readWorkHistory(workspace.db, req.params.slug, kind, actor);
    if (isHtmx(req)) renderer.partial(req, res, 'history-events', { history });
    else renderer.page(req, res, 'history', { history });
  });
  router.get('/works/:slug/versions/:name/sentences/:ordinal/history', (req, res) => {
    const history = readSentenceHistory(workspace.db, req.params.slug, req.params.name, req.params.ordinal);
    renderer.page(req, res, 'history-sentence', { history });
  });
  return router;
}
