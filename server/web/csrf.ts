// CSRF protection. A signed-in user's token is their session's own (kept with the session in the
// database), so a token of another session is refused. Without a session (local mode, the sign-in
// form) it is a double submission: a random token lives in a SameSite=Strict cookie. Either way every
// state-changing request must echo it in a form field (_csrf) or the X-CSRF-Token header.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const cookieName = 'triptych_csrf';
const tokenPattern = /^[A-Za-z0-9_-]{32,64}$/;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      csrfToken: string;
    }
  }
}

/** Makes sure the client has a token and exposes it to the templates. */
export function issueCsrfToken(req: Request, res: Response, next: NextFunction): void {
  // an API request made with a token has no cookies to protect, and is given none
  if (res.locals.credentials === 'bearer') {
    res.locals.csrfToken = '';
    next();
    return;
  }
  if (res.locals.sessionCsrfToken) {
    res.locals.csrfToken = res.locals.sessionCsrfToken;
    next();
    return;
  }
  let token = req.cookies[cookieName];
  if (!token || !tokenPattern.test(token)) {
    token = randomBytes(24).toString('base64url');
    res.cookie(cookieName, token, { httpOnly: true, sameSite: 'strict', path: '/' });
  }
  res.locals.csrfToken = token;
  next();
}

export class CsrfError extends Error {
  constructor() {
    super('csrf');
    this.name = 'CsrfError';
  }
}

export function tokensMatch(expected: string | undefined, given: unknown): boolean {
  if (!expected || typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** Rejects a state-changing request whose token is missing or wrong. Runs after body parsing. */
export function requireCsrfToken(req: Request, res: Response, next: NextFunction): void {
  const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (!tokensMatch(res.locals.sessionCsrfToken ?? req.cookies[cookieName], given)) {
    next(new CsrfError());
    return;
  }
  next();
}
