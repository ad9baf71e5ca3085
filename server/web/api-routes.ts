// The JSON API, version 1 (/api/v1/...): works and versions, a work's rows, a pair's beads, import a
// version and align a work (jobs of the server's job runner, server/jobs/: 202 with the job, whose
// progress /api/v1/jobs/:id gives), search, export, statistics. Every error is JSON {status, message}.
// The routes are thin: each calls the same service as the pages and the command line.
//
// Who may call it: every route is declared in server/auth/permissions.ts (`routeNeeds`, the keys
// under /api/v1, registered here with their full paths so the role-matrix tests find them) with what it needs (`read` for every reading and export, `import` to import into a
// work, `edit` to align one, on the work of the path), and the web's `authorize` alone decides, for
// the user the request comes from (access.ts loadUser), as for the pages; a route not declared there
// is not registered. That user is a personal API token's owner, with the owner's roles of the moment,
// when the request has an Authorization header (`Bearer tpt_…`; a bad token is 401 with
// WWW-Authenticate, and the cookie is then not looked at), else the session cookie's (or local mode's
// local user). A state change's body is JSON only (`Content-Type: application/json`), which a
// cross-site form cannot send and a cross-site fetch can send only after a CORS preflight this server
// never grants, and a request a browser marks as cross-site (Sec-Fetch-Site) or from another origin
// (Origin) is refused; and since the session cookie rides along by itself, every POST made with it
// echoes the session's CSRF token in the X-CSRF-Token header (or a `_csrf` field), as the pages'
// forms do (server/web/csrf.ts). A token is never sent by a browser on its own, so a POST made with
// one needs no CSRF token.
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { routeNeeds } from '../auth/permissions.ts';
import { listActiveVersions } from '../db/versions.ts';
import { listWorks } from '../db/works.ts';
import type { Job } from '../jobs/job-runner.ts';
import type { UploadResult } from '../services/import-aligned.ts';
import { checkAlignWork } from '../services/align-work.ts';
import { concordanceRecord, searchConcordance } from '../services/concordance.ts';
import { InputError, NotFoundError } from '../services/errors.ts';
import { exportWork } from '../services/export-work.ts';
import { alignmentState } from '../services/alignment-state.ts';
import { sentenceLimitsOf, validateSlug } from '../services/import-version.ts';
import { readGridRows, readPairView, readWork, requireWork } from '../services/read-work.ts';
import { corpusStatistics, workStatistics } from '../services/statistics.ts';
import type { Workspace } from '../services/workspace.ts';
import { triptychVersion } from '../version.ts';
import { actorOf, apiPrefix } from './access.ts';
import { concordanceRequestOf } from './corpus-routes.ts';
import { describeError } from './errors.ts';
import { requireCsrfToken } from './csrf.ts';
import { sendExport } from './job-routes.ts';

/** A request a browser marks as coming from another site, or sent from another origin. */
function isCrossSite(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  return Boolean((site && site !== 'same-origin' && site !== 'none') || (origin && origin !== `${req.protocol}://${req.get('host') ?? ''}`));
}

/** A request made with an API token carries no cookie credentials (loadUser read none): no CSRF token to ask for. */
const requireCsrfUnlessBearer: RequestHandler = (req, res, next) => (res.locals.credentials === 'bearer' ? next() : requireCsrfToken(req, res, next));

/** A state change's body is JSON and comes from no other site (see the header). */
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  if (isCrossSite(req)) return next(new InputError('The API refuses a change sent from another site.', 403, undefined, { key: 'corpus:errors.api.crossSite' }));
  if (!req.is('application/json')) return next(new InputError('Send the request body as JSON (Content-Type: application/json).', 415, undefined, { key: 'corpus:errors.api.jsonOnly' }));
  next();
};

function count(value: unknown, fallback: number, max: number): number {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Math.min(Number(value), max) : fallback;
}

function field(body: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw new InputError(`The field '${name}' is missing or not valid.`, 400, name, { key: 'corpus:errors.api.badField', params: { field: name } });
    return undefined;
  }
  if (typeof value !== 'string') throw new InputError(`The field '${name}' is missing or not valid.`, 400, name, { key: 'corpus:errors.api.badField', params: { field: name } });
  return value;
}

const jobLink = (job: Job) => `${apiPrefix}/jobs/${job.id}`;
const isoTime = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** What the API says of a job's result: plain data of the work it changed. */
function jobResult(job: Job): unknown {
  if (job.state !== 'done') return null;
  if (job.kind !== 'import-upload') return job.result;
  const upload = job.result as UploadResult;
  if (upload.kind === 'aligned') {
    const r = upload.result;
    return { work: r.work.slug, format: r.format, versions: r.versions, pairsAligned: r.aligned, rows: r.rows };
  }
  const r = upload.result;
  return { work: r.work.slug, version: r.name, lang: r.lang, encoding: r.encoding, sentences: r.sentences, pairsAligned: r.aligned, rows: r.rows, replaced: r.replaced };
}

function jobRecord(job: Job) {
  const error = job.error ? describeJobError(job.error) : null;
  return {
    id: job.id,
    kind: job.kind,
    work: job.work,
    state: job.state,
    progress: { phase: job.progress.phase, detail: job.progress.detail ?? null, step: job.progress.step, steps: job.progress.steps },
    createdAt: isoTime(job.createdAt),
    startedAt: isoTime(job.startedAt),
    finishedAt: isoTime(job.finishedAt),
    result: jobResult(job),
    error,
    links: { self: jobLink(job) },
  };
}

/** A failed job's error as the API says it: a user's mistake with its message, else a 500 without internals. */
function describeJobError(error: Error): { status: number; message: string } {
  if (error instanceof InputError) return { status: error.status, message: error.message };
  if (error instanceof NotFoundError) return { status: 404, message: error.message };
  return { status: 500, message: 'The job failed on the server; nothing of it was stored.' };
}

function versionRecord(slug: string, v: { name: string; lang: string; status: string; label: string; revisionOf: string | null; sentenceCount: number; contentSha256: string; importedAt: string }) {
  return {
    name: v.name,
    lang: v.lang,
    status: v.status,
    label: v.label,
    revisionOf: v.revisionOf,
    sentences: v.sentenceCount,
    sha256: v.contentSha256,
    importedAt: v.importedAt,
    links: { page: `/works/${encodeURIComponent(slug)}/versions/${encodeURIComponent(v.name)}` },
  };
}

export function apiRoutes(workspace: Workspace): Router {
  const router = Router();
  const { db } = workspace;

  // only routes declared in routeNeeds (server/auth/permissions.ts) are registered: authorize decides for them
  const route = (key: string, handle: RequestHandler<Record<string, string>>) => {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];
    const full = `${apiPrefix}${path === '/' ? '' : path}`;
    if (!routeNeeds[`${method} ${full}`]) throw new Error(`the API route ${method} ${full} is not declared in server/auth/permissions.ts`);
    if (method === 'GET') router.get(full, handle);
    else router.post(full, requireCsrfUnlessBearer, jsonOnly, handle);
  };
  /** The jobs the caller may follow: their own (administrators: all). */
  const mayFollow = (res: Parameters<RequestHandler>[1], job: Job) => job.owner === res.locals.user?.name || res.locals.may('administer');

  // a version's text travels in the body: base64 makes it a third larger
  router.use(apiPrefix, express.json({ limit: Math.ceil(workspace.config.maxUploadBytes * 1.4) + 64 * 1024, strict: true, type: 'application/json' }));

  route('GET /', (_req, res) => {
    res.json({
      version: 1,
      triptych: triptychVersion,
      links: { works: `${apiPrefix}/works`, search: `${apiPrefix}/search?q=`, jobs: `${apiPrefix}/jobs`, statistics: `${apiPrefix}/statistics` },
    });
  });

  route('GET /works', (req, res) => {
    const all = listWorks(db);
    const offset = count(req.query.offset, 0, all.length);
    const limit = count(req.query.limit, 50, 500) || 50;
    res.json({
      total: all.length,
      offset,
      limit,
      works: all.slice(offset, offset + limit).map((w) => ({
        slug: w.slug,
        title: w.title,
        pivot: w.pivotLang,
        createdAt: w.createdAt,
        versions: listActiveVersions(db, w.id).map((v) => versionRecord(w.slug, v)),
        links: { self: `/api/v1/works/${encodeURIComponent(w.slug)}`, page: `/works/${encodeURIComponent(w.slug)}` },
      })),
    });
  });

  route('GET /works/:slug', (req, res) => {
    const work = requireWork(db, req.params.slug);
    const state = alignmentState(db, work);
    const base = `/api/v1/works/${encodeURIComponent(work.slug)}`;
    res.json({
      slug: work.slug,
      title: work.title,
      pivot: work.pivotLang,
      createdAt: work.createdAt,
      rows: state.rows().length,
      columns: state.layout.columns.map((v) => v.name),
      versions: state.layout.versions.map((v) => versionRecord(work.slug, v)),
      pairs: state.layout.pairs.map((p, i) => ({
        label: p.label,
        a: p.a.name,
        b: p.b.name,
        kind: p.kind,
        aligned: Boolean(p.alignment),
        beads: state.beads[i].length,
        links: { beads: `${base}/pairs/${encodeURIComponent(p.a.name)}/${encodeURIComponent(p.b.name)}/beads` },
      })),
      links: { rows: `${base}/rows`, versions: `${base}/versions`, statistics: `${base}/statistics`, export: `${base}/export?format=tmx`, page: `/works/${encodeURIComponent(work.slug)}` },
    });
  });

  route('GET /works/:slug/versions', (req, res) => {
    const work = requireWork(db, req.params.slug);
    res.json({ work: work.slug, versions: listActiveVersions(db, work.id).map((v) => versionRecord(work.slug, v)) });
  });

  // a page of rows of the three-column view (or, under /pairs/A/B/beads, of the beads of one pair)
  const rowsOf = (view: ReturnType<typeof readWork>, req: Request) => {
    const offset = count(req.query.offset, 0, view.rowCount);
    const limit = count(req.query.limit, 100, 500) || 100;
    const rows = readGridRows(db, view, offset, limit);
    return {
      total: view.rowCount,
      offset,
      limit,
      columns: view.columns.map((v) => ({ name: v.name, lang: v.lang })),
      rows: rows.map((r) => ({
        number: r.number,
        confirmed: r.row.confirmed,
        confidence: r.row.confidence,
        origin: r.row.origin,
        cells: Object.fromEntries(
          r.cells.map((c, k) => [view.columns[k].name, { first: r.row.cells[k].first, count: r.row.cells[k].count, text: c.text, sentences: c.sentences.map((s) => s.text) }]),
        ),
      })),
    };
  };

  route('GET /works/:slug/rows', (req, res) => {
    res.json({ work: req.params.slug, view: 'grid', ...rowsOf(readWork(db, req.params.slug), req) });
  });

  route('GET /works/:slug/pairs/:a/:b/beads', (req, res) => {
    const view = readPairView(db, req.params.slug, req.params.a, req.params.b);
    const { rows, ...page } = rowsOf(view, req);
    res.json({ work: req.params.slug, pair: view.pair!.label, ...page, beads: rows });
  });

  route('POST /works/:slug/versions', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new InputError('The request body is not valid JSON.', 400, undefined, { key: 'corpus:errors.api.badBody' });
    const text = field(body, 'text');
    const base64 = field(body, 'contentBase64');
    if (text === undefined && base64 === undefined) throw new InputError("The field 'text' is missing or not valid.", 400, 'text', { key: 'corpus:errors.api.badField', params: { field: 'text' } });
    const bytes = text !== undefined ? new TextEncoder().encode(text) : Buffer.from(base64!, 'base64');
    const slug = validateSlug(req.params.slug);
    const lang = field(body, 'lang', true)!;
    const status = field(body, 'status', true)!;
    const job = workspace.jobs.submit(
      'import-upload',
      {
        workSlug: slug,
        workTitle: field(body, 'title'),
        lang,
        status,
        name: field(body, 'name'),
        label: field(body, 'label'),
        provenance: field(body, 'provenance'),
        segmentation: field(body, 'segmentation'),
        replace: body.replace === true,
        actor: actorOf(req),
        maxBytes: workspace.config.maxUploadBytes,
        limits: sentenceLimitsOf(workspace.config),
        files: [{ fileName: (field(body, 'fileName') ?? 'api-upload.txt').slice(0, 200), bytes }],
      },
      { work: slug, owner: actorOf(req) },
    );
    res.status(202).location(jobLink(job)).json(jobRecord(job));
  });

  route('POST /works/:slug/alignments', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    let pair: [string, string] | undefined;
    if (body.pair !== undefined) {
      if (!Array.isArray(body.pair) || body.pair.length !== 2 || !body.pair.every((x) => typeof x === 'string' && x)) {
        throw new InputError('Name a pair of versions as two names, e.g. ["en", "ru"].', 400, 'pair', { key: 'corpus:errors.api.badPair' });
      }
      pair = [body.pair[0], body.pair[1]];
    }
    const input = { slug: req.params.slug, pair, actor: actorOf(req) };
    checkAlignWork(db, input);
    const job = workspace.jobs.submit('align-work', input, { work: input.slug, owner: actorOf(req) });
    res.status(202).location(jobLink(job)).json(jobRecord(job));
  });

  route('GET /jobs', (_req, res) => {
    res.json({ jobs: workspace.jobs.all().filter((job) => mayFollow(res, job)).reverse().map(jobRecord) });
  });

  route('GET /jobs/:id', (req, res) => {
    const job = workspace.jobs.get(req.params.id);
    if (!job || !mayFollow(res, job)) {
      throw new InputError(`There is no job ${req.params.id} of yours (jobs are kept for an hour, until the server restarts).`, 404, 'job', { key: 'corpus:errors.noJob', params: { id: req.params.id } });
    }
    res.json(jobRecord(job));
  });

  route('GET /search', (req, res) => {
    const request = concordanceRequestOf(req.query);
    const result = searchConcordance(db, { ...request, rowNumbers: req.query['row-numbers'] === 'true' });
    const next = result.next === null ? null : `/api/v1/search?${new URLSearchParams({ ...(req.query as Record<string, string>), after: String(result.next) }).toString()}`;
    res.json({ ...concordanceRecord(result), links: { next } });
  });

  route('GET /works/:slug/export', async (req, res) => {
    const langs = typeof req.query.langs === 'string' ? req.query.langs.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const result = await exportWork(
      db,
      { slug: req.params.slug, format: typeof req.query.format === 'string' ? req.query.format : 'tmx', versions: langs, keepUnpaired: req.query['keep-unpaired'] === 'true' },
      triptychVersion,
    );
    sendExport(res, result);
  });

  route('GET /statistics', (_req, res) => {
    res.json(corpusStatistics(db, workspace.jobs));
  });

  route('GET /works/:slug/statistics', (req, res) => {
    res.json(workStatistics(db, req.params.slug));
  });

  router.use(apiPrefix, (req, _res, next) => next(new InputError(`There is no API endpoint at ${req.method} ${req.originalUrl}.`, 404, undefined, { key: 'corpus:errors.api.notFound' })));
  router.use(apiPrefix, apiErrors(workspace.config.maxUploadBytes));
  return router;
}

/** Every error as JSON {status, message}: a user's mistake with its message, anything else a 500 without internals. */
export function apiErrors(maxUploadBytes: number): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let described = describeError(req, error, maxUploadBytes);
    if ((error as { type?: string })?.type === 'entity.parse.failed') described = { status: 400, message: req.t('corpus:errors.api.badBody') };
    if (described.status >= 500) console.error(error);
    if (res.headersSent) return;
    // RFC 6750: a 401 names the scheme that would do; a token that was sent and refused says so
    if (described.status === 401) res.set('WWW-Authenticate', res.locals.credentials === 'bearer' ? 'Bearer realm="triptych", error="invalid_token"' : 'Bearer realm="triptych"');
    res.status(described.status).json({ status: described.status, message: described.message });
  };
}
