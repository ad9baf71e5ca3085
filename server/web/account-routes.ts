// Signing in and out, one's own account (role, work roles, changing the password, one's personal API
// tokens), and the first-start page that creates the first administrator — reachable only from this
// machine while no user exists. The session cookie is HttpOnly, SameSite=Lax, Secure over HTTPS, and
// made anew at every sign-in. A new API token is in the answer that made it and in no other (which
// no cache keeps); the list shows only its first characters.
import { Router, type Request, type Response } from 'express';
import { addUser, changeOwnPassword, isLocalMode, signIn, signOut, workRolesOf, sessionCookieName, type AuthUser } from '../services/accounts.ts';
import { apiTokensOf, apiTokenState, createApiToken, maxTokenDays, maxTokenNameLength, revokeApiToken } from '../services/api-tokens.ts';
import { InputError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { accountSettings, addressOf, isLoopbackRequest } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { describeError } from './errors.ts';
import { safeReturnPath } from './interface-language-routes.ts';
import { isHtmx, type Renderer } from './render.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function setSessionCookie(req: Request, res: Response, cookie: string): void {
  res.cookie(sessionCookieName, cookie, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

export function accountRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const db = workspace.db;
  const settings = accountSettings(workspace);
  const setupAllowed = (req: Request) => isLocalMode(db) && isLoopbackRequest(req);

  const loginPage = (req: Request, res: Response, data: Record<string, unknown> = {}, status = 200) =>
    renderer.page(req, res, 'login', { returnTo: safeReturnPath(req.query.return ?? (req.body as Record<string, unknown> | undefined)?.return), name: '', localMode: isLocalMode(db), setupAllowed: setupAllowed(req), ...data }, status);

  // A signed-in user sees the form too (signing in as someone else ends their session first).
  router.get('/login', (req, res) => loginPage(req, res));

  router.post('/login', requireCsrfToken, async (req, res) => {
    const name = field(req, 'name');
    const outcome = await signIn(db, { name, password: field(req, 'password'), address: addressOf(req), previousCookie: req.cookies[sessionCookieName] }, settings);
    if (outcome.kind === 'throttled') {
      const seconds = Math.ceil(outcome.retryAfterMs / 1000);
      res.set('Retry-After', String(seconds));
      return loginPage(req, res, { name, error: req.t('accounts:login.throttled', { seconds }) }, 429);
    }
    if (outcome.kind === 'failed') return loginPage(req, res, { name, error: req.t('accounts:login.failed') }, 401);
    setSessionCookie(req, res, outcome.cookie);
    res.redirect(303, safeReturnPath(field(req, 'return')));
  });

  router.post('/logout', requireCsrfToken, (req, res) => {
    if (res.locals.session) signOut(db, res.locals.session, addressOf(req));
    res.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    res.redirect(303, '/login');
  });

  const tokensView = (user: AuthUser) => ({ tokens: user.local ? [] : apiTokensOf(db, user.name), tokenState: apiTokenState, maxTokenNameLength, maxTokenDays });

  const accountPage = (req: Request, res: Response, data: Record<string, unknown> = {}, status = 200) => {
    const user = res.locals.user!;
    renderer.page(req, res, 'account', { account: user, workRoles: user.local ? [] : workRolesOf(db, user.id), setupAllowed: setupAllowed(req), ...tokensView(user), ...data }, status);
  };

  /** The tokens section (htmx) or the whole account page, never kept by a cache: it may hold a new token. */
  const tokensAnswer = (req: Request, res: Response, data: Record<string, unknown>, status = 200) => {
    res.set('Cache-Control', 'no-store');
    if (isHtmx(req)) renderer.partial(req, res, 'account-tokens', { ...tokensView(res.locals.user!), ...data }, status);
    else accountPage(req, res, data, status);
  };

  /** The signed-in user, who has tokens: the local user of local mode has none (the API answers them without one). */
  const tokenOwner = (res: Response): AuthUser => {
    const user = res.locals.user!;
    if (user.local) {
      throw new InputError('In local mode there are no API tokens: the API answers this machine without one. Set up accounts first.', 409, undefined, { key: 'accounts:errors.localNoTokens' });
    }
    return user;
  };

  router.get('/account', (req, res) => accountPage(req, res));

  router.post('/account/password', requireCsrfToken, async (req, res) => {
    const user = res.locals.user!;
    if (user.local) throw new InputError('In local mode there is no password to change; set up accounts first.', 409, undefined, { key: 'accounts:errors.localNoPassword' });
    try {
      await changeOwnPassword(db, user, { current: field(req, 'current'), next: field(req, 'password'), repeat: field(req, 'repeat') }, { actor: user.name, address: addressOf(req), sessionHash: res.locals.session?.session.idHash }, settings);
    } catch (error) {
      if (error instanceof InputError) return accountPage(req, res, { error: describeError(req, error, workspace.config.maxUploadBytes).message }, error.status);
      throw error;
    }
    accountPage(req, res, { saved: true });
  });

  router.post('/account/tokens', requireCsrfToken, (req, res) => {
    const user = tokenOwner(res);
    let created;
    try {
      created = createApiToken(db, user.name, { name: field(req, 'name'), days: field(req, 'days') }, { actor: user.name, address: addressOf(req) });
    } catch (error) {
      if (error instanceof InputError) {
        return tokensAnswer(req, res, { tokenError: describeError(req, error, workspace.config.maxUploadBytes).message, tokenName: field(req, 'name'), tokenDays: field(req, 'days') }, error.status);
      }
      throw error;
    }
    tokensAnswer(req, res, { created }, 201);
  });

  router.post('/account/tokens/:id/revoke', requireCsrfToken, (req, res) => {
    const user = tokenOwner(res);
    let name: string;
    try {
      name = revokeApiToken(db, user.name, String(req.params.id), { actor: user.name, address: addressOf(req) }).token.name;
    } catch (error) {
      if (error instanceof InputError) return tokensAnswer(req, res, { tokenError: describeError(req, error, workspace.config.maxUploadBytes).message }, error.status);
      throw error;
    }
    if (!isHtmx(req)) return res.redirect(303, '/account');
    tokensAnswer(req, res, { tokenMessage: req.t('accounts:tokens.revoked', { name }) });
  });

  router.get('/setup', (req, res) => {
    if (!setupAllowed(req)) throw new InputError('Accounts are set up already, or this page was not opened on the server\'s machine.', 404, undefined, { key: 'accounts:errors.setupClosed' });
    renderer.page(req, res, 'setup', { name: '' });
  });

  router.post('/setup', requireCsrfToken, async (req, res) => {
    if (!setupAllowed(req)) throw new InputError('Accounts are set up already, or this page was not opened on the server\'s machine.', 404, undefined, { key: 'accounts:errors.setupClosed' });
    const name = field(req, 'name');
    const password = field(req, 'password');
    try {
      if (password !== field(req, 'repeat')) throw new InputError('The new password and its repetition differ.', 400, 'repeat', { key: 'accounts:errors.passwordsDiffer' });
      await addUser(db, { name, role: 'administrator', password }, { actor: res.locals.user?.name ?? name, address: addressOf(req) }, settings);
    } catch (error) {
      if (error instanceof InputError) {
        return renderer.page(req, res, 'setup', { name, error: describeError(req, error, workspace.config.maxUploadBytes).message }, error.status);
      }
      throw error;
    }
    const outcome = await signIn(db, { name, password, address: addressOf(req) }, settings);
    if (outcome.kind === 'signed-in') setSessionCookie(req, res, outcome.cookie);
    res.redirect(303, '/admin');
  });

  return router;
}
