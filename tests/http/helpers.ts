// Test workspaces for the HTTP, CLI and browser tests: a real SQLite file in a temp folder, migrated
// and (by default) seeded with the shipped works, and the real Express app on top of it. Nothing is
// mocked: what a test reads back is what the app stored.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

export interface TestApp {
  dir: string;
  dbFile: string;
  workspace: Workspace;
  app: Express;
  /** Closes the database and removes the temp folder. */
  close(): void;
}

export function makeTempDir(prefix = 'triptych-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Opens a workspace on a fresh temp SQLite file (or on `dbFile` when given, e.g. to reopen one with
 * other settings) and builds the app on it. `env` adds or overrides environment settings.
 */
export async function createTestApp(options: { env?: Record<string, string>; dbFile?: string; dir?: string } = {}): Promise<TestApp> {
  const dir = options.dir ?? makeTempDir();
  const dbFile = options.dbFile ?? path.join(dir, 'triptych.sqlite');
  const config = loadConfig({ ...process.env, TRIPTYCH_DB: dbFile, TRIPTYCH_SEED: '1', ...options.env });
  let workspace: Workspace;
  try {
    workspace = await openWorkspace(config, 'test');
  } catch (error) {
    if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const app = await createApp(workspace);
  let closed = false;
  return {
    dir,
    dbFile,
    workspace,
    app,
    close() {
      if (closed) return;
      closed = true;
      workspace.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Csrf {
  token: string;
  /** The Cookie header value that carries the token (add `; lang=ru` etc. as needed). */
  cookie: string;
}

/** GETs the library like a browser would, and returns the CSRF cookie and the form's `_csrf` field. */
export async function getCsrf(app: Express, path = '/'): Promise<Csrf> {
  const res = await request(app).get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const csrfCookie = setCookie.map((c) => /^triptych_csrf=([^;]*)/.exec(c)).find(Boolean);
  if (!csrfCookie) throw new Error(`GET ${path} set no triptych_csrf cookie`);
  const field = /<input type="hidden" name="_csrf" value="([^"]*)"/.exec(res.text);
  if (!field) throw new Error(`GET ${path} has no _csrf hidden field`);
  return { token: field[1], cookie: `triptych_csrf=${csrfCookie[1]}` };
}

/** What must not change when a request or command is refused. */
export interface DatabaseDump {
  works: number;
  versions: number;
  retiredVersions: number;
  blocks: number;
  sentences: number;
  alignments: number;
  beads: number;
  events: number;
  maxEventId: number;
  maxVersionId: number;
  /** A digest of the versions' identity and state and of every pair alignment and bead. */
  digest: string;
}

export function dumpDatabase(db: BetterSqlite3.Database): DatabaseDump {
  const scalar = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
  const hash = createHash('sha256');
  for (const sql of [
    'SELECT id, slug, title FROM works ORDER BY id',
    'SELECT id, work_id, name, lang, status, retired_at, content_sha256 FROM versions ORDER BY id',
    'SELECT id, work_id, version_a, version_b, revision FROM alignments ORDER BY id',
    'SELECT id, alignment_id, a_first, a_count, b_first, b_count, origin, confidence, confirmed, revision FROM beads ORDER BY id',
  ]) {
    hash.update(JSON.stringify(db.prepare(sql).all()));
  }
  // what the accounts, the termbase, annotations and dismissals hold (not sessions or the auth log,
  // which a refused request may rightly add to), in any order
  for (const table of ['users', 'user_work_roles', 'term_concepts', 'term_entries', 'annotations', 'finding_dismissals']) {
    hash.update(JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort()));
  }
  // API tokens, but not when they were last used (bookkeeping, as a session's last request is)
  hash.update(JSON.stringify(db.prepare('SELECT id, user_id, name, secret_sha256, prefix, created_at, expires_at, revoked_at FROM api_tokens ORDER BY id').all()));
  return {
    works: scalar('SELECT COUNT(*) AS n FROM works'),
    versions: scalar('SELECT COUNT(*) AS n FROM versions'),
    retiredVersions: scalar('SELECT COUNT(*) AS n FROM versions WHERE retired_at IS NOT NULL'),
    blocks: scalar('SELECT COUNT(*) AS n FROM blocks'),
    sentences: scalar('SELECT COUNT(*) AS n FROM sentences'),
    alignments: scalar('SELECT COUNT(*) AS n FROM alignments'),
    beads: scalar('SELECT COUNT(*) AS n FROM beads'),
    events: scalar('SELECT COUNT(*) AS n FROM events'),
    maxEventId: scalar('SELECT MAX(id) AS n FROM events'),
    maxVersionId: scalar('SELECT MAX(id) AS n FROM versions'),
    digest: hash.digest('hex'),
  };
}

/** Dumps a database file that no one holds open (e.g. between two CLI runs). */
export function dumpDatabaseFile(file: string): DatabaseDump {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    return dumpDatabase(db);
  } finally {
    db.close();
  }
}

/** The `<tbody id="grid-rows">` of a work page: the rows of the grid and nothing else of the page. */
export function gridBody(html: string): string {
  const start = html.indexOf('<tbody id="grid-rows">');
  const end = html.indexOf('</tbody>', start);
  if (start < 0 || end < 0) throw new Error('the page has no grid body');
  return html.slice(start, end);
}

/** Undoes the HTML escaping Eta applies, for comparing page text with stored text. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every pair alignment of a work, by label ('en|ru'): its beads as [a first, a count, b first, b count, confirmed]. */
export function pairBeadsOf(db: BetterSqlite3.Database, slug: string): Record<string, Array<[number, number, number, number, boolean]>> {
  const rows = db
    .prepare(
      `SELECT va.name || '|' || vb.name AS label, b.a_first, b.a_count, b.b_first, b.b_count, b.confirmed
       FROM alignments a JOIN works w ON w.id = a.work_id JOIN versions va ON va.id = a.version_a JOIN versions vb ON vb.id = a.version_b
       JOIN beads b ON b.alignment_id = a.id WHERE w.slug = ? ORDER BY a.id, b.ord`,
    )
    .all(slug) as Array<{ label: string; a_first: number; a_count: number; b_first: number; b_count: number; confirmed: number }>;
  const out: Record<string, Array<[number, number, number, number, boolean]>> = {};
  for (const r of rows) (out[r.label] ??= []).push([r.a_first, r.a_count, r.b_first, r.b_count, r.confirmed === 1]);
  return out;
}

/** Runs `fn` while another connection to the file holds the write lock (as another process writing would). */
export async function whileAnotherConnectionWrites<T>(dbFile: string, fn: () => Promise<T> | T): Promise<T> {
  const other = new BetterSqlite3(dbFile);
  other.exec('BEGIN IMMEDIATE');
  try {
    return await fn();
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
}
