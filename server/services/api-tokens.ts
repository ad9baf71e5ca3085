// Use cases of personal API tokens, shared by the web (one's own, on the account page), the CLI (an
// administrator's for anyone) and the API's authentication. A token is `tpt_` and 32 random bytes
// (base64url); only its SHA-256 is stored, and it is shown once, when made. A request with a token
// acts as its owner with the owner's roles of the moment; a revoked or expired token, or one whose
// owner was removed (the token went with them), opens nothing. Refused tokens are logged and
// throttled per address as failed sign-ins are.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { retryAfterMs, throttlePolicy } from '../auth/throttle.ts';
import { findApiTokenBySecret, insertApiToken, listApiTokens, markApiTokenRevoked, touchApiToken, findApiToken, type ApiTokenRecord } from '../db/api-tokens.ts';
import { addressFailures } from '../db/auth-events.ts';
import { writeUnlessBusy } from '../db/busy.ts';
import { findUserById } from '../db/users.ts';
import { authUserOf, logAuthEvent, requireUser, touchEveryMs, type ActingAs, type AuthUser } from './accounts.ts';
import { InputError, NotFoundError } from './errors.ts';

export type { ApiTokenRecord } from '../db/api-tokens.ts';

/** What every token starts with, so that it is recognised (by people, and by secret scanners). */
export const apiTokenPrefix = 'tpt_';
const secretPattern = /^tpt_[A-Za-z0-9_-]{43}$/;
/** How much of a token is kept and shown to tell tokens apart: the prefix and 8 of its 43 characters. */
const displayLength = apiTokenPrefix.length + 8;

export const maxTokenNameLength = 60;
export const maxTokenDays = 3650;

const dayMs = 86_400_000;
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function validateTokenName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!name || name.length > maxTokenNameLength || /\p{Cc}/u.test(name)) {
    throw new InputError(`Give the token a name of 1 to ${maxTokenNameLength} characters (what it is for, e.g. "nightly export").`, 400, 'name', {
      key: 'accounts:errors.tokenName',
      params: { max: maxTokenNameLength },
    });
  }
  return name;
}

/** Days until a token expires: none (empty), or a whole number from 1 to maxTokenDays. */
export function validateTokenDays(raw: unknown): number | null {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return null;
  const days = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= maxTokenDays)) {
    throw new InputError(`'${text.slice(0, 20)}' is not a number of days: give a whole number from 1 to ${maxTokenDays}, or nothing for a token that does not expire.`, 400, 'expires', {
      key: 'accounts:errors.tokenDays',
      params: { days: text.slice(0, 20), max: maxTokenDays },
    });
  }
  return days;
}

export type ApiTokenState = 'active' | 'expired' | 'revoked';

export function apiTokenState(token: Pick<ApiTokenRecord, 'revokedAt' | 'expiresAt'>, at = Date.now()): ApiTokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= at) return 'expired';
  return 'active';
}

export interface CreatedApiToken {
  /** the token itself: shown this once, stored nowhere */
  secret: string;
  token: ApiTokenRecord;
}

/** Makes a token for a user (the owner themself on the web; an administrator by the CLI). */
export function createApiToken(db: Database, ownerName: string, input: { name: unknown; days?: unknown }, acting: ActingAs, at = Date.now()): CreatedApiToken {
  const name = validateTokenName(input.name);
  const days = validateTokenDays(input.days);
  const secret = apiTokenPrefix + randomBytes(32).toString('base64url');
  const prefix = secret.slice(0, displayLength);
  const expiresAt = days === null ? null : new Date(at + days * dayMs).toISOString();
  return db.transaction(() => {
    const owner = requireUser(db, ownerName);
    const id = insertApiToken(db, { userId: owner.id, name, secretSha256: hashSecret(secret), prefix, createdAt: new Date(at).toISOString(), expiresAt });
    logAuthEvent(db, 'token-created', owner.name, acting, `${prefix}… "${name}"${expiresAt ? `, expires ${expiresAt.slice(0, 10)}` : ''}`);
    return { secret, token: findApiToken(db, id)! };
  }).immediate();
}

/** A user's tokens (revoked and expired ones too), the newest first. */
export function apiTokensOf(db: Database, ownerName: string): ApiTokenRecord[] {
  return listApiTokens(db, requireUser(db, ownerName).id);
}

/** Every user's tokens, for an administrator. */
export function allApiTokens(db: Database): ApiTokenRecord[] {
  return listApiTokens(db);
}

/**
 * Revokes a token of the owner named; another user's token is as unknown as a token that does not
 * exist (so nobody learns of others' tokens). Revoking a revoked token changes nothing.
 */
export function revokeApiToken(db: Database, ownerName: string, tokenId: string, acting: ActingAs, at = Date.now()): { token: ApiTokenRecord; revoked: boolean } {
  return db.transaction(() => {
    const owner = requireUser(db, ownerName);
    const token = /^\d{1,15}$/.test(tokenId) ? findApiToken(db, Number(tokenId)) : undefined;
    if (!token || token.userId !== owner.id) {
      const id = tokenId.slice(0, 20);
      throw new NotFoundError(`${owner.name} has no API token ${id}.`, { key: 'accounts:errors.noToken', params: { name: owner.name, id } });
    }
    const when = new Date(at).toISOString();
    const revoked = markApiTokenRevoked(db, token.id, when);
    if (revoked) logAuthEvent(db, 'token-revoked', owner.name, acting, `${token.prefix}… "${token.name}"`);
    return { token: revoked ? { ...token, revokedAt: when } : token, revoked };
  }).immediate();
}

export type BearerRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired';

export type BearerOutcome =
  | { kind: 'accepted'; user: AuthUser; token: ApiTokenRecord }
  | { kind: 'refused'; reason: BearerRefusal; token?: ApiTokenRecord }
  | { kind: 'throttled'; retryAfterMs: number };

/** The token of an Authorization header `Bearer tpt_…` (the scheme in any case), or null. */
function secretOf(authorization: string): string | null {
  if (authorization.length > 200) return null;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match && secretPattern.test(match[1]) ? match[1] : null;
}

/**
 * Who an API request's Authorization header says it comes from. An address with too many refused
 * tokens in the throttle's window is refused before any token is looked up; a refusal is logged
 * (with the token's display prefix when it is one Triptych made, never the token). The last use is
 * written at most once a minute, and only if the database is free at once (see writeUnlessBusy).
 */
export function authenticateBearer(db: Database, authorization: string, address: string, at = Date.now()): BearerOutcome {
  const failures = addressFailures(db, address, new Date(at - throttlePolicy.windowMs).toISOString(), 'token-refused');
  const wait = retryAfterMs({ count: 0, latest: null }, { count: failures.count, latest: failures.latest ? Date.parse(failures.latest) : null }, at);
  if (wait > 0) return { kind: 'throttled', retryAfterMs: wait };

  const refuse = (reason: BearerRefusal, token?: ApiTokenRecord): BearerOutcome => {
    const owner = token?.userName ?? '';
    logAuthEvent(db, 'token-refused', owner, { actor: owner, address }, token ? `${reason}: ${token.prefix}… "${token.name}"` : reason);
    return { kind: 'refused', reason, token };
  };
  const secret = secretOf(authorization);
  if (!secret) return refuse('malformed');
  const digest = hashSecret(secret);
  const found = findApiTokenBySecret(db, digest);
  // the lookup is by the hash; comparing it again in constant time costs nothing and assumes nothing of the index
  if (!found || !timingSafeEqual(Buffer.from(found.secretSha256, 'hex'), Buffer.from(digest, 'hex'))) return refuse('unknown');
  const { secretSha256: _hash, ...token } = found;
  const state = apiTokenState(token, at);
  if (state !== 'active') return refuse(state, token);
  const owner = findUserById(db, token.userId);
  if (!owner) return refuse('unknown');
  if (!token.lastUsedAt || at - Date.parse(token.lastUsedAt) >= touchEveryMs) recordUse(db, token.id, at);
  return { kind: 'accepted', user: authUserOf(owner), token };
}

/** Writes a token's last use if the database lets it at once; a failure is logged, never the request's. */
function recordUse(db: Database, id: number, at: number): void {
  try {
    writeUnlessBusy(db, () => touchApiToken(db, id, new Date(at).toISOString()));
  } catch (error) {
    console.error(`could not record the use of API token ${id}: ${(error as Error).message}`);
  }
}
