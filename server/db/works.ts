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

/** A page of the works in library order, whose slug or title holds `filter` (ASCII case-insensitive), and how many there are. */
export function listWorksPage(db: Database, options: { offset: number; limit: number; filter?: string }): { works: WorkRecord[]; total: number } {
  const filter = options.filter?.trim() ?? '';
  const where = filter ? "WHERE slug LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\'" : '';
  const pattern = `%${filter.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const params = filter ? [pattern, pattern] : [];
  const total = db.prepare(`SELECT COUNT(*) FROM works ${where}`).pluck().get(...params) as number;
  const works = db.prepare(`SELECT ${columns} FROM works ${where} ORDER BY title COLLATE NOCASE, id LIMIT ? OFFSET ?`).all(...params, options.limit, options.offset) as WorkRecord[];
  return { works, total };
}
