// The corpus pages over HTTP on the seeded declaration plus a second work: the concordance (page,
// htmx partial, next page, filters, a concept as the query, errors), the link of a hit resolving to
// its row, the statistics of a work and of the corpus with the findings counted by a job.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVersion } from '../../server/services/import-version.ts';
import { createTestApp, getCsrf, unescapeHtml, type TestApp } from './helpers.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const texts = {
    en: 'The Regional Anti-Terrorist Structure met in Tashkent.\nThe structures of the organisation work well.\n',
    ru: 'Региональная антитеррористическая структура собралась в Ташкенте.\nСтруктуры организации работают хорошо.\n',
    zh: '地区反恐怖机构在塔什干开会。\n本组织各机构运作良好。\n',
  };
  for (const lang of ['en', 'ru', 'zh'] as const) {
    await importVersion(t.workspace.db, t.workspace.alignResources, {
      workSlug: 'tashkent-note', workTitle: 'A note from Tashkent', lang, status: 'working', fileName: `${lang}.txt`, bytes: new TextEncoder().encode(texts[lang]),
      actor: 'test', maxBytes: 1 << 20, segmentation: 'lines',
    });
  }
});

afterAll(() => t?.close());

const hits = (html: string) => [...html.matchAll(/<article class="search-hit" data-work="([^"]+)" data-version="([^"]+)" data-ordinal="(\d+)">/g)].map((m) => `${m[1]}/${m[2]}/${m[3]}`);
const marks = (html: string) => [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => unescapeHtml(m[1]));

describe('the concordance page', () => {
  it('shows the form, and each hit as its aligned row with the words found marked', async () => {
    const empty = await request(t.app).get('/search');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('<form class="search-form" method="get" action="/search"');
    const res = await request(t.app).get('/search').query({ q: 'структура', work: 'tashkent-note' });
    expect(res.status).toBe(200);
    // one row per hit: the second row matches in ru only, the first in ru (and its English is another word)
    expect(hits(res.text)).toEqual(['tashkent-note/ru/0', 'tashkent-note/ru/1']);
    expect(marks(res.text)).toEqual(['структура', 'Структуры']);
    const first = res.text.slice(res.text.indexOf('<article class="search-hit"'));
    expect(first).toContain('<div class="hit-cell" lang="en" data-column="en">');
    expect(first).toContain('Regional Anti-Terrorist Structure met in Tashkent.');
    expect(first).toContain('地区反恐怖机构在塔什干开会。');
    expect(res.text).toContain('href="/works/tashkent-note/sentences/ru/0/row"');
    expect(res.text).toContain('2 sentences match.');
  });

  it('lists a row once, at its leftmost column that matches, when the query is read in every language', async () => {
    const res = await request(t.app).get('/search').query({ concept: 'rats', work: 'tashkent-note' });
    expect(res.status).toBe(200);
    expect(hits(res.text)).toEqual(['tashkent-note/en/0']);
    expect(marks(res.text)).toEqual(['Regional Anti-Terrorist Structure', 'Региональная антитеррористическая структура', '地区反恐怖机构']);
  });

  it('finds a Chinese substring inside a longer word, and pages with htmx', async () => {
    const page1 = await request(t.app).get('/search').query({ q: '恐怖', limit: '2' }).set('HX-Request', 'true');
    expect(page1.status).toBe(200);
    expect(page1.text).not.toContain('<html');
    expect(hits(page1.text)).toHaveLength(2);
    expect(marks(page1.text).every((m) => m === '恐怖')).toBe(true);
    const next = /<a class="search-more" href="([^"]+)"/.exec(page1.text)![1];
    const page2 = await request(t.app).get(unescapeHtml(next)).set('HX-Request', 'true');
    expect(page2.status).toBe(200);
    expect(page2.text).not.toContain('sentences match');
    expect(hits(page2.text).some((h) => hits(page1.text).includes(h))).toBe(false);
  });

  it('says what is wrong with a query, in the interface language', async () => {
    const res = await request(t.app).get('/search').query({ q: 'x', lang: 'xx' }).set('Cookie', 'lang=ru');
    expect(res.status).toBe(400);
    expect(res.text).toContain('role="alert"');
    const none = await request(t.app).get('/search').query({ concept: 'no-such-concept' }).set('HX-Request', 'true');
    expect(none.status).toBe(404);
    expect(none.text).toContain('no-such-concept');
  });

  it('sends the link of a hit to the row on its page of the three-column view', async () => {
    const res = await request(t.app).get('/works/tashkent-note/sentences/ru/1/row');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/works/tashkent-note?offset=0#row-2');
    expect((await request(t.app).get('/works/tashkent-note/sentences/ru/7/row')).status).toBe(404);
    expect((await request(t.app).get('/works/tashkent-note/sentences/fr/0/row')).status).toBe(404);
  });
});

describe('the statistics', () => {
  it('of a work: versions, pairs with their shapes and a chart, findings', async () => {
    const res = await request(t.app).get('/works/declaration-2005/statistics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<table class="stats-table versions-stats">');
    expect(res.text).toMatch(/<tr data-pair="en\|ru">/);
    expect(res.text).toMatch(/<svg class="chart chart-shapes" role="img"/);
    expect(res.text).toContain('<table class="stats-table findings-stats">');
  });

  it('of the corpus: languages and language pairs; the findings of every work counted by a job', async () => {
    const res = await request(t.app).get('/statistics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 works');
    expect(res.text).toMatch(/<tr data-lang="zh"><td>zh · Chinese<\/td><td class="number">2<\/td>/);
    expect(res.text).toContain('<tr data-pair="ru|zh">');
    const csrf = await getCsrf(t.app, '/statistics');
    const started = await request(t.app).post('/statistics/findings').set('Cookie', csrf.cookie).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token });
    expect(started.status).toBe(200);
    expect(started.text).toMatch(/<div id="corpus-findings"/);
    await Promise.all(t.workspace.jobs.all().map((job) => job.finished));
    const after = await request(t.app).get('/statistics/findings').set('HX-Request', 'true');
    expect(after.text).toContain('Counted over 2 works');
    expect(after.text).toContain('<table class="stats-table findings-stats">');
    const refused = await request(t.app).post('/statistics/findings').type('form').send({});
    expect(refused.status).toBe(403);
  });
});
