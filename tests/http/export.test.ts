// Export of the aligned declaration over HTTP: TMX 1.4b (parsed with an XML parser) and TSV, of all
// versions (checked against the three-column view) and of two (checked against that pair's own
// alignment, one unit per bead); the beads format; and the refusals.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTsv } from '../../server/formats/tsv.ts';
import { listBlocks, listSentences, type StoredSentence, type VersionRecord } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { joinSentences, readGridRows, readWork, type GridRowView, type WorkView } from '../../server/services/read-work.ts';
import { triptychVersion } from '../../server/version.ts';
import { createTestApp, dumpDatabase, getCsrf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Keep the text exactly: no number parsing, no trimming.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['tu', 'tuv', 'prop'].includes(name),
});

interface Tuv {
  '@xml:lang': string;
  seg: string;
}
interface Tu {
  '@tuid': string;
  prop?: Array<{ '@type': string; '#text': string }>;
  tuv: Tuv[];
}

/**
 * A cell's text as the exports write it: the sentences of a block joined as the language joins
 * them, a list item's first sentence after its marker (the block's label), blocks on lines of their own.
 */
function markedText(db: TestApp['workspace']['db'], version: VersionRecord, sentences: StoredSentence[]): string {
  const blocks = listBlocks(db, version.id);
  const all = listSentences(db, version.id);
  const firstOf = new Map<number, number>();
  for (const s of all) if (!firstOf.has(s.block)) firstOf.set(s.block, s.ordinal);
  const lines: Array<{ block: number; texts: string[] }> = [];
  for (const s of sentences) {
    const label = s.blockKind === 'list-item' && firstOf.get(s.block) === s.ordinal ? blocks[s.block].label : undefined;
    const text = label ? (label === '——' ? label + s.text : `${label} ${s.text}`) : s.text;
    if (lines.length && lines[lines.length - 1].block === s.block) lines[lines.length - 1].texts.push(text);
    else lines.push({ block: s.block, texts: [text] });
  }
  return lines.map((l) => joinSentences(version.lang, l.texts)).join('\n');
}

/** The request's columns as language codes, and the grid rows whose chosen cells are not all empty. */
function expectedRows(view: WorkView, rows: GridRowView[], langs: string[], db: TestApp['workspace']['db']) {
  const columns = langs.map((lang) => view.columns.findIndex((v) => v.lang === lang));
  return rows
    .map((row) => ({ number: row.number, cells: columns.map((k, i) => ({ lang: langs[i], text: markedText(db, view.columns[k], row.cells[k].sentences) })) }))
    .filter((row) => row.cells.some((c) => c.text !== ''));
}

/** The units a bilingual export must have: a pair's two-sided beads (all with `unpaired`), as texts in the order asked for. */
function expectedBeads(t: TestApp, langs: string[], unpaired = false) {
  const state = alignmentState(t.workspace.db, findWorkBySlug(t.workspace.db, slug)!);
  const i = state.layout.pairs.findIndex((p) => langs.includes(p.a.lang) && langs.includes(p.b.lang) && !p.a.revisionOf && !p.b.revisionOf);
  const pair = state.layout.pairs[i];
  const versions = langs.map((lang) => (pair.a.lang === lang ? pair.a : pair.b));
  const sentences = versions.map((v) => listSentences(t.workspace.db, v.id));
  return state.beads[i]
    .map((bead, n) => ({ bead: n + 1, bead_: bead, cells: versions.map((v, k) => { const c = bead.cells[v.id === pair.a.id ? 0 : 1]; return { lang: v.lang, text: markedText(t.workspace.db, v, sentences[k].slice(c.first, c.first + c.count)) }; }) }))
    .filter((u) => u.cells.some((c) => c.text !== '') && (unpaired || u.cells.every((c) => c.text !== '')));
}

describe('exporting the aligned text', () => {
  let t: TestApp;
  let view: WorkView;
  let rows: GridRowView[];

  beforeAll(async () => {
    t = await createTestApp();
    view = readWork(t.workspace.db, slug);
    rows = readGridRows(t.workspace.db, view, 0, view.rowCount);
  });
  afterAll(() => t?.close());

  describe.each([
    ['all versions', '', ['en', 'ru', 'zh'], 'en'],
    ['English and Russian', 'en,ru', ['en', 'ru'], 'en'],
    ['Russian and Chinese', 'ru,zh', ['ru', 'zh'], 'ru'],
    ['Chinese and English, in that order', 'zh,en', ['zh', 'en'], 'en'],
  ])('TMX of %s', (_name, langs, columns, srclang) => {
    let xml: string;
    let tus: Tu[];
    let doc: { tmx: { '@version': string; header: Record<string, string>; body: { tu: Tu[] } } };

    beforeAll(async () => {
      const res = await request(t.app).get(`/works/${slug}/export?format=tmx${langs ? `&langs=${langs}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-tmx+xml; charset=utf-8');
      const fileName = `${slug}.${columns.join('-')}.tmx`;
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
      xml = res.text;
      doc = parser.parse(xml);
      tus = doc.tmx.body.tu;
    });

    it('is well-formed XML with a TMX 1.4 root and a complete header', () => {
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      expect(doc.tmx['@version']).toBe('1.4');
      const header = doc.tmx.header;
      expect(header).toMatchObject({
        '@creationtool': 'Triptych',
        '@creationtoolversion': triptychVersion,
        '@segtype': 'sentence',
        '@o-tmf': 'Triptych',
        '@adminlang': 'en',
        '@srclang': srclang,
        '@datatype': 'plaintext',
      });
      expect(header['@creationdate']).toMatch(/^\d{8}T\d{6}Z$/);
    });

    it('has one tu per non-empty row of all versions, or per two-sided bead of a pair, with its texts', () => {
      if (columns.length > 2) {
        const expected = expectedRows(view, rows, columns, t.workspace.db);
        expect(expected.length).toBeGreaterThan(20);
        expect(tus).toHaveLength(expected.length);
        tus.forEach((tu, i) => {
          const row = expected[i];
          expect(tu.prop?.find((p) => p['@type'] === 'x-triptych-row')?.['#text']).toBe(String(row.number));
          const cells = row.cells.filter((c) => c.text !== '');
          expect(tu.tuv.map((tuv) => tuv['@xml:lang'])).toEqual(cells.map((c) => c.lang));
          expect(tu.tuv.map((tuv) => tuv.seg)).toEqual(cells.map((c) => c.text));
        });
        return;
      }
      const expected = expectedBeads(t, columns);
      expect(expected.length).toBeGreaterThan(20);
      expect(tus).toHaveLength(expected.length);
      tus.forEach((tu, i) => {
        const unit = expected[i];
        const prop = (type: string) => tu.prop?.find((p) => p['@type'] === type)?.['#text'];
        expect(prop('x-triptych-bead')).toBe(String(unit.bead));
        expect(prop('x-triptych-confirmed')).toBe(unit.bead_.confirmed ? 'yes' : 'no');
        expect(Number(prop('x-triptych-confidence'))).toBeCloseTo(unit.bead_.confidence ?? NaN, 3);
        expect(tu.tuv.map((tuv) => tuv['@xml:lang'])).toEqual(columns);
        expect(tu.tuv.map((tuv) => tuv.seg)).toEqual(unit.cells.map((c) => c.text));
      });
    });

    it('carries Cyrillic and Chinese text intact and leaves out the page residue', () => {
      const all = tus.flatMap((tu) => tu.tuv);
      if (columns.includes('ru')) expect(all.some((tuv) => tuv['@xml:lang'] === 'ru' && /\p{Script=Cyrillic}/u.test(tuv.seg))).toBe(true);
      if (columns.includes('zh')) expect(all.some((tuv) => tuv['@xml:lang'] === 'zh' && /\p{Script=Han}/u.test(tuv.seg))).toBe(true);
      for (const tuv of all) {
        expect(tuv.seg).not.toMatch(/Updated: 2006-06-12|Top China News|Today's Top News/);
        expect(tuv['@xml:lang']).toMatch(/^(en|ru|zh)$/);
        expect(tuv.seg.trim()).toBe(tuv.seg);
        expect(tuv.seg).not.toBe('');
      }
    });
  });

  it('exports TSV of all versions: a header line, three columns, each cell as it is (RFC 4180 quoting)', async () => {
    const res = await request(t.app).get(`/works/${slug}/export?format=tsv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/tab-separated-values; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${slug}.en-ru-zh.tsv"`);
    const records = readTsv(res.text);
    expect(records[0]).toEqual(['en', 'ru', 'zh']);
    const expected = expectedRows(view, rows, ['en', 'ru', 'zh'], t.workspace.db);
    expect(records).toHaveLength(expected.length + 1);
    records.slice(1).forEach((cells, i) => {
      expect(cells).toEqual(expected[i].cells.map((c) => c.text));
    });
    expect(res.text).not.toContain('\r');
  });

  it.each([
    ['en,ru', 'en\tru'],
    ['ru,zh', 'ru\tzh'],
  ])('exports TSV of %s with two columns', async (langs, header) => {
    const res = await request(t.app).get(`/works/${slug}/export?format=tsv&langs=${langs}`);
    expect(res.status).toBe(200);
    const records = readTsv(res.text);
    expect(records[0].join('\t')).toBe(header);
    expect(records.length).toBe(expectedBeads(t, langs.split(',')).length + 1);
    for (const cells of records) expect(cells).toHaveLength(2);
    // with the one-sided beads
    const all = await request(t.app).get(`/works/${slug}/export?format=tsv&langs=${langs}&keep-unpaired=on`);
    expect(readTsv(all.text).length).toBe(expectedBeads(t, langs.split(','), true).length + 1);
  });

  it('writes a pair as beads, in the order the versions are named, as the aligner prints them', async () => {
    const res = await request(t.app).get(`/works/${slug}/export?format=beads&langs=ru,en`);
    expect(res.status).toBe(200);
    const lines = res.text.replace(/\n$/, '').split('\n');
    const state = alignmentState(t.workspace.db, findWorkBySlug(t.workspace.db, slug)!);
    const beads = state.beads[state.layout.pairs.findIndex((p) => p.label === 'en|ru')];
    const range = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i).join(',');
    expect(lines).toEqual(beads.map((b) => `[${range(b.cells[1].first, b.cells[1].count)}]:[${range(b.cells[0].first, b.cells[0].count)}]`));
    // a revision with the version it revises is a pair too
    const revised = await request(t.app).get(`/works/${slug}/export?format=beads&langs=en,en-revised`);
    expect(revised.status).toBe(200);
    expect((await request(t.app).get(`/works/${slug}/export?format=beads`)).status).toBe(400);
  });

  it('takes the versions as repeated langs parameters too, as the export form sends them', async () => {
    const res = await request(t.app).get(`/works/${slug}/export?langs=ru&langs=zh&format=tsv`);
    expect(res.status).toBe(200);
    expect(res.text.split('\n')[0]).toBe('ru\tzh');
  });

  it('exports TMX when no format is given', async () => {
    const res = await request(t.app).get(`/works/${slug}/export`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<tmx version="1.4">');
  });

  it.each([
    ['an unknown format', `/works/${slug}/export?format=rtf`, 400, /'rtf' is not an export format; use tmx, xliff, xliff2, tsv, plain, docx, beads\./],
    ['an unknown version', `/works/${slug}/export?format=tmx&langs=en,fr`, 400, /has no version 'fr'; choose from en, ru, zh/],
    ['only one version', `/works/${slug}/export?format=tsv&langs=ru`, 400, /Choose at least two versions/],
    ['a version chosen twice', `/works/${slug}/export?format=tsv&langs=ru,ru`, 400, /chosen twice/],
    ['a revision, which is not a grid column', `/works/${slug}/export?format=tsv&langs=en-revised,ru`, 400, /'en-revised' is a revision of 'en', not a column of the grid/],
    ['an unknown work', '/works/no-such-work/export?format=tmx', 404, /There is no work 'no-such-work'\./],
  ])('refuses %s with a readable 4xx and changes nothing', async (_name, url, status, message) => {
    const before = dumpDatabase(t.workspace.db);
    const res = await request(t.app).get(url);
    expect(res.status).toBe(status);
    expect(res.type).toBe('text/html');
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(res.text.replace(/&#39;/g, "'")).toMatch(message);
    expect(res.text).toContain('<html');
    const fragment = await request(t.app).get(url).set('HX-Request', 'true');
    expect(fragment.status).toBe(status);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toContain('role="alert"');
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });

  it('offers the export form on the work page with every grid version', async () => {
    const res = await request(t.app).get(`/works/${slug}`);
    expect(res.text).toContain(`<form method="get" action="/works/${slug}/export" class="export-form">`);
    for (const name of ['en', 'ru', 'zh']) expect(res.text).toContain(`<input type="checkbox" name="langs" value="${name}">`);
    expect(res.text).not.toContain('name="langs" value="en-revised"');
    expect(res.text).toContain('<option value="tmx">TMX 1.4b</option>');
    expect(res.text).toContain('<option value="tsv">TSV</option>');
  });
});

describe('exporting text with markup characters and tabs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
    const csrf = await getCsrf(t.app);
    const versions = [
      ['en', 'Tom & Jerry <b>met</b> "Spike"\tat noon.\n\nA second\tparagraph.\n'],
      ['ru', 'Том и Джерри <встретили> «Спайка»\tв полдень.\n\nВторой\tабзац.\n'],
    ];
    for (const [lang, text] of versions) {
      const res = await request(t.app)
        .post('/import')
        .set('Cookie', csrf.cookie)
        .field('_csrf', csrf.token)
        .field('work', 'markup')
        .field('title', 'Markup')
        .field('lang', lang)
        .field('status', 'working')
        .attach('file', Buffer.from(text), `${lang}.txt`);
      expect(res.status, res.text).toBe(303);
    }
  });
  afterAll(() => t?.close());

  it('escapes markup in TMX so that a parser gets the text back', async () => {
    const res = await request(t.app).get('/works/markup/export?format=tmx');
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(res.text)).toBe(true);
    expect(res.text).not.toContain('<b>');
    const view = readWork(t.workspace.db, 'markup');
    const rows = readGridRows(t.workspace.db, view, 0, view.rowCount);
    const tus: Tu[] = parser.parse(res.text).tmx.body.tu;
    const segs = tus.flatMap((tu) => tu.tuv.map((tuv) => tuv.seg));
    const cells = expectedRows(view, rows, ['en', 'ru'], t.workspace.db).flatMap((row) => row.cells.map((c) => c.text)).filter(Boolean);
    expect(segs).toEqual(cells);
    expect(segs.join(' ')).toContain('Tom & Jerry <b>met</b> "Spike"');
    expect(segs.join(' ')).toContain('Том и Джерри <встретили> «Спайка»');
  });

  it('keeps every TSV line at two cells, whatever the text holds', async () => {
    const res = await request(t.app).get('/works/markup/export?format=tsv');
    expect(res.status).toBe(200);
    const records = readTsv(res.text);
    expect(records[0]).toEqual(['en', 'ru']);
    expect(records.length).toBeGreaterThan(1);
    for (const cells of records) expect(cells).toHaveLength(2);
    expect(records.flat().join(' ')).toContain('Tom & Jerry <b>met</b> "Spike"');
  });
});
