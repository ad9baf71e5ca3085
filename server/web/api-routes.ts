// The JSON API, version 1 (/api/v1/...): works and versions, a work's rows, a pair's beads, import a
// version and align a work (background jobs: 202 with the job, whose progress /api/v1/jobs/:id
// gives), search, export, statistics. Every error is JSON {status, message}. The routes are thin:
// each calls the same service as the pages and the command line.
//
// Who may call it: every route declares what it needs in one place, `apiRouteNeeds` below, in the
// words of the team server's permissions (issue 11: `read` for every reading and export, `import`
// to import into a work, `edit` to align one), and `authorize` alone decides. Until the accounts
// and personal API tokens exist, it decides as the local mode does:
//   - `read` is open, as the pages are;
//   - anything more is taken only from this machine (the socket's peer is a loopback address),
//     addressed to it by a loopback name (the Host header: a DNS-rebinding page at evil.example
//     resolving to 127.0.0.1 sends Host: evil.example and is refused), and never from a request a
//     browser marks as cross-site (Sec-Fetch-Site) or from another origin (Origin).
// With tokens, `authorize` reads `Authorization: Bearer <token>` and grants a need by the token
// owner's role; the routes stay as they are. A state change's body is JSON only
// (`Content-Type: application/json`), which a cross-site form cannot send and a cross-site fetch can
// send only after a CORS preflight this server never grants. That is why the API's POSTs carry no
// CSRF token: CSRF rides on credentials a browser attaches by itself (cookies), and the API reads
// none; tokens travel in a header no other site can make a browser send. The pages keep their
// double-submit token (server/web/csrf.ts).
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { listActiveVersions } from '../db/versions.ts';
import { listWorks } from '../db/works.ts';
import { startAlignmentJob, startImportJob } from '../services/alignment-jobs.ts';
import { findJob, listJobs, type JobRecord } from '../services/background-jobs.ts';
import { concordanceRecord, searchConcordance } from '../services/concordance.ts';
import { InputError } from '../services/errors.ts';
import { exportWork } from '../services/export-work.ts';
import { alignmentState } from '../services/alignment-state.ts';
import { readGridRows, readPairView, readWork, requireWork } from '../services/read-work.ts';
import { corpusStatistics, workStatistics } from '../services/statistics.ts';
import type { Workspace } from '../services/workspace.ts';
import { triptychVersion } from '../version.ts';
import { concordanceRequestOf } from './corpus-routes.ts';
import { describeError } from './errors.ts';
import { sendExport } from './work-routes.ts';

/** What an API route needs of its caller: permissions of the team server's roles (issue 11). */
export type ApiNeed = 'read' | 'import' | 'edit';

export interface ApiRouteDeclaration {
  need: ApiNeed;
  /** for the README: what the route does */
  what: string;
}

/** Every route of the API, as `METHOD /path` under /api/v1, and what it needs: the one place. */
export const apiRouteNeeds = {
  'GET /': { need: 'read', what: 'the API\'s version and links' },
  'GET /works': { need: 'read', what: 'list works with their versions' },
  'GET /works/:slug': { need: 'read', what: 'a work, its columns and pairs' },
  'GET /works/:slug/versions': { need: 'read', what: 'a work\'s versions' },
  'GET /works/:slug/rows': { need: 'read', what: 'a page of the three-column view' },
  'GET /works/:slug/pairs/:a/:b/beads': { need: 'read', what: 'a page of a pair\'s beads' },
  'POST /works/:slug/versions': { need: 'import', what: 'import a version (a job)' },
  'POST /works/:slug/alignments': { need: 'edit', what: 'align a work or a pair (a job)' },
  'GET /jobs': { need: 'read', what: 'the jobs' },
  'GET /jobs/:id': { need: 'read', what: 'a job\'s progress and result' },
  'GET /search': { need: 'read', what: 'the parallel concordance' },
  'GET /works/:slug/export': { need: 'read', what: 'export a work' },
  'GET /statistics': { need: 'read', what: 'statistics of the corpus' },
  'GET /works/:slug/statistics': { need: 'read', what: 'statistics of a work' },
} as const satisfies Record<string, ApiRouteDeclaration>;
export type ApiRouteKey = keyof typeof apiRouteNeeds;

const loopbackHosts = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;
const loopbackPeers = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Whether the request comes from this machine, addressed to it, and not from another site. */
function isLocalCaller(req: Request): boolean {
  const host = req.get('host') ?? '';
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  return (
    loopbackPeers.has(req.socket.remoteAddress ?? '') &&
    loopbackHosts.test(host) &&
    (!site || site === 'same-origin' || site === 'none') &&
    (!origin || origin === `${req.protocol}://${host}`)
  );
}

/** The one decision of who may do what through the API (see the header). */
export function authorize(declaration: ApiRouteDeclaration): RequestHandler {
  return (req, _res, next) => {
    if (declaration.need === 'read') return next();
    if (!isLocalCaller(req)) {
      return next(new InputError('Until personal API tokens exist, the API changes data only for requests from this machine, addressed to it by a loopback name.', 403, undefined, { key: 'corpus:errors.api.loopbackOnly' }));
    }
    next();
  };
}

/** A state change's body is JSON (see the header). */
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD' && !req.is('application/json')) {
    return next(new InputError('Send the request body as JSON (Content-Type: application/json).', 415, undefined, { key: 'corpus:errors.api.jsonOnly' }));
  }
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

const jobLink = (job: JobRecord) => `/api/v1/jobs/${job.id}`;
const jobRecord = (job: JobRecord) => ({ ...job, links: { self: jobLink(job) } });

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
  const actorOf = (_req: Request) => 'api';

  const route = (key: ApiRouteKey, handle: RequestHandler<Record<string, string>>) => {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];
    router[method === 'GET' ? 'get' : 'post'](path, authorize(apiRouteNeeds[key]), handle);
  };

  router.use(jsonOnly);
  // a version's text travels in the body: base64 makes it a third larger
  router.use(express.json({ limit: Math.ceil(workspace.config.maxUploadBytes * 1.4) + 64 * 1024, strict: true, type: 'application/json' }));

  route('GET /', (_req, res) => {
    res.json({
      version: 1,
      triptych: triptychVersion,
      links: { works: '/api/v1/works', search: '/api/v1/search?q=', jobs: '/api/v1/jobs', statistics: '/api/v1/statistics' },
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
    const job = startImportJob(db, {
      workSlug: req.params.slug,
      workTitle: field(body, 'title'),
      lang: field(body, 'lang', true)!,
      status: field(body, 'status', true)!,
      name: field(body, 'name'),
      label: field(body, 'label'),
      provenance: field(body, 'provenance'),
      segmentation: field(body, 'segmentation'),
      fileName: (field(body, 'fileName') ?? 'api-upload.txt').slice(0, 200),
      bytes,
      replace: body.replace === true,
      actor: actorOf(req),
      maxBytes: workspace.config.maxUploadBytes,
    });
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
    const job = startAlignmentJob(db, { slug: req.params.slug, pair, actor: actorOf(req), loadResources: workspace.alignResources, maxBytes: workspace.config.maxUploadBytes });
    res.status(202).location(jobLink(job)).json(jobRecord(job));
  });

  route('GET /jobs', (_req, res) => {
    res.json({ jobs: listJobs(db).map(jobRecord) });
  });

  route('GET /jobs/:id', (req, res) => {
    res.json(jobRecord(findJob(db, count(req.params.id, 0, Number.MAX_SAFE_INTEGER))));
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
    res.json(corpusStatistics(db));
  });

  route('GET /works/:slug/statistics', (req, res) => {
    res.json(workStatistics(db, req.params.slug));
  });

  router.use((req, _res, next) => next(new InputError(`There is no API endpoint at ${req.method} ${req.originalUrl}.`, 404, undefined, { key: 'corpus:errors.api.notFound' })));
  router.use(apiErrors(workspace.config.maxUploadBytes));
  return router;
}

/** Every error as JSON {status, message}: a user's mistake with its message, anything else a 500 without internals. */
function apiErrors(maxUploadBytes: number): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let described = describeError(req, error, maxUploadBytes);
    if ((error as { type?: string })?.type === 'entity.parse.failed') described = { status: 400, message: req.t('corpus:errors.api.badBody') };
    if (described.status >= 500) console.error(error);
    if (res.headersSent) return;
    res.status(described.status).json({ status: described.status, message: described.message });
  };
}
