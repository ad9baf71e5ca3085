// The interchange formats wired: the declaration exported over HTTP in every format and read back by
// tools nobody here wrote (xmllint against the TMX DTD, translate-toolkit, python-docx, Python's
// csv); export → upload → export giving the same files (TMX, XLIFF 1.2, XLIFF 2, plain) in a second
// workspace; aligned uploads stored as works whose pairs take their beads from the units; DOCX and
// HTML uploads as versions, in the language the document names when none is chosen; and bad input refused with a 4xx, the database unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllBeads, setBeadsConfirmed } from '../../server/db/alignments.ts';
import { listAnnotations } from '../../server/db/annotations.ts';
import { listActiveVersions, listBlocks, listSentences, versionText } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { readTsv } from '../../server/formats/tsv.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { createAnnotation } from '../../server/services/annotations.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { runPython, tempFile, xmllint } from '../formats/external-tools.ts';
import { sharedPath } from '../shared-data.ts';
import { docxDocument, htmlPage, paragraph, run } from '../formats/document-language-fixtures.ts';
import { createTestApp, dumpDatabase, getCsrf, unescapeHtml, type Csrf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';

async function download(app: Express, query: string): Promise<{ status: number; type: string; body: Buffer; text: string; name: string }> {
  const res = await request(app)
    .get(`/works/${query}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const body = res.body as Buffer;
  const name = /filename="([^"]+)"/.exec(String(res.headers['content-disposition'] ?? ''))?.[1] ?? '';
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), body, text: body.toString('utf8'), name };
}

function upload(app: Express, csrf: Csrf, fields: Record<string, string>, files: Array<{ bytes: Uint8Array; name: string }>, htmx = true) {
  let req = request(app).post('/import').set('Cookie', csrf.cookie);
  if (htmx) req = req.set('HX-Request', 'true');
  req = req.field('_csrf', csrf.token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  for (const f of files) req = req.attach('file', Buffer.from(f.bytes), f.name);
  return req;
}

const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, new TextDecoder().decode(v)]));
/** The TMX creation date is the moment of the export; everything else must be equal. */
const undated = (tmx: string) => tmx.replace(/creationdate="\d{8}T\d{6}Z"/, 'creationdate=""');

let source: TestApp;
let target: TestApp;
let sourceCsrf: Csrf;
let targetCsrf: Csrf;

beforeAll(async () => {
  source = await createTestApp();
  target = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
  sourceCsrf = await getCsrf(source.app);
  targetCsrf = await getCsrf(target.app);
  const db = source.workspace.db;
  // Confirmed beads and annotations, so that the round trips carry them.
  const state = alignmentState(db, findWorkBySlug(db, slug)!);
  for (const p of state.layout.pairs) if (p.alignment && p.kind !== 'revision') setBeadsConfirmed(db, p.alignment.id, readAllBeads(db, p.alignment.id).slice(0, 6).map((b) => b.id), true);
  // A row spanning two blocks (a signatory's title and name, each a line of its own), so that the
  // exports must carry the line break between them inside one cell.
  const grid = readTsv((await download(source.app, `${slug}/export?format=tsv`)).text).slice(1);
  const titleRow = grid.findIndex((cells) => cells.includes('Президент Республики Казахстан'));
  expect(titleRow).toBeGreaterThan(0);
  applyEditCommand(db, slug, { kind: 'grid' }, { op: 'merge-rows', row: titleRow }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
  const ru = listSentences(db, state.layout.columns.find((c) => c.lang === 'ru')!.id)[10];
  createAnnotation(db, { slug, version: 'ru', ordinal: 10, start: 0, end: ru.text.indexOf(' '), quote: ru.text.slice(0, ru.text.indexOf(' ')), kind: 'issue', category: 'terminology', comment: 'check the term', author: 'Anna' });
});
afterAll(() => {
  source?.close();
  target?.close();
});

describe('the declaration exported in every format, read by other tools', () => {
  let tsv: string[][];
  beforeAll(async () => {
    tsv = readTsv((await download(source.app, `${slug}/export?format=tsv`)).text).slice(1);
  });

  it('TSV: Python csv reads the cells back exactly, list markers and the line breaks between blocks included', async () => {
    const res = await download(source.app, `${slug}/export?format=tsv`);
    const file = tempFile('declaration.tsv', res.body);
    const rows = runPython<string[][]>('csv', 'import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), delimiter="\\t")), ensure_ascii=False))', [file]);
    expect(rows[0]).toEqual(['en', 'ru', 'zh']);
    expect(rows.slice(1)).toEqual(tsv);
    const cells = tsv.flat();
    expect(cells.some((c) => c.startsWith('- development of a close cooperation'))).toBe(true);
    expect(cells.some((c) => c.startsWith('——发展成员国外交'))).toBe(true);
    expect(cells).toContain('Президент Республики Казахстан\nН. Назарбаев');
  });

  it('TMX: valid against the TMX 1.4b DTD, read by translate-toolkit with the languages and texts of the TSV', async () => {
    const res = await download(source.app, `${slug}/export?format=tmx`);
    const file = tempFile('declaration.tmx', res.body);
    const lint = xmllint(['--dtdvalid', sharedPath('standards', 'tmx14.dtd')], file);
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    const units = runPython<Array<Array<[string, string]>>>(
      'translate',
      `import json, sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
lang = "{http://www.w3.org/XML/1998/namespace}lang"
print(json.dumps([[(n.get(lang), u.getNodeText(n)) for n in u.getlanguageNodes()] for u in store.units], ensure_ascii=False))`,
      [file],
    );
    expect(units).toEqual(tsv.map((row) => row.flatMap((text, c) => (text ? [[['en', 'ru', 'zh'][c], text]] : []))));
    expect(res.text).toContain('<note>[category: terminology; author: Anna] &quot;');
  });

  it('XLIFF 1.2: translate-toolkit reads each target file with its languages, sources, targets and approval', async () => {
    const res = await download(source.app, `${slug}/export?format=xliff&langs=en,ru`);
    expect(res.type).toBe('application/xliff+xml; charset=utf-8');
    const read = runPython<{ src: string; trg: string; units: Array<[string, string, boolean]>; notes: string[] }>(
      'translate',
      `import json, sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps({"src": store.getsourcelanguage(), "trg": store.gettargetlanguage(),
  "units": [(u.source, u.target or "", u.isapproved()) for u in store.units], "notes": [u.getnotes() for u in store.units if u.getnotes()]}, ensure_ascii=False))`,
      [tempFile('declaration.xlf', res.body)],
    );
    expect([read.src, read.trg]).toEqual(['en', 'ru']);
    const pairTsv = readTsv((await download(source.app, `${slug}/export?format=tsv&langs=en,ru`)).text).slice(1);
    expect(read.units.map(([s, t]) => [s, t])).toEqual(pairTsv);
    // approved: the confirmed beads of the pair (its two-sided ones, as exported)
    const state = alignmentState(source.workspace.db, findWorkBySlug(source.workspace.db, slug)!);
    const beads = state.beads[state.layout.pairs.findIndex((p) => p.label === 'en|ru')].filter((b) => b.cells[0].count > 0 && b.cells[1].count > 0);
    expect(read.units.map((u) => u[2])).toEqual(beads.map((b) => b.confirmed));
    expect(read.units.slice(0, 4).every((u) => u[2]) && read.units.some((u) => !u[2])).toBe(true);
    expect(res.text).toMatch(/<note from="Anna" annotates="target">\[category: terminology\] &quot;[^<]*&quot;: check the term<\/note>/);
    expect(read.notes.join('\n')).toContain('check the term');
  });

  it('XLIFF 2.1: one document for a pair, a zip of one per target for all versions', async () => {
    const pair = await download(source.app, `${slug}/export?format=xliff2&langs=en,zh`);
    expect(pair.text).toMatch(/<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0"[^>]* version="2\.1" srcLang="en" trgLang="zh">/);
    const all = await download(source.app, `${slug}/export?format=xliff2`);
    expect(all.type).toBe('application/zip');
    expect(Object.keys(unzip(all.body)).sort()).toEqual([`${slug}.en-ru.xlf`, `${slug}.en-zh.xlf`]);
  });

  it('plain: a zip of SLUG.LANG.txt, line N of each the unit N of the TSV', async () => {
    const res = await download(source.app, `${slug}/export?format=plain`);
    expect(res.name).toBe(`${slug}.en-ru-zh.txt.zip`);
    const files = unzip(res.body);
    expect(Object.keys(files).sort()).toEqual(['en', 'ru', 'zh'].map((l) => `${slug}.${l}.txt`));
    ['en', 'ru', 'zh'].forEach((lang, c) => {
      expect(files[`${slug}.${lang}.txt`]).toBe(tsv.map((row) => row[c].replace(/\n/g, ' ') + '\n').join(''));
    });
  });

  it('DOCX: python-docx reads the table cell for cell, under the title and each version with its status and provenance', async () => {
    const res = await download(source.app, `${slug}/export?format=docx`);
    expect(res.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const read = runPython<{ paragraphs: string[]; tables: string[][][] }>(
      'docx',
      `import docx, json, sys
d = docx.Document(sys.argv[1])
print(json.dumps({"paragraphs": [p.text for p in d.paragraphs], "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]}, ensure_ascii=False))`,
      [tempFile('declaration.docx', res.body)],
    );
    expect(read.tables[0]).toEqual([['en (en)', 'ru (ru)', 'zh (zh)'], ...tsv]);
    const work = findWorkBySlug(source.workspace.db, slug)!;
    expect(read.paragraphs[0]).toBe(work.title);
    const versions = listActiveVersions(source.workspace.db, work.id).filter((v) => !v.revisionOf);
    expect(read.paragraphs.slice(2, 5)).toEqual(versions.map((v) => `${v.name} (${v.lang}): ${v.status} — ${v.provenance}`));
  });
});

describe('export → import → export gives the same file', () => {
  // Each format imported under the declaration's own slug in an empty workspace, in turn.
  async function roundTrip(query: string, files: (body: Buffer, name: string) => Array<{ bytes: Uint8Array; name: string }>, title?: string) {
    const first = await download(source.app, `${slug}/export?${query}`);
    expect(first.status).toBe(200);
    // line-aligned files carry no title: the form gives it
    const res = await upload(target.app, targetCsrf, { work: slug, ...(title ? { title } : {}) }, files(first.body, first.name));
    expect(res.status, res.text).toBe(200);
    const second = await download(target.app, `${slug}/export?${query}`);
    // the next format starts afresh
    target.workspace.db.prepare('DELETE FROM works').run();
    return { first, second, message: unescapeHtml(res.text) };
  }
  const one = (body: Buffer, name: string) => [{ bytes: body, name }];

  it('TMX of all versions: confirmed rows, confidences, notes, list markers', async () => {
    const { first, second, message } = await roundTrip('format=tmx', one);
    expect(message).toMatch(/Imported the TMX file into declaration-2005: en \(\d+ sentences\), ru .*, zh .*; 7\d units/);
    expect(undated(second.text)).toBe(undated(first.text));
    expect(first.text).toContain('<prop type="x-triptych-confirmed">yes</prop>');
  });

  it('TMX of a pair with its one-sided beads', async () => {
    const { first, second } = await roundTrip('format=tmx&langs=ru,en&keep-unpaired=on', one);
    expect(first.text).toContain('x-triptych-bead');
    expect(undated(second.text)).toBe(undated(first.text));
  });

  it('XLIFF 1.2', async () => {
    const { first, second } = await roundTrip('format=xliff', one);
    expect(second.text).toBe(first.text);
  });

  it('XLIFF 2.1, one document of a pair and the zip of all versions', async () => {
    const pair = await roundTrip('format=xliff2&langs=en,ru', one);
    expect(pair.second.text).toBe(pair.first.text);
    const all = await roundTrip('format=xliff2', one);
    expect(unzip(all.second.body)).toEqual(unzip(all.first.body));
  });

  it('plain parallel text, as the zip and as the files themselves', async () => {
    const zipped = await roundTrip('format=plain', one, 'Declaration');
    expect(unzip(zipped.second.body)).toEqual(unzip(zipped.first.body));
    const loose = await roundTrip('format=plain', (body) => Object.entries(unzipSync(body)).map(([name, bytes]) => ({ name, bytes })), 'Declaration');
    expect(unzip(loose.second.body)).toEqual(unzip(loose.first.body));
  });
});

describe('an aligned upload becomes a work', () => {
  it('with its versions, a pair alignment per pair of them taken from the units (no re-alignment), confirmed, and the notes as annotations', async () => {
    const tmx = (await download(source.app, `${slug}/export?format=tmx`)).body;
    const res = await upload(target.app, targetCsrf, { work: 'from-tmx', title: 'From a TMX' }, [{ bytes: tmx, name: 'memory.tmx' }], false);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/works/from-tmx');
    const db = target.workspace.db;
    const work = findWorkBySlug(db, 'from-tmx')!;
    expect(work.title).toBe('From a TMX');
    const state = alignmentState(db, work);
    expect(state.layout.columns.map((c) => [c.name, c.status])).toEqual([['en', 'unofficial'], ['ru', 'working'], ['zh', 'working']]);
    const units = (tmx.toString('utf8').match(/<tu /g) ?? []).length;
    expect(state.rows()).toHaveLength(units);
    // every pair: a bead per unit with a sentence of either version in it; the first units confirmed
    for (const [i, pair] of state.layout.pairs.entries()) {
      expect(state.beads[i].length).toBeGreaterThan(units - 5);
      expect(state.beads[i].slice(0, 5).every((b) => b.confirmed)).toBe(true);
    }
    const events = db.prepare("SELECT kind, summary FROM events WHERE work_id = ? ORDER BY id").all(work.id) as Array<{ kind: string; summary: string }>;
    expect(events.filter((e) => e.kind === 'align-pair').map((e) => e.summary)).toEqual(
      state.layout.pairs.map((p) => expect.stringMatching(new RegExp(`^took ${p.label.replace('|', '\\|')} from the ${units} units of the TMX file memory\\.tmx \\(no re-alignment\\)`))),
    );
    const notes = listAnnotations(db, work.id);
    expect(notes.map((a) => [a.versionName, a.category, a.comment, a.author])).toEqual([['ru', 'terminology', 'check the term', 'Anna']]);
    // list items: blocks with their markers, the sentence without
    const en = state.layout.columns[0];
    const item = listBlocks(db, en.id).find((b) => b.kind === 'list-item')!;
    expect(item.label).toBe('-');
    expect(versionText(db, en.id).slice(item.start, item.end)).toMatch(/^- \S/);
  });

  it('from a TMX of another tool: languages as tagged (en-US), units confirmed, inline <hi> read as text with a warning', async () => {
    const tmx = `<?xml version="1.0"?><tmx version="1.4"><header creationtool="X" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en-US" o-tmf="x"/><body>
      <tu><tuv xml:lang="en-US"><seg>Hello <hi>world</hi>.</seg></tuv><tuv xml:lang="de-DE"><seg>Hallo Welt.</seg></tuv></tu>
      <tu><tuv xml:lang="en-US"><seg>- first item;</seg></tuv><tuv xml:lang="de-DE"><seg>- erster Punkt;</seg></tuv></tu></body></tmx>`;
    const res = await upload(target.app, targetCsrf, { work: 'foreign', title: 'Foreign' }, [{ bytes: strToU8(tmx), name: 'other.tmx' }]);
    expect(res.status, res.text).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Inline markup <hi> was read as its text.');
    const db = target.workspace.db;
    const state = alignmentState(db, findWorkBySlug(db, 'foreign')!);
    expect(state.layout.columns.map((c) => [c.name, c.lang, c.status])).toEqual([['en', 'en', 'unofficial'], ['de', 'de', 'unofficial']]);
    expect(state.beads[0].map((b) => [b.confirmed, b.confidence, b.origin])).toEqual([[true, null, 'manual'], [true, null, 'manual']]);
    expect(listSentences(db, state.layout.columns[0].id).map((s) => s.text)).toEqual(['Hello world.', 'first item;']);
  });
});

describe('inline markup that wraps text', () => {
  it('is read as its text from an XLIFF <g>, and the result says so', async () => {
    const xlf = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="en" target-language="ru" datatype="plaintext"><body><trans-unit id="1"><source>Hello <g id="1">world</g>.</source><target>Привет, <g id="1">мир</g>.</target></trans-unit></body></file></xliff>';
    const res = await upload(target.app, targetCsrf, { work: 'wrapped', title: 'Wrapped' }, [{ bytes: strToU8(xlf), name: 'w.xlf' }]);
    expect(res.status, res.text).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Inline markup <g> was read as its text.');
    const db = target.workspace.db;
    const [en, ru] = listActiveVersions(db, findWorkBySlug(db, 'wrapped')!.id);
    expect([listSentences(db, en.id)[0].text, listSentences(db, ru.id)[0].text]).toEqual(['Hello world.', 'Привет, мир.']);
  });
});

describe('documents uploaded as versions', () => {
  it('an HTML page: headings, paragraphs and list items become blocks; scripts are never stored nor shown', async () => {
    const html = '<!DOCTYPE html><html><head><title>Декларация</title><script>alert("x")</script></head><body><h1>Декларация</h1><p>Первый абзац. Второе предложение.</p><ul><li>укреплять доверие;</li><li>развивать сотрудничество.</li></ul><script>document.write("<b>x</b>")</script></body></html>';
    const res = await upload(target.app, targetCsrf, { work: 'html-doc', title: 'HTML', lang: 'ru', status: 'working' }, [{ bytes: strToU8(html), name: 'page.html' }]);
    expect(res.status, res.text).toBe(200);
    const db = target.workspace.db;
    const [version] = listActiveVersions(db, findWorkBySlug(db, 'html-doc')!.id);
    expect(listBlocks(db, version.id).map((b) => [b.kind, b.label ?? ''])).toEqual([['heading', ''], ['paragraph', ''], ['list-item', '-'], ['list-item', '-']]);
    expect(versionText(db, version.id)).not.toMatch(/script|alert|</);
    const page = await request(target.app).get('/works/html-doc/versions/ru');
    expect(page.text).not.toContain('alert(');
  });

  it('a DOCX that python-docx made: title, bullets and numbers as blocks', async () => {
    const file = tempFile('made.docx', '');
    runPython('docx', `import docx, sys
d = docx.Document()
d.add_heading("Declaration", 0)
d.add_paragraph("The Heads of State declare the following.")
d.add_paragraph("to strengthen mutual trust;", style="List Bullet")
d.add_paragraph("to develop cooperation.", style="List Bullet")
d.save(sys.argv[1])
print("[]")`, [file]);
    const res = await upload(target.app, targetCsrf, { work: 'docx-doc', title: 'DOCX', lang: 'en', status: 'working' }, [{ bytes: fs.readFileSync(file), name: path.basename(file) }]);
    expect(res.status, res.text).toBe(200);
    const db = target.workspace.db;
    const [version] = listActiveVersions(db, findWorkBySlug(db, 'docx-doc')!.id);
    expect(version.encoding).toBe('DOCX');
    expect(listSentences(db, version.id).map((s) => [s.blockKind, s.text])).toEqual([
      ['heading', 'Declaration'],
      ['paragraph', 'The Heads of State declare the following.'],
      ['list-item', 'to strengthen mutual trust;'],
      ['list-item', 'to develop cooperation.'],
    ]);
  });
});

describe('documents that name their language, uploaded without one', () => {
  const langOf = (work: string) => {
    const db = target.workspace.db;
    return listActiveVersions(db, findWorkBySlug(db, work)!.id).map((v) => [v.name, v.lang]);
  };

  it('an HTML page in the language of its <html lang>, the fragment saying so', async () => {
    const res = await upload(target.app, targetCsrf, { work: 'html-lang', title: 'HTML', status: 'working' }, [{ bytes: strToU8(htmlPage('lang="ru-RU"')), name: 'page.html' }]);
    expect(res.status, res.text).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Its language, ru, is the one the file names (ru-RU).');
    expect(langOf('html-lang')).toEqual([['ru', 'ru']]);
  });

  it('a DOCX that python-docx made, in the language of its docDefaults (en-US)', async () => {
    const file = tempFile('made.docx', '');
    runPython('docx', `import docx, sys
d = docx.Document()
d.add_paragraph("The Heads of State declare the following.")
d.save(sys.argv[1])
print("[]")`, [file]);
    const res = await upload(target.app, targetCsrf, { work: 'docx-lang', title: 'DOCX', status: 'working' }, [{ bytes: fs.readFileSync(file), name: 'made.docx' }]);
    expect(res.status, res.text).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Its language, en, is the one the file names (en-US).');
    expect(langOf('docx-lang')).toEqual([['en', 'en']]);
  });

  it('the language chosen on the form when the file names another, with a warning in the interface language', async () => {
    const docx = docxDocument(paragraph(run('成员国将加强合作。')), { defaults: { val: 'en-US', eastAsia: 'zh-CN' } });
    const res = await upload(target.app, targetCsrf, { work: 'docx-override', title: 'DOCX', lang: 'ja', status: 'working' }, [{ bytes: docx, name: 'memo.docx' }]).set('Accept-Language', 'ru');
    expect(res.status, res.text).toBe(200);
    expect(unescapeHtml(res.text)).toContain('Предупреждения:');
    expect(unescapeHtml(res.text)).toContain('В файле memo.docx указан язык «zh-CN»; версия импортирована как ja — выбранный вами язык.');
    expect(langOf('docx-override')).toEqual([['ja', 'ja']]);
  });

  it('the upload form says a DOCX or HTML page may leave the language to the file', async () => {
    const res = await request(target.app).get('/');
    expect(unescapeHtml(res.text)).toContain('for one version (a DOCX or HTML page may leave it to the file); empty for an aligned file');
    const zh = await request(target.app).get('/').set('Accept-Language', 'zh-CN');
    expect(unescapeHtml(zh.text)).toContain('DOCX 或 HTML 网页可取文件标明的语言');
  });
});

describe('bad input: a clear 4xx and the database unchanged', () => {
  const tu = (cells: Array<[string, string]>) => `<tu>${cells.map(([l, t]) => `<tuv xml:lang="${l}"><seg>${t}</seg></tuv>`).join('')}</tu>`;
  const tmx = (body: string, prolog = '') => strToU8(`<?xml version="1.0"?>${prolog}<tmx version="1.4"><header creationtool="X" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="x"/><body>${body}</body></tmx>`);
  const xliff = (inner: string, prolog = '') =>
    strToU8(`<?xml version="1.0"?>${prolog}<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="en" target-language="ru" datatype="plaintext"><body>${inner}</body></file></xliff>`);
  const bomb = () => {
    // a part that claims to expand over 1000 times: refused before it is inflated
    const zip = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    return zip;
  };
  const cases: Array<{ name: string; fields?: Record<string, string>; files: Array<{ bytes: Uint8Array; name: string }>; status: number; message: RegExp }> = [
    { name: 'a TMX with a DOCTYPE', files: [{ bytes: tmx(tu([['en', 'a'], ['ru', 'б']]), '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'), name: 'a.tmx' }], status: 422, message: /The TMX file cannot be imported: The file declares a document type/ },
    { name: 'an XLIFF with an entity declaration', files: [{ bytes: xliff('<trans-unit id="1"><source>&x;</source><target>б</target></trans-unit>', '<!DOCTYPE xliff [<!ENTITY x "boom">]>'), name: 'a.xlf' }], status: 422, message: /cannot be imported: The file declares/ },
    { name: 'a TMX with <bpt> inline markup', files: [{ bytes: tmx(tu([['en', 'a <bpt i="1">&lt;b&gt;</bpt>b'], ['ru', 'б']])), name: 'a.tmx' }], status: 422, message: /holds inline markup <bpt>/ },
    { name: 'an XLIFF with <ph> inline markup', files: [{ bytes: xliff('<trans-unit id="1"><source>a<ph id="1">&lt;br/&gt;</ph></source><target>б</target></trans-unit>'), name: 'a.xlf' }], status: 422, message: /holds inline markup <ph>/ },
    { name: 'a TMX whose units would make an empty version', files: [{ bytes: tmx(tu([['en', 'a'], ['ru', '  ']]) + tu([['en', 'b'], ['ru', '']])), name: 'a.tmx' }], status: 422, message: /no text in ru: importing it would make an empty ru version/ },
    { name: 'a TMX given a language, as a version', fields: { lang: 'en', status: 'working' }, files: [{ bytes: tmx(tu([['en', 'a'], ['ru', 'б']])), name: 'a.tmx' }], status: 422, message: /a\.tmx is a TMX file with en, ru: it names its own languages\. Leave the language and version name empty/ },
    { name: 'a TMX with units in a language the work lacks', fields: { work: slug, replace: 'on' }, files: [{ bytes: tmx(tu([['en', 'a'], ['fr', 'b']])), name: 'a.tmx' }], status: 422, message: /has units in fr, which the work “declaration-2005” lacks/ },
    { name: 'a TMX into an existing work without replacing', fields: { work: slug }, files: [{ bytes: tmx(tu([['en', 'a'], ['ru', 'б']])), name: 'a.tmx' }], status: 409, message: /already has en, ru\. Replace them/ },
    { name: 'a DOCX that is a zip bomb', fields: { lang: 'en', status: 'working' }, files: [{ bytes: bomb(), name: 'bomb.docx' }], status: 422, message: /The DOCX looks like a zip bomb/ },
    { name: 'a spreadsheet named .docx', fields: { lang: 'en', status: 'working' }, files: [{ bytes: zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') }), name: 'sheet.docx' }], status: 422, message: /it is an Excel workbook/ },
    { name: 'an HTML page without a language, none chosen', fields: { status: 'working' }, files: [{ bytes: strToU8(htmlPage()), name: 'page.html' }], status: 400, message: /The HTML document page\.html does not name its language: choose its language and status\./ },
    { name: 'a DOCX without a language, none chosen', fields: { status: 'working' }, files: [{ bytes: docxDocument(paragraph(run('Текст.'))), name: 'memo.docx' }], status: 400, message: /The DOCX document memo\.docx does not name its language: choose its language and status\./ },
    { name: 'a DOCX in a language Triptych does not know, none chosen', fields: { status: 'working' }, files: [{ bytes: docxDocument(paragraph(run('Text.', { val: 'tlh' }))), name: 'memo.docx' }], status: 422, message: /memo\.docx names its language as 'tlh', which is not a language Triptych knows/ },
    { name: 'a text without a language', fields: { status: 'working' }, files: [{ bytes: strToU8('Some text.\n'), name: 'memo.txt' }], status: 400, message: /memo\.txt is one document: choose its language and status/ },
    { name: 'line-aligned files of different lengths', files: [{ bytes: strToU8('a\nb\n'), name: 'x.en.txt' }, { bytes: strToU8('а\n'), name: 'x.ru.txt' }], status: 422, message: /do not have the same number of lines/ },
    { name: 'a zip of something else', files: [{ bytes: zipSync({ 'a.png': new Uint8Array([1, 2, 3]) }), name: 'a.zip' }], status: 422, message: /Triptych imports a zip of two or three line-aligned files/ },
  ];

  it('refuses a TMX of a version with its revision (one language twice), saying why', async () => {
    const res = await request(source.app).get(`/works/${slug}/export?format=tmx&langs=en,en-revised`);
    expect(res.status).toBe(400);
    expect(unescapeHtml(res.text)).toMatch(/This export cannot be written: TMX tells versions apart by language, and 'en' and 'en-revised' are both en/);
  });

  it('refuses a TMX or XLIFF given to the text import itself (importVersion), saying how to import it', async () => {
    const before = dumpDatabase(source.workspace.db);
    for (const [bytes, name, format] of [[tmx(tu([['en', 'a'], ['ru', 'б']])), 'memory.txt', 'TMX'], [xliff('<trans-unit id="1"><source>a</source><target>б</target></trans-unit>'), 'x.txt', 'XLIFF 1.2']] as const) {
      await expect(
        importVersion(source.workspace.db, source.workspace.alignResources, { workSlug: 'x', workTitle: 'X', lang: 'en', status: 'working', fileName: name, bytes, actor: 'test', maxBytes: 1 << 20 }),
      ).rejects.toThrow(`${name} is a ${format} file, which names its own languages: import it as an aligned work, without a language or version name`);
    }
    expect(dumpDatabase(source.workspace.db)).toEqual(before);
  });

  it.each(cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, bad) => {
    const before = dumpDatabase(source.workspace.db);
    const res = await upload(source.app, sourceCsrf, { work: 'new-work', title: 'New', ...bad.fields }, bad.files);
    expect(res.status, res.text).toBe(bad.status);
    expect(unescapeHtml(res.text)).toMatch(bad.message);
    expect(dumpDatabase(source.workspace.db)).toEqual(before);
  });
});
