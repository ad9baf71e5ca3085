// Test apps with accounts: users of given roles added through the service (password hashes made at a
// low scrypt cost so that tests stay fast; the benchmark times the real cost), and signing in over
// HTTP as a browser does, keeping the session cookie and the session's CSRF token.
import type { Express } from 'express';
import request from 'supertest';
import type { Role } from '../../server/auth/permissions.ts';
import { addUser, changeWorkRole } from '../../server/services/accounts.ts';
import { createTestApp, getCsrf, type TestApp } from './helpers.ts';

export const password = 'correct horse battery';
export const lowCost = { TRIPTYCH_PASSWORD_HASH_LOG_N: '10' };

export interface TestUser {
  name: string;
  role: Role;
  /** work slug → role for that work */
  workRoles?: Record<string, Role>;
}

export async function createTeamApp(users: TestUser[], env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({ env: { ...lowCost, ...env } });
  const settings = { passwordHashLogN: t.workspace.config.passwordHashLogN, sessionIdleMinutes: t.workspace.config.sessionIdleMinutes };
  const ordered = [...users].sort((a, b) => (a.role === 'administrator' ? -1 : 0) - (b.role === 'administrator' ? -1 : 0));
  for (const u of ordered) {
    await addUser(t.workspace.db, { name: u.name, role: u.role, password }, { actor: 'test' }, settings);
    for (const [slug, role] of Object.entries(u.workRoles ?? {})) changeWorkRole(t.workspace.db, u.name, slug, role, { actor: 'test' });
  }
  return t;
}

export interface Session {
  /** the Cookie header: the session and the pre-session CSRF cookie */
  cookie: string;
  /** the session's CSRF token, as its pages carry it */
  token: string;
  sessionId: string;
}

export function cookieValue(setCookie: string[] | string | undefined, name: string): string | undefined {
  const all = ([] as string[]).concat(setCookie ?? []);
  for (const c of all) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

/** The login form's CSRF cookie and token (before any session). */
export async function loginCsrf(app: Express): Promise<{ cookie: string; token: string }> {
  return getCsrf(app, '/login');
}

/** Posts the sign-in form as the browser holding `extraCookie` (a session, say) would: its form, its token. */
export async function postLogin(app: Express, name: string, pass: string, extraCookie = '') {
  const form = await request(app).get('/login').set('Cookie', extraCookie);
  const token = /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(form.text)?.[1];
  const csrfCookie = cookieValue(form.headers['set-cookie'], 'triptych_csrf');
  return request(app)
    .post('/login')
    .set('Cookie', [csrfCookie ? `triptych_csrf=${csrfCookie}` : '', extraCookie].filter(Boolean).join('; '))
    .type('form')
    .send({ _csrf: token, name, password: pass, return: '/' });
}

export async function signIn(app: Express, name: string, pass = password): Promise<Session> {
  const res = await postLogin(app, name, pass);
  if (res.status !== 303) throw new Error(`signing in as ${name} answered ${res.status}: ${res.text.slice(0, 300)}`);
  const sessionId = cookieValue(res.headers['set-cookie'], 'triptych_session');
  if (!sessionId) throw new Error('no session cookie');
  const cookie = `triptych_session=${sessionId}`;
  const page = await request(app).get('/account').set('Cookie', cookie);
  const token = /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(page.text)?.[1];
  if (!token) throw new Error('no CSRF token on the account page');
  return { cookie, token, sessionId };
}
