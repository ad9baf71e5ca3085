// The row counts the library shows, kept in the database under each work's state key: an import
// stores the count of the work it imported, an edit makes the stored count stale (it is derived
// again, never shown stale), another process reads the stored count without deriving, and a reader
// never waits for the write lock to store one.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { storedRowCount, storeRowCount } from '../../server/db/row-counts.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { stateKey } from '../../server/services/alignment-state.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { readLibraryPage, readWork, workRowCount } from '../../server/services/read-work.ts';
import { createTestApp, type TestApp } from '../http/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
});
afterEach(() => t.close());

// sentences of very different lengths, with their numbers: the aligner pairs them one to one
const lines = (n: number, word: string) => Array.from({ length: n }, (_, i) => `${word} ${i + 1}: ${'lorem ipsum '.repeat(1 + ((i * 5) % 11))}${2000 + i}.`).join('\n') + '\n';
const stored = (db: BetterSqlite3.Database, slug: string) => db.prepare('SELECT c.state_key AS key, c.rows FROM work_row_counts c JOIN works w ON w.id = c.work_id WHERE w.slug = ?').get(slug) as { key: string; rows: number } | undefined;

async function importTwo(db: BetterSqlite3.Database, slug: string) {
  for (const [lang, word] of [['en', 'Sentence'], ['fr', 'Phrase']] as const) {
    await importVersion(db, t.workspace.alignResources, { workSlug: slug, workTitle: slug, lang, status: 'working', fileName: `${lang}.txt`, actor: 'test', maxBytes: 1 << 20, segmentation: 'lines', bytes: new TextEncoder().encode(lines(6, word)) });
  }
}

describe('the row counts of the library', () => {
  it('are stored by an import under the work state key, and read from there by another process', async () => {
    const db = t.workspace.db;
    await importTwo(db, 'counted');
    const work = findWorkBySlug(db, 'counted')!;
    const row = stored(db, 'counted');
    expect(row).toBeDefined();
    expect(row!.key.endsWith(stateKey(db, work.id))).toBe(true);
    expect(row!.rows).toBe(readWork(db, 'counted').rowCount);
    // another connection (another process) finds the count as stored: forge a different one to see it is read, not derived
    db.prepare('UPDATE work_row_counts SET rows = 99 WHERE work_id = ?').run(work.id);
    const other = openDatabase(t.dbFile, loadConfig({}).migrationsDir);
    try {
      expect(readLibraryPage(other, { page: 1 }).entries.find((e) => e.work.slug === 'counted')!.rows).toBe(99);
    } finally {
      other.close();
    }
  });

  it('are derived again after an edit, never shown stale', async () => {
    const db = t.workspace.db;
    await importTwo(db, 'edited');
    const before = workRowCount(db, findWorkBySlug(db, 'edited')!);
    expect(before).toBe(readWork(db, 'edited').rowCount);
    expect(before).toBe(6);
    applyEditCommand(db, 'edited', { kind: 'grid' }, { op: 'merge-rows', row: 0 }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
    const after = readWork(db, 'edited').rowCount;
    expect(after).toBe(before - 1);
    // a second process, whose memory knows nothing: the stored count is stale under the new key
    const other = openDatabase(t.dbFile, loadConfig({}).migrationsDir);
    try {
      expect(readLibraryPage(other, { page: 1 }).entries.find((e) => e.work.slug === 'edited')!.rows).toBe(5);
    } finally {
      other.close();
    }
    expect(stored(db, 'edited')!.rows).toBe(5);
  });

  it('are not stored, without waiting, while another connection holds the write lock; the page is answered all the same', async () => {
    const db = t.workspace.db;
    await importTwo(db, 'locked');
    const work = findWorkBySlug(db, 'locked')!;
    db.prepare('DELETE FROM work_row_counts').run();
    const writer = new BetterSqlite3(t.dbFile);
    writer.prepare('BEGIN IMMEDIATE').run();
    try {
      const other = openDatabase(t.dbFile, loadConfig({}).migrationsDir, { busyTimeoutMs: 5000 }) as BetterSqlite3.Database;
      try {
        const started = performance.now();
        expect(storeRowCount(other, work.id, 'k', 6)).toBe(false);
        expect(readLibraryPage(other, { page: 1 }).entries.find((e) => e.work.slug === 'locked')!.rows).toBe(6);
        expect(performance.now() - started).toBeLessThan(2500);
        // the connection's own busy timeout is as it was
        expect(other.pragma('busy_timeout', { simple: true })).toBe(5000);
      } finally {
        other.close();
      }
    } finally {
      writer.prepare('ROLLBACK').run();
      writer.close();
    }
    expect(stored(db, 'locked')).toBeUndefined();
    expect(storedRowCount(db, work.id, 'k')).toBeUndefined();
  });

  it('go with their work when it is deleted', async () => {
    const db = t.workspace.db;
    await importTwo(db, 'gone');
    expect(stored(db, 'gone')).toBeDefined();
    db.prepare("DELETE FROM works WHERE slug = 'gone'").run();
    expect(db.prepare('SELECT COUNT(*) FROM work_row_counts').pluck().get()).toBe(0);
  });
});
