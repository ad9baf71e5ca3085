// SQL for sign-in sessions. The cookie's identifier is stored only as its SHA-256 (idHash).
import type { Database } from 'better-sqlite3';

export interface SessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  address: string;
}

const columns = 'id_hash AS idHash, user_id AS userId, csrf_token AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt, address';

export function insertSession(db: Database, session: SessionRecord): void {
  db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?)').run(
    session.idHash,
    session.userId,
    session.csrfToken,
    session.createdAt,
    session.lastSeenAt,
    session.address,
  );
}

export function findSession(db: Database, idHash: string): SessionRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM sessions WHERE id_hash = ?`).get(idHash) as SessionRecord | undefined;
}

export function touchSession(db: Database, idHash: string, at: string): void {
  db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(at, idHash);
}

export function deleteSession(db: Database, idHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}

/** Ends every session of a user but `keep` (after a password change, or all of them). */
export function deleteSessionsOfUser(db: Database, userId: number, keep?: string): void {
  if (keep === undefined) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  else db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?').run(userId, keep);
}

export function deleteSessionsIdleSince(db: Database, before: string): number {
  return db.prepare('DELETE FROM sessions WHERE last_seen_at < ?').run(before).changes;
}
