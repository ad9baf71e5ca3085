// The work page (the alignment grid), its paged rows, the version pages, 404s, and the escaping of
// user-supplied text, through HTTP against the real app on a seeded temp database.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { listActiveVersions, type VersionRecord } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { gridPageSize } from '../../server/web/grid-paging.ts';
import { createTestApp, getCsrf, gridBody, unescapeHtml, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';
const residue = ['Updated: 2006-06-12', 'Top China News', "Today's Top News", 'Today&#39;s Top News', 'Most Commented/Read Stories'];

/** The cells of one language in a piece of grid HTML: their inner HTML, in row order. */
function cellsOf(html: string, lang: string): string[] {
  return [...html.matchAll(new RegExp(`<td lang="${lang}" class="cell[^"]*"[^>]*>([\\s\\S]*?)</td>`, 'g'))].map((m) => m[1]);
}

/** What a reader sees of a cell: its text without tags (term marks carry other languages in titles). */
function visibleText(cellHtml: string): string {
  return unescapeHtml(cellHtml.replace(/<[^>]*>/g, ''));
}

function rowNumbers(html: string): number[] {
  return [...html.matchAll(/<tr id="row-(\d+)" class="grid-row/g)].map((m) => Number(m[1]));
}

/** Every row of the grid, following the load-more rows the way htmx does. */
async function allGridRows(t: TestApp): Promise<string> {
  const page = await request(t.app).get(`/works/${slug}`);
  expect(page.status).toBe(200);
  let html = gridBody(page.text);
  for (let guard = 0; guard < 1000; guard++) {
    const more = /<tr class="load-more"[^>]*? hx-get="([^"]+)"/.exec(html);
    if (!more) return html;
    html = html.replace(/<tr class="load-more"[\s\S]*?<\/tr>/, '');
    const next = await request(t.app).get(unescapeHtml(more[1])).set('HX-Request', 'true');
    expect(next.status).toBe(200);
    html += next.text;
  }
  throw new Error('the grid never ended');
}

describe('the work page', () => {
  let t: TestApp;
  let columns: VersionRecord[];
  let rowCount: number;
  let grid: string;

  beforeAll(async () => {
    t = await createTestApp();
    const work = findWorkBySlug(t.workspace.db, slug)!;
    columns = listActiveVersions(t.workspace.db, work.id).filter((v) => !v.revisionOf);
    rowCount = alignmentState(t.workspace.db, work).rows().length;
    grid = await allGridRows(t);
  });
  afterAll(() => t?.close());

  it('has the columns English | Russian | Chinese in that order', async () => {
    const res = await request(t.app).get(`/works/${slug}`);
    expect(res.status).toBe(200);
    const headers = [...res.text.matchAll(/<th scope="col" lang="([a-z]+)"><span lang="en">([^<]*)/g)].map((m) => [m[1], m[2].trim()]);
    expect(headers).toEqual([
      ['en', 'English'],
      ['ru', 'Russian'],
      ['zh', 'Chinese'],
    ]);
    // Row number first, confidence last.
    const head = res.text.slice(res.text.indexOf('<thead>'), res.text.indexOf('</thead>'));
    expect(head.indexOf('<th class="num" scope="col">#</th>')).toBeLessThan(head.indexOf('lang="en"'));
    expect(head.indexOf('<th class="confidence" scope="col">Confidence</th>')).toBeGreaterThan(head.indexOf('lang="zh"'));
  });

  it('labels the working translations as such in the column headers and the summary', async () => {
    const res = await request(t.app).get(`/works/${slug}`);
    const head = res.text.slice(res.text.indexOf('<thead>'), res.text.indexOf('</thead>'));
    expect(head.match(/>working translation<\/span>/g)).toHaveLength(2);
    expect(head).toContain('>unofficial translation</span>');
    expect(res.text).toContain('Russian, working translation');
    expect(res.text).toContain('Chinese, working translation');
    // The revision is listed, but it is not a column of the grid.
    expect(res.text).toContain('English, working revision');
    expect(res.text).toContain('revision of en');
  });

  it('puts each signatory\'s Russian and Chinese name in one row, though the English copy names only Hu Jintao', () => {
    // en-ru leaves a Russian name the English lacks in a row of its own, en-zh may fold the Chinese name
    // into the next title's row: the ru|zh pair, surer of it, moves the Chinese name to the Russian one
    const rows = [...grid.matchAll(/<tr id="row-\d+" class="grid-row[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    const pairs: Array<[string, string]> = [
      ['Назарбаев', '纳扎尔巴耶夫'],
      ['Ху Цзиньтао', '胡锦涛'],
      ['Бакиев', '巴基耶夫'],
      ['Путин', '普京'],
      ['Рахмонов', '拉赫蒙诺夫'],
      ['Каримов', '卡里莫夫'],
    ];
    for (const [ru, zh] of pairs) {
      const row = rows.find((r) => cellsOf(r, 'ru').some((c) => visibleText(c).includes(ru)));
      expect(row, ru).toBeDefined();
      expect(cellsOf(row!, 'zh').map(visibleText).join(' '), ru).toContain(zh);
      expect(cellsOf(row!, 'zh').map(visibleText).join(' '), ru).not.toMatch(/总统|主席/);
      expect(row, ru).not.toContain('≠');
    }
  });

  it('shows every row once, numbered 1..n, with a cell per version', () => {
    expect(rowCount).toBeGreaterThan(20);
    expect(rowNumbers(grid)).toEqual(Array.from({ length: rowCount }, (_, i) => i + 1));
    expect(grid).toContain('<th class="num" scope="row"><a href="#row-1">1</a></th>');
    for (const lang of ['en', 'ru', 'zh']) expect(cellsOf(grid, lang)).toHaveLength(rowCount);
  });

  it('puts Cyrillic in the Russian column and Chinese in the Chinese column', () => {
    const ru = cellsOf(grid, 'ru').map(visibleText);
    const zh = cellsOf(grid, 'zh').map(visibleText);
    const en = cellsOf(grid, 'en').map(visibleText);
    expect(ru.filter((c) => /\p{Script=Cyrillic}/u.test(c)).length).toBeGreaterThan(rowCount / 2);
    expect(zh.filter((c) => /\p{Script=Han}/u.test(c)).length).toBeGreaterThan(rowCount / 2);
    expect(ru.some((c) => /\p{Script=Han}/u.test(c))).toBe(false);
    expect(zh.some((c) => /\p{Script=Cyrillic}/u.test(c))).toBe(false);
    expect(en.some((c) => /\p{Script=Cyrillic}|\p{Script=Han}/u.test(c))).toBe(false);
    expect(ru.join(' ')).toContain('Шанхайской организации сотрудничества');
    expect(zh.join('')).toContain('上海合作组织');
  });

  it('shows each sentence of each version in exactly one row', () => {
    for (const v of columns) {
      const cells = cellsOf(grid, v.lang);
      const ordinals = cells.flatMap((c) => [...c.matchAll(/data-ordinal="(\d+)"/g)].map((m) => Number(m[1])));
      expect(ordinals, v.name).toEqual(Array.from({ length: v.sentenceCount }, (_, i) => i));
    }
  });

  it('marks the boundaries of the three parts', () => {
    const boundaries = [...grid.matchAll(/<tr class="part-boundary"[^>]*><td colspan="5">([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    expect(boundaries).toEqual(['Part 1', 'Part 2', 'Part 3']);
    expect(grid).toContain('class="grid-row paragraph-start');
  });

  it('gives each automatic row a confidence', () => {
    const confidences = [...grid.matchAll(/<td class="confidence( (high|medium|low))?( disputed)?"[^>]*>(?:<span class="dispute-mark"[^>]*>≠<\/span> )?(\d*)%?<\/td>/g)];
    expect(confidences).toHaveLength(rowCount);
    const shown = confidences.filter((m) => m[4] !== '');
    expect(shown.length).toBeGreaterThan(0);
    for (const m of shown) {
      const pct = Number(m[4]);
      expect(pct).toBeGreaterThanOrEqual(0);
      expect(pct).toBeLessThanOrEqual(100);
      expect(m[2]).toBe(pct >= 80 ? 'high' : pct >= 50 ? 'medium' : 'low'); // the percent shown is rounded down: its colour is the row's own
    }
  });

  it('keeps the page residue of the English copy out of the rows', () => {
    for (const text of residue) expect(grid).not.toContain(text);
    expect(grid).toContain('Hu Jintao');
  });

  it('serves further rows as a bare htmx partial of <tr> rows', async () => {
    const res = await request(t.app).get(`/works/${slug}/rows?offset=5&limit=5`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/<html|<table|<tbody|<thead|<body/);
    expect(rowNumbers(res.text)).toEqual([6, 7, 8, 9, 10]);
    // Nothing but table rows (and whitespace) in the answer.
    const rest = res.text.replace(/<tr[\s>][\s\S]*?<\/tr>/g, '').trim();
    expect(rest).toBe('');
    expect(res.text).toContain(`hx-get="/works/${slug}/rows?offset=10"`);
  });

  it('ends the partial without a load-more row at the last row', async () => {
    const res = await request(t.app).get(`/works/${slug}/rows?offset=${rowCount - 2}`).set('HX-Request', 'true');
    expect(rowNumbers(res.text)).toEqual([rowCount - 1, rowCount]);
    expect(res.text).not.toContain('load-more');
    const past = await request(t.app).get(`/works/${slug}/rows?offset=${rowCount + 50}`).set('HX-Request', 'true');
    expect(past.status).toBe(200);
    expect(rowNumbers(past.text)).toEqual([]);
  });

  it('pages the first screen and offers the next rows when there are more than a page', async () => {
    const res = await request(t.app).get(`/works/${slug}`);
    const first = rowNumbers(gridBody(res.text));
    expect(first).toEqual(Array.from({ length: Math.min(rowCount, gridPageSize) }, (_, i) => i + 1));
    if (rowCount > gridPageSize) expect(res.text).toContain(`/works/${slug}/rows?offset=${gridPageSize}`);
    else expect(res.text).not.toContain('load-more');
  });

  it('sends a browser asking for the rows to the page at that offset', async () => {
    const res = await request(t.app).get(`/works/${slug}/rows?offset=10`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/works/${slug}?offset=10`);
    const page = await request(t.app).get(`/works/${slug}?offset=10`);
    expect(page.status).toBe(200);
    expect(rowNumbers(gridBody(page.text))[0]).toBe(11);
    expect(page.text).toContain(`<a href="/works/${slug}?offset=0">Earlier rows</a>`);
  });

  it('reads a malformed offset as the start', async () => {
    for (const offset of ['abc', '-5', '1e3', '']) {
      const res = await request(t.app).get(`/works/${slug}/rows?offset=${offset}&limit=2`).set('HX-Request', 'true');
      expect(res.status, offset).toBe(200);
      expect(rowNumbers(res.text), offset).toEqual([1, 2]);
    }
  });

  it('answers an unknown work with a 404 page, or a 404 fragment to htmx', async () => {
    const res = await request(t.app).get('/works/no-such-work');
    expect(res.status).toBe(404);
    expect(res.text).toContain('<html');
    expect(res.text).toContain('There is no work &#39;no-such-work&#39;.');
    const rows = await request(t.app).get('/works/no-such-work/rows').set('HX-Request', 'true');
    expect(rows.status).toBe(404);
    expect(rows.text).not.toContain('<html');
    expect(rows.text).toContain('role="alert"');
    const version = await request(t.app).get(`/works/${slug}/versions/fr`);
    expect(version.status).toBe(404);
    expect(version.text).toContain('has no version &#39;fr&#39;');
    const nowhere = await request(t.app).get('/no/such/page');
    expect(nowhere.status).toBe(404);
    expect(nowhere.text).toContain('There is no page at this address.');
  });

  it('speaks Russian on the work page with the lang cookie', async () => {
    const res = await request(t.app).get(`/works/${slug}`).set('Cookie', 'lang=ru');
    expect(res.text).toContain('<th class="confidence" scope="col">Уверенность</th>');
    expect(res.text).toContain('>рабочий перевод</span>');
    const boundaries = [...gridBody(res.text).matchAll(/<tr class="part-boundary"[^>]*><td colspan="5">([^<]*)</g)].map((m) => m[1]);
    if (rowCount <= gridPageSize) expect(boundaries).toEqual(['Часть 1', 'Часть 2', 'Часть 3']);
  });
});

describe('the version page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const kinds = (html: string) => new Set([...html.matchAll(/<div class="block kind-([a-z-]+)"[^>]*? data-kind="\1"/g)].map((m) => m[1]));

  it('shows the English web copy with its heading, list items, signature and page residue', async () => {
    const res = await request(t.app).get(`/works/${slug}/versions/en`);
    expect(res.status).toBe(200);
    const found = kinds(res.text);
    for (const kind of ['heading', 'paragraph', 'list-item', 'signature', 'residue']) expect(found, kind).toContain(kind);
    expect(res.text).toContain('>unofficial translation</span>');
    expect(res.text).toContain('decoded as utf-8');
    // The residue is shown as residue, not hidden: nothing of the stored text is lost.
    const residueBlocks = [...res.text.matchAll(/<div class="block kind-residue"[\s\S]*?<\/div>/g)].map((m) => m[0]).join('\n');
    expect(residueBlocks).toContain('Updated: 2006-06-12');
    expect(residueBlocks).toContain('Top China News');
    expect(res.text).toContain('Hu Jintao');
  });

  it('shows the Russian and Chinese working translations with their part markers', async () => {
    for (const name of ['ru', 'zh']) {
      const res = await request(t.app).get(`/works/${slug}/versions/${name}`);
      expect(res.status).toBe(200);
      const found = kinds(res.text);
      for (const kind of ['heading', 'part-marker', 'paragraph', 'list-item', 'signature']) expect(found, `${name} ${kind}`).toContain(kind);
      expect(found, name).not.toContain('residue');
      expect(res.text).toContain('<span class="status status-working" title="A working text made for this workbench, not an official text.">working translation</span>');
      expect(res.text).toContain(`<div class="version-text" lang="${name}">`);
    }
    const zh = await request(t.app).get(`/works/${slug}/versions/zh`);
    const markers = [...zh.text.matchAll(/<div class="block kind-part-marker"[\s\S]*?<\/div>/g)].map((m) => m[0]);
    expect(markers).toHaveLength(3);
    expect(markers.map((m) => (/[一二三]/.exec(m.replace(/<span class="block-tag">[\s\S]*?<\/span>/, '')) ?? [''])[0])).toEqual(['一', '二', '三']);
  });

  it('shows the sentence count and the provenance', async () => {
    const res = await request(t.app).get(`/works/${slug}/versions/ru`).set('Cookie', 'lang=ru');
    const work = findWorkBySlug(t.workspace.db, slug)!;
    const ru = listActiveVersions(t.workspace.db, work.id).find((v) => v.name === 'ru')!;
    expect(res.text).toMatch(new RegExp(`<dd>${ru.sentenceCount} предложени(е|я|й)</dd>`));
    expect(res.text).toContain('Working translation into Russian written for this repository');
  });
});

describe('escaping of user-supplied text next to recognised terms', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('escapes markup inside and around highlighted terms', async () => {
    const csrf = await getCsrf(t.app);
    const text =
      'Государства-члены Шанхайской организации сотрудничества <script>alert(1)</script> & «ШОС» <b>заявляют</b>.\n\n' +
      'Совет РАТС <img src=x onerror=alert(2)> работает в Ташкенте.\n';
    const res = await request(t.app)
      .post('/import')
      .set('Cookie', csrf.cookie)
      .field('_csrf', csrf.token)
      .field('work', slug)
      .field('lang', 'ru')
      .field('name', 'ru-markup')
      .field('status', 'working')
      .attach('file', Buffer.from(text), 'ru-markup.txt');
    expect(res.status, res.text).toBe(303);
    const html = [await request(t.app).get(`/works/${slug}`), await request(t.app).get(`/works/${slug}/versions/ru-markup`)];
    const rows = await request(t.app).get(`/works/${slug}/rows?offset=0&limit=500`).set('HX-Request', 'true');
    for (const page of [...html, rows]) {
      expect(page.status).toBe(200);
      for (const raw of ['<script>alert', '<b>заявляют', '<img src=x']) expect(page.text).not.toContain(raw);
    }
    expect(rows.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rows.text).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('escaping of user-supplied text', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
  });
  afterAll(() => t?.close());

  it('never sends imported text, titles or file names back as raw HTML', async () => {
    const csrf = await getCsrf(t.app);
    const text = 'Tom & Jerry <script>alert(1)</script> met "Spike".\n\nA second paragraph with <b>bold</b> & <img src=x onerror=alert(2)>.\n';
    const imported = await request(t.app)
      .post('/import')
      .set('Cookie', csrf.cookie)
      .set('HX-Request', 'true')
      .field('_csrf', csrf.token)
      .field('work', 'xss-test')
      .field('title', 'Title <script>alert(3)</script> & co')
      .field('lang', 'en')
      .field('status', 'working')
      .field('provenance', '<iframe src="https://evil.example"></iframe>')
      .attach('file', Buffer.from(text), '<img src=x onerror=alert(4)>.txt');
    expect(imported.status, imported.text).toBe(200);

    const pages = await Promise.all([
      request(t.app).get('/'),
      request(t.app).get('/works/xss-test'),
      request(t.app).get('/works/xss-test/versions/en'),
      request(t.app).get('/works/xss-test/rows?offset=0').set('HX-Request', 'true'),
    ]);
    for (const page of [imported, ...pages]) {
      expect(page.status).toBe(200);
      for (const raw of ['<script>alert', '<b>bold', '<img src=x', '<iframe', ' & ']) expect(page.text).not.toContain(raw);
    }
    const [library, work, version, rows] = pages;
    expect(library.text).toContain('Title &lt;script&gt;alert(3)&lt;/script&gt; &amp; co');
    expect(work.text).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; met &quot;Spike&quot;.');
    expect(rows.text).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x onerror=alert(2)&gt;');
    expect(version.text).toContain('&lt;img src=x onerror=alert(4)&gt;.txt');
    expect(version.text).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;');
    // The page shows the text the user gave, once unescaped.
    expect(unescapeHtml(work.text)).toContain('Tom & Jerry <script>alert(1)</script> met "Spike".');
  });
});
