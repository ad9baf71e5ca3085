// SQL for accounts: users (a role for the whole server) and their roles for single works.
import type { Database } from 'better-sqlite3';
import type { Role } from '../auth/permissions.ts';

export interface UserRecord {
  id: number;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  passwordChangedAt: string;
}

const columns = 'id, name, role, password_hash AS passwordHash, created_at AS createdAt, password_changed_at AS passwordChangedAt';

export function countUsers(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
}

export function countAdministrators(db: Database): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'administrator'").get() as { n: number }).n;
}

export function findUserByName(db: Database, name: string): UserRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM users WHERE name = ?`).get(name) as UserRecord | undefined;
}

export function findUserById(db: Database, id: number): UserRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM users WHERE id = ?`).get(id) as UserRecord | undefined;
}

export function listUsers(db: Database): UserRecord[] {
  return db.prepare(`SELECT ${columns} FROM users ORDER BY name COLLATE NOCASE`).all() as UserRecord[];
}

export function insertUser(db: Database, user: { name: string; role: Role; passwordHash: string; at: string }): number {
  const info = db
    .prepare('INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?)')
    .run(user.name, user.role, user.passwordHash, user.at, user.at);
  return Number(info.lastInsertRowid);
}

export function updateUserRole(db: Database, id: number, role: Role): void {
  db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, id);
}

export function updatePasswordHash(db: Database, id: number, passwordHash: string, at: string, options: { changed: boolean }): void {
  if (options.changed) db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, at, id);
  else db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id);
}

export function deleteUser(db: Database, id: number): void {
  db.prepare('DELETE FROM users WHERE id = ?').run(id);
}

export interface WorkRoleRecord {
  userId: number;
  workId: number;
  slug: string;
  role: Role;
}

export function listWorkRoles(db: Database, userId?: number): WorkRoleRecord[] {
  const sql = `SELECT r.user_id AS userId, r.work_id AS workId, w.slug, r.role FROM user_work_roles r JOIN works w ON w.id = r.work_id`;
  return (userId === undefined
    ? db.prepare(`${sql} ORDER BY w.slug`).all()
    : db.prepare(`${sql} WHERE r.user_id = ? ORDER BY w.slug`).all(userId)) as WorkRoleRecord[];
}

export function findWorkRole(db: Database, userId: number, slug: string): Role | undefined {
  const row = db
    .prepare('SELECT r.role FROM user_work_roles r JOIN works w ON w.id = r.work_id WHERE r.user_id = ? AND w.slug = ?')
    .get(userId, slug) as { role: Role } | undefined;
  return row?.role;
}

export function setWorkRole(db: Database, userId: number, workId: number, role: Role | null): void {
  if (role === null) db.prepare('DELETE FROM user_work_roles WHERE user_id = ? AND work_id = ?').run(userId, workId);
  else
    db.prepare('INSERT INTO user_work_roles (user_id, work_id, role) VALUES (?, ?, ?) ON CONFLICT (user_id, work_id) DO UPDATE SET role = excluded.role').run(
      userId,
      workId,
      role,
    );
}
