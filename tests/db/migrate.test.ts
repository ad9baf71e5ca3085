// The migration runner on real temp SQLite files: a fresh database gets every migration once, in a
// transaction each, recorded in schema_migrations; a newer database is refused untouched; a failing
// migration is rolled back and the database is not opened half-migrated.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { MigrationError, migrate, readMigrations } from '../../server/db/migrate.ts';
import { findConceptByKey, listConcepts } from '../../server/db/terms.ts';
import { termbaseSnapshot } from '../../server/services/terms-termbase.ts';
import { readTermbaseJson } from '../../server/terms/termbase-json.ts';
import { termTypes, type ConceptData } from '../../server/terms/termbase.ts';
import { isContentLanguage } from '../../server/text/languages.ts';

const migrationsDir = loadConfig({}).migrationsDir;
const shipped = fs.readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-migrate-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function tables(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function schemaRows(db: BetterSqlite3.Database): Array<{ version: number; name: string }> {
  return db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>;
}

function fileDigest(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function writeMigrations(files: Record<string, string>): string {
  const target = path.join(dir, 'migrations');
  fs.mkdirSync(target);
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(target, name), sql);
  return target;
}

describe('migrations on a fresh database', () => {
  it('creates the file (and its folder), in WAL mode with foreign keys on, with a schema_migrations row per file', () => {
    expect(shipped.length).toBeGreaterThan(0);
    const file = path.join(dir, 'nested', 'folder', 'fresh.sqlite');
    const db = openDatabase(file, migrationsDir);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(schemaRows(db)).toEqual(
        shipped.map((f) => {
          const m = /^(\d+)_(.+)\.sql$/.exec(f)!;
          return { version: Number(m[1]), name: m[2] };
        }),
      );
      for (const table of ['works', 'versions', 'blocks', 'sentences', 'work_columns', 'alignments', 'beads', 'event_alignments', 'events', 'schema_migrations']) {
        expect(tables(db)).toContain(table);
      }
      // Foreign keys are enforced, not just declared.
      expect(() => db.prepare("INSERT INTO versions (work_id, name, lang, status, label, encoding, raw_bytes, content_sha256, text, imported_at) VALUES (999, 'en', 'en', 'working', 'x', 'utf-8', x'00', 'x', 'x', 'now')").run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
    }
  });

  it('applies nothing again when the database is reopened', () => {
    const file = path.join(dir, 'reopen.sqlite');
    openDatabase(file, migrationsDir).close();
    const first = new BetterSqlite3(file);
    const appliedAt = first.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    first.close();

    const db = openDatabase(file, migrationsDir);
    try {
      expect(db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all()).toEqual(appliedAt);
      expect(migrate(db, readMigrations(migrationsDir))).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('returns the versions it applied', () => {
    const db = new BetterSqlite3(path.join(dir, 'direct.sqlite'));
    try {
      const migrations = readMigrations(migrationsDir);
      expect(migrate(db, migrations)).toEqual(migrations.map((m) => m.version));
      expect(migrate(db, migrations)).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('a database from a newer Triptych', () => {
  it('is refused with a clear message and left untouched', () => {
    const file = path.join(dir, 'newer.sqlite');
    openDatabase(file, migrationsDir).close();
    const raw = new BetterSqlite3(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z')").run();
    raw.close();
    const before = fileDigest(file);

    let error: unknown;
    try {
      openDatabase(file, migrationsDir).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/schema version 999/);
    expect((error as Error).message).toMatch(/use a newer Triptych or another database file/);

    expect(fileDigest(file)).toBe(before);
    const check = new BetterSqlite3(file, { readonly: true });
    try {
      expect(schemaRows(check).map((r) => r.version)).toContain(999);
      expect(schemaRows(check)).toHaveLength(shipped.length + 1);
    } finally {
      check.close();
    }
  });
});

describe('a failing migration', () => {
  const good = 'CREATE TABLE first_table (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO first_table (name) VALUES (\'kept\');\n';
  const bad =
    'CREATE TABLE second_table (id INTEGER PRIMARY KEY);\n' +
    "INSERT INTO second_table (id) VALUES (1);\n" +
    'INSERT INTO no_such_table (id) VALUES (1);\n';

  it('is rolled back whole: its table does not exist, the schema stays at 1, and opening throws', () => {
    const migrations = writeMigrations({ '001_first.sql': good, '002_broken.sql': bad });
    const file = path.join(dir, 'failing.sqlite');
    expect(() => openDatabase(file, migrations)).toThrow(MigrationError);
    expect(() => openDatabase(file, migrations)).toThrow(/migration 2 \(broken\) failed and was rolled back: no such table: no_such_table/);

    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(tables(db)).toContain('first_table');
      expect(tables(db)).not.toContain('second_table');
      expect(schemaRows(db)).toEqual([{ version: 1, name: 'first' }]);
      expect(db.prepare('SELECT name FROM first_table').all()).toEqual([{ name: 'kept' }]);
    } finally {
      db.close();
    }
  });

  it('is applied once fixed, on the next open', () => {
    const migrations = writeMigrations({ '001_first.sql': good, '002_broken.sql': bad });
    const file = path.join(dir, 'fixed.sqlite');
    expect(() => openDatabase(file, migrations)).toThrow(MigrationError);
    fs.writeFileSync(path.join(migrations, '002_broken.sql'), 'CREATE TABLE second_table (id INTEGER PRIMARY KEY);\n');
    const db = openDatabase(file, migrations);
    try {
      expect(schemaRows(db).map((r) => r.version)).toEqual([1, 2]);
      expect(tables(db)).toContain('second_table');
    } finally {
      db.close();
    }
  });

  it('keeps the server from opening the workspace half-migrated', async () => {
    const migrations = writeMigrations({ '001_first.sql': good, '002_broken.sql': bad });
    const file = path.join(dir, 'server.sqlite');
    const { openWorkspace } = await import('../../server/services/workspace.ts');
    const config = { ...loadConfig({ TRIPTYCH_DB: file, TRIPTYCH_SEED: '0' }), migrationsDir: migrations };
    await expect(openWorkspace(config, 'test')).rejects.toThrow(/migration 2 \(broken\) failed and was rolled back/);
  });
});

describe('migration files', () => {
  it.each(['1_init.sql', '001-init.sql', '001_Init.sql', 'init.sql', '001_init table.sql'])('refuses a file named %s', (name) => {
    const migrations = writeMigrations({ '001_first.sql': 'CREATE TABLE a (id INTEGER);', [name]: 'CREATE TABLE b (id INTEGER);' });
    const file = path.join(dir, 'misnamed.sqlite');
    expect(() => readMigrations(migrations)).toThrow(MigrationError);
    expect(() => openDatabase(file, migrations)).toThrow(new RegExp(`migration file '${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not named NNN_name\\.sql`));
    // Nothing of the well-named file was applied either.
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      expect(tables(db)).not.toContain('a');
    } finally {
      db.close();
    }
  });

  it('refuses two files with the same number', () => {
    const migrations = writeMigrations({ '001_first.sql': 'CREATE TABLE a (id INTEGER);', '001_second.sql': 'CREATE TABLE b (id INTEGER);' });
    expect(() => readMigrations(migrations)).toThrow(/two migration files carry the number 1/);
  });

  it('ignores files that are not SQL', () => {
    const migrations = writeMigrations({ '001_first.sql': 'CREATE TABLE a (id INTEGER);', 'README.md': '# notes' });
    expect(readMigrations(migrations).map((m) => m.name)).toEqual(['first']);
  });

  it('applies the files in numeric order', () => {
    const migrations = writeMigrations({
      '010_third.sql': 'ALTER TABLE a ADD COLUMN c INTEGER;',
      '002_second.sql': 'ALTER TABLE a ADD COLUMN b INTEGER;',
      '001_first.sql': 'CREATE TABLE a (id INTEGER);',
    });
    const db = openDatabase(path.join(dir, 'order.sqlite'), migrations);
    try {
      expect(schemaRows(db).map((r) => r.version)).toEqual([1, 2, 10]);
      expect((db.prepare('PRAGMA table_info(a)').all() as { name: string }[]).map((c) => c.name)).toEqual(['id', 'b', 'c']);
    } finally {
      db.close();
    }
  });
});

describe('migration 004: the term type', () => {
  const declarationConcepts = readTermbaseJson(fs.readFileSync(path.join(projectRoot, 'texts', 'declaration-2005', 'termbase.json'), 'utf8'), isContentLanguage);

  // A database as Triptych left it at migration 003: the declaration's termbase seeded the way the
  // seeding then stored it (without the types), a concept of the user's, a shipped term the user
  // retyped, and a document date.
  function databaseAt003(file: string, options: { seeded?: boolean } = {}): void {
    const db = new BetterSqlite3(file);
    try {
      expect(migrate(db, readMigrations(migrationsDir).filter((m) => m.version <= 3))).toEqual([1, 2, 3]);
      const at = '2026-01-01T00:00:00.000Z';
      const concept = db.prepare('INSERT INTO term_concepts (key, definition, subject, note, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const term = db.prepare(`INSERT INTO term_entries (concept_id, lang, text, status, valid_from, valid_until, usage_note, context)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      db.transaction(() => {
        for (const c of declarationConcepts) {
          const id = Number(concept.run(c.key, c.definition, c.subject, c.note, c.source, at, at).lastInsertRowid);
          for (const t of c.terms) term.run(id, t.lang, t.text, t.status, t.validFrom, t.validUntil, t.usageNote, t.context);
        }
        if (options.seeded !== false) db.prepare("INSERT INTO termbase_seeds (name, at) VALUES ('declaration-2005', ?)").run(at);
        const own = Number(concept.run('supervisory-body', 'A body of the user', 'organs', '', '', at, at).lastInsertRowid);
        term.run(own, 'ru', 'НО', 'admitted', null, null, 'Сокращение.', '');
        term.run(own, 'ru', 'Наблюдательный орган', 'preferred', '2006', null, '', '');
        // The user renamed the Russian abbreviation of the UN: not the shipped term any more.
        db.prepare("UPDATE term_entries SET text = 'О.О.Н.' WHERE text = 'ООН'").run();
      })();
    } finally {
      db.close();
    }
  }

  const rowsOf = (db: BetterSqlite3.Database) =>
    db.prepare('SELECT id, concept_id, lang, text, status, valid_from, valid_until, usage_note, context FROM term_entries ORDER BY id').all();

  it('upgrades a database at 003 with terms: every row kept, the shipped types filled in, the user\'s terms without one', () => {
    const file = path.join(dir, 'at-003.sqlite');
    databaseAt003(file);
    const raw = new BetterSqlite3(file);
    const before = rowsOf(raw);
    expect((raw.prepare('PRAGMA table_info(term_entries)').all() as { name: string }[]).map((c) => c.name)).not.toContain('term_type');
    raw.close();

    const db = openDatabase(file, migrationsDir);
    try {
      expect(schemaRows(db).map((r) => r.version)).toEqual(shipped.map((f) => Number(f.slice(0, 3))));
      expect(rowsOf(db)).toEqual(before);
      const typed = (key: string) => findConceptByKey(db, key)!.terms.map((t) => [t.lang, t.text, t.termType ?? null]);
      expect(typed('sco')).toEqual([
        ['en', 'Shanghai Cooperation Organisation', 'fullForm'], ['en', 'Shanghai Cooperation Organization', 'variant'], ['en', 'SCO', 'abbreviation'],
        ['ru', 'Шанхайская организация сотрудничества', 'fullForm'], ['ru', 'ШОС', 'abbreviation'],
        ['zh', '上海合作组织', 'fullForm'], ['zh', '上合组织', 'shortForm'],
      ]);
      expect(typed('supervisory-body')).toEqual([['ru', 'Наблюдательный орган', null], ['ru', 'НО', null]]);
      expect(typed('un').filter(([lang]) => lang === 'ru')).toEqual([['ru', 'Организация Объединенных Наций', null], ['ru', 'О.О.Н.', null]]);
      // Apart from the renamed term, the upgraded termbase is the one a fresh seeding stores.
      const sorted = (concepts: ConceptData[]) =>
        concepts
          .map((c) => ({ ...c, terms: [...c.terms].sort((a, b) => `${a.lang} ${a.text}`.localeCompare(`${b.lang} ${b.text}`)) }))
          .sort((a, b) => a.key.localeCompare(b.key));
      const upgraded = termbaseSnapshot(db).filter((c) => c.key !== 'supervisory-body' && c.key !== 'un');
      expect(sorted(upgraded)).toEqual(sorted(declarationConcepts.filter((c) => c.key !== 'un')));
      expect(listConcepts(db).flatMap((c) => c.terms).filter((t) => t.termType)).toHaveLength(19);
    } finally {
      db.close();
    }
  });

  it('fills in no type where the declaration\'s termbase was not seeded', () => {
    const file = path.join(dir, 'not-seeded.sqlite');
    databaseAt003(file, { seeded: false });
    const db = openDatabase(file, migrationsDir);
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM term_entries WHERE term_type IS NOT NULL').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('accepts exactly the term types of the model, and no type', () => {
    const db = openDatabase(path.join(dir, 'types.sqlite'), migrationsDir);
    try {
      // The CHECK of the column lists the model's termTypes, in their order.
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'term_entries'").get() as { sql: string }).sql;
      const check = /term_type TEXT CHECK \(term_type IS NULL OR term_type IN \(([^)]*)\)\)/.exec(sql);
      expect(check).not.toBeNull();
      expect([...check![1].matchAll(/'([^']*)'/g)].map((m) => m[1])).toEqual([...termTypes]);
      const concept = Number(db.prepare("INSERT INTO term_concepts (key, created_at, updated_at) VALUES ('x', 'now', 'now')").run().lastInsertRowid);
      const insert = db.prepare("INSERT INTO term_entries (concept_id, lang, text, status, term_type) VALUES (?, 'en', ?, 'preferred', ?)");
      for (const type of [...termTypes, null]) expect(() => insert.run(concept, `term ${type}`, type)).not.toThrow();
      for (const bad of ['nickname', 'Abbreviation', '', 'fullform', 'short form']) {
        expect(() => insert.run(concept, `bad ${bad}`, bad)).toThrow(/CHECK constraint failed/);
      }
      expect(() => db.prepare("UPDATE term_entries SET term_type = 'nickname' WHERE concept_id = ?").run(concept)).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });
});

describe('migration 005: disputed rows', () => {
  it('adds the flag to the rows of an existing grid as not disputed, and accepts only 0 and 1', () => {
    const file = path.join(dir, 'at-004.sqlite');
    const old = new BetterSqlite3(file);
    try {
      expect(migrate(old, readMigrations(migrationsDir).filter((m) => m.version <= 4))).toEqual([1, 2, 3, 4]);
      const work = Number(old.prepare("INSERT INTO works (slug, title, pivot_lang, created_at) VALUES ('w', 'W', 'en', 'now')").run().lastInsertRowid);
      old.prepare("INSERT INTO alignment_rows (work_id, position, origin, confidence) VALUES (?, 0, 'auto', 0.4), (?, 1, 'manual', NULL)").run(work, work);
    } finally {
      old.close();
    }
    const at005 = new BetterSqlite3(file);
    try {
      expect(migrate(at005, readMigrations(migrationsDir).filter((m) => m.version <= 5))).toEqual([5]);
      expect(at005.prepare('SELECT position, confidence, disputed FROM alignment_rows ORDER BY position').all()).toEqual([
        { position: 0, confidence: 0.4, disputed: 0 },
        { position: 1, confidence: null, disputed: 0 },
      ]);
      expect(() => at005.prepare('UPDATE alignment_rows SET disputed = 2').run()).toThrow(/CHECK constraint failed/);
    } finally {
      at005.close();
    }
    // migration 006 then replaces the grid by pairs (tests/db/migrate-pairs.test.ts)
    const db = openDatabase(file, migrationsDir);
    try {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'alignment_rows'").all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
