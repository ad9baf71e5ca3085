// `triptych search` (text and JSON, in the three languages, pages) and `triptych export --all` (a file
// per work in TMX, TSV and plain parallel text; one TMX for the corpus, valid against the TMX DTD) on
// a temp database seeded with the declaration and a second work imported by batch.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/cli/main.ts';
import { readTmx } from '../../server/formats/tmx.ts';
import { makeTempDir } from '../http/helpers.ts';
import { captureIo } from './capture-io.ts';
import { xmllint } from '../formats/external-tools.ts';
import { sharedPath } from '../shared-data.ts';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let dir: string;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const name of ['TRIPTYCH_DB', 'TRIPTYCH_SEED']) saved[name] = process.env[name];
  dir = makeTempDir('triptych-search-cli-');
  process.env.TRIPTYCH_DB = path.join(dir, 'cli.sqlite');
  delete process.env.TRIPTYCH_SEED;
  fs.mkdirSync(path.join(dir, 'corpus', 'note'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'corpus', 'note', 'en.txt'), 'The Regional Anti-Terrorist Structure met.\nIt works well.\n');
  fs.writeFileSync(path.join(dir, 'corpus', 'note', 'ru.txt'), 'Региональная антитеррористическая структура собралась.\nОна работает хорошо.\n');
  const batch = await cli('batch', '--segmentation', 'lines', '--workers', '0', path.join(dir, 'corpus'));
  expect(batch.code).toBe(0);
});

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('triptych search', () => {
  it('prints each hit with its row and every language, the words found in brackets', async () => {
    const { code, stdout, stderr } = await cli('search', 'структура', '--lang', 'ru', '--work', 'declaration-2005');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^declaration-2005 row \d+ \(ru sentence \d+\) \/works\/declaration-2005\/sentences\/ru\/\d+\/row$/m);
    expect(stdout).toMatch(/^ {2}ru {3}.*\[структуры\]/m);
    expect(stdout).toMatch(/^ {2}zh {3}.*[\u4e00-\u9fff]/m);
    expect(stderr).toMatch(/rows shown; \d+ sentences? match/);
  });

  it('gives JSON hits with the work, the row and every language\'s text; pages with --after', async () => {
    const first = await cli('search', '恐怖', '--limit', '2', '--format', 'json');
    expect(first.code).toBe(0);
    const page = JSON.parse(first.stdout);
    expect(page.hits).toHaveLength(2);
    const hit = page.hits[0];
    expect(hit.work.slug).toBe('declaration-2005');
    expect(hit.row.number).toBeGreaterThan(0);
    expect(Object.keys(hit.texts)).toEqual(['en', 'ru', 'zh']);
    const zh = hit.texts.zh.sentences.find((s: { marks: number[][] }) => s.marks.length);
    expect(zh.text.slice(zh.marks[0][0], zh.marks[0][1])).toBe('恐怖');
    const second = JSON.parse((await cli('search', '恐怖', '--limit', '2', '--format', 'json', '--after', String(page.next))).stdout);
    expect(second.hits[0].hit.id).toBeGreaterThan(page.hits[1].hit.id);
  });

  it('takes a concept of the termbase, in every language, hyphenated or not', async () => {
    const { code, stdout } = await cli('search', '--concept', 'rats', '--work', 'note', '--format', 'json');
    expect(code).toBe(0);
    const hits = JSON.parse(stdout).hits;
    expect(hits).toHaveLength(1);
    const en = hits[0].texts.en.sentences[0];
    expect(en.text.slice(en.marks[0][0], en.marks[0][1])).toBe('Regional Anti-Terrorist Structure');
  });

  it('refuses a query without words and a bad option', async () => {
    expect((await cli('search', '--', '—')).stderr).toMatch(/holds no word to look for/);
    expect((await cli('search', 'x', '--format', 'xml')).code).toBe(2);
  });
});

describe('triptych export --all', () => {
  it('writes a file per work in TSV and in plain parallel text, naming the works it left out', async () => {
    const tsv = await cli('export', '--all', '--format', 'tsv', '--out', path.join(dir, 'tsv'));
    expect(tsv.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'tsv')).sort()).toEqual(['declaration-2005.en-ru-zh.tsv', 'note.en-ru.tsv']);
    const plain = await cli('export', '--all', '--format', 'plain', '--langs', 'en,zh', '--out', path.join(dir, 'plain'));
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/left out note: The work 'note' has no version 'zh'/);
    expect(fs.readdirSync(path.join(dir, 'plain')).sort()).toEqual(['declaration-2005.en.txt', 'declaration-2005.zh.txt']);
    const en = fs.readFileSync(path.join(dir, 'plain', 'declaration-2005.en.txt'), 'utf8').split('\n');
    const zh = fs.readFileSync(path.join(dir, 'plain', 'declaration-2005.zh.txt'), 'utf8').split('\n');
    expect(en.length).toBe(zh.length);
    expect(en.length).toBeGreaterThan(40);
  });

  it('writes every format of one work\'s export for each work: DOCX bytes, XLIFF 2 documents, no beads', async () => {
    const docx = await cli('export', '--all', '--format', 'docx', '--out', path.join(dir, 'docx'));
    expect(docx.code).toBe(0);
    const files = fs.readdirSync(path.join(dir, 'docx')).sort();
    expect(files).toEqual(['declaration-2005.en-ru-zh.docx', 'note.en-ru.docx']);
    // a DOCX is a zip: it starts with the local file header PK\x03\x04
    expect([...fs.readFileSync(path.join(dir, 'docx', files[0])).subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]);
    const xliff2 = await cli('export', '--all', '--format', 'xliff2', '--out', path.join(dir, 'xliff2'));
    expect(xliff2.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'xliff2')).sort()).toEqual(['declaration-2005.en-ru.xlf', 'declaration-2005.en-zh.xlf', 'note.en-ru.xlf']);
    const beads = await cli('export', '--all', '--format', 'beads', '--langs', 'en,ru', '--out', path.join(dir, 'beads'));
    expect(beads.code).toBe(2);
    expect(beads.stderr).toMatch(/not a format for the whole corpus/);
    expect(fs.existsSync(path.join(dir, 'beads'))).toBe(false);
  });

  it('writes one TMX for the whole corpus, valid against the TMX DTD, each unit tagged with its work', async () => {
    const file = path.join(dir, 'corpus.tmx');
    const res = await cli('export', '--all', '--format', 'tmx', '--langs', 'en,ru', '--one-file', '--out', file);
    expect(res.code).toBe(0);
    const xml = fs.readFileSync(file, 'utf8');
    const lint = xmllint(['--dtdvalid', sharedPath('standards', 'tmx14.dtd')], file);
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    const { aligned } = readTmx(xml);
    const works = new Set(aligned.units!.map((u) => u.props?.['x-triptych-work']));
    expect(works).toEqual(new Set(['declaration-2005', 'note']));
    expect(aligned.columns.map((c) => c.lang)).toEqual(['en', 'ru']);
    expect(res.stderr).toMatch(new RegExp(`wrote ${aligned.rows.length} units of 2 works`));
    expect((await cli('export', '--all', '--format', 'tsv', '--one-file', '--out', file)).code).toBe(2);
  });
});
