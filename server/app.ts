// Builds the Express application for a workspace; no listening here (tests drive it with supertest).
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Workspace } from './services/workspace.ts';
import { accountRoutes } from './web/account-routes.ts';
import { adminRoutes } from './web/admin-routes.ts';
import { apiPrefix, authorize, loadUser } from './web/access.ts';
import { readCookies } from './web/cookies.ts';
import { issueCsrfToken } from './web/csrf.ts';
import { errorHandler, notFoundHandler } from './web/errors.ts';
import { createI18n } from './web/i18n.ts';
import { editorAnswers, editorRoutes } from './web/editor-routes.ts';
import { jobRoutes } from './web/job-routes.ts';
import { interfaceLanguageRoutes } from './web/interface-language-routes.ts';
import { libraryRoutes } from './web/library-routes.ts';
import { checkRoutes } from './web/check-routes.ts';
import { compareRoutes } from './web/compare-routes.ts';
import { historyRoutes } from './web/history-routes.ts';
import { createRenderer } from './web/render.ts';
import { serverTiming } from './web/server-timing.ts';
import { workRoutes } from './web/work-routes.ts';
import { annotationRoutes } from './web/annotation-routes.ts';
import { termsRoutes } from './web/terms-routes.ts';
import { corpusRoutes } from './web/corpus-routes.ts';
import { apiErrors, apiRoutes } from './web/api-routes.ts';

const require = createRequire(import.meta.url);
const htmxFile = require.resolve('htmx.org/dist/htmx.min.js');

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export async function createApp(workspace: Workspace): Promise<Express> {
  const { viewsDir } = workspace.config;
  const renderer = createRenderer(viewsDir, { cache: process.env.NODE_ENV !== 'development' });
  const { middleware: i18nMiddleware } = await createI18n(viewsDir);

  const app = express();
  app.disable('x-powered-by');
  app.use(serverTiming);
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.set('Content-Security-Policy', contentSecurityPolicy);
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'same-origin');
    next();
  });
  app.get('/static/htmx.min.js', (_req, res) => res.sendFile(htmxFile, { maxAge: '1d' }));
  app.use('/static', express.static(path.join(viewsDir, 'static'), { maxAge: '1h', index: false }));
  // Pages link the SVG icon; tools that ask for /favicon.ico anyway are sent to it.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/static/favicon.svg'));
  if (workspace.config.trustProxy) app.set('trust proxy', workspace.config.trustProxy);
  app.use(readCookies);
  app.use(loadUser(workspace));
  app.use(i18nMiddleware);
  app.use(issueCsrfToken);
  // every request is checked against what its route declares (auth/permissions.ts) before any body is read
  app.use(authorize(workspace));
  app.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 100 }));
  // the JSON API: an API token's owner, else the session's user as for the pages; JSON bodies, with the
  // CSRF token in a header when the session cookie is the credential (see api-routes.ts); what was
  // refused before its router (a token, authorize, the body) is answered as JSON too
  app.use(apiPrefix, apiErrors(workspace.config.maxUploadBytes));
  app.use(apiRoutes(workspace));

  app.use(accountRoutes(workspace, renderer), adminRoutes(workspace, renderer));

  app.use(libraryRoutes(workspace, renderer));
  app.use(workRoutes(workspace, renderer));
  app.use(editorRoutes(workspace, renderer));
  app.use(checkRoutes(workspace, renderer), compareRoutes(workspace, renderer), historyRoutes(workspace, renderer));
  app.use(termsRoutes(workspace, renderer), annotationRoutes(workspace, renderer));
  app.use(corpusRoutes(workspace, renderer));
  app.use(interfaceLanguageRoutes());
  app.use(jobRoutes(workspace, renderer, editorAnswers(workspace, renderer)));

  app.use(notFoundHandler(renderer));
  app.use(errorHandler(renderer, workspace.config.maxUploadBytes, Math.max(1, Math.ceil(workspace.config.busyTimeoutMs / 1000))));
  return app;
}
