// SQL for personal API tokens. The secret itself never reaches the database: a token is found by the
// SHA-256 of its secret (hex), and `prefix` is its first characters, kept for display.
import type { Database } from 'better-sqlite3';
import { sql } from './statements.ts';

export interface ApiTokenRecord {
  id: number;
  userId: number;
  /** the owner's name */
  userName: string;
  /** the name the owner gave the token */
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  userId: number;
  name: string;
  secretSha256: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
}

const columns = `t.id, t.user_id AS userId, u.name AS userName, t.name, t.prefix, t.created_at AS createdAt, t.last_used_at AS lastUsedAt,
  t.expires_at AS expiresAt, t.revoked_at AS revokedAt FROM api_tokens t JOIN users u ON u.id = t.user_id`;

export function insertApiToken(db: Database, token: NewApiToken): number {
  const info = sql(db, 'INSERT INTO api_tokens (user_id, name, secret_sha256, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    token.userId,
    token.name,
    token.secretSha256,
    token.prefix,
    token.createdAt,
    token.expiresAt,
  );
  return Number(info.lastInsertRowid);
}

/** The token whose secret has this SHA-256, with the hash as stored (for a comparison in constant time). */
export function findApiTokenBySecret(db: Database, secretSha256: string): (ApiTokenRecord & { secretSha256: string }) | undefined {
  return sql(db, `SELECT t.secret_sha256 AS secretSha256, ${columns} WHERE t.secret_sha256 = ?`).get(secretSha256) as (ApiTokenRecord & { secretSha256: string }) | undefined;
}

export function findApiToken(db: Database, id: number): ApiTokenRecord | undefined {
  return sql(db, `SELECT ${columns} WHERE t.id = ?`).get(id) as ApiTokenRecord | undefined;
}

/** One user's tokens, or (without a user) everyone's; the newest first. */
export function listApiTokens(db: Database, userId?: number): ApiTokenRecord[] {
  return (userId === undefined
    ? sql(db, `SELECT ${columns} ORDER BY u.name COLLATE NOCASE, t.id DESC`).all()
    : sql(db, `SELECT ${columns} WHERE t.user_id = ? ORDER BY t.id DESC`).all(userId)) as ApiTokenRecord[];
}

/** Marks a token revoked; false when it was revoked already. */
export function markApiTokenRevoked(db: Database, id: number, at: string): boolean {
  return sql(db, 'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0;
}

/** Revokes every live token of a user; returns how many. */
export function revokeApiTokensOfUser(db: Database, userId: number, at: string): number {
  return sql(db, 'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, userId).changes;
}

export function touchApiToken(db: Database, id: number, at: string): void {
  sql(db, 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
}
