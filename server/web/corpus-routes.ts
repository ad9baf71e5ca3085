// The corpus pages: the parallel concordance (/search; htmx gets the results partial, a next page
// replaces its "next" link), the link of a hit that resolves to its row of the three-column view, and
// the statistics of the corpus and of one work, with the count of the corpus's findings as a job.
import { Router, type Request } from 'express';
import { searchedLanguages } from '../db/sentence-search.ts';
import { listConcepts } from '../db/terms.ts';
import { listWorks } from '../db/works.ts';
import { searchConcordance, type ConcordanceRequest, type ConcordanceResult } from '../services/concordance.ts';
import { rowPositionOfSentence } from '../services/concordance.ts';
import { workBase } from '../services/read-work.ts';
import { corpusStatistics, startCorpusFindingsCount, workStatistics } from '../services/statistics.ts';
import type { Workspace } from '../services/workspace.ts';
import { actorOf } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { gridPageSize } from './grid-paging.ts';
import { pageOffsetOf } from '../services/editor-navigation.ts';
import { describeError } from './errors.ts';
import { isHtmx, type Renderer } from './render.ts';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The concordance request a query string asks for. */
export function concordanceRequestOf(query: Request['query']): ConcordanceRequest {
  const after = text(query.after);
  const limit = text(query.limit);
  return {
    query: text(query.q).slice(0, 1000),
    concept: text(query.concept),
    lang: text(query.lang),
    work: text(query.work),
    confirmedOnly: query.confirmed === 'on' || query.confirmed === 'true' || query.confirmed === '1',
    after: /^\d{1,12}$/.test(after) ? Number(after) : undefined,
    limit: /^\d{1,3}$/.test(limit) ? Number(limit) : undefined,
  };
}

/** The address of a page of results (the next one when `after` is given). */
export function searchUrl(request: ConcordanceRequest, after?: number): string {
  const params = new URLSearchParams();
  if (request.query) params.set('q', request.query);
  if (request.concept) params.set('concept', request.concept);
  if (request.lang) params.set('lang', request.lang);
  if (request.work) params.set('work', request.work);
  if (request.confirmedOnly) params.set('confirmed', 'on');
  if (request.limit !== undefined) params.set('limit', String(request.limit));
  if (after !== undefined) params.set('after', String(after));
  return `/search?${params.toString()}`;
}

/** A sentence's text cut at the marks: pieces to print, marked or not (the template escapes them). */
export function markedPieces(sentence: string, marks: Array<[number, number]>): Array<{ text: string; mark: boolean }> {
  const pieces: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const [s, e] of marks) {
    if (s > at) pieces.push({ text: sentence.slice(at, s), mark: false });
    pieces.push({ text: sentence.slice(s, e), mark: true });
    at = e;
  }
  if (at < sentence.length) pieces.push({ text: sentence.slice(at), mark: false });
  return pieces;
}

export function corpusRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const { db } = workspace;

  router.get('/search', (req, res) => {
    const request = concordanceRequestOf(req.query);
    const asked = Boolean(request.query?.trim() || request.concept?.trim());
    let result: ConcordanceResult | null = null;
    let error: { status: number; message: string } | null = null;
    if (asked) {
      try {
        result = searchConcordance(db, request);
      } catch (e) {
        error = describeError(req, e, workspace.config.maxUploadBytes);
        if (error.status >= 500) throw e;
      }
    }
    const data = { request, result, error, searchUrl, markedPieces, firstPage: request.after === undefined };
    if (isHtmx(req)) return renderer.partial(req, res, 'search-results', data, error?.status ?? 200);
    renderer.page(
      req,
      res,
      'search',
      {
        ...data,
        languages: searchedLanguages(db),
        works: listWorks(db).slice(0, 500),
        concepts: listConcepts(db).map((c) => ({ key: c.key, label: c.terms.find((t) => t.lang === 'en')?.text ?? c.terms[0]?.text ?? c.key })),
      },
      error?.status ?? 200,
    );
  });

  router.get('/works/:slug/sentences/:name/:ordinal/row', (req, res) => {
    const ordinal = /^\d{1,9}$/.test(req.params.ordinal) ? Number(req.params.ordinal) : -1;
    const { work, position } = rowPositionOfSentence(db, req.params.slug, req.params.name, ordinal);
    res.redirect(303, `${workBase(work.slug)}?offset=${pageOffsetOf(position, gridPageSize)}#row-${position + 1}`);
  });

  router.get('/statistics', (req, res) => {
    renderer.page(req, res, 'statistics', { stats: corpusStatistics(db, workspace.jobs) });
  });

  router.get('/statistics/findings', (req, res) => {
    if (!isHtmx(req)) return res.redirect(303, '/statistics');
    renderer.partial(req, res, 'corpus-findings', { stats: corpusStatistics(db, workspace.jobs) });
  });

  router.post('/statistics/findings', requireCsrfToken, (req, res) => {
    startCorpusFindingsCount(workspace.jobs, actorOf(req));
    if (!isHtmx(req)) return res.redirect(303, '/statistics');
    renderer.partial(req, res, 'corpus-findings', { stats: corpusStatistics(db, workspace.jobs) });
  });

  router.get('/works/:slug/statistics', (req, res) => {
    renderer.page(req, res, 'work-statistics', { stats: workStatistics(db, req.params.slug) });
  });

  return router;
}
