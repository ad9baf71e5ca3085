// Turns errors into answers: a user's mistake becomes a 4xx page (or an htmx fragment) with a
// message they can act on; a database another process kept busy past the busy timeout a 503 with
// Retry-After (nothing was written; the same request can be sent again); anything else a 500 without
// internals, logged on the server.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import multer from 'multer';
import { isDatabaseBusy } from '../db/busy.ts';
import { formatByteSize, InputError } from '../services/errors.ts';
import { CsrfError } from './csrf.ts';
import { isHtmx, type Renderer } from './render.ts';

function translate(req: Request, key: string, fallback: string, options?: Record<string, unknown>): string {
  const t = (req as Request & { t?: (key: string, opts?: Record<string, unknown>) => string }).t;
  return t ? t(key, { defaultValue: fallback, ...options }) : fallback;
}

/** "2 KB" / «2 КБ»: the size in the largest whole-ish unit, its unit in the interface language. */
function localByteSize(req: Request, bytes: number): string {
  const english = formatByteSize(bytes);
  const [amount, unit] = english.split(' ');
  const key = unit === 'MB' ? 'units.megabytes' : unit === 'KB' ? 'units.kilobytes' : 'units.bytes';
  return translate(req, key, english, { count: Number(amount), amount });
}

/** Seconds a client is told to wait before sending a request the busy database refused again. */
export const defaultRetryAfterSeconds = 5;

export function describeError(req: Request, error: unknown, maxUploadBytes: number, retryAfterSeconds = defaultRetryAfterSeconds): { status: number; message: string; retryAfterSeconds?: number } {
  if (isDatabaseBusy(error)) {
    return {
      status: 503,
      message: translate(req, 'errors.busy', 'The database is busy with another change (an import or another editor) and could not wait for it any longer. Nothing was changed: try again in a few seconds.'),
      retryAfterSeconds,
    };
  }
  if (error instanceof InputError) {
    const params = { ...error.translation?.params };
    // A size travels in bytes so that its unit is said in the interface language.
    if (typeof params.limitBytes === 'number') params.limit = localByteSize(req, params.limitBytes);
    // A message said inside another (a concept's error inside an import's) is translated first.
    const inner = error.translation?.inner;
    if (inner) params.reason = translate(req, inner.key, String(params.reason ?? ''), inner.params);
    const message = error.translation ? translate(req, error.translation.key, error.message, params) : error.message;
    return { status: error.status, message };
  }
  if (error instanceof CsrfError) {
    return { status: 403, message: translate(req, 'errors.csrf', 'The form has expired or did not come from this site. Reload the page and try again.') };
  }
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return {
        status: 413,
        message: translate(req, 'errors.tooLarge', 'The file is larger than the limit of {{limit}}.', { limit: localByteSize(req, maxUploadBytes) }),
      };
    }
    return { status: 400, message: translate(req, 'errors.badUpload', 'The upload could not be read: {{reason}}.', { reason: error.message }) };
  }
  const status = (error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: translate(req, 'errors.badRequest', 'The request could not be understood.') };
  }
  return { status: 500, message: translate(req, 'errors.internal', 'Something went wrong on the server. Nothing was changed.') };
}

export function errorHandler(renderer: Renderer, maxUploadBytes: number, retryAfterSeconds = defaultRetryAfterSeconds): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, message, retryAfterSeconds: retry } = describeError(req, error, maxUploadBytes, retryAfterSeconds);
    if (retry !== undefined) console.warn(`${req.method} ${req.originalUrl}: ${status}, the database stayed busy (${(error as Error).message})`);
    else if (status >= 500) console.error(error);
    if (res.headersSent) return;
    if (retry !== undefined) res.set('Retry-After', String(retry));
    if (isHtmx(req)) renderer.partial(req, res, 'error-message', { message, status }, status);
    else renderer.page(req, res, 'error', { message, status }, status);
  };
}

export function notFoundHandler(renderer: Renderer): RequestHandler {
  return (req, res) => {
    const message = translate(req, 'errors.notFound', 'There is no page at this address.');
    if (isHtmx(req)) renderer.partial(req, res, 'error-message', { message, status: 404 }, 404);
    else renderer.page(req, res, 'error', { message, status: 404 }, 404);
  };
}
