// Use cases of accounts, shared by the web and the CLI: users and their roles (for the server and per
// work), passwords, sign-in with throttling, sessions, and the auth log an administrator reads. With no
// user at all the server is in local mode (one local user, allowed everything, on loopback only);
// once there are users there is always an administrator: the first user must be one, and the last
// one can be neither demoted nor removed.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { defaultParameters, hashPassword, maxPasswordLength, minPasswordLength, parametersOf, verifyNothing, verifyPassword } from '../auth/password-hash.ts';
import { localUserName } from '../auth/local-user.ts';
import { isRole, permissions, roleGrants, roles, type Permission, type Role } from '../auth/permissions.ts';
import { retryAfterMs, throttlePolicy } from '../auth/throttle.ts';
import { accountFailures, addressFailures, appendAuthEvent, listAuthEventKinds, listAuthEvents, type AuthEventRecord } from '../db/auth-events.ts';
import { revokeApiTokensOfUser } from '../db/api-tokens.ts';
import { writeUnlessBusy } from '../db/busy.ts';
import { deleteSession, deleteSessionsIdleSince, deleteSessionsOfUser, findSession, insertSession, touchSession, type SessionRecord } from '../db/sessions.ts';
import {
  countAdministrators,
  countUsers,
  deleteUser,
  findUserById,
  findUserByName,
  findWorkRole,
  insertUser,
  listUsers,
  listWorkRoles,
  setWorkRole,
  updatePasswordHash,
  updateUserRole,
  type UserRecord,
  type WorkRoleRecord,
} from '../db/users.ts';
import { findWorkBySlug } from '../db/works.ts';
import { InputError, NotFoundError } from './errors.ts';

/** Who is acting: a signed-in user, the CLI's named user, or the local user of local mode. */
export interface AuthUser {
  id: number;
  name: string;
  role: Role;
  /** local mode: no accounts exist, the person at the machine may do everything */
  local: boolean;
}

export interface AccountSettings {
  passwordHashLogN: number;
  sessionIdleMinutes: number;
}

export function localUser(): AuthUser {
  return { id: 0, name: localUserName(), role: 'administrator', local: true };
}

/** Local mode: no user exists yet. */
export function isLocalMode(db: Database): boolean {
  return countUsers(db) === 0;
}

export function hasAdministrator(db: Database): boolean {
  return countAdministrators(db) > 0;
}

const userNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export function validateUserName(raw: string): string {
  const name = (raw ?? '').trim();
  if (!userNamePattern.test(name)) {
    throw new InputError(`'${name.slice(0, 60)}' is not a user name: use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit.`, 400, 'name', {
      key: 'accounts:errors.badName',
      params: { name: name.slice(0, 60) },
    });
  }
  return name;
}

export function validatePassword(password: string): string {
  if (typeof password !== 'string' || password.length < minPasswordLength) {
    throw new InputError(`The password must have at least ${minPasswordLength} characters.`, 400, 'password', { key: 'accounts:errors.shortPassword', params: { min: minPasswordLength } });
  }
  if (password.length > maxPasswordLength) {
    throw new InputError(`The password must have at most ${maxPasswordLength} characters.`, 400, 'password', { key: 'accounts:errors.longPassword', params: { max: maxPasswordLength } });
  }
  return password;
}

export function validateRole(raw: string): Role {
  const role = (raw ?? '').trim().toLowerCase();
  if (!isRole(role)) {
    throw new InputError(`'${role.slice(0, 40)}' is not a role; use one of ${roles.join(', ')}.`, 400, 'role', { key: 'accounts:errors.badRole', params: { role: role.slice(0, 40), roles: roles.join(', ') } });
  }
  return role;
}

export function requireUser(db: Database, name: string): UserRecord {
  const user = findUserByName(db, (name ?? '').trim());
  if (!user) throw new NotFoundError(`There is no user '${String(name).slice(0, 60)}'.`, { key: 'accounts:errors.noUser', params: { name: String(name).slice(0, 60) } });
  return user;
}

export const authUserOf = (user: UserRecord): AuthUser => ({ id: user.id, name: user.name, role: user.role, local: false });

export interface ActingAs {
  actor: string;
  address?: string;
}

const now = () => new Date().toISOString();

export function logAuthEvent(db: Database, kind: string, userName: string, acting: ActingAs, detail = ''): void {
  appendAuthEvent(db, { at: now(), kind, userName, address: acting.address ?? '', actor: acting.actor, detail });
}

/** Adds a user. Before any administrator exists, only an administrator can be added (the first one). */
export async function addUser(db: Database, input: { name: string; role: string; password: string }, acting: ActingAs, settings: AccountSettings): Promise<UserRecord> {
  const name = validateUserName(input.name);
  const role = validateRole(input.role);
  validatePassword(input.password);
  const check = () => {
    if (findUserByName(db, name)) throw new InputError(`There is already a user '${name}'.`, 409, 'name', { key: 'accounts:errors.userExists', params: { name } });
    if (role !== 'administrator' && !hasAdministrator(db)) {
      throw new InputError('The first user must be an administrator (add one with the role administrator).', 409, 'role', { key: 'accounts:errors.firstMustBeAdministrator' });
    }
  };
  check();
  const passwordHash = await hashPassword(input.password, defaultParameters(settings.passwordHashLogN));
  return db.transaction(() => {
    check();
    const id = insertUser(db, { name, role, passwordHash, at: now() });
    logAuthEvent(db, 'user-added', name, acting, role);
    return findUserById(db, id)!;
  }).immediate();
}

/** Changes a user's server role; the last administrator keeps theirs. */
export function changeRole(db: Database, name: string, rawRole: string, acting: ActingAs): UserRecord {
  const role = validateRole(rawRole);
  return db.transaction(() => {
    const user = requireUser(db, name);
    if (user.role === role) return user;
    if (user.role === 'administrator' && countAdministrators(db) === 1) {
      throw new InputError(`'${user.name}' is the last administrator; make another user an administrator first.`, 409, 'role', { key: 'accounts:errors.lastAdministrator', params: { name: user.name } });
    }
    updateUserRole(db, user.id, role);
    logAuthEvent(db, 'role-changed', user.name, acting, `${user.role} → ${role}`);
    return { ...user, role };
  }).immediate();
}

/** Sets (or, with an empty role, clears) the role a user has for one work instead of their server role. */
export function changeWorkRole(db: Database, name: string, slug: string, rawRole: string, acting: ActingAs): void {
  const role = rawRole.trim() === '' ? null : validateRole(rawRole);
  db.transaction(() => {
    const user = requireUser(db, name);
    const work = findWorkBySlug(db, slug.trim());
    if (!work) throw new NotFoundError(`There is no work '${slug.slice(0, 64)}'.`, { key: 'errors.notFoundWork', params: { work: slug.slice(0, 64) } });
    const before = findWorkRole(db, user.id, work.slug);
    if ((before ?? null) === role) return;
    setWorkRole(db, user.id, work.id, role);
    logAuthEvent(db, 'work-role-changed', user.name, acting, `${work.slug}: ${before ?? `(${user.role})`} → ${role ?? `(${user.role})`}`);
  }).immediate();
}

/**
 * Sets a user's password (an administrator's reset, or the CLI): every session of theirs ends, and
 * when someone else sets it (a reset, the answer to an account taken over) every API token of theirs
 * is revoked too, since a token made by whoever had the account would outlive the sessions.
 */
export async function setPassword(db: Database, name: string, password: string, acting: ActingAs, settings: AccountSettings, options: { keepSession?: string } = {}): Promise<void> {
  validatePassword(password);
  const user = requireUser(db, name);
  const passwordHash = await hashPassword(password, defaultParameters(settings.passwordHashLogN));
  db.transaction(() => {
    const current = requireUser(db, user.name);
    updatePasswordHash(db, current.id, passwordHash, now(), { changed: true });
    deleteSessionsOfUser(db, current.id, options.keepSession);
    logAuthEvent(db, 'password-changed', current.name, acting, acting.actor === current.name ? 'by the user' : `by ${acting.actor}`);
    if (acting.actor !== current.name) {
      const revoked = revokeApiTokensOfUser(db, current.id, now());
      if (revoked > 0) logAuthEvent(db, 'token-revoked', current.name, acting, `all ${revoked} with the password reset by ${acting.actor}`);
    }
  }).immediate();
}

/** A user changes their own password: the current one first; their other sessions end. */
export async function changeOwnPassword(
  db: Database,
  user: AuthUser,
  input: { current: string; next: string; repeat: string },
  acting: ActingAs & { sessionHash?: string },
  settings: AccountSettings,
): Promise<void> {
  const record = requireUser(db, user.name);
  if (!(await verifyPassword(input.current ?? '', record.passwordHash))) {
    throw new InputError('The current password is not right.', 403, 'current', { key: 'accounts:errors.wrongCurrentPassword' });
  }
  if (input.next !== input.repeat) throw new InputError('The new password and its repetition differ.', 400, 'repeat', { key: 'accounts:errors.passwordsDiffer' });
  await setPassword(db, record.name, input.next, acting, settings, { keepSession: acting.sessionHash });
}

/** Removes a user (their sessions and work roles go with them; events keep their name). */
export function removeUser(db: Database, name: string, acting: ActingAs): void {
  db.transaction(() => {
    const user = requireUser(db, name);
    if (user.role === 'administrator' && countAdministrators(db) === 1) {
      throw new InputError(`'${user.name}' is the last administrator; make another user an administrator first.`, 409, 'name', { key: 'accounts:errors.lastAdministrator', params: { name: user.name } });
    }
    deleteUser(db, user.id);
    logAuthEvent(db, 'user-removed', user.name, acting, user.role);
  }).immediate();
}

export interface AccountListEntry {
  user: UserRecord;
  workRoles: WorkRoleRecord[];
}

export function listAccounts(db: Database): AccountListEntry[] {
  const workRoles = listWorkRoles(db);
  return listUsers(db).map((user) => ({ user, workRoles: workRoles.filter((r) => r.userId === user.id) }));
}

export function workRolesOf(db: Database, userId: number): WorkRoleRecord[] {
  return listWorkRoles(db, userId);
}

// ---- sessions and sign-in ----

export const sessionCookieName = 'triptych_session';

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
const sessionIdPattern = /^[A-Za-z0-9_-]{43}$/;

export interface OpenSession {
  user: AuthUser;
  session: SessionRecord;
}

export type SignInOutcome =
  | { kind: 'signed-in'; user: AuthUser; cookie: string; session: SessionRecord }
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterMs: number };

/**
 * Checks a name and password. A throttled attempt is refused before hashing; an unknown name costs the
 * time of a verification all the same. Success opens a new session (a fresh identifier: the
 * session a request came with, if any, is ended, so no identifier fixed before sign-in survives it).
 */
export async function signIn(
  db: Database,
  input: { name: string; password: string; address: string; previousCookie?: string },
  settings: AccountSettings,
): Promise<SignInOutcome> {
  const typed = String(input.name ?? '').trim().slice(0, 100);
  const password = String(input.password ?? '').slice(0, maxPasswordLength);
  const started = Date.now();
  const since = new Date(started - throttlePolicy.windowMs).toISOString();
  const stamp = (f: { count: number; latest: string | null }) => ({ count: f.count, latest: f.latest ? Date.parse(f.latest) : null });
  const wait = retryAfterMs(stamp(accountFailures(db, typed, since)), stamp(addressFailures(db, input.address, since)), started);
  if (wait > 0) {
    logAuthEvent(db, 'sign-in-throttled', typed, { actor: typed, address: input.address }, `retry after ${Math.ceil(wait / 1000)} s`);
    return { kind: 'throttled', retryAfterMs: wait };
  }
  const user = typed ? findUserByName(db, typed) : undefined;
  const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyNothing(password, defaultParameters(settings.passwordHashLogN));
  if (!user || !ok) {
    logAuthEvent(db, 'sign-in-failed', typed, { actor: typed, address: input.address }, user ? 'wrong password' : 'no such user');
    return { kind: 'failed' };
  }
  // a hash made with weaker parameters than today's is made again, now that the password is known
  const params = parametersOf(user.passwordHash);
  const upgraded = params && params.logN < settings.passwordHashLogN ? await hashPassword(password, defaultParameters(settings.passwordHashLogN)) : null;
  const cookie = randomBytes(32).toString('base64url');
  const at = now();
  const session: SessionRecord = { idHash: hashId(cookie), userId: user.id, csrfToken: randomBytes(24).toString('base64url'), createdAt: at, lastSeenAt: at, address: input.address };
  db.transaction(() => {
    if (input.previousCookie && sessionIdPattern.test(input.previousCookie)) deleteSession(db, hashId(input.previousCookie));
    deleteSessionsIdleSince(db, new Date(started - settings.sessionIdleMinutes * 60_000).toISOString());
    if (upgraded) updatePasswordHash(db, user.id, upgraded, at, { changed: false });
    insertSession(db, session);
    logAuthEvent(db, 'sign-in', user.name, { actor: user.name, address: input.address });
  }).immediate();
  return { kind: 'signed-in', user: authUserOf(user), cookie, session };
}

/** How often a session's (or an API token's) last-seen time is written (not on every request: writes are shared). */
export const touchEveryMs = 60_000;

/** The session a cookie names, if it has not expired; an expired one is deleted. */
export function resolveSession(db: Database, cookie: string | undefined, settings: AccountSettings, at = Date.now()): OpenSession | null {
  if (!cookie || !sessionIdPattern.test(cookie)) return null;
  const idHash = hashId(cookie);
  const session = findSession(db, idHash);
  if (!session) return null;
  const lastSeen = Date.parse(session.lastSeenAt);
  // both writes are bookkeeping a request must not wait for while another connection writes
  // (writeUnlessBusy): an expired session left undeleted is refused all the same, and a last-seen
  // time not written now is written by a later request
  if (!(lastSeen + settings.sessionIdleMinutes * 60_000 > at)) {
    writeUnlessBusy(db, () => deleteSession(db, idHash));
    return null;
  }
  const user = findUserById(db, session.userId);
  if (!user) return null;
  if (at - lastSeen > touchEveryMs) writeUnlessBusy(db, () => touchSession(db, idHash, new Date(at).toISOString()));
  return { user: authUserOf(user), session };
}

export function signOut(db: Database, open: OpenSession, address: string): void {
  db.transaction(() => {
    deleteSession(db, open.session.idHash);
    logAuthEvent(db, 'sign-out', open.user.name, { actor: open.user.name, address });
  }).immediate();
}

export const sessionHashOf = hashId;

// ---- what a user may do ----

/** The role a user has for a work: the work's role for them if one is set, else their server role. */
export function roleForWork(db: Database, user: AuthUser, slug: string | undefined): Role {
  if (user.local || !slug) return user.role;
  return findWorkRole(db, user.id, slug) ?? user.role;
}

/**
 * Whether a user may do something: for a permission that applies per work, with their role for that
 * work (`slug`), or — asked without a work — with their server role or any of their work roles.
 */
export function userMay(db: Database, user: AuthUser, permission: Permission, slug?: string): boolean {
  if (user.local) return true;
  if (!permissions[permission].perWork) return roleGrants(user.role, permission);
  if (slug !== undefined) return roleGrants(roleForWork(db, user, slug), permission);
  return roleGrants(user.role, permission) || listWorkRoles(db, user.id).some((r) => roleGrants(r.role, permission));
}

// ---- the auth log ----

export interface AuthLog {
  events: AuthEventRecord[];
  kinds: string[];
  kind: string | null;
  user: string | null;
  limit: number;
}

export const authLogLimit = 1000;

export function readAuthLog(db: Database, filter: { kind?: string; user?: string }): AuthLog {
  const kind = filter.kind && /^[a-z][a-z-]{0,40}$/.test(filter.kind) ? filter.kind : null;
  const user = filter.user?.trim() ? filter.user.trim().slice(0, 100) : null;
  return { events: listAuthEvents(db, { kind: kind ?? undefined, user: user ?? undefined, limit: authLogLimit }), kinds: listAuthEventKinds(db), kind, user, limit: authLogLimit };
}
