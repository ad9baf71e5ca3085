// The concordance index follows the sentences whoever changes them: an import, a replaced version
// (its sentences stay indexed but are never found), an edit, a split or merge of a sentence through
// the editor, a removed version; a deleted work takes its entries along (trigger); a sentence's text is never updated in
// place; a database made before the index gets it when migrated; rebuilding gives the same entries.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { migrate, readMigrations } from '../../server/db/migrate.ts';
import { rebuildSentenceIndex } from '../../server/db/sentence-search.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { importVersion, removeVersion } from '../../server/services/import-version.ts';
import { readGridRows, readWork } from '../../server/services/read-work.ts';
import { searchConcordance } from '../../server/services/concordance.ts';
import { createTestApp, makeTempDir, type TestApp } from '../http/helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const found = (query: string, lang?: string) =>
  searchConcordance(t.workspace.db, { query, lang, limit: 100 }).hits.flatMap((h) => h.cells[h.column].sentences.filter((s) => s.marks.length).map((s) => `${h.work.slug}/${h.version}/${s.ordinal}`));

const entries = (db: BetterSqlite3.Database) => db.prepare('SELECT COUNT(*) FROM sentence_search').pluck().get() as number;
const sentences = (db: BetterSqlite3.Database) => db.prepare('SELECT COUNT(*) FROM sentences').pluck().get() as number;

describe('the concordance index', () => {
  it('has an entry for every sentence of the seeded works', () => {
    expect(entries(t.workspace.db)).toBe(sentences(t.workspace.db));
    expect(found('Ташкенте', 'ru').length).toBeGreaterThan(0);
  });

  it('finds the new text of an edited sentence, not the old one, and follows a split', () => {
    const db = t.workspace.db;
    const view = readWork(db, 'declaration-2005');
    const ru = view.columns.findIndex((v) => v.name === 'ru');
    const row = readGridRows(db, view, 0, 5).find((r) => r.cells[ru].sentences.length > 0)!;
    const sentence = row.cells[ru].sentences[0];
    applyEditCommand(db, 'declaration-2005', { kind: 'grid' }, { op: 'edit-sentence', row: row.number - 1, column: ru, ordinal: sentence.ordinal, text: 'Кукурузные поля Шанхая. Вторая фраза о пшенице.', expected: sentence.text }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
    expect(found('кукурузное', 'ru')).toEqual([`declaration-2005/ru/${sentence.ordinal}`]);
    expect(found('пшеница', 'ru')).toEqual([`declaration-2005/ru/${sentence.ordinal}`]);
    const text = 'Кукурузные поля Шанхая. Вторая фраза о пшенице.';
    applyEditCommand(db, 'declaration-2005', { kind: 'grid' }, { op: 'split-sentence', row: row.number - 1, column: ru, ordinal: sentence.ordinal, offset: text.indexOf('Вторая'), expected: text }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
    expect(found('пшеница', 'ru')).toEqual([`declaration-2005/ru/${sentence.ordinal + 1}`]);
    expect(entries(db)).toBe(sentences(db));
    const split = readGridRows(db, readWork(db, 'declaration-2005'), 0, 10).find((r) => r.cells[ru].sentences.some((s) => s.ordinal === sentence.ordinal))!;
    applyEditCommand(db, 'declaration-2005', { kind: 'grid' }, { op: 'merge-sentences', row: split.number - 1, column: ru, ordinal: sentence.ordinal, expected: 'Кукурузные поля Шанхая.' }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
    expect(found('пшеница', 'ru')).toEqual([`declaration-2005/ru/${sentence.ordinal}`]);
    expect(found('кукурузное', 'ru')).toEqual([`declaration-2005/ru/${sentence.ordinal}`]);
    expect(entries(db)).toBe(sentences(db));
  });

  it('finds nothing of a removed version, and the rest of its work still', () => {
    const db = t.workspace.db;
    expect(found('秘书处', 'zh').length).toBeGreaterThan(0);
    removeVersion(db, { workSlug: 'declaration-2005', name: 'zh', actor: 'test' });
    expect(found('秘书处', 'zh')).toEqual([]);
    expect(found('Ташкенте', 'ru').length).toBeGreaterThan(0);
    expect(entries(db)).toBe(sentences(db));
  });

  it('never finds the sentences of a replaced version, and drops the entries of a deleted work', async () => {
    const db = t.workspace.db;
    await importVersion(db, t.workspace.alignResources, {
      workSlug: 'declaration-2005', lang: 'zh', status: 'working', fileName: 'zh.txt', replace: true, actor: 'test', maxBytes: 1 << 20, segmentation: 'lines',
      bytes: new TextEncoder().encode('上海合作组织成员国元首宣言。\n地区反恐怖机构理事会发挥作用。\n'),
    });
    expect(found('理事会发挥', 'zh')).toEqual(['declaration-2005/zh/1']);
    expect(found('秘书处', 'zh')).toEqual([]);
    expect(entries(db)).toBe(sentences(db));
    db.prepare("DELETE FROM works WHERE slug = 'declaration-2005'").run();
    expect(sentences(db)).toBe(0);
    expect(entries(db)).toBe(0);
  });

  it('refuses to update a sentence\'s text in place', () => {
    expect(() => t.workspace.db.prepare("UPDATE sentences SET text = 'x' WHERE id = (SELECT MIN(id) FROM sentences)").run()).toThrow(/never updated in place/);
  });

  it('is rebuilt to the same entries', () => {
    const db = t.workspace.db;
    const terms = () => db.prepare("SELECT rowid FROM sentence_search WHERE sentence_search MATCH '\"zh_恐怖\" OR \"ru_структур\" OR \"en_cooper\"' ORDER BY rowid").pluck().all();
    const before = terms();
    expect(before.length).toBeGreaterThan(10);
    expect(rebuildSentenceIndex(db)).toBe(sentences(db));
    expect(terms()).toEqual(before);
  });
});

describe('a search for one character', () => {
  it('finds it wherever it stands in a run, exactly as the prefix of the bigrams it begins did', () => {
    const db = t.workspace.db;
    const zhSentences = db.prepare("SELECT s.id, s.text FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.lang = 'zh'").all() as Array<{ id: number; text: string }>;
    const byCharacter = (ch: string) => db.prepare('SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? ORDER BY rowid').pluck().all(`chars : "zh_${ch}"`);
    const byPrefix = (ch: string) => db.prepare('SELECT rowid FROM sentence_search WHERE sentence_search MATCH ? ORDER BY rowid').pluck().all(`{terms joined} : "zh_${ch}" *`);
    // characters that begin, end and stand inside runs: 上 (begins 上海), 织 (ends 组织), 作 (inside 合作组织), 。 is no character of a run
    for (const ch of ['上', '织', '作', '恐', '秘', '国']) {
      const holding = zhSentences.filter((x) => x.text.includes(ch)).map((x) => x.id).sort((a, b) => a - b);
      expect(holding.length, ch).toBeGreaterThan(0);
      expect(byCharacter(ch), ch).toEqual(holding);
      expect(byPrefix(ch), ch).toEqual(holding);
    }
    expect(found('织', 'zh').length).toBe(zhSentences.filter((x) => x.text.includes('织')).length);
  });

  it('finds a character that carries combining marks in the sentence by the bare character and by its spelling', async () => {
    const db = t.workspace.db;
    await importVersion(db, t.workspace.alignResources, {
      workSlug: 'thai', workTitle: 'Thai', lang: 'th', status: 'working', fileName: 'th.txt', actor: 'test', maxBytes: 1 << 20, segmentation: 'lines',
      bytes: new TextEncoder().encode('กินข้าว\nดีมาก\n'),
    });
    expect(found('ข', 'th')).toEqual(['thai/th/0']);
    expect(found('ข้', 'th')).toEqual(['thai/th/0']);
    expect(found('ด', 'th')).toEqual(['thai/th/1']);
    expect(found('ก', 'th')).toEqual(['thai/th/0', 'thai/th/1']);
  });
});

/**
 * A database migrated up to (not including) migration `below`, holding one version of `lang` with
 * one sentence (id 7), and what `before` writes as the code of that time would have; then opened as
 * Triptych opens it now, and given to `check`.
 */
function upgraded(below: number, lang: string, text: string, before: (old: BetterSqlite3.Database) => void, check: (db: BetterSqlite3.Database) => void): void {
  const dir = makeTempDir('triptych-search-migrate-');
  try {
    const file = path.join(dir, 'old.sqlite');
    const old = new BetterSqlite3(file);
    migrate(old, readMigrations(loadConfig({}).migrationsDir).filter((m) => m.version < below));
    old.prepare("INSERT INTO works (id, slug, title, created_at) VALUES (1, 'w', 'W', 'now')").run();
    old.prepare("INSERT INTO versions (id, work_id, name, lang, status, label, encoding, raw_bytes, content_sha256, text, imported_at) VALUES (1, 1, ?, ?, 'working', ?, 'utf-8', x'', '', '', 'now')").run(lang, lang, lang);
    old.prepare("INSERT INTO blocks (version_id, ordinal, kind, start, end, part, paragraph) VALUES (1, 0, 'paragraph', 0, 10, 0, 0)").run();
    old.prepare('INSERT INTO sentences (id, version_id, ordinal, block, start, end, text) VALUES (7, 1, 0, 0, 0, 10, ?)').run(text);
    before(old);
    old.close();
    const db = openDatabase(file, loadConfig({}).migrationsDir);
    try {
      check(db);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const matching = (db: BetterSqlite3.Database, query: string) => db.prepare('SELECT rowid FROM sentence_search WHERE sentence_search MATCH ?').pluck().all(query);

describe('migration 023', () => {
  it('makes the index of a database made after 020 again, with each Chinese character as a term of its own', () => {
    // written as 020's code wrote it: the sentence and its two columns of terms
    const as020 = (old: BetterSqlite3.Database) => old.prepare("INSERT INTO sentence_search (rowid, terms, joined) VALUES (7, 'zh_上海 zh_海合 zh_合作 zh_作组 zh_组织 zh_织', '')").run();
    upgraded(21, 'zh', '上海合作组织', as020, (db) => {
      expect(matching(db, 'chars : "zh_作"')).toEqual([7]);
      expect(matching(db, '"zh_合作 zh_作组"')).toEqual([7]);
      expect(matching(db, 'chars : "zh_恐"')).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) FROM sentence_search').pluck().get()).toBe(1);
    });
  });
});

describe('migration 020', () => {
  it('indexes the sentences of a database made before it', () => {
    upgraded(20, 'ru', 'Структуры ШОС работают.', () => {}, (db) => {
      expect(matching(db, '"ru_структур"')).toEqual([7]);
      // 023 made the index again with the column of characters, filled from the same sentences
      expect(matching(db, 'chars : "ru_ш"')).toEqual([]);
      expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(23);
    });
  });
});
