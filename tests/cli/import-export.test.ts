// The `triptych` command: export and import through runCli() with captured output, on a fresh temp
// database per test (TRIPTYCH_DB set around each test), and once as the real process from bin/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import BetterSqlite3 from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { captureIo } from './capture-io.ts';
import { runCli } from '../../server/cli/main.ts';
import { localUserName } from '../../server/auth/local-user.ts';
import { dumpDatabaseFile, makeTempDir } from '../http/helpers.ts';


async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const russian =
  'Главы государств-членов Шанхайской организации сотрудничества заявляют следующее.\n\n' +
  'Организация уверенно развивает многостороннее сотрудничество между государствами-членами.\n';

let dir: string;
let dbFile: string;
const saved: Record<string, string | undefined> = {};
const envNames = ['TRIPTYCH_DB', 'TRIPTYCH_SEED', 'TRIPTYCH_MAX_UPLOAD_BYTES', 'TRIPTYCH_TEXTS'];

beforeEach(() => {
  for (const name of envNames) saved[name] = process.env[name];
  dir = makeTempDir('triptych-cli-');
  dbFile = path.join(dir, 'cli.sqlite');
  process.env.TRIPTYCH_DB = dbFile;
  delete process.env.TRIPTYCH_SEED;
  delete process.env.TRIPTYCH_MAX_UPLOAD_BYTES;
  delete process.env.TRIPTYCH_TEXTS;
});

afterEach(() => {
  for (const name of envNames) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeFile(name: string, bytes: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('triptych export', () => {
  it('works on an empty database: it migrates and seeds first, then prints TSV to stdout', async () => {
    expect(fs.existsSync(dbFile)).toBe(false);
    const { code, stdout, stderr } = await cli('export', '--work', 'declaration-2005', '--format', 'tsv', '--langs', 'en,ru');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe('en\tru');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(line.split('\t')).toHaveLength(2);
    expect(stdout).toMatch(/\p{Script=Cyrillic}/u);
    expect(stdout).not.toContain('Updated: 2006-06-12');
    const dump = dumpDatabaseFile(dbFile);
    expect(dump.works).toBe(1);
    expect(dump.versions).toBe(4);
  });

  it('seeds only once: a second export changes nothing', async () => {
    expect((await cli('export', '--work', 'declaration-2005', '--format', 'tsv')).code).toBe(0);
    const before = dumpDatabaseFile(dbFile);
    const again = await cli('export', '--work', 'declaration-2005', '--format', 'tsv');
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')[0]).toBe('en\tru\tzh');
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });

  it('writes TMX to --out FILE and says so on stderr', async () => {
    const out = path.join(dir, 'declaration.tmx');
    const { code, stdout, stderr } = await cli('export', '--work', 'declaration-2005', '--format', 'tmx', '--langs', 'ru,zh', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote declaration-2005.ru-zh.tmx to ${out}\n`);
    const xml = fs.readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['tu', 'tuv'].includes(n) }).parse(xml);
    expect(doc.tmx['@version']).toBe('1.4');
    expect(doc.tmx.header['@srclang']).toBe('ru');
    const langs = new Set<string>(doc.tmx.body.tu.flatMap((tu: { tuv: Array<{ '@xml:lang': string }> }) => tu.tuv.map((v) => v['@xml:lang'])));
    expect([...langs].sort()).toEqual(['ru', 'zh']);
  });

  it('prints the same aligned text as the web export would, in all three languages without --langs', async () => {
    const { code, stdout } = await cli('export', '--work=declaration-2005', '--format=tmx');
    expect(code).toBe(0);
    expect(stdout).toContain('<tuv xml:lang="en">');
    expect(stdout).toContain('<tuv xml:lang="ru">');
    expect(stdout).toContain('<tuv xml:lang="zh">');
    expect(stdout).toContain('<header creationtool="Triptych"');
  });
});

describe('triptych import', () => {
  it('imports a new version into a new work with --title, and it can be exported', async () => {
    const file = writeFile('charter.ru.txt', iconv.encode(russian, 'win1251'));
    const res = await cli('import', '--work', 'charter-2002', '--title', 'Charter of the SCO', '--lang', 'ru', '--status', 'authentic', file);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('imported charter-2002/ru: 2 sentences, decoded as cp1251; the work now has 2 aligned rows\n');

    const db = new BetterSqlite3(dbFile, { readonly: true });
    try {
      const work = db.prepare('SELECT id, title FROM works WHERE slug = ?').get('charter-2002') as { id: number; title: string };
      expect(work.title).toBe('Charter of the SCO');
      const version = db.prepare('SELECT name, lang, status, encoding, file_name AS fileName, raw_bytes AS raw FROM versions WHERE work_id = ?').get(work.id) as Record<string, unknown>;
      expect(version).toMatchObject({ name: 'ru', lang: 'ru', status: 'authentic', encoding: 'cp1251', fileName: 'charter.ru.txt' });
      expect(Buffer.compare(version.raw as Buffer, fs.readFileSync(file))).toBe(0);
      const actors = db.prepare('SELECT DISTINCT actor FROM events WHERE work_id = ?').all(work.id) as { actor: string }[];
      expect(actors.every((a) => a.actor === localUserName())).toBe(true);
    } finally {
      db.close();
    }
    const second = writeFile('charter.en.txt', 'The heads of state declare the following.\n\nThe Organisation is developing cooperation.\n');
    expect((await cli('import', '--work', 'charter-2002', '--lang', 'en', '--status', 'unofficial', second)).code).toBe(0);
    const exported = await cli('export', '--work', 'charter-2002', '--format', 'tsv');
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')[0]).toBe('ru\ten');
    expect(exported.stdout).toContain('Главы государств-членов');
  });

  it('replaces a version with --replace and keeps the old one', async () => {
    const file = writeFile('ru.txt', russian);
    expect((await cli('export', '--work', 'declaration-2005', '--format', 'tsv')).code).toBe(0);
    const before = dumpDatabaseFile(dbFile);
    const res = await cli('import', '--work', 'declaration-2005', '--lang', 'ru', '--status', 'authentic', '--replace', file);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^replaced declaration-2005\/ru: 2 sentences, decoded as utf-8;/);
    const after = dumpDatabaseFile(dbFile);
    expect(after.versions).toBe(before.versions + 1);
    expect(after.retiredVersions).toBe(before.retiredVersions + 1);
  });
});

describe('triptych errors: stderr, a non-zero exit code, and the database unchanged', () => {
  const seeded = async () => {
    const res = await cli('export', '--work', 'declaration-2005', '--format', 'tsv');
    expect(res.code).toBe(0);
    return dumpDatabaseFile(dbFile);
  };

  const cases: Array<[string, () => string[], RegExp]> = [
    ['an unknown command', () => ['frobnicate'], /^triptych: unknown command 'frobnicate'/],
    ['an unknown option', () => ['export', '--work', 'declaration-2005', '--format', 'tsv', '--colour'], /unknown option --colour/],
    ['export without --work', () => ['export', '--format', 'tsv'], /^triptych export: --work is required/],
    ['export without --format', () => ['export', '--work', 'declaration-2005'], /--format is required/],
    ['export of an unknown format', () => ['export', '--work', 'declaration-2005', '--format', 'rtf'], /'rtf' is not an export format/],
    ['export of an unknown work', () => ['export', '--work', 'no-such-work', '--format', 'tsv'], /There is no work 'no-such-work'/],
    ['export of one version', () => ['export', '--work', 'declaration-2005', '--format', 'tsv', '--langs', 'ru'], /at least two versions/],
    ['export of an unknown version', () => ['export', '--work', 'declaration-2005', '--format', 'tsv', '--langs', 'en,fr'], /has no version 'fr'/],
    ['export to an unwritable file', () => ['export', '--work', 'declaration-2005', '--format', 'tsv', '--out', path.join(dir, 'no', 'such', 'dir', 'x.tsv')], /cannot write/],
    ['import without --work', () => ['import', '--lang', 'en', '--status', 'working', writeFile('a.txt', 'Text.\n')], /--work is required/],
    ['import without a file', () => ['import', '--work', 'declaration-2005', '--lang', 'en', '--status', 'working'], /give one FILE to import, or two or three line-aligned files/],
    ['import of a missing file', () => ['import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', path.join(dir, 'missing.txt')], /cannot read .*missing\.txt: no such file/],
    ['import of an empty file', () => ['import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', writeFile('empty.txt', '')], /The file is empty\./],
    ['import of a binary file', () => ['import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', writeFile('bin.txt', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 1, 2]))], /looks binary/],
    ['import with an unknown language', () => ['import', '--work', 'x-work', '--title', 'X', '--lang', 'xx', '--status', 'working', writeFile('a.txt', 'Text.\n')], /'xx' is not a language code/],
    ['import with an unknown status', () => ['import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'draft', writeFile('a.txt', 'Text.\n')], /'draft' is not a version status/],
    ['import of an existing version without --replace', () => ['import', '--work', 'declaration-2005', '--lang', 'ru', '--status', 'authentic', writeFile('ru.txt', russian)], /already has a version 'ru'/],
    ['import into an unknown work without --title', () => ['import', '--work', 'no-such-work', '--lang', 'en', '--status', 'working', writeFile('a.txt', 'Text.\n')], /There is no work 'no-such-work'\. Give a title/],
    ['--replace with a value', () => ['import', '--work', 'declaration-2005', '--lang', 'ru', '--status', 'authentic', '--replace=yes', writeFile('ru.txt', russian)], /--replace takes no value/],
  ];

  it.each(cases)('%s', async (_name, argv, message) => {
    const before = await seeded();
    const res = await cli(...argv());
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(res.stdout).toBe('');
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });

  it('prints the usage and exits 2 without a command', async () => {
    const res = await cli();
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^usage: triptych <command>/);
    expect(res.stdout).toBe('');
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: triptych <command>/);
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('refuses a file over TRIPTYCH_MAX_UPLOAD_BYTES, leaving the database as it was', async () => {
    const before = await seeded();
    process.env.TRIPTYCH_MAX_UPLOAD_BYTES = '2048';
    const big = writeFile('big.txt', 'The heads of state declare the following.\n\n'.repeat(100));
    const res = await cli('import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', big);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/the largest file accepted is 2 KB/);
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });

  it('states both sizes in bytes when they round to the same size', async () => {
    // It read "The file is 2 KB; the largest file accepted is 2 KB."
    const before = await seeded();
    process.env.TRIPTYCH_MAX_UPLOAD_BYTES = '2048';
    const big = writeFile('just-over.txt', 'x'.repeat(2049) + '\n');
    const res = await cli('import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', big);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/The file is 2,050 bytes; the largest file accepted is 2,048 bytes \(2 KB\)\./);
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });

  it.each([
    ['a CESU-8 surrogate', Buffer.from('Text \xed\xa0\x80 here.\n', 'latin1'), /bytes ED A0 80 at byte 5 \(line 1\) are a UTF-16 surrogate encoded as UTF-8 \(CESU-8\)/],
    ['a NUL character', Buffer.from('One line.\nTwo lines.\nThree \u0000 lines.\n'), /Line 3 contains U\+0000 NULL \(column 7\); remove it/],
  ])('refuses %s, saying where, and leaves the database as it was', async (_name, bytes, message) => {
    const before = await seeded();
    const file = writeFile('bad.txt', bytes);
    const res = await cli('import', '--work', 'x-work', '--title', 'X', '--lang', 'en', '--status', 'working', file);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });

  it('refuses a database from a newer Triptych with a clear message', async () => {
    await seeded();
    const db = new BetterSqlite3(dbFile);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from_the_future', '2030-01-01')").run();
    db.close();
    const before = dumpDatabaseFile(dbFile);
    const res = await cli('export', '--work', 'declaration-2005', '--format', 'tsv');
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/schema version 999/);
    expect(res.stdout).toBe('');
    expect(dumpDatabaseFile(dbFile)).toEqual(before);
  });
});

describe('the real command', () => {
  it('node bin/triptych.js export --format tmx --langs ru,zh prints TMX and exits 0', () => {
    const result = spawnSync(process.execPath, ['bin/triptych.js', 'export', '--work', 'declaration-2005', '--format', 'tmx', '--langs', 'ru,zh'], {
      cwd: projectRoot,
      env: { ...process.env, TRIPTYCH_DB: dbFile },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')).toBe(true);
    expect(XMLValidator.validate(result.stdout)).toBe(true);
    expect(result.stdout).toContain('<tuv xml:lang="ru">');
    expect(result.stdout).toContain('<tuv xml:lang="zh">');
    expect(result.stdout).not.toContain('<tuv xml:lang="en">');
  });

  it('exits non-zero with a message on stderr for an unknown work', () => {
    const result = spawnSync(process.execPath, ['bin/triptych.js', 'export', '--work', 'no-such-work', '--format', 'tsv'], {
      cwd: projectRoot,
      env: { ...process.env, TRIPTYCH_DB: dbFile },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/There is no work 'no-such-work'/);
    expect(result.stdout).toBe('');
  });
});

describe('pairs on the command line', () => {
  it('imports one sentence per line, exports a pair as beads that score as the pair, and removes a version', async () => {
    process.env.TRIPTYCH_SEED = '0';
    const en = writeFile('en.txt', 'The Council met in Astana\nIt adopted the declaration.\nThe session closed\n');
    const ru = writeFile('ru.txt', 'Совет собрался в Астане\nОн принял декларацию.\nЗаседание закрылось\n');
    expect((await cli('import', '--work', 'lines', '--title', 'Lines', '--lang', 'en', '--status', 'working', '--segmentation', 'lines', en)).code).toBe(0);
    const second = await cli('import', '--work', 'lines', '--lang', 'ru', '--status', 'working', '--segmentation', 'lines', ru);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('3 sentences');
    const beads = await cli('export', '--work', 'lines', '--format', 'beads', '--langs', 'en,ru');
    expect(beads.code).toBe(0);
    expect(beads.stdout).toBe('[0]:[0]\n[1]:[1]\n[2]:[2]\n');
    const bad = await cli('import', '--work', 'lines', '--lang', 'zh', '--status', 'working', '--segmentation', 'paragraphs', ru);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("'paragraphs' is not a way to segment a file");
    const removed = await cli('remove', '--work', 'lines', '--name', 'ru');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('the pairs en|ru went with it');
    const again = await cli('export', '--work', 'lines', '--format', 'beads', '--langs', 'en,ru');
    expect(again.code).not.toBe(0);
  });
});
