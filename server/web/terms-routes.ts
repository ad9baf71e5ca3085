// The termbase pages: browse and search concepts, add, edit and delete concepts and terms (htmx forms
// with the CSRF token; without JavaScript the same forms post and redirect), a concept's occurrences
// in every work, TBX/CSV import and export, and the terminology check report of a work.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { listWorks } from '../db/works.ts';
import { searchConcepts } from '../db/terms.ts';
import { InputError } from '../services/errors.ts';
import { termbaseFormats, addTerm, createConcept, editConcept, editTerm, exportTermbase, importTermbase, removeConcept, removeTerm, requireConcept } from '../services/terms-termbase.ts';
import { conceptOccurrences, termFindingsForWork } from '../services/terms-recognition.ts';
import { readWork } from '../services/read-work.ts';
import type { Workspace } from '../services/workspace.ts';
import { writeCsv } from '../formats/glossary-csv.ts';
import { termFindingKinds } from '../terms/checks.ts';
import { termStatuses, termTypeNamed, termTypes } from '../terms/termbase.ts';
import { contentLanguages, isContentLanguage, localLanguageName } from '../text/languages.ts';
import { actorOf } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { isHtmx, type Renderer } from './render.ts';
import { fileUpload } from './uploads.ts';
import { gridPageSize } from './grid-paging.ts';

function body(req: Request): Record<string, unknown> {
  return (req.body as Record<string, unknown> | undefined) ?? {};
}

function text(req: Request, name: string): string {
  const value = body(req)[name];
  return typeof value === 'string' ? value : '';
}

function idParam(value: unknown): number {
  return typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
}

/**
 * The term's type (TBX termType) when the form has the field: empty for none, else one of termTypes;
 * a form without the field leaves an edited term's type as it was. A value not in the list is
 * refused here, before anything changes, in the interface language.
 */
function termTypeField(req: Request): { termType?: string } {
  if (!Object.hasOwn(body(req), 'termType')) return {};
  const raw = body(req).termType;
  const value = (typeof raw === 'string' ? raw : String(raw)).trim();
  if (value && !termTypeNamed(value)) {
    throw new InputError(`'${value.slice(0, 100)}' is not a term type; use one of ${termTypes.join(', ')}.`, 400, 'termType', {
      key: 'terms:errors.termType',
      params: { value: value.slice(0, 100) },
    });
  }
  return { termType: value };
}

function termFields(req: Request) {
  return {
    lang: text(req, 'lang'),
    text: text(req, 'text'),
    status: text(req, 'status'),
    ...termTypeField(req),
    validFrom: text(req, 'validFrom'),
    validUntil: text(req, 'validUntil'),
    usageNote: text(req, 'usageNote'),
    context: text(req, 'context'),
  };
}

function conceptFields(req: Request) {
  return { key: text(req, 'key'), definition: text(req, 'definition'), subject: text(req, 'subject'), note: text(req, 'note'), source: text(req, 'source') };
}

/** htmx errors of these pages go to the page's message area instead of replacing the form's target. */
export function retargetErrors(target: string) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (isHtmx(req)) {
      res.set('HX-Retarget', target);
      res.set('HX-Reswap', 'innerHTML');
    }
    next(error);
  };
}

export const findingsPageLimit = 2000;
/** A search lists at most this many concepts; a narrower search finds the rest. */
export const conceptListLimit = 500;

export function termsRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const db = workspace.db;
  const who = (req: Request) => ({ actor: actorOf(req) });
  const upload = fileUpload('file', { fileSize: workspace.config.maxUploadBytes, fields: 10, fieldSize: 16 * 1024 });
  const langs = (req: Request) => contentLanguages.map((code) => ({ code, name: localLanguageName(req.t, code) }));

  const listData = (req: Request) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const rawLang = typeof req.query.lang === 'string' ? req.query.lang.trim() : '';
    if (rawLang && !isContentLanguage(rawLang)) throw new InputError(`'${rawLang}' is not a language code Triptych knows.`, 400, 'lang', { key: 'errors.input.badLang', params: { lang: rawLang } });
    const found = searchConcepts(db, q, rawLang || null);
    return { q, searchLang: rawLang, concepts: found.slice(0, conceptListLimit), total: found.length };
  };
  const common = (req: Request) => ({ statuses: termStatuses, termTypes, langs: langs(req) });

  router.get('/terms', (req, res) => {
    renderer.page(req, res, 'terms', { ...common(req), ...listData(req), works: listWorks(db) });
  });

  router.get('/terms/list', (req, res) => {
    const data = listData(req);
    if (!isHtmx(req)) return res.redirect(303, `/terms?q=${encodeURIComponent(data.q)}&lang=${encodeURIComponent(data.searchLang)}`);
    renderer.partial(req, res, 'term-list', { ...common(req), ...data });
  });

  router.get('/terms/export', (req, res) => {
    const format = typeof req.query.format === 'string' ? req.query.format : 'tbx';
    const result = exportTermbase(db, format);
    // attachment() sets a type from the extension; the export's own type goes after it.
    res.attachment(result.fileName);
    res.type(result.contentType);
    res.send(result.body);
  });

  router.post('/terms/import', upload, requireCsrfToken, (req, res) => {
    if (!req.file) throw new InputError(req.t('terms:import.noFile'), 400, 'file');
    const summary = importTermbase(db, { fileName: req.file.originalname.slice(0, 200), bytes: req.file.buffer }, { ...who(req), maxBytes: workspace.config.maxUploadBytes });
    if (!isHtmx(req)) return res.redirect(303, '/terms');
    res.set('HX-Trigger', 'termbase-changed');
    renderer.partial(req, res, 'term-message', {
      message: req.t('terms:import.done', { added: summary.added, replaced: summary.replaced, terms: summary.terms }),
      warnings: summary.warnings,
    });
  });

  router.post('/terms', requireCsrfToken, (req, res) => {
    const concept = createConcept(db, { ...conceptFields(req), terms: [termFields(req)] }, who(req));
    if (!isHtmx(req)) return res.redirect(303, `/terms/${concept.id}`);
    res.set('HX-Trigger', 'termbase-changed');
    renderer.partial(req, res, 'term-message', { message: req.t('terms:concept.created', { key: concept.key }), link: `/terms/${concept.id}` });
  });

  router.get('/terms/:id', (req, res) => {
    const concept = requireConcept(db, idParam(req.params.id));
    const occurrences = conceptOccurrences(db, concept, listWorks(db), gridPageSize);
    renderer.page(req, res, 'terms-concept', { ...common(req), concept, occurrences });
  });

  router.post('/terms/:id', requireCsrfToken, (req, res) => {
    const concept = editConcept(db, idParam(req.params.id), conceptFields(req), who(req));
    if (!isHtmx(req)) return res.redirect(303, `/terms/${concept.id}`);
    renderer.partial(req, res, 'term-concept-fields', { ...common(req), concept, saved: true });
  });

  router.post('/terms/:id/delete', requireCsrfToken, (req, res) => {
    removeConcept(db, idParam(req.params.id), who(req));
    if (isHtmx(req)) {
      res.set('HX-Redirect', '/terms');
      return res.status(204).end();
    }
    res.redirect(303, '/terms');
  });

  const entries = (req: Request, res: Response, id: number) => {
    if (!isHtmx(req)) return res.redirect(303, `/terms/${id}`);
    renderer.partial(req, res, 'term-entries', { ...common(req), concept: requireConcept(db, id) });
  };

  router.post('/terms/:id/terms', requireCsrfToken, (req, res) => {
    const id = idParam(req.params.id);
    addTerm(db, id, termFields(req), who(req));
    entries(req, res, id);
  });

  router.post('/terms/:id/terms/:termId', requireCsrfToken, (req, res) => {
    const id = idParam(req.params.id);
    editTerm(db, id, idParam(req.params.termId), termFields(req), who(req));
    entries(req, res, id);
  });

  router.post('/terms/:id/terms/:termId/delete', requireCsrfToken, (req, res) => {
    const id = idParam(req.params.id);
    removeTerm(db, id, idParam(req.params.termId), who(req));
    entries(req, res, id);
  });

  router.get('/works/:slug/term-checks', (req, res) => {
    const view = readWork(db, req.params.slug);
    const findings = termFindingsForWork(db, view.work.slug);
    const kind = typeof req.query.kind === 'string' && req.query.kind ? req.query.kind : '';
    if (kind && !(termFindingKinds as readonly string[]).includes(kind)) throw new InputError(`'${kind}' is not a kind of terminology finding.`, 400, 'kind', { key: 'terms:errors.badFindingKind', params: { kind } });
    const shown = kind ? findings.filter((f) => f.kind === kind) : findings;
    if (req.query.format === 'csv') {
      res.attachment(`${view.work.slug}.term-checks.csv`);
      res.type('text/csv; charset=utf-8');
      return res.send(writeCsv([['row', 'kind', 'langs', 'concept', 'text', 'message'], ...shown.map((f) => [String(f.row), f.kind, f.langs.join(' '), f.concept ?? '', f.text ?? '', f.message])]));
    }
    if (req.query.format !== undefined && req.query.format !== 'html') throw new InputError(`'${String(req.query.format)}' is not a report format; use csv.`, 400, 'format', { key: 'terms:errors.badReportFormat', params: { format: String(req.query.format) } });
    const counts = Object.fromEntries(termFindingKinds.map((k) => [k, findings.filter((f) => f.kind === k).length]));
    renderer.page(req, res, 'terms-checks', { view, findings: shown.slice(0, findingsPageLimit), total: shown.length, counts, kinds: termFindingKinds, kind, pageSize: gridPageSize });
  });

  router.use(retargetErrors('#terms-message'));
  return router;
}
