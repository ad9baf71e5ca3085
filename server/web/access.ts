// Who is asking, and may they: the signed-in user from the session cookie (or, in local mode — no
// accounts, a request from this machine — the local user), sign-in required for every page but the
// sign-in and set-up ones, and every request checked against what its route declares in
// server/auth/permissions.ts. A state-changing route that declares nothing is refused.
//
// The JSON API also takes a personal API token (Authorization: Bearer tpt_…): a request to it with a
// Bearer Authorization header is its owner's or nobody's — the cookie is not looked at, so a bad token is
// never made good by a session the browser happens to hold. Pages take no token: there the header
// is ignored and the cookie decides, as ever.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isStateChanging, matchRoute, weakestRoleFor, type Need, type Permission } from '../auth/permissions.ts';
import { isLocalMode, localUser, resolveSession, roleForWork, sessionCookieName, userMay, type AccountSettings, type AuthUser, type OpenSession } from '../services/accounts.ts';
import { authenticateBearer, type BearerOutcome } from '../services/api-tokens.ts';
import { AccessDeniedError, InputError, NotFoundError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { isHtmx } from './render.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** the user acting: signed in, or local mode's local user; null when nobody is signed in */
      user: AuthUser | null;
      session: OpenSession | null;
      /** the session's own CSRF token (csrf.ts checks it instead of the cookie's when there is a session) */
      sessionCsrfToken?: string;
      /** what the user was taken from: an API token (no cookie was read), else the cookie or local mode */
      credentials: 'bearer' | 'cookie';
      /** why the API token of the request was refused (authorize answers with it, once the language is known) */
      credentialsRefused?: InputError;
      /** may the user do this (for a work: the request's :slug unless another slug is given)? */
      may(permission: Permission, slug?: string): boolean;
    }
  }
}

/** A request from this machine, not passed on by a proxy (whose own address would be loopback). */
export function isLoopbackRequest(req: Request): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The address throttling counts failures by: the client's (as the proxy reports it, when trusted). */
export const addressOf = (req: Request) => (req.ip ?? req.socket.remoteAddress ?? '').slice(0, 64);

export function accountSettings(workspace: Workspace): AccountSettings {
  return { passwordHashLogN: workspace.config.passwordHashLogN, sessionIdleMinutes: workspace.config.sessionIdleMinutes };
}

/** Where the JSON API is mounted (server/web/api-routes.ts; its routes are declared in routeNeeds under it). */
export const apiPrefix = '/api/v1';

/** A request to the JSON API (the path's case ignored, as Express's routing ignores it). */
export const isApiRequest = (req: Request) => {
  const path = req.path.toLowerCase();
  return path === apiPrefix || path.startsWith(`${apiPrefix}/`);
};

/** A refused API token as the error the API answers with: 401 (429 while the address is throttled). */
function bearerRefusal(outcome: Exclude<BearerOutcome, { kind: 'accepted' }>): InputError {
  if (outcome.kind === 'throttled') {
    const seconds = Math.ceil(outcome.retryAfterMs / 1000);
    return new InputError(`Too many requests with a wrong API token came from this address: wait ${seconds} seconds.`, 429, undefined, { key: 'accounts:errors.tokenThrottled', params: { seconds } });
  }
  if (outcome.reason === 'malformed') {
    return new AccessDeniedError('Send the API token as the header Authorization: Bearer tpt_…', { key: 'accounts:errors.tokenMalformed' }, 401);
  }
  if (outcome.reason === 'expired') {
    return new AccessDeniedError('This API token has expired: make a new one on your account page.', { key: 'accounts:errors.tokenExpired' }, 401);
  }
  return new AccessDeniedError('This API token is not valid: it was revoked, or never made here. Make a new one on your account page.', { key: 'accounts:errors.tokenInvalid' }, 401);
}

/** Reads the API token or the session (after the cookies) and puts the user, if any, in res.locals. */
export function loadUser(workspace: Workspace): RequestHandler {
  const db = workspace.db;
  const settings = accountSettings(workspace);
  return (req, res, next) => {
    // only the Bearer scheme is a token; another scheme (HTTP Basic of a proxy in front) is not ours
    const header = isApiRequest(req) ? req.get('authorization') : undefined;
    const authorization = header !== undefined && /^\s*bearer(?:\s|$)/i.test(header) ? header : undefined;
    let user: AuthUser | null;
    let open: OpenSession | null = null;
    if (authorization !== undefined) {
      res.locals.credentials = 'bearer';
      const outcome = authenticateBearer(db, authorization, addressOf(req));
      if (outcome.kind === 'accepted') user = outcome.user;
      else {
        user = null;
        res.locals.credentialsRefused = bearerRefusal(outcome);
        if (outcome.kind === 'throttled') res.set('Retry-After', String(Math.ceil(outcome.retryAfterMs / 1000)));
      }
    } else {
      res.locals.credentials = 'cookie';
      open = resolveSession(db, req.cookies[sessionCookieName], settings);
      user = open?.user ?? (isLocalMode(db) && isLoopbackRequest(req) ? localUser() : null);
    }
    res.locals.user = user;
    res.locals.session = open;
    if (open) res.locals.sessionCsrfToken = open.session.csrfToken;
    const answers = new Map<string, boolean>();
    res.locals.may = (permission, slug) => {
      if (!user) return false;
      const work = slug ?? (typeof req.params?.slug === 'string' ? req.params.slug : undefined);
      const key = `${permission}\u0000${work ?? ''}`;
      let answer = answers.get(key);
      if (answer === undefined) answers.set(key, (answer = userMay(db, user, permission, work)));
      return answer;
    };
    next();
  };
}

/** Pages anyone may open: signing in, setting up the first account, the interface language, static files. */
const openPaths = [/^\/login\/?$/, /^\/setup\/?$/, /^\/interface-language\/?$/, /^\/static\//, /^\/favicon\.ico$/];

function deny(db: Workspace['db'], res: Response, need: Need | Permission, slug: string | undefined): AccessDeniedError {
  const user = res.locals.user;
  if (!user) {
    return new AccessDeniedError('Sign in first.', { key: 'accounts:errors.signInFirst' }, 401);
  }
  const role = need === 'anyone' || need === 'signed-in' ? user.role : weakestRoleFor(need);
  const current = roleForWork(db, user, slug);
  return new AccessDeniedError(`You are signed in as ${user.name} (${current}); this needs the role ${role} or higher.`, {
    key: 'accounts:errors.denied',
    params: { name: user.name, role: current, need: role },
  });
}

/**
 * Sends the anonymous to the sign-in page (a page) or refuses them (anything else), and checks every
 * request against its route's declaration.
 */
export function authorize(workspace: Workspace): RequestHandler {
  const db = workspace.db;
  return (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.credentialsRefused) {
      next(res.locals.credentialsRefused);
      return;
    }
    const matched = matchRoute(req.method, req.path);
    const open = openPaths.some((p) => p.test(req.path));
    if (!res.locals.user && !open && !(matched && matched.declaration.need === 'anyone')) {
      // a page is sent to the sign-in page; the JSON API answers 401 (its own error handler says it as JSON)
      if ((req.method === 'GET' || req.method === 'HEAD') && !isApiRequest(req)) {
        const target = `/login?return=${encodeURIComponent(req.originalUrl)}`;
        if (isHtmx(req)) {
          res.set('HX-Redirect', target);
          next(deny(db, res, 'signed-in', undefined));
          return;
        }
        res.redirect(303, target);
        return;
      }
      next(deny(db, res, 'signed-in', undefined));
      return;
    }
    if (!matched) {
      // a state change no declaration covers is refused, whoever asks: there is no such action
      if (isStateChanging(req.method)) {
        next(new NotFoundError(`${req.method} ${req.path} is not an action Triptych declares.`, { key: 'accounts:errors.undeclared' }));
        return;
      }
      next();
      return;
    }
    const { need, work } = matched.declaration;
    if (need === 'anyone' || (need === 'signed-in' && res.locals.user)) {
      next();
      return;
    }
    const slug = work === 'path' ? matched.params.slug : undefined;
    const user = res.locals.user;
    if (need !== 'signed-in' && user && (work === 'path' ? res.locals.may(need, slug) : res.locals.may(need, undefined))) {
      next();
      return;
    }
    next(deny(db, res, need, slug));
  };
}

/** For a route whose work is named in its form (the import): checks the permission on that work. */
export function requireMayForWork(workspace: Workspace, res: Response, permission: Permission, slug: string): void {
  if (!res.locals.may(permission, slug)) throw deny(workspace.db, res, permission, slug);
}

/** The name an event records as who made a change: the signed-in user's (or the local user's). */
export function actorOf(req: Request): string {
  return req.res?.locals.user?.name ?? 'web';
}
