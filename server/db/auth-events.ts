// SQL for the auth log: sign-ins, failures, throttled attempts, sign-outs and account changes. The
// throttle counts failures here, so the log is the only record of them.
import type { Database } from 'better-sqlite3';

export interface NewAuthEvent {
  at: string;
  kind: string;
  userName: string;
  address: string;
  actor: string;
  detail: string;
}

export interface AuthEventRecord extends NewAuthEvent {
  id: number;
}

export function appendAuthEvent(db: Database, event: NewAuthEvent): number {
  const info = db
    .prepare('INSERT INTO auth_events (at, kind, user_name, address, actor, detail) VALUES (?, ?, ?, ?, ?, ?)')
    .run(event.at, event.kind, event.userName, event.address, event.actor, event.detail);
  return Number(info.lastInsertRowid);
}

export function listAuthEvents(db: Database, filter: { kind?: string; user?: string; limit: number }): AuthEventRecord[] {
  return db
    .prepare(
      `SELECT id, at, kind, user_name AS userName, address, actor, detail FROM auth_events
       WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR user_name = ? COLLATE NOCASE OR actor = ? COLLATE NOCASE)
       ORDER BY id DESC LIMIT ?`,
    )
    .all(filter.kind ?? null, filter.kind ?? null, filter.user ?? null, filter.user ?? null, filter.user ?? null, filter.limit) as AuthEventRecord[];
}

export function listAuthEventKinds(db: Database): string[] {
  return (db.prepare('SELECT DISTINCT kind FROM auth_events ORDER BY kind').all() as { kind: string }[]).map((r) => r.kind);
}

/** Failed sign-ins of an account since `since` and since its latest successful one: how many, and the latest. */
export function accountFailures(db: Database, userName: string, since: string): { count: number; latest: string | null } {
  return db
    .prepare(
      `SELECT COUNT(*) AS count, MAX(at) AS latest FROM auth_events
       WHERE user_name = ? COLLATE NOCASE AND kind = 'sign-in-failed' AND at >= ?
         AND at > COALESCE((SELECT MAX(at) FROM auth_events WHERE user_name = ? COLLATE NOCASE AND kind = 'sign-in'), '')`,
    )
    .get(userName, since, userName) as { count: number; latest: string | null };
}

/** Failures of a kind (failed sign-ins, by default; or refused API tokens) from an address since `since`. */
export function addressFailures(db: Database, address: string, since: string, kind: 'sign-in-failed' | 'token-refused' = 'sign-in-failed'): { count: number; latest: string | null } {
  return db
    .prepare('SELECT COUNT(*) AS count, MAX(at) AS latest FROM auth_events WHERE address = ? AND kind = ? AND at >= ?')
    .get(address, kind, since) as { count: number; latest: string | null };
}
