// The library: every work with its versions, and the upload form that imports a version.
import { Router, type Request } from 'express';
import multer from 'multer';
import { InputError } from '../services/errors.ts';
import { importUpload } from '../services/import-aligned.ts';
import { versionNamePattern, versionStatuses, workSlugPattern } from '../services/import-version.ts';
import { readLibraryPage } from '../services/read-work.ts';
import type { Workspace } from '../services/workspace.ts';
import { contentLanguages, localLanguageName } from '../text/languages.ts';
import { requireCsrfToken } from './csrf.ts';
import { isHtmx, type Renderer } from './render.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function libraryRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: workspace.config.maxUploadBytes, files: 3, fields: 20, fieldSize: 64 * 1024 },
  });
  const libraryData = (req: Request) => {
    const page = readLibraryPage(workspace.db, { page: Number(typeof req.query.page === 'string' ? req.query.page : 1), filter: typeof req.query.q === 'string' ? req.query.q : '' });
    return {
      library: page.entries,
      libraryPage: page,
      statuses: versionStatuses,
      workSlugPattern,
      versionNamePattern,
      contentLanguages: contentLanguages.map((code) => ({ code, name: localLanguageName(req.t, code) })),
    };
  };

  router.get('/', (req, res) => {
    renderer.page(req, res, 'library', libraryData(req));
  });

  router.get('/library/works', (req, res) => {
    if (!isHtmx(req)) return res.redirect(303, '/');
    renderer.partial(req, res, 'library-works', libraryData(req));
  });

  // One document (text, DOCX, HTML) is a version and needs its language; a TMX, an XLIFF or two
  // or three line-aligned files (or their zip) are a whole aligned work and name their languages.
  router.post('/import', upload.array('file', 3), requireCsrfToken, async (req, res) => {
    const uploaded = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (uploaded.length === 0) throw new InputError(req.t('import.noFile'), 400, 'file');
    const upload = await importUpload(workspace.db, workspace.alignResources, {
      workSlug: field(req, 'work'),
      workTitle: field(req, 'title'),
      lang: field(req, 'lang'),
      status: field(req, 'status'),
      name: field(req, 'name'),
      provenance: field(req, 'provenance'),
      files: uploaded.map((f) => ({ fileName: f.originalname.slice(0, 200), bytes: f.buffer })),
      replace: field(req, 'replace') === 'on' || field(req, 'replace') === 'true',
      actor: 'web',
      maxBytes: workspace.config.maxUploadBytes,
      segmentation: field(req, 'segmentation') === 'lines' ? 'lines' : 'sentences',
    });
    const slug = encodeURIComponent(upload.result.work.slug);
    // Without htmx the browser lands on the imported version's page, which says how the file was
    // decoded and shows what was stored (blocks, sentences), as the htmx fragment does; after an
    // aligned import, on the work.
    if (!isHtmx(req)) {
      return res.redirect(303, upload.kind === 'version' ? `/works/${slug}/versions/${encodeURIComponent(upload.result.name)}` : `/works/${slug}`);
    }
    res.set('HX-Trigger', 'library-changed');
    renderer.partial(req, res, 'import-result', upload.kind === 'version' ? { result: upload.result } : { aligned: upload.result });
  });

  return router;
}
