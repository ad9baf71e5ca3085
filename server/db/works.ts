// SQL for works.
import type { Database } from 'better-sqlite3';

export interface WorkRecord {
  id: number;
  slug: string;
  title: string;
  pivotLang: string;
  createdAt: string;
}

const columns = 'id, slug, title, pivot_lang AS pivotLang, created_at AS createdAt';

export function findWorkBySlug(db: Database, slug: string): WorkRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM works WHERE slug = ?`).get(slug) as WorkRecord | undefined;
}

export function findWorkById(db: Database, id: number): WorkRecord | undefined {
  return db.prepare(`SELECT ${columns} FROM works WHERE id = ?`).get(id) as WorkRecord | undefined;
}

export function listWorks(db: Database): WorkRecord[] {
  return db.prepare(`SELECT ${columns} FROM works ORDER BY title COLLATE NOCASE, id`).all() as WorkRecord[];
}

export function insertWork(db: Database, work: { slug: string; title: string; pivotLang: string; at: string }): WorkRecord {
  const info = db
    .prepare('INSERT INTO works (slug, title, pivot_lang, created_at) VALUES (?, ?, ?, ?)')
    .run(work.slug, work.title, work.pivotLang, work.at);
  return findWorkById(db, Number(info.lastInsertRowid))!;
}
