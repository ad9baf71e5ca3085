// A seeded workspace on a temp SQLite file with the real app on top, for the tests of the checks,
// the comparison and the history (HTTP, CLI and browser). Nothing is mocked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

export interface QaTestApp {
  dir: string;
  dbFile: string;
  workspace: Workspace;
  app: Express;
  close(): void;
}

/** A seeded workspace on a temp file, without the web app (for the tests of services). */
export async function openQaWorkspace(): Promise<Omit<QaTestApp, 'app'>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-qa-'));
  const dbFile = path.join(dir, 'triptych.sqlite');
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: dbFile, TRIPTYCH_SEED: '1' }), 'test');
  return {
    dir,
    dbFile,
    workspace,
    close() {
      workspace.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openQaTestApp(): Promise<QaTestApp> {
  const base = await openQaWorkspace();
  try {
    const { createApp } = await import('../../server/app.ts');
    return { ...base, app: await createApp(base.workspace) };
  } catch (error) {
    base.close();
    throw error;
  }
}

/** The CSRF cookie and form token, read from a page like a browser would. */
export async function csrfOf(app: Express, page = '/'): Promise<{ token: string; cookie: string }> {
  const res = await request(app).get(page);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => /^triptych_csrf=([^;]*)/.exec(c)).find(Boolean);
  const field = /name="_csrf" value="([^"]*)"/.exec(res.text);
  if (!cookie || !field) throw new Error(`GET ${page} gave no CSRF token`);
  return { token: field[1], cookie: `triptych_csrf=${cookie[1]}` };
}

/** What a refused request must leave unchanged. */
export function snapshot(workspace: Workspace): string {
  const db = workspace.db;
  return JSON.stringify([
    db.prepare('SELECT COUNT(*) AS n, MAX(id) AS m FROM events').get(),
    db.prepare('SELECT * FROM finding_dismissals ORDER BY id').all(),
    db.prepare('SELECT COUNT(*) AS n FROM beads').get(),
    db.prepare('SELECT COUNT(*) AS n FROM versions').get(),
  ]);
}
