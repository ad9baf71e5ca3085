// The library: every work with its versions, and the upload form that imports a version.
import { Router, type Request } from 'express';
import { InputError } from '../services/errors.ts';
import { sentenceLimitsOf, validateSlug, versionNamePattern, versionStatuses, workSlugPattern } from '../services/import-version.ts';
import { readLibraryPage } from '../services/read-work.ts';
import type { Workspace } from '../services/workspace.ts';
import { contentLanguages, localLanguageName } from '../text/languages.ts';
import { actorOf, requireMayForWork } from './access.ts';
import { answerWithJob } from './job-routes.ts';
import { requireCsrfToken } from './csrf.ts';
import { isHtmx, type Renderer } from './render.ts';
import { fileUpload } from './uploads.ts';
import { importedPath, importResultData } from './import-answers.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function libraryRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const upload = fileUpload('file', { fileSize: workspace.config.maxUploadBytes, fields: 20, fieldSize: 64 * 1024 }, 3);
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
  router.post('/import', upload, requireCsrfToken, async (req, res) => {
    const uploaded = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (uploaded.length === 0) throw new InputError(req.t('import.noFile'), 400, 'file');
    // the work is named in the form: the role for that work decides (auth/permissions.ts: work 'field')
    const slug = validateSlug(field(req, 'work'));
    requireMayForWork(workspace, res, 'import', slug);
    // decoding, segmenting and aligning take seconds on a long file: a job does them in a worker thread
    const job = workspace.jobs.submit('import-upload', {
      workSlug: slug,
      workTitle: field(req, 'title'),
      lang: field(req, 'lang'),
      status: field(req, 'status'),
      name: field(req, 'name'),
      provenance: field(req, 'provenance'),
      files: uploaded.map((f) => ({ fileName: f.originalname, bytes: f.buffer })),
      replace: field(req, 'replace') === 'on' || field(req, 'replace') === 'true',
      actor: actorOf(req),
      maxBytes: workspace.config.maxUploadBytes,
      limits: sentenceLimitsOf(workspace.config),
      segmentation: field(req, 'segmentation') === 'lines' ? 'lines' : 'sentences',
    }, { work: slug, owner: actorOf(req) });
    await answerWithJob(workspace, renderer, req, res, job, (upload) => {
      // Without htmx the browser lands on the imported version's page, which says how the file was
      // decoded and shows what was stored (blocks, sentences), as the htmx fragment does; after an
      // aligned import, on the work.
      if (!isHtmx(req)) return res.redirect(303, importedPath(upload));
      res.set('HX-Trigger', 'library-changed');
      renderer.partial(req, res, 'import-result', importResultData(upload));
    });
  });

  return router;
}
