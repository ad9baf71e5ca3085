// The library page through HTTP: the shipped declaration with its versions, statuses and sentence
// counts, in the interface language chosen by cookie or Accept-Language, with Russian plural forms.
import type { i18n } from 'i18next';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActiveVersions, type VersionRecord } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { loadConfig } from '../../server/config.ts';
import { createI18n } from '../../server/web/i18n.ts';
import { createTestApp, getCsrf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';

/** The `<tr>` of the library's versions table that links to the version `name`. */
function versionRow(html: string, name: string): string {
  const link = `href="/works/${slug}/versions/${name}"`;
  const at = html.indexOf(link);
  if (at < 0) throw new Error(`the library has no link to version ${name}`);
  const start = html.lastIndexOf('<tr>', at);
  const end = html.indexOf('</tr>', at);
  return html.slice(start, end);
}

describe('the library page', () => {
  let t: TestApp;
  let versions: VersionRecord[];
  let rows: number;

  beforeAll(async () => {
    t = await createTestApp();
    const work = findWorkBySlug(t.workspace.db, slug);
    if (!work) throw new Error('the declaration was not seeded');
    versions = listActiveVersions(t.workspace.db, work.id);
    rows = alignmentState(t.workspace.db, work).rows().length;
  });
  afterAll(() => t?.close());

  it('lists the declaration with its three grid versions and the English revision', async () => {
    const res = await request(t.app).get('/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain(`<a href="/works/${slug}">Declaration of Heads of Member States of the Shanghai Cooperation Organisation (Astana, 5 July 2005)</a>`);
    expect(versions.map((v) => v.name)).toEqual(['en', 'ru', 'zh', 'en-revised']);
    for (const v of versions) {
      expect(res.text).toContain(`href="/works/${slug}/versions/${v.name}">${v.label}</a>`);
    }
    expect(versionRow(res.text, 'en-revised')).toContain('revision of en');
    expect(rows).toBeGreaterThan(0);
    expect(res.text).toContain(`${rows} aligned rows`);
  });

  it('shows each version\'s language, status and sentence count', async () => {
    const res = await request(t.app).get('/');
    const expectedStatus: Record<string, string> = {
      en: 'unofficial translation',
      ru: 'working translation',
      zh: 'working translation',
      'en-revised': 'working translation',
    };
    for (const v of versions) {
      const row = versionRow(res.text, v.name);
      expect(row).toContain(`<td lang="en">${v.lang}</td>`);
      expect(row).toMatch(new RegExp(`<span class="status status-${v.status}"[^>]*>${expectedStatus[v.name]}</span>`));
      expect(v.sentenceCount).toBeGreaterThan(1);
      expect(row).toContain(`<td class="number">${v.sentenceCount} sentences</td>`);
    }
    // The working translations say so where they are shown, with a description on hover.
    expect(versionRow(res.text, 'ru')).toContain('title="A working text made for this workbench, not an official text."');
  });

  it('has the upload form with a CSRF field, every status and the content languages', async () => {
    const res = await request(t.app).get('/');
    expect(res.text).toMatch(/<form method="post" action="\/import" enctype="multipart\/form-data"/);
    expect(res.text).toMatch(/<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{32,}">/);
    for (const s of ['authentic', 'official', 'unofficial', 'working']) expect(res.text).toContain(`<option value="${s}">`);
    for (const code of ['en', 'ru', 'zh']) expect(res.text).toContain(`<option value="${code}">`);
    expect(res.text).toContain('<input type="file" name="file"');
  });

  it('answers htmx with the works partial only, and sends a browser to the page', async () => {
    const partial = await request(t.app).get('/library/works').set('HX-Request', 'true');
    expect(partial.status).toBe(200);
    expect(partial.text.trimStart()).toMatch(/^<div id="library-works"/);
    expect(partial.text).not.toContain('<html');
    expect(partial.text).toContain(`href="/works/${slug}"`);
    const plain = await request(t.app).get('/library/works');
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toBe('/');
  });

  describe('interface language', () => {
    it('is English by default', async () => {
      const res = await request(t.app).get('/');
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('<nav class="site-nav"><a href="/">Library</a> <a href="/terms">Termbase</a> <a href="/search">Search</a> <a href="/statistics">Statistics</a></nav>');
    });

    it('is Chinese for Accept-Language: zh-CN', async () => {
      const res = await request(t.app).get('/').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5');
      expect(res.text).toContain('<html lang="zh">');
      expect(res.text).toContain('<a href="/">文库</a>');
      expect(versionRow(res.text, 'ru')).toContain('>工作译本</span>');
      expect(versionRow(res.text, 'en')).toContain('>非官方译本</span>');
      const zh = versions.find((v) => v.name === 'zh')!;
      expect(versionRow(res.text, 'zh')).toContain(`<td class="number">${zh.sentenceCount} 个句子</td>`);
    });

    it('is Russian for Accept-Language: ru-RU', async () => {
      const res = await request(t.app).get('/').set('Accept-Language', 'ru-RU,ru;q=0.8');
      expect(res.text).toContain('<html lang="ru">');
      expect(res.text).toContain('<a href="/">Библиотека</a>');
    });

    it('is Russian with the lang=ru cookie, and the cookie beats the header', async () => {
      const res = await request(t.app).get('/').set('Cookie', 'lang=ru').set('Accept-Language', 'zh-CN');
      expect(res.text).toContain('<html lang="ru">');
      expect(res.text).toContain('<a href="/">Библиотека</a>');
      expect(versionRow(res.text, 'ru')).toContain('>рабочий перевод</span>');
      expect(versionRow(res.text, 'en')).toContain('>неофициальный перевод</span>');
    });

    it('falls back to English for a language it does not speak', async () => {
      const res = await request(t.app).get('/').set('Accept-Language', 'fr-FR,de;q=0.8');
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toContain('>Library</a>');
    });

    it('ignores a cookie naming a language it does not speak', async () => {
      const res = await request(t.app).get('/').set('Cookie', 'lang=xx').set('Accept-Language', 'zh-CN');
      expect(res.text).toContain('<html lang="zh">');
      const plain = await request(t.app).get('/').set('Cookie', 'lang=%3Cscript%3E');
      expect(plain.text).toContain('<html lang="en">');
      expect(plain.text).not.toContain('<script>');
    });

    it('shows Russian sentence counts with the right plural form', async () => {
      const res = await request(t.app).get('/').set('Cookie', 'lang=ru');
      const { i18n } = await createI18n(t.workspace.config.viewsDir);
      const ru = i18n.getFixedT('ru');
      for (const v of versions) {
        const expected = ru('version.sentenceCount', { count: v.sentenceCount });
        expect(expected).toMatch(new RegExp(`^${v.sentenceCount} предложени(е|я|й)$`));
        expect(versionRow(res.text, v.name)).toContain(`<td class="number">${expected}</td>`);
      }
    });
  });
});

describe('Russian plural forms', () => {
  let i18n: i18n;
  beforeAll(async () => {
    ({ i18n } = await createI18n(loadConfig().viewsDir));
  });

  it.each([
    [1, '1 предложение'],
    [2, '2 предложения'],
    [5, '5 предложений'],
    [11, '11 предложений'],
    [21, '21 предложение'],
    [22, '22 предложения'],
    [0, '0 предложений'],
    [111, '111 предложений'],
  ])('version.sentenceCount for %i is "%s"', (count, expected) => {
    expect(i18n.getFixedT('ru')('version.sentenceCount', { count })).toBe(expected);
  });

  it.each([
    [1, '1 строка выравнивания'],
    [3, '3 строки выравнивания'],
    [5, '5 строк выравнивания'],
    [11, '11 строк выравнивания'],
    [21, '21 строка выравнивания'],
  ])('library.rows for %i is "%s"', (count, expected) => {
    expect(i18n.getFixedT('ru')('library.rows', { count })).toBe(expected);
  });

  it('English and Chinese have their own forms', () => {
    expect(i18n.getFixedT('en')('version.sentenceCount', { count: 1 })).toBe('1 sentence');
    expect(i18n.getFixedT('en')('version.sentenceCount', { count: 21 })).toBe('21 sentences');
    expect(i18n.getFixedT('zh')('version.sentenceCount', { count: 1 })).toBe('1 个句子');
    expect(i18n.getFixedT('zh')('version.sentenceCount', { count: 5 })).toBe('5 个句子');
  });

  it('every key of the English interface exists in Russian and Chinese', () => {
    const keys = (lng: string) => {
      const out: string[] = [];
      const walk = (node: unknown, prefix: string) => {
        if (typeof node === 'string') out.push(prefix.replace(/_(one|few|many|other|zero|two)$/, ''));
        else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
      };
      for (const ns of i18n.options.ns as string[]) walk(i18n.getResourceBundle(lng, ns), ns);
      return [...new Set(out)].sort();
    };
    expect(keys('ru')).toEqual(keys('en'));
    expect(keys('zh')).toEqual(keys('en'));
  });
});

describe('plural forms on a page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
    const csrf = await getCsrf(t.app);
    const sentences = ['Это первое предложение.', 'Это второе предложение.', 'Это третье предложение.', 'Это четвёртое предложение.', 'Это пятое предложение.'];
    for (const n of [1, 2, 5]) {
      const res = await request(t.app)
        .post('/import')
        .set('Cookie', csrf.cookie)
        .field('_csrf', csrf.token)
        .field('work', `plural-${n}`)
        .field('title', `Plural ${n}`)
        .field('lang', 'ru')
        .field('status', 'working')
        .attach('file', Buffer.from(sentences.slice(0, n).join('\n\n') + '\n'), `plural-${n}.txt`);
      expect(res.status, res.text).toBe(303);
    }
  });
  afterAll(() => t?.close());

  it('the library shows 1 предложение, 2 предложения, 5 предложений', async () => {
    const res = await request(t.app).get('/').set('Cookie', 'lang=ru');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<td class="number">1 предложение</td>');
    expect(res.text).toContain('<td class="number">2 предложения</td>');
    expect(res.text).toContain('<td class="number">5 предложений</td>');
    const en = await request(t.app).get('/');
    expect(en.text).toContain('<td class="number">1 sentence</td>');
    expect(en.text).toContain('<td class="number">5 sentences</td>');
  });
});
