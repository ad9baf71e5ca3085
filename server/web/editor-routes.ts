// The alignment editor's routes, the same for the three-column view (/works/SLUG/...) and the view of
// one pair (/works/SLUG/pairs/A/B/...): operations, undo/redo and re-alignment (POST + CSRF), the
// forms that open beside the rows (split a row, edit a sentence), and navigation (filters, search, go
// to row N, next suspect row). An operation answered to htmx renders only the rows it changed
// (partials/editor-result: editor.js puts them in place of the old ones); the same POST from a plain
// form redirects to the page holding the row.
import { Router, type Request, type Response } from 'express';
import { EditRefusal } from '../align/edit-operations.ts';
import { applyEditCommand, rowList, StaleViewError, type EditCommand, type EditOutcome, type SeenRows, type ViewRef } from '../services/edit-alignment.ts';
import { findNextSuspectRow, isRowFilter, pageOffsetOf, readFilteredRows, type RowFilter } from '../services/editor-navigation.ts';
import { InputError } from '../services/errors.ts';
import { readGridRows, readPairView, readWork, type WorkView } from '../services/read-work.ts';
import type { Stretch } from '../services/realign.ts';
import { gridTermMarkup } from '../services/terms-recognition.ts';
import { readUndoState, redoLastUndo, undoLastEdit } from '../services/undo.ts';
import type { Workspace } from '../services/workspace.ts';
import { languageName } from '../text/languages.ts';
import { annotationFormData } from './annotation-routes.ts';
import { actorOf } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { answerWithJob } from './job-routes.ts';
import { gridPageSize } from './grid-paging.ts';
import { isHtmx, type Renderer } from './render.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;
const translator = (req: Request): Translate =>
  (req as Request & { t?: Translate }).t ?? ((key: string, options?: Record<string, unknown>) => String(options?.defaultValue ?? key));

const operations = [
  'move-up', 'move-down', 'merge-rows', 'split-row', 'insert-row', 'delete-row', 'confirm', 'unconfirm', 'confirm-upto',
  'split-sentence', 'merge-sentences', 'edit-sentence',
] as const;

function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

function bad(code: string, params: Record<string, string | number> = {}): never {
  throw new EditRefusal(code, params);
}

function positiveInteger(value: string | undefined, code: string): number {
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) bad(code);
  return Number(value.trim());
}

/** `row` is the 1-based row number the user sees; services speak 0-based positions. */
function rowParam(req: Request): number {
  const row = positiveInteger(field(req, 'row'), 'bad-row');
  if (row < 1 && field(req, 'op') !== 'insert-row') bad('bad-row');
  return row - 1;
}

function columnParam(req: Request, view: WorkView, allowAll: boolean): number | 'all' {
  const value = field(req, 'column') ?? '';
  if (allowAll && value === 'all') return 'all';
  const k = view.columns.findIndex((v) => v.name === value);
  if (k < 0) bad('bad-column');
  return k;
}

/** "5:12.3,6:13.1": row number → row id and revision, as the client saw them. */
function seenParam(req: Request): SeenRows {
  const value = field(req, 'seen');
  if (value === undefined || value === '') return undefined;
  const seen = new Map<number, string>();
  for (const part of value.split(',')) {
    const match = /^(\d{1,9}):(\d{1,12}\.\d{1,9})$/.exec(part.trim());
    if (!match) bad('bad-seen');
    seen.set(Number(match[1]) - 1, match[2]);
  }
  if (seen.size > 50) bad('bad-seen');
  return seen;
}

function parseCommand(req: Request, view: WorkView): EditCommand {
  const op = field(req, 'op');
  if (!operations.includes(op as (typeof operations)[number])) bad('bad-operation');
  const row = rowParam(req);
  switch (op) {
    case 'move-up':
    case 'move-down':
      return { op, row, column: columnParam(req, view, true) };
    case 'split-row':
      return { op, row, at: view.columns.map((_, k) => positiveInteger(field(req, `at_${k}`), 'bad-split')) };
    case 'split-sentence':
    case 'merge-sentences':
    case 'edit-sentence': {
      const column = columnParam(req, view, false) as number;
      const ordinal = positiveInteger(field(req, 'ordinal'), 'bad-sentence');
      const expected = field(req, 'expected');
      if (op === 'merge-sentences') return { op, row, column, ordinal, expected };
      if (expected === undefined) bad('bad-sentence');
      if (op === 'split-sentence') {
        const text = field(req, 'text');
        if (text !== undefined && text.replace(/\r\n?/g, '\n') !== expected) bad('split-after-edit');
        return { op, row, column, ordinal, expected, offset: positiveInteger(field(req, 'offset'), 'split-sentence-edge') };
      }
      const text = field(req, 'text');
      if (text === undefined) bad('empty-sentence');
      return { op, row, column, ordinal, expected, text };
    }
    default:
      return { op: op as 'merge-rows', row };
  }
}

/** Positions as compact ranges ("0-4,7") for the client to repaint confirmations it has on screen. */
function ranges(positions: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < positions.length) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j] + 1) j++;
    parts.push(i === j ? `${positions[i] + 1}` : `${positions[i] + 1}-${positions[j] + 1}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The fields of a refused edit, to send it again with `force` (every field but the CSRF token, which the form adds). */
function forceForm(req: Request): { action: string; fields: Array<[string, string]> } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields = Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== '_csrf' && e[0] !== 'force');
  return { action: req.originalUrl.split('?')[0], fields };
}

/** The view a request addresses: the pair named in its path, or the three-column view. */
export function viewRefOf(req: Request): ViewRef {
  const { a, b } = req.params as { a?: string; b?: string };
  return a !== undefined && b !== undefined ? { kind: 'pair', a: String(a), b: String(b) } : { kind: 'grid' };
}

export function readViewOf(workspace: Workspace, req: Request): WorkView {
  return readViewAt(workspace, String(req.params.slug), viewRefOf(req));
}

/** The view of a work named by its slug and reference (a job's, which has no request path). */
export function readViewAt(workspace: Workspace, slug: string, ref: ViewRef): WorkView {
  return ref.kind === 'pair' ? readPairView(workspace.db, slug, ref.a, ref.b) : readWork(workspace.db, slug);
}

/** Where an editor answer goes: the work and view of the request, or of the job that made the change. */
export interface EditorPlace {
  slug: string;
  ref: ViewRef;
}

const placeOf = (req: Request): EditorPlace => ({ slug: String(req.params.slug), ref: viewRefOf(req) });

export interface EditorAnswers {
  answer(req: Request, res: Response, outcome: EditOutcome, message: string, tail?: boolean, place?: EditorPlace): void;
  refuse(req: Request, res: Response, error: unknown, place?: EditorPlace): void;
}

const rowLink = (view: WorkView, position: number) => `${view.base}?offset=${pageOffsetOf(position, gridPageSize)}#row-${position + 1}`;

/** How the editor answers an operation (or a job that made one): the rows to redraw, or the refusal. */
export function editorAnswers(workspace: Workspace, renderer: Renderer): EditorAnswers & { historyTitles(req: Request, place?: EditorPlace): { undoTitle: string; redoTitle: string } } {
  const db = workspace.db;

  /** The titles of the undo and redo buttons: what each would revert, in the interface language. */
  const historyTitles = (req: Request, place: EditorPlace = placeOf(req)) => {
    const t = translator(req);
    const state = readUndoState(db, place.slug, place.ref);
    return {
      undoTitle: state.undo ? t('editor:toolbar.undoWhat', { what: t(`editor:kinds.${state.undo}`) }) : t('editor:toolbar.nothingToUndo'),
      redoTitle: state.redo ? t('editor:toolbar.redoWhat', { what: t(`editor:kinds.${state.redo}`) }) : t('editor:toolbar.nothingToRedo'),
    };
  };

  function answer(req: Request, res: Response, outcome: EditOutcome, message: string, tail = false, place: EditorPlace = placeOf(req)): void {
    const view = readViewAt(workspace, place.slug, place.ref);
    if (!isHtmx(req)) {
      res.redirect(303, rowLink(view, Math.max(0, outcome.focus)));
      return;
    }
    const t = translator(req);
    const { from, added } = outcome.window;
    const rows = tail ? readGridRows(db, view, from, gridPageSize) : added > 0 ? readGridRows(db, view, from, added) : [];
    const tokens = outcome.tokens ? [...outcome.tokens].map(([p, token]) => `${p + 1}:${token}`).join(',') : '';
    renderer.partial(req, res, 'editor-result', {
      ...gridTermMarkup(db, view, t),
      view,
      rows,
      offset: from,
      pageSize: tail ? gridPageSize : added,
      moreUrl: tail ? undefined : null,
      outcome,
      tail,
      message,
      confirmRanges: outcome.confirmations ? ranges(outcome.confirmations.positions) : '',
      tokens,
      ...historyTitles(req, place),
    });
  }

  /** Refusals become a translated 4xx; a stale view a 409 with the rows around it redrawn. */
  function refuse(req: Request, res: Response, error: unknown, place: EditorPlace = placeOf(req)): void {
    const t = translator(req);
    if (error instanceof StaleViewError) {
      const message = t('editor:refusals.stale');
      if (!isHtmx(req)) {
        renderer.page(req, res, 'error', { message, status: 409 }, 409);
        return;
      }
      const view = readViewAt(workspace, place.slug, place.ref);
      const offset = Math.max(0, Math.min(error.around, view.rowCount - 1) - 10);
      const rows = readGridRows(db, view, offset, gridPageSize);
      renderer.partial(req, res, 'editor-result', { ...gridTermMarkup(db, view, t), view, rows, offset, pageSize: gridPageSize, stale: true, message, outcome: null, confirmRanges: '', tokens: '' }, 409);
      return;
    }
    if (error instanceof EditRefusal) {
      const status = error.code === 'history-diverged' ? 409 : error.code.startsWith('bad-') ? 400 : 422;
      const message = t(`editor:refusals.${error.code}`, { ...error.params, defaultValue: t('editor:refusals.unknown') });
      // an edit that would unconfirm rows asks first: the answer offers the same request, forced
      const force = error.code === 'confirmed-rows' ? forceForm(req) : undefined;
      if (isHtmx(req)) renderer.partial(req, res, 'error-message', { message, status, force }, status);
      else renderer.page(req, res, 'error', { message, status, force }, status);
      return;
    }
    throw error;
  }

  return { answer, refuse, historyTitles };
}

export function editorRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const db = workspace.db;
  const { answer, refuse, historyTitles } = editorAnswers(workspace, renderer);

  for (const prefix of ['/works/:slug', '/works/:slug/pairs/:a/:b']) {
    router.post(`${prefix}/edit`, requireCsrfToken, (req, res) => {
      try {
        const view = readViewOf(workspace, req);
        const command = parseCommand(req, view);
        const force = field(req, 'force') === '1';
        const outcome = applyEditCommand(db, String(req.params.slug), viewRefOf(req), command, { seen: seenParam(req), actor: actorOf(req), at: new Date().toISOString(), force });
        const t = translator(req);
        const done = t(`editor:done.${outcome.kind}`, { row: command.row + 1 });
        const lost = outcome.unconfirmed ? ' ' + t('editor:done.unconfirmed', { rows: rowList(outcome.unconfirmed), count: outcome.unconfirmed.length }) : '';
        answer(req, res, outcome, done + lost);
      } catch (error) {
        refuse(req, res, error);
      }
    });

    for (const [path, run] of [
      ['undo', undoLastEdit],
      ['redo', redoLastUndo],
    ] as const) {
      router.post(`${prefix}/${path}`, requireCsrfToken, (req, res) => {
        try {
          readViewOf(workspace, req);
          const outcome = run(db, String(req.params.slug), viewRefOf(req), { actor: actorOf(req), at: new Date().toISOString() });
          const t = translator(req);
          answer(req, res, outcome, t(`editor:done.${path}`, { what: t(`editor:kinds.${outcome.target.kind}`), row: outcome.window.from + 1 }));
        } catch (error) {
          refuse(req, res, error);
        }
      });
    }

    router.post(`${prefix}/realign`, requireCsrfToken, async (req, res) => {
      try {
        readViewOf(workspace, req);
        let stretch: Stretch;
        if (field(req, 'stretch') === 'rows') {
          // Without the script the stretch starts at the toolbar's row and ends at its "to row".
          const from = positiveInteger(field(req, 'from') || field(req, 'row'), 'bad-row') - 1;
          const to = positiveInteger(field(req, 'to') || field(req, 'from') || field(req, 'row'), 'bad-row') - 1;
          stretch = { kind: 'rows', from, to };
        } else if (field(req, 'stretch') === 'after-last-confirmed') stretch = { kind: 'after-last-confirmed' };
        else bad('bad-operation');
        // aligning a long stretch takes seconds: a job does it in a worker thread (jobs/job-kinds.ts)
        const slug = String(req.params.slug);
        const ref = viewRefOf(req);
        const input = { slug, ref, stretch, seen: seenParam(req), actor: actorOf(req), at: new Date().toISOString() };
        const job = workspace.jobs.submit('realign', input, { work: slug, owner: actorOf(req), context: ref });
        await answerWithJob(workspace, renderer, req, res, job, (outcome) => {
          const t = translator(req);
          answer(req, res, outcome, t('editor:done.realign', { from: outcome.window.from + 1, count: outcome.window.added }), true);
        });
      } catch (error) {
        refuse(req, res, error);
      }
    });

    // What undo and redo would revert now (the toolbar asks on load; every answer above says it too).
    router.get(`${prefix}/undo-state`, (req, res) => {
      readViewOf(workspace, req);
      res.set('Cache-Control', 'no-store').json(historyTitles(req));
    });

    // The form to split a row: per column, how many sentences stay in the upper row.
    router.get(`${prefix}/split-form`, (req, res) => {
      const view = readViewOf(workspace, req);
      const row = typeof req.query.row === 'string' && /^\d{1,9}$/.test(req.query.row) ? Number(req.query.row) : 0;
      if (row < 1 || row > view.rowCount) throw new InputError(translator(req)('editor:refusals.row-out-of-range', { row, rows: view.rowCount }), 404);
      if (!isHtmx(req)) return res.redirect(303, rowLink(view, row - 1));
      const [gridRow] = readGridRows(db, view, row - 1, 1);
      renderer.partial(req, res, 'editor-split', { view, gridRow, languageName });
    });

    // The form to edit, split or merge one sentence.
    router.get(`${prefix}/sentence-form`, (req, res) => {
      const view = readViewOf(workspace, req);
      const row = typeof req.query.row === 'string' && /^\d{1,9}$/.test(req.query.row) ? Number(req.query.row) : 0;
      const k = view.columns.findIndex((v) => v.name === req.query.column);
      const ordinal = typeof req.query.ordinal === 'string' && /^\d{1,9}$/.test(req.query.ordinal) ? Number(req.query.ordinal) : -1;
      if (row < 1 || row > view.rowCount || k < 0) throw new InputError(translator(req)('editor:refusals.sentence-out-of-range', { ordinal: ordinal + 1 }), 404);
      if (!isHtmx(req)) return res.redirect(303, rowLink(view, row - 1));
      const [gridRow] = readGridRows(db, view, row - 1, 1);
      const sentence = gridRow.cells[k].sentences.find((s) => s.ordinal === ordinal) ?? gridRow.cells[k].sentences[0];
      if (!sentence) throw new InputError(translator(req)('editor:refusals.empty-cell', { row }), 404);
      renderer.partial(req, res, 'editor-sentence', { view, gridRow, column: view.columns[k], sentence, languageName });
    });

    router.get(`${prefix}/goto`, (req, res) => {
      const view = readViewOf(workspace, req);
      const value = typeof req.query.row === 'string' ? req.query.row.trim() : '';
      const row = /^\d{1,9}$/.test(value) ? Number(value) : 0;
      if (row < 1 || row > view.rowCount) throw new InputError(translator(req)('editor:refusals.row-out-of-range', { row: value || '?', rows: view.rowCount }), 404);
      res.redirect(303, rowLink(view, row - 1));
    });

    router.get(`${prefix}/next-suspect`, (req, res) => {
      const view = readViewOf(workspace, req);
      const after = typeof req.query.after === 'string' && /^\d{1,9}$/.test(req.query.after) ? Number(req.query.after) - 1 : -1;
      const next = findNextSuspectRow(db, view, after);
      if (next === undefined) throw new InputError(translator(req)('editor:nav.noSuspect', { row: after + 1 }), 404);
      res.redirect(303, rowLink(view, next));
    });

    router.get(`${prefix}/filter`, (req, res) => {
      const view = readViewOf(workspace, req);
      const only = req.query.only;
      if (!isRowFilter(only)) throw new InputError(translator(req)('editor:refusals.bad-filter'), 400);
      const after = typeof req.query.after === 'string' && /^\d{1,9}$/.test(req.query.after) ? Number(req.query.after) : -1;
      const query = typeof req.query.q === 'string' ? req.query.q : '';
      let filtered;
      try {
        filtered = readFilteredRows(db, view, only as RowFilter, { after, limit: gridPageSize, query });
      } catch (error) {
        return refuse(req, res, error);
      }
      const moreUrl = filtered.nextAfter === null ? null : `${view.base}/filter?only=${only}&after=${filtered.nextAfter}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
      const data = { view, rows: filtered.rows, offset: 0, pageSize: gridPageSize, moreUrl, filter: filtered, languageName, ...gridTermMarkup(db, view, translator(req)) };
      if (isHtmx(req) && after >= 0) renderer.partial(req, res, 'grid-rows', data);
      else renderer.page(req, res, 'work', { ...data, ...annotationFormData(workspace) });
    });
  }

  return router;
}
