// `triptych export` in every format and `triptych import` of aligned files, through runCli() on a
// fresh temp database per test: several files into --out DIR, binary formats only into a file, a
// round trip under the same slug in another database, an aligned file into an existing work, and the
// refusals (stderr, a non-zero exit, the database unchanged); a DOCX or HTML document's language
// taken from the file when --lang is left out, --lang winning with a warning when they differ.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../../server/cli/main.ts';
import { captureIo } from './capture-io.ts';
import { dumpDatabaseFile, makeTempDir } from '../http/helpers.ts';
import { docxDocument, htmlPage, paragraph, run } from '../formats/document-language-fixtures.ts';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let dir: string;
const saved: Record<string, string | undefined> = {};
const envNames = ['TRIPTYCH_DB', 'TRIPTYCH_SEED'];

beforeEach(() => {
  for (const name of envNames) saved[name] = process.env[name];
  dir = makeTempDir('triptych-cli-interchange-');
  process.env.TRIPTYCH_DB = path.join(dir, 'a.sqlite');
  delete process.env.TRIPTYCH_SEED;
});

afterEach(() => {
  for (const name of envNames) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, name);
const undated = (tmx: string) => tmx.replace(/creationdate="\d{8}T\d{6}Z"/, '');

describe('triptych export', () => {
  it('writes plain as SLUG.LANG.txt files into --out DIR, or one zip', async () => {
    const res = await cli('export', '--work', 'declaration-2005', '--format', 'plain', '--out', file('plain'));
    expect(res.code, res.stderr).toBe(0);
    expect(fs.readdirSync(file('plain')).sort()).toEqual(['declaration-2005.en.txt', 'declaration-2005.ru.txt', 'declaration-2005.zh.txt']);
    const lines = ['en', 'ru', 'zh'].map((l) => fs.readFileSync(file(`plain/declaration-2005.${l}.txt`), 'utf8').split('\n').length);
    expect(new Set(lines).size).toBe(1);
    expect(res.stderr).toMatch(/^wrote declaration-2005\.en\.txt, declaration-2005\.ru\.txt, declaration-2005\.zh\.txt into /);
    const zip = await cli('export', '--work', 'declaration-2005', '--format', 'plain', '--langs', 'en,zh', '--out', file('p.zip'));
    expect(zip.code).toBe(0);
    expect(fs.readFileSync(file('p.zip')).subarray(0, 2).toString()).toBe('PK');
  });

  it.each(['tmx', 'xliff', 'xliff2', 'tsv'])('prints %s on standard output', async (format) => {
    const res = await cli('export', '--work', 'declaration-2005', '--format', format, '--langs', 'en,ru');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.length).toBeGreaterThan(10_000);
  });

  it('writes DOCX only into a file', async () => {
    const refused = await cli('export', '--work', 'declaration-2005', '--format', 'docx');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/declaration-2005\.en-ru-zh\.docx is a binary file: give --out FILE/);
    const res = await cli('export', '--work', 'declaration-2005', '--format', 'docx', '--out', file('d.docx'));
    expect(res.code).toBe(0);
    expect(fs.readFileSync(file('d.docx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('says plain needs --out', async () => {
    const res = await cli('export', '--work', 'declaration-2005', '--format', 'plain');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/this export is 3 files .*: give --out DIR for a folder, or --out FILE\.zip/);
  });
});

describe('triptych import of aligned files', () => {
  it('imports a TMX into another database under the same slug, and exports it the same again', async () => {
    expect((await cli('export', '--work', 'declaration-2005', '--format', 'tmx', '--out', file('a.tmx'))).code).toBe(0);
    process.env.TRIPTYCH_DB = file('b.sqlite');
    process.env.TRIPTYCH_SEED = '0';
    const res = await cli('import', '--work', 'declaration-2005', file('a.tmx'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^imported the TMX file into declaration-2005: en \(66 sentences\), ru \(\d+ sentences\), zh \(\d+ sentences\); 72 units; en\|ru \d+ beads \(0 confirmed\), en\|zh \d+ beads .*, ru\|zh \d+ beads .* taken from them; the work now has 72 rows\n$/);
    // The title's 'Unofficial translation' line is English only: at least that unit warns.
    expect(res.stderr).toMatch(/^warning: \d+ TMX units? (has|have) text in one language only \(an omission in the others\)/);
    expect((await cli('export', '--work', 'declaration-2005', '--format', 'tmx', '--out', file('b.tmx'))).code).toBe(0);
    expect(undated(fs.readFileSync(file('b.tmx'), 'utf8'))).toBe(undated(fs.readFileSync(file('a.tmx'), 'utf8')));
  });

  it('imports two line-aligned files named SLUG.LANG.txt as a work of confirmed beads', async () => {
    fs.writeFileSync(file('memo.en.txt'), 'One.\nTwo.\n- Three;\n');
    fs.writeFileSync(file('memo.ru.txt'), 'Один.\nДва.\n- Три;\n');
    const res = await cli('import', '--work', 'memo', '--title', 'Memo', '--status', 'official', file('memo.en.txt'), file('memo.ru.txt'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('en|ru 3 beads (3 confirmed)');
    const tsv = await cli('export', '--work', 'memo', '--format', 'tsv', '--langs', 'en,ru');
    expect(tsv.stdout).toBe('en\tru\nOne.\tОдин.\nTwo.\tДва.\n- Three;\t- Три;\n');
    const db = new BetterSqlite3(process.env.TRIPTYCH_DB!, { readonly: true });
    expect(db.prepare("SELECT status FROM versions v JOIN works w ON w.id = v.work_id WHERE w.slug = 'memo'").pluck().all()).toEqual(['official', 'official']);
    db.close();
  });

  it('replaces versions of an existing work with --replace: their pair from the units, the other pairs aligned afresh', async () => {
    const tmx = `<?xml version="1.0"?><tmx version="1.4"><header creationtool="X" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/><body>
      <tu><tuv xml:lang="en"><seg>The Heads of State met in Astana.</seg></tuv><tuv xml:lang="ru"><seg>Главы государств встретились в Астане.</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>They signed the Declaration.</seg></tuv><tuv xml:lang="ru"><seg>Они подписали Декларацию.</seg></tuv></tu></body></tmx>`;
    fs.writeFileSync(file('new.tmx'), tmx);
    const refused = await cli('import', '--work', 'declaration-2005', file('new.tmx'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has en, ru\. Replace them .*--replace/);
    const res = await cli('import', '--work', 'declaration-2005', '--replace', file('new.tmx'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/en \(2 sentences, replaced\), ru \(2 sentences, replaced\); 2 units; en\|ru 2 beads \(2 confirmed\) taken from them; aligned afresh: en\|zh, ru\|zh, en\|en-revised/);
  });

  it.each([
    ['a TMX given --lang', () => ['import', '--work', 'x', '--title', 'X', '--lang', 'en', '--status', 'working', file('a.tmx')], /a\.tmx is a TMX file with en, ru: it names its own languages\. Import it without a language or version name/],
    ['a text without --lang', () => ['import', '--work', 'x', '--title', 'X', file('plain.txt')], /plain\.txt is one document: give its language and status \(--lang, --status\)/],
    ['four files', () => ['import', '--work', 'x', file('a.tmx'), file('a.tmx'), file('a.tmx'), file('a.tmx')], /give one FILE to import, or two or three line-aligned files/],
    ['an aligned work without a title', () => ['import', '--work', 'x', file('a.tmx')], /There is no work 'x'\. Give a title to create it\./],
    ['a folder', () => ['import', '--work', 'x', dir], /it is a folder; name its files/],
  ])('refuses %s, the database unchanged', async (_name, argv, message) => {
    fs.writeFileSync(file('a.tmx'), '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>б</seg></tuv></tu></body></tmx>');
    fs.writeFileSync(file('plain.txt'), 'Some text.\n');
    await cli('export', '--work', 'declaration-2005', '--format', 'beads', '--langs', 'en,ru');
    const before = dumpDatabaseFile(process.env.TRIPTYCH_DB!);
    const res = await cli(...argv());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(dumpDatabaseFile(process.env.TRIPTYCH_DB!)).toEqual(before);
  });
});

describe('triptych import of a document that names its language', () => {
  const versionsOf = (slug: string) => {
    const db = new BetterSqlite3(process.env.TRIPTYCH_DB!, { readonly: true });
    try {
      return db.prepare('SELECT v.name, v.lang FROM versions v JOIN works w ON w.id = v.work_id WHERE w.slug = ? AND v.retired_at IS NULL').all(slug);
    } finally {
      db.close();
    }
  };

  it('takes the language of an HTML page from <html lang> when --lang is left out', async () => {
    fs.writeFileSync(file('page.html'), htmlPage('lang="ru-RU"'));
    const res = await cli('import', '--work', 'page', '--title', 'Page', '--status', 'working', file('page.html'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^imported page\/ru: 3 sentences, decoded as HTML, utf-8, in ru as the file names it \(ru-RU\);/);
    expect(res.stderr).toBe('');
    expect(versionsOf('page')).toEqual([{ name: 'ru', lang: 'ru' }]);
  });

  it('takes the language of a DOCX from its w:lang, w:eastAsia for Chinese text', async () => {
    fs.writeFileSync(file('zh.docx'), docxDocument(paragraph(run('成员国将加强合作。')), { defaults: { val: 'en-US', eastAsia: 'zh-CN' } }));
    const res = await cli('import', '--work', 'memo', '--title', 'Memo', '--status', 'working', file('zh.docx'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('imported memo/zh: 1 sentences, decoded as DOCX, in zh as the file names it (zh-CN)');
    expect(versionsOf('memo')).toEqual([{ name: 'zh', lang: 'zh' }]);
  });

  it('keeps --lang when the file names another language, with a warning', async () => {
    fs.writeFileSync(file('page.html'), htmlPage('lang="en"'));
    const res = await cli('import', '--work', 'page', '--title', 'Page', '--lang', 'ru', '--status', 'working', file('page.html'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe("warning: page.html names its language as 'en'; it was imported as ru, the language given.\n");
    expect(res.stdout).toMatch(/^imported page\/ru: 3 sentences, decoded as HTML, utf-8; the work/);
    expect(versionsOf('page')).toEqual([{ name: 'ru', lang: 'ru' }]);
  });

  it('says nothing when --lang agrees with the file', async () => {
    fs.writeFileSync(file('page.html'), htmlPage('lang="ru-RU"'));
    const res = await cli('import', '--work', 'page', '--title', 'Page', '--lang', 'ru', '--status', 'working', file('page.html'));
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
  });

  it.each([
    ['an HTML page that names no language', 'page.html', () => htmlPage(), /^triptych import: The HTML document page\.html does not name its language \(no lang on <html>, <body> or an element of the body\): give its language and status \(--lang, --status\)\.\n$/],
    ['a DOCX that names no language', 'plain.docx', () => docxDocument(paragraph(run('Первый абзац.'))), /^triptych import: The DOCX document plain\.docx does not name its language \(no w:lang in its styles or on the runs of its text\)/],
    ['an HTML page in a language Triptych does not know', 'tlh.html', () => htmlPage('lang="tlh"'), /^triptych import: tlh\.html names its language as 'tlh', which is not a language Triptych knows \(it takes ISO 639-1 codes such as en, ru, zh\): give its language \(--lang\)\.\n$/],
    ['a DOCX marked x-none', 'none.docx', () => docxDocument(paragraph(run('Текст.', { val: 'x-none' }))), /^triptych import: The DOCX document none\.docx does not name its language/],
  ])('refuses %s without --lang, the database unchanged', async (_name, name, content, message) => {
    fs.writeFileSync(file(name), content());
    await cli('export', '--work', 'declaration-2005', '--format', 'beads', '--langs', 'en,ru');
    const before = dumpDatabaseFile(process.env.TRIPTYCH_DB!);
    const res = await cli('import', '--work', 'x', '--title', 'X', '--status', 'working', file(name));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).toBe('');
    expect(dumpDatabaseFile(process.env.TRIPTYCH_DB!)).toEqual(before);
  });
});
