// `triptych batch` through runCli on temp folders and databases: good works go in while a broken one
// is reported (exit 1, named), a second run skips what is in and goes on with what is not, a changed
// file needs --replace, a manifest works like a folder, and what a batch stores (in worker threads)
// is what importing the same files one by one stores.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { makeTempDir, pairBeadsOf } from '../http/helpers.ts';
import { captureIo } from './capture-io.ts';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const texts = {
  en: ['The member states will strengthen cooperation in the fight against terrorism.', 'The Regional Anti-Terrorist Structure works in Tashkent.', 'The next meeting will be held in Shanghai in 2006.'],
  ru: ['Государства-члены будут укреплять сотрудничество в борьбе с терроризмом.', 'Региональная антитеррористическая структура работает в Ташкенте.', 'Следующая встреча состоится в Шанхае в 2006 году.'],
  zh: ['成员国将加强打击恐怖主义的合作。', '地区反恐怖机构在塔什干开展工作。', '下次会议将于2006年在上海举行。'],
};

let dir: string;
let dbFile: string;
let folder: string;
const saved: Record<string, string | undefined> = {};

beforeEach(() => {
  for (const name of ['TRIPTYCH_DB', 'TRIPTYCH_SEED']) saved[name] = process.env[name];
  dir = makeTempDir('triptych-batch-');
  dbFile = path.join(dir, 'batch.sqlite');
  folder = path.join(dir, 'corpus');
  process.env.TRIPTYCH_DB = dbFile;
  process.env.TRIPTYCH_SEED = '0';
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeWork(slug: string, files: Record<string, string | Buffer>): void {
  fs.mkdirSync(path.join(folder, slug), { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(folder, slug, name), content);
}

const goodFiles = (n: number) => ({
  'en.txt': texts.en.map((s) => s.replace('2006', String(2006 + n))).join('\n') + '\n',
  'ru.txt': texts.ru.map((s) => s.replace('2006', String(2006 + n))).join('\n') + '\n',
  'zh.txt': texts.zh.map((s) => s.replace('2006', String(2006 + n))).join('\n') + '\n',
});

function storedWorks(): Array<{ slug: string; versions: number }> {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    return db.prepare('SELECT w.slug, (SELECT COUNT(*) FROM versions v WHERE v.work_id = w.id AND v.retired_at IS NULL) AS versions FROM works w ORDER BY slug').all() as Array<{ slug: string; versions: number }>;
  } finally {
    db.close();
  }
}

describe('triptych batch', () => {
  it('imports the good works of a folder, reports the broken one and exits 1; a second run skips what is in', async () => {
    writeWork('alpha', goodFiles(1));
    // bytes invalid in UTF-8 in the Chinese file
    writeWork('broken', { ...goodFiles(2), 'zh.txt': Buffer.concat([Buffer.from('成员国将加强合作。\n'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]) });
    writeWork('gamma', goodFiles(3));
    const first = await cli('batch', '--segmentation', 'lines', '--status', 'official', '--workers', '1', folder);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/1 of 3 works failed/);
    expect(first.stderr).toMatch(/broken: zh\.txt: /);
    expect(first.stdout).toMatch(/^alpha\s+imported\s+3\s+9\s+3\s/m);
    expect(first.stdout).toMatch(/^broken\s+failed\s/m);
    expect(first.stdout).toMatch(/3 works: 2 imported, 0 updated, 0 skipped, 1 failed/);
    expect(storedWorks()).toEqual([{ slug: 'alpha', versions: 3 }, { slug: 'gamma', versions: 3 }]);
    const beadsBefore = (() => {
      const db = new BetterSqlite3(dbFile, { readonly: true });
      try {
        return pairBeadsOf(db, 'alpha');
      } finally {
        db.close();
      }
    })();
    expect(Object.keys(beadsBefore)).toEqual(['en|ru', 'en|zh', 'ru|zh']);

    // the second run: the two good works are skipped, the broken one fails again
    const second = await cli('batch', '--segmentation', 'lines', '--status', 'official', '--workers', '0', folder);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/^alpha\s+skipped\s/m);
    expect(second.stdout).toMatch(/3 works: 0 imported, 0 updated, 2 skipped, 1 failed/);

    // mended, it goes in; the others stay as they were
    writeWork('broken', goodFiles(2));
    const third = await cli('batch', '--segmentation', 'lines', '--status', 'official', '--workers', '0', folder);
    expect(third.stderr).toBe('');
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/3 works: 1 imported, 0 updated, 2 skipped, 0 failed/);
    expect(storedWorks().map((w) => w.slug)).toEqual(['alpha', 'broken', 'gamma']);
    const db = new BetterSqlite3(dbFile, { readonly: true });
    try {
      expect(pairBeadsOf(db, 'alpha')).toEqual(beadsBefore);
    } finally {
      db.close();
    }
  });

  it('goes on with a work half there: a new file is aligned into the pairs it makes; a changed one needs --replace', async () => {
    writeWork('alpha', { 'en.txt': goodFiles(1)['en.txt'], 'ru.txt': goodFiles(1)['ru.txt'] });
    expect((await cli('batch', '--segmentation', 'lines', '--workers', '0', folder)).code).toBe(0);
    writeWork('alpha', goodFiles(1));
    const added = await cli('batch', '--segmentation', 'lines', '--workers', '0', folder);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^alpha\s+updated\s+1\s+3\s+2\s/m);
    // a changed file
    writeWork('alpha', { 'ru.txt': texts.ru.join('\n') + '\nЕщё одно предложение.\n' });
    const refused = await cli('batch', '--segmentation', 'lines', '--workers', '0', folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/alpha: ru\.txt differs from the version 'ru' stored \(give --replace/);
    const replaced = await cli('batch', '--segmentation', 'lines', '--workers', '0', '--replace', folder);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/^alpha\s+updated\s+1\s+4\s+2\s/m);
    const db = new BetterSqlite3(dbFile, { readonly: true });
    try {
      const versions = db.prepare("SELECT name, retired_at IS NOT NULL AS retired FROM versions ORDER BY id").all();
      expect(versions).toEqual([
        { name: 'en', retired: 0 },
        { name: 'ru', retired: 1 },
        { name: 'zh', retired: 0 },
        { name: 'ru', retired: 0 },
      ]);
      expect(Object.keys(pairBeadsOf(db, 'alpha')).sort()).toEqual(['en|ru', 'en|zh', 'ru|zh']);
    } finally {
      db.close();
    }
  });

  it('reads a CSV manifest, and stores what importing the files one by one stores', async () => {
    writeWork('alpha', goodFiles(1));
    const manifest = path.join(folder, 'manifest.csv');
    fs.writeFileSync(
      manifest,
      'slug,title,lang,status,path,segmentation\n' + ['en', 'ru', 'zh'].map((l) => `beta,Beta work,${l},official,alpha/${l}.txt,lines`).join('\n') + '\n',
    );
    const batch = await cli('batch', '--workers', '1', manifest);
    expect(batch.stderr).toBe('');
    expect(batch.code).toBe(0);
    const viaBatch = (() => {
      const db = new BetterSqlite3(dbFile, { readonly: true });
      try {
        const title = db.prepare("SELECT title FROM works WHERE slug = 'beta'").pluck().get();
        return { title, beads: pairBeadsOf(db, 'beta') };
      } finally {
        db.close();
      }
    })();
    expect(viaBatch.title).toBe('Beta work');
    process.env.TRIPTYCH_DB = path.join(dir, 'one-by-one.sqlite');
    for (const lang of ['en', 'ru', 'zh']) {
      const res = await cli('import', '--work', 'beta', '--title', 'Beta work', '--lang', lang, '--status', 'official', '--segmentation', 'lines', path.join(folder, 'alpha', `${lang}.txt`));
      expect(res.code).toBe(0);
    }
    const db = new BetterSqlite3(process.env.TRIPTYCH_DB, { readonly: true });
    try {
      expect(pairBeadsOf(db, 'beta')).toEqual(viaBatch.beads);
    } finally {
      db.close();
    }
  });

  it('draws a progress bar on a terminal: works done, sentences per second, time left', async () => {
    writeWork('alpha', goodFiles(1));
    writeWork('beta', goodFiles(2));
    const io = { ...captureIo(), errIsTerminal: true };
    const out = { stdout: '', stderr: '' };
    io.out = (text: string) => void (out.stdout += text);
    io.err = (text: string) => void (out.stderr += text);
    expect(await runCli(['batch', '--segmentation', 'lines', '--workers', '0', folder], io)).toBe(0);
    const frames = out.stderr.split('\r\x1b[K').filter(Boolean);
    expect(frames[0]).toMatch(/^░{24} 0\/2 works · 0 sentences\/s · starting$/);
    expect(frames[frames.length - 1]).toMatch(/^█{24} 2\/2 works · \d+ sentences\/s · 0:00 left\n$/);
  });

  it('refuses what is not a folder of works or a manifest', async () => {
    const missing = await cli('batch', path.join(dir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/There is no folder or manifest at/);
    fs.mkdirSync(folder);
    const empty = await cli('batch', folder);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/holds no work: lay it out as SLUG\/LANG\.txt/);
  });
});
