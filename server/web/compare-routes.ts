// Comparing two versions of one language side by side, with the word differences of every row.
import { Router } from 'express';
import { compareLanguage, compareVersions } from '../services/compare-versions.ts';
import type { Workspace } from '../services/workspace.ts';
import { isHtmx, type Renderer } from './render.ts';

const query = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function compareRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  router.get('/works/:slug/compare', async (req, res) => {
    const left = query(req.query.a);
    const right = query(req.query.b);
    const request = { slug: req.params.slug, left, right };
    // the aligner's resources are loaded once per process, for the language compared
    const resources = await workspace.alignResources([compareLanguage(workspace.db, request)]);
    const view = compareVersions(workspace.db, request, resources);
    if (isHtmx(req)) renderer.partial(req, res, 'compare-rows', { view });
    else renderer.page(req, res, 'compare', { view });
  });
  return router;
}
