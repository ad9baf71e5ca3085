import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dumpDatabase, getCsrf, gridBody, unescapeHtml, type Csrf, type TestApp } from './helpers.ts';
import { termTypes } from '../../server/terms/termbase.ts';
import { termTables } from '../terms/workspace.ts';

let t: TestApp;
let csrf: Csrf;
beforeAll(async () => {
  t = await createTestApp();
  csrf = await getCsrf(t.app, '/terms');
});
afterAll(() => t.close());

const post = (path: string, fields: Record<string, string>, htmx = false) => {
  const r = request(t.app).post(path).set('Cookie', csrf.cookie).type('form');
  if (htmx) r.set('HX-Request', 'true');
  return r.send({ _csrf: csrf.token, ...fields });
};
const state = () => ({ db: dumpDatabase(t.workspace.db), terms: termTables(t.workspace.db) });
const conceptId = (key: string) => (t.workspace.db.prepare('SELECT id FROM term_concepts WHERE key = ?').get(key) as { id: number } | undefined)?.id;

describe('the termbase pages', () => {
  it('lists the seeded concepts and searches them in any language', async () => {
    const page = await request(t.app).get('/terms');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Исполнительный секретарь');
    expect(page.text).toMatch(/2[0-9] concepts/);
    const found = await request(t.app).get('/terms/list').query({ q: '秘书长' }).set('HX-Request', 'true');
    expect(found.status).toBe(200);
    expect(found.text).toContain('id="term-list"');
    expect(found.text).toContain('secretary-general');
    expect(found.text).not.toContain('>asean<');
    const ru = await request(t.app).get('/terms/list').query({ q: 'генеральный' }).set('HX-Request', 'true');
    expect(ru.text).toContain('secretary-general');
    const yo = await request(t.app).get('/terms/list').query({ q: 'ОБЪЕДИНЁННЫХ', lang: 'ru' }).set('HX-Request', 'true');
    expect(yo.text).toContain('>un<');
    expect(yo.text).toContain('1 concept<');
    expect((await request(t.app).get('/terms/list').query({ q: 'x' })).status).toBe(303);
    expect((await request(t.app).get('/terms').query({ lang: 'xx' })).status).toBe(400);
  });

  it('shows a concept with its terms and its occurrences linked to their rows', async () => {
    const res = await request(t.app).get(`/terms/${conceptId('secretary-general')}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Генеральный секретарь');
    expect(res.text).toMatch(/href="\/works\/declaration-2005\?offset=0#row-\d+"/);
    expect(res.text).toContain('Исполнительного секретаря');
    expect(res.text).toContain('秘书长');
    // The revised English (not a grid column) says "from Executive Secretary to Secretary-General".
    expect(res.text).toContain('href="/works/declaration-2005/versions/en-revised"');
    expect(res.text).toContain('>Executive Secretary</mark>');
    expect((await request(t.app).get('/terms/999999')).status).toBe(404);
    expect((await request(t.app).get('/terms/abc')).status).toBe(404);
  });

  it('adds a concept, edits and deletes its terms and the concept, with htmx and without', async () => {
    const created = await post('/terms', { lang: 'en', text: 'Council of Permanent Representatives', status: 'preferred', subject: 'organs' });
    expect(created.status).toBe(303);
    const id = conceptId('council-of-permanent-representatives')!;
    expect(created.headers.location).toBe(`/terms/${id}`);
    const added = await post(`/terms/${id}/terms`, { lang: 'ru', text: 'Совет постоянных представителей', status: 'admitted' }, true);
    expect(added.status).toBe(200);
    expect(added.text).toContain('id="concept-terms"');
    expect(added.text).toContain('Совет постоянных представителей');
    const termId = (t.workspace.db.prepare("SELECT id FROM term_entries WHERE text = 'Совет постоянных представителей'").get() as { id: number }).id;
    const edited = await post(`/terms/${id}/terms/${termId}`, { lang: 'ru', text: 'Совет постоянных представителей', status: 'preferred', validFrom: '2008' }, true);
    expect(edited.status).toBe(200);
    expect(t.workspace.db.prepare('SELECT status, valid_from AS f FROM term_entries WHERE id = ?').get(termId)).toEqual({ status: 'preferred', f: '2008' });
    const fields = await post(`/terms/${id}`, { key: 'council-of-permanent-representatives', definition: 'A body of <b>envoys</b>', subject: 'organs' }, true);
    expect(fields.text).toContain('&lt;b&gt;envoys&lt;/b&gt;');
    expect((await post(`/terms/${id}/terms/${termId}/delete`, {}, true)).status).toBe(200);
    const gone = await post(`/terms/${id}/delete`, {}, true);
    expect(gone.status).toBe(204);
    expect(gone.headers['hx-redirect']).toBe('/terms');
    expect(conceptId('council-of-permanent-representatives')).toBeUndefined();
  });

  it.each([
    ['an empty term', '/terms', { lang: 'en', text: '  ', status: 'preferred' }, 400, /empty/],
    ['a malformed language tag', '/terms', { lang: 'tlh--x', text: 'Qapla', status: 'preferred' }, 400, /not a language tag Triptych accepts/],
    ['an unknown status', '/terms', { lang: 'en', text: 'Thing', status: 'golden' }, 400, /not a term status/],
    ['a bad date', '/terms', { lang: 'en', text: 'Thing', status: 'preferred', validFrom: 'next year' }, 400, /not a date/],
    ['a taken key', '/terms', { lang: 'en', text: 'Thing', status: 'preferred', key: 'sco' }, 409, /already has a concept/],
    ['a bad key', '/terms', { lang: 'en', text: 'Thing', status: 'preferred', key: '1 bad key' }, 400, /not a concept identifier/],
  ])('refuses %s and changes nothing', async (_name, path, fields, status, message) => {
    const before = state();
    const res = await post(path, fields as Record<string, string>, true);
    expect(res.status).toBe(status);
    expect(res.headers['hx-retarget']).toBe('#terms-message');
    expect(unescapeHtml(res.text)).toMatch(message);
    expect(state()).toEqual(before);
  });

  it('refuses a duplicate term, the last term of a concept, unknown ids, and posts without the CSRF token', async () => {
    const before = state();
    const asean = conceptId('asean')!;
    expect((await post(`/terms/${asean}/terms`, { lang: 'en', text: 'ASEAN', status: 'preferred' }, true)).status).toBe(409);
    expect((await post(`/terms/999999/terms`, { lang: 'en', text: 'X', status: 'preferred' })).status).toBe(404);
    expect((await post(`/terms/${asean}/terms/999999/delete`, {})).status).toBe(404);
    const only = await post('/terms', { lang: 'zh', text: '孤词', status: 'preferred' });
    const onlyId = conceptId('guci') ?? Number(only.headers.location.split('/').pop());
    const termId = (t.workspace.db.prepare('SELECT id FROM term_entries WHERE concept_id = ?').get(onlyId) as { id: number }).id;
    const last = await post(`/terms/${onlyId}/terms/${termId}/delete`, {});
    expect(last.status).toBe(409);
    expect((await post(`/terms/${onlyId}/delete`, {})).status).toBe(303);
    const noToken = await request(t.app).post('/terms').set('Cookie', csrf.cookie).type('form').send({ lang: 'en', text: 'X', status: 'preferred' });
    expect(noToken.status).toBe(403);
    expect(termTables(t.workspace.db).concepts).toEqual(before.terms.concepts);
  });
});

describe('a large termbase', () => {
  it('lists at most 500 concepts and says so', async () => {
    const rows = ['concept,en,ru', ...Array.from({ length: 520 }, (_, i) => `bulk-${i},Bulk term ${i},Термин ${i}`)].join('\n');
    const res = await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).field('_csrf', csrf.token).attach('file', Buffer.from(rows), 'bulk.csv');
    expect(res.status).toBe(303);
    const page = await request(t.app).get('/terms');
    expect(page.text).toMatch(/5\d\d concepts · the first 500 are shown/);
    expect(page.text.match(/<tr>\s*<th scope="row">/g)).toHaveLength(500);
    const one = await request(t.app).get('/terms/list').query({ q: 'Bulk term 519' }).set('HX-Request', 'true');
    expect(one.text).toContain('>bulk-519<');
    t.workspace.db.prepare("DELETE FROM term_concepts WHERE key LIKE 'bulk-%'").run();
  });
});

describe('editing refused', () => {
  it.each([
    ['a concept key taken by another concept', (ids: Record<string, number>) => [`/terms/${ids.asean}`, { key: 'sco' }], 409, /already has a concept 'sco'/],
    ['a bad concept key', (ids: Record<string, number>) => [`/terms/${ids.asean}`, { key: 'no spaces allowed' }], 400, /not a concept identifier/],
    ['an unknown concept', () => ['/terms/999999', { key: 'x' }], 404, /no concept number 999999/],
    ['a bad status in a term edit', (ids: Record<string, number>) => [`/terms/${ids.asean}/terms/${ids.aseanTerm}`, { lang: 'en', text: 'ASEAN', status: 'best' }], 400, /not a term status/],
    ['an empty term in a term edit', (ids: Record<string, number>) => [`/terms/${ids.asean}/terms/${ids.aseanTerm}`, { lang: 'en', text: '', status: 'preferred' }], 400, /empty/],
    ['a term of another concept', (ids: Record<string, number>) => [`/terms/${ids.cis}/terms/${ids.aseanTerm}`, { lang: 'en', text: 'ASEAN', status: 'preferred' }], 404, /has no term number/],
  ])('%s, leaving everything as it was', async (_name, target, status, message) => {
    const asean = conceptId('asean')!;
    const ids = {
      asean,
      cis: conceptId('cis')!,
      aseanTerm: (t.workspace.db.prepare("SELECT id FROM term_entries WHERE concept_id = ? AND lang = 'en'").get(asean) as { id: number }).id,
    };
    const [path, fields] = target(ids) as [string, Record<string, string>];
    const before = state();
    const res = await post(path, fields, true);
    expect(res.status).toBe(status);
    expect(unescapeHtml(res.text)).toMatch(message);
    expect(state()).toEqual(before);
  });
});

describe('TBX and CSV over HTTP', () => {
  it('exports TBX and CSV and imports them back to the same termbase', async () => {
    const tbx = await request(t.app).get('/terms/export?format=tbx');
    expect(tbx.status).toBe(200);
    expect(tbx.headers['content-type']).toMatch(/tbx/);
    expect(tbx.headers['content-disposition']).toContain('termbase.tbx');
    expect(tbx.text).toContain('<conceptEntry id="secretary-general">');
    expect(tbx.text).toContain('supersededTerm-admn-sts');
    const before = termTables(t.workspace.db);
    const imported = await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).set('HX-Request', 'true')
      .field('_csrf', csrf.token).attach('file', Buffer.from(tbx.text), 'termbase.tbx');
    expect(imported.status).toBe(200);
    expect(imported.text).toMatch(/0 concepts added, \d+ replaced/);
    const after = termTables(t.workspace.db);
    expect(after.concepts).toEqual((before.concepts as Array<Record<string, unknown>>).map((c) => ({ ...c, updated_at: expect.any(String) })));
    const sorted = (terms: unknown) => (terms as Array<Record<string, unknown>>).map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
    expect(sorted(after.terms)).toEqual(sorted(before.terms));
    const csv = await request(t.app).get('/terms/export?format=csv');
    expect(csv.text.split('\r\n')[0]).toBe('concept,subject,definition,note,source,en,ru,zh,en usage note,ru usage note,zh usage note,en context,ru context,zh context');
    expect((await request(t.app).get('/terms/export?format=docx')).status).toBe(400);
  });

  it.each([
    ['a DOCTYPE with entities (XML bomb)', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&lol1;</term></termSec></langSec></conceptEntry></body></text></tbx>', 'bomb.tbx', 422, /document type/],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><tbx><text><body><conceptEntry id="x"><note>&xxe;</note></conceptEntry></body></text></tbx>', 'xxe.tbx', 422, /document type/],
    ['malformed TBX', '<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"></body></text></tbx>', 'broken.tbx', 422, /not well-formed/],
    ['a TBX term without text', '<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term></term></termSec></langSec></conceptEntry></body></text></tbx>', 'empty.tbx', 422, /empty/],
    ['a malformed language tag in a CSV', 'concept,en,en-x\nfoo,Foo,Bar\n', 'bad.csv', 422, /'en-x' is not a language tag Triptych accepts/],
    ['a binary file', '\u0000\u0001\u0002\u00ff', 'x.bin', 415, /not UTF-8/],
    ['an empty file', '', 'empty.csv', 400, /empty/],
  ])('refuses %s and changes nothing', async (_name, body, fileName, status, message) => {
    const before = state();
    const res = await request(t.app).post('/terms/import').set('Cookie', csrf.cookie)
      .field('_csrf', csrf.token).attach('file', Buffer.from(body, fileName === 'x.bin' ? 'latin1' : 'utf8'), fileName);
    expect(res.status).toBe(status);
    expect(unescapeHtml(res.text)).toMatch(message);
    expect(state()).toEqual(before);
  });

  it('refuses an import without a file or without the CSRF token', async () => {
    const before = state();
    expect((await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).field('_csrf', csrf.token)).status).toBe(400);
    expect((await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).attach('file', Buffer.from('en\nX\n'), 'g.csv')).status).toBe(403);
    expect(state()).toEqual(before);
  });
});

describe('terms in the grid and the check report', () => {
  it('highlights occurrences with a tooltip and keeps the sentence text intact', async () => {
    const res = await request(t.app).get('/works/declaration-2005');
    expect(res.status).toBe(200);
    const grid = gridBody(res.text);
    expect(grid).toMatch(/<mark class="term term-superseded-then-right" data-concept="secretary-general" title="[^"]*">Исполнительного секретаря<\/mark>/);
    expect(grid).toMatch(/<mark class="term term-preferred" data-concept="secretary-general" title="[^"]*zh: 秘书长[^"]*">Генерального секретаря<\/mark>/);
    expect(grid).toContain('>秘书长</mark>');
    expect(res.text).toContain('id="toggle-terms"');
    expect(res.text).toContain('src="/static/annotate.js"');
    const stored = t.workspace.db.prepare("SELECT text FROM sentences WHERE text LIKE '%Генерального секретаря%'").get() as { text: string };
    const span = /<span class="sentence" data-ordinal="\d+">([\s\S]*?)<\/span>/g;
    const texts = [...grid.matchAll(span)].map((m) => unescapeHtml(m[1].replace(/<[^>]+>/g, '')));
    expect(texts).toContain(stored.text);
    const more = await request(t.app).get('/works/declaration-2005/rows?offset=0&limit=5').set('HX-Request', 'true');
    expect(more.text).toContain('<mark class="term');
  });

  it('reports the terminology findings with counts, links to rows and a CSV', async () => {
    const res = await request(t.app).get('/works/declaration-2005/term-checks');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/data-kind="term-missing-equivalent">\d+</);
    expect(res.text).toMatch(/href="\/works\/declaration-2005\?offset=0#row-\d+"/);
    const csv = await request(t.app).get('/works/declaration-2005/term-checks?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('row,kind,langs,concept,text,message');
    expect((await request(t.app).get('/works/declaration-2005/term-checks?kind=nonsense')).status).toBe(400);
    expect((await request(t.app).get('/works/no-such-work/term-checks')).status).toBe(404);
  });
});

describe('the terminology pages in every interface language', () => {
  it.each(['en', 'ru', 'zh'])('%s: every string is translated', async (lang) => {
    const sg = (t.workspace.db.prepare("SELECT id FROM term_concepts WHERE key = 'secretary-general'").get() as { id: number }).id;
    for (const path of ['/terms', `/terms/${sg}`, '/works/declaration-2005/term-checks', '/works/declaration-2005/annotations', '/works/declaration-2005']) {
      const res = await request(t.app).get(path).set('Cookie', `lang=${lang}`);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toMatch(/terms:[a-zA-Z]/);
      expect(res.text, path).toContain(`<html lang="${lang}"`);
    }
  });

  it('shows the findings in the interface language', async () => {
    const ru = await request(t.app).get('/works/declaration-2005/term-checks').set('Cookie', 'lang=ru');
    expect(ru.text).toContain('называет понятие');
    const zh = await request(t.app).get('/works/declaration-2005/term-checks').set('Cookie', 'lang=zh');
    expect(zh.text).toContain('文本中没有该概念的任何术语');
  });

  it('uses the Russian plural forms', async () => {
    const res = await request(t.app).get('/terms/list').query({ q: 'Совет' }).set('HX-Request', 'true').set('Cookie', 'lang=ru');
    expect(res.text).toMatch(/\d+ (понятие|понятия|понятий)</);
    const count = Number(/(\d+) понят/.exec(res.text)![1]);
    const form = count % 10 === 1 && count % 100 !== 11 ? 'понятие' : [2, 3, 4].includes(count % 10) && ![12, 13, 14].includes(count % 100) ? 'понятия' : 'понятий';
    expect(res.text).toContain(`${count} ${form}<`);
  });
});

describe('the term type in the forms', () => {
  const termId = (conceptKey: string, text: string) =>
    (t.workspace.db.prepare('SELECT e.id FROM term_entries e JOIN term_concepts c ON c.id = e.concept_id WHERE c.key = ? AND e.text = ?').get(conceptKey, text) as { id: number }).id;
  const typeOf = (id: number) => (t.workspace.db.prepare('SELECT term_type AS type FROM term_entries WHERE id = ?').get(id) as { type: string | null }).type;
  /** The options of the term type select of a form (or of a term's row, by its form id), and the selected one. */
  const typeSelect = (html: string, form?: string) => {
    const select = new RegExp(`<select ${form ? `form="${form}" ` : ''}name="termType"[^>]*>([\\s\\S]*?)</select>`).exec(html);
    expect(select).not.toBeNull();
    const options = [...select![1].matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
    return { values: options.map((o) => o[1]), labels: options.map((o) => o[3]), selected: options.find((o) => o[2])?.[1] };
  };

  it('shows each term\'s type next to its status on the concept page, and offers none and every type when adding', async () => {
    const sco = conceptId('sco')!;
    const page = await request(t.app).get(`/terms/${sco}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<th>Status</th><th>Type</th>');
    expect(typeSelect(page.text, `term-${termId('sco', 'ШОС')}`).selected).toBe('abbreviation');
    expect(typeSelect(page.text, `term-${termId('sco', '上合组织')}`).selected).toBe('shortForm');
    const add = typeSelect(page.text.slice(page.text.indexOf('class="term-add-form"')));
    expect(add.values[0]).toBe('');
    expect(add.selected).toBe('');
    expect(add.values.slice(1)).toEqual([...termTypes]);
    expect(add.labels.slice(0, 6)).toEqual(['not set', 'full form', 'abbreviation', 'acronym', 'initialism', 'short form']);
    // The occurrences say the form of the term found, after its status.
    expect(page.text).toMatch(/>ШОС<\/mark><\/td><td>admitted · abbreviation<\/td>/);
    // A term without a type: none selected.
    expect(typeSelect((await request(t.app).get(`/terms/${conceptId('rats')}`)).text, `term-${termId('rats', '地区反恐怖机构')}`).selected).toBe('');
    // The concept form of the terms page has the select too, and the list says the type in the chip's title.
    const list = await request(t.app).get('/terms');
    expect(typeSelect(list.text).values).toEqual(['', ...termTypes]);
    expect(list.text).toContain('title="admitted · abbreviation">ШОС</span>');
  });

  it.each([
    ['ru', 'Тип термина', ['не указан', 'полная форма', 'аббревиатура', 'акроним', 'инициальная аббревиатура', 'краткая форма'], 'допустимый · аббревиатура'],
    ['zh', '术语类型', ['未指定', '全称', '缩略语', '首字母拼读词', '首字母缩写词', '简称'], '许用 · 缩略语'],
  ])('labels the select and its options in %s', async (lang, label, labels, occurrence) => {
    const page = await request(t.app).get(`/terms/${conceptId('sco')}`).set('Cookie', `lang=${lang}`);
    expect(page.text).toContain(`<th>${label}</th>`);
    expect(page.text).toContain(`aria-label="${label}"`);
    expect(page.text).toContain(`<label>${label}\n`);
    const add = typeSelect(page.text.slice(page.text.indexOf('class="term-add-form"')));
    expect(add.labels.slice(0, 6)).toEqual(labels);
    expect(new Set(add.labels).size).toBe(termTypes.length + 1);
    // Every type has its own label in the language: none is left as a key or in English.
    const english = typeSelect((await request(t.app).get(`/terms/${conceptId('sco')}`)).text).labels;
    for (const [k, l] of add.labels.entries()) {
      expect(l).not.toMatch(/termType|^$/);
      if (!/SKU/.test(l)) expect(l, english[k]).not.toBe(english[k]);
    }
    expect(page.text).toContain(`<td>${occurrence}</td>`);
  });

  it('adds a concept and a term with a type, changes it, keeps it when the form does not say it, and clears it', async () => {
    const created = await post('/terms', { lang: 'en', text: 'Eurasian Economic Union', status: 'preferred', termType: 'fullForm', key: 'eaeu-http' });
    expect(created.status).toBe(303);
    const id = conceptId('eaeu-http')!;
    expect(typeOf(termId('eaeu-http', 'Eurasian Economic Union'))).toBe('fullForm');
    const added = await post(`/terms/${id}/terms`, { lang: 'ru', text: 'ЕАЭС', status: 'admitted', termType: 'abbreviation' }, true);
    expect(added.status).toBe(200);
    const shortId = termId('eaeu-http', 'ЕАЭС');
    expect(typeOf(shortId)).toBe('abbreviation');
    expect(typeSelect(added.text, `term-${shortId}`).selected).toBe('abbreviation');
    const edited = await post(`/terms/${id}/terms/${shortId}`, { lang: 'ru', text: 'ЕАЭС', status: 'preferred', termType: 'acronym' }, true);
    expect(edited.status).toBe(200);
    expect(typeSelect(edited.text, `term-${shortId}`).selected).toBe('acronym');
    expect(typeOf(shortId)).toBe('acronym');
    // A client that does not know the field leaves the type alone.
    expect((await post(`/terms/${id}/terms/${shortId}`, { lang: 'ru', text: 'ЕАЭС', status: 'admitted' })).status).toBe(303);
    expect(t.workspace.db.prepare('SELECT status, term_type AS type FROM term_entries WHERE id = ?').get(shortId)).toEqual({ status: 'admitted', type: 'acronym' });
    // None chosen: no type.
    await post(`/terms/${id}/terms/${shortId}`, { lang: 'ru', text: 'ЕАЭС', status: 'admitted', termType: '' }, true);
    expect(typeOf(shortId)).toBeNull();
    // Exported and imported again over HTTP, the types stay.
    await post(`/terms/${id}/terms/${shortId}`, { lang: 'ru', text: 'ЕАЭС', status: 'admitted', termType: 'abbreviation' }, true);
    for (const format of ['tbx', 'csv']) {
      const file = await request(t.app).get(`/terms/export?format=${format}`);
      if (format === 'tbx') expect(file.text).toContain('<term>ЕАЭС</term>\n            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>\n            <termNote type="termType">abbreviation</termNote>');
      else expect(file.text).toContain('Eurasian Economic Union [preferred; fullForm]');
      await post(`/terms/${id}/terms/${shortId}`, { lang: 'ru', text: 'ЕАЭС', status: 'admitted', termType: 'variant' }, true);
      const imported = await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).field('_csrf', csrf.token).attach('file', Buffer.from(file.text), `termbase.${format}`);
      expect(imported.status).toBe(303);
      expect(typeOf(termId('eaeu-http', 'ЕАЭС'))).toBe('abbreviation');
      expect(typeOf(termId('eaeu-http', 'Eurasian Economic Union'))).toBe('fullForm');
      expect(typeOf(termId('sco', 'ШОС'))).toBe('abbreviation');
    }
    expect((await post(`/terms/${id}/delete`, {})).status).toBe(303);
  });

  it.each([
    ['a new concept', () => '/terms', { lang: 'en', text: 'Thing', status: 'preferred' }],
    ['a new term', () => `/terms/${conceptId('sco')}/terms`, { lang: 'ru', text: 'Шос', status: 'admitted' }],
    ['a term edit', () => `/terms/${conceptId('sco')}/terms/${termId('sco', 'ШОС')}`, { lang: 'ru', text: 'ШОС', status: 'admitted' }],
  ])('refuses a bad type in %s with a 400 and changes nothing', async (_name, path, fields) => {
    for (const termType of ['nickname', 'full form', '<b>x</b>']) {
      const before = state();
      const fragment = await post(path(), { ...fields, termType }, true);
      expect(fragment.status).toBe(400);
      expect(fragment.headers['hx-retarget']).toBe('#terms-message');
      expect(fragment.text).toMatch(/^<div class="message error" role="alert" data-status="400">/);
      expect(unescapeHtml(fragment.text)).toContain(`'${termType}' is not a term type; choose one from the list.`);
      expect(fragment.text).not.toContain('<b>');
      const page = await post(path(), { ...fields, termType });
      expect(page.status).toBe(400);
      expect(page.text).toContain('<html lang="en"');
      expect(state()).toEqual(before);
    }
    const ru = await request(t.app).post(path()).set('Cookie', `${csrf.cookie}; lang=ru`).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token, ...fields, termType: 'nickname' });
    expect(ru.status).toBe(400);
    expect(ru.text).toContain('«nickname» не является типом термина; выберите тип из списка.');
    expect(typeOf(termId('sco', 'ШОС'))).toBe('abbreviation');
  });

  it('refuses a type posted twice and a post without the CSRF token', async () => {
    const before = state();
    const sco = conceptId('sco')!;
    const twice = await request(t.app).post(`/terms/${sco}/terms/${termId('sco', 'ШОС')}`).set('Cookie', csrf.cookie).type('form')
      .send(`_csrf=${encodeURIComponent(csrf.token)}&lang=ru&text=%D0%A8%D0%9E%D0%A1&status=admitted&termType=fullForm&termType=acronym`);
    expect(twice.status).toBe(400);
    const noToken = await request(t.app).post(`/terms/${sco}/terms/${termId('sco', 'ШОС')}`).set('Cookie', csrf.cookie).type('form')
      .send({ lang: 'ru', text: 'ШОС', status: 'admitted', termType: 'fullForm' });
    expect(noToken.status).toBe(403);
    expect(state()).toEqual(before);
  });
});

describe('a TBX from another tool over HTTP', () => {
  const tbx = `<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader><text><body>
    <conceptEntry id="http-foreign"><transacGrp><transac type="transactionType">origination</transac></transacGrp>
      <langSec xml:lang="en-US"><descripGrp><descrip type="definition">A body of &lt;states&gt;.</descrip></descripGrp>
        <termSec><term>organization</term><termNote type="partOfSpeech">noun</termNote><admin type="source">Minutes</admin></termSec></langSec>
    </conceptEntry></body></text></tbx>`;

  it('says what it did not keep, and the concept page shows what it kept per language', async () => {
    const res = await request(t.app).post('/terms/import').set('Cookie', csrf.cookie).set('HX-Request', 'true')
      .field('_csrf', csrf.token).attach('file', Buffer.from(tbx), 'foreign.tbx');
    expect(res.status).toBe(200);
    expect(unescapeHtml(res.text)).toContain('<li>Not kept, as the termbase has no place for them: <transacGrp> transaction records (1×).</li>');
    const id = (t.workspace.db.prepare("SELECT id FROM term_concepts WHERE key = 'http-foreign'").get() as { id: number }).id;
    const page = await request(t.app).get(`/terms/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('A body of &lt;states&gt;.');
    expect(page.text).toContain('organization (en-US)');
    expect(page.text).toMatch(/part of speech: noun/);
    expect((await request(t.app).get('/terms/export?format=tbx2')).text).toContain('<langSet xml:lang="en-US">');
  });
});
