// The migration runner on real temp SQLite files: a fresh database gets every migration once, in a
// transaction each, recorded in schema_migrations; a newer database is refused untouched; a failing
// migration is rolled back and the database is not opened half-migrated.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { MigrationError, migrate, readMigrations } from '../../server/db/migrate.ts';

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
      for (const table of ['works', 'versions', 'blocks', 'sentences', 'alignment_rows', 'alignment_cells', 'events', 'schema_migrations']) {
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
