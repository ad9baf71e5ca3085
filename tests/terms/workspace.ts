// A seeded workspace on a temp SQLite file for the terminology tests (real database, real seeding).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { openWorkspace, type Workspace } from '../../server/services/workspace.ts';

export async function openTermsWorkspace(env: Record<string, string> = {}): Promise<Workspace & { dir: string; dispose(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-terms-'));
  const workspace = await openWorkspace(loadConfig({ ...process.env, TRIPTYCH_DB: path.join(dir, 'triptych.sqlite'), TRIPTYCH_SEED: '1', ...env }), 'test');
  return {
    ...workspace,
    dir,
    dispose() {
      workspace.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row counts of the tables a refused request must leave alone. */
export function termTables(db: Workspace['db']): Record<string, unknown> {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    concepts: all('SELECT * FROM term_concepts ORDER BY id'),
    terms: all('SELECT * FROM term_entries ORDER BY id'),
    languageSections: all('SELECT * FROM term_language_sections ORDER BY concept_id, lang'),
    annotations: all('SELECT * FROM annotations ORDER BY id'),
    events: (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
  };
}
