// Switching the interface language (POST /interface-language) and the app's security basics:
// CSRF on every state change, no open redirect, a Content-Security-Policy on every answer, and
// state-changing routes that refuse GET.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dumpDatabase, getCsrf, type Csrf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';

function setCookies(res: request.Response): string[] {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []);
}

describe('switching the interface language', () => {
  let t: TestApp;
  let csrf: Csrf;
  beforeAll(async () => {
    t = await createTestApp();
    csrf = await getCsrf(t.app);
  });
  afterAll(() => t?.close());

  const post = (fields: Record<string, string>, cookie = csrf.cookie) =>
    request(t.app).post('/interface-language').set('Cookie', cookie).type('form').send(fields);

  it('sets the lang cookie for a year and goes back to the page it came from', async () => {
    const res = await post({ _csrf: csrf.token, lang: 'ru', return: `/works/${slug}?offset=0` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/works/${slug}?offset=0`);
    const cookie = setCookies(res).find((c) => c.startsWith('lang='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/^lang=ru; Max-Age=31536000; Path=\/; Expires=[^;]+; SameSite=Lax$/);

    const page = await request(t.app).get(res.headers.location).set('Cookie', `${csrf.cookie}; lang=ru`);
    expect(page.text).toContain('<html lang="ru">');
    expect(page.text).toContain('<a href="/">Библиотека</a>');
    // The column is named in the interface language; its label, content, stays as it was written.
    expect(page.text).toContain('<th scope="col" lang="en"><span lang="ru">Английский</span> <span class="column-label">English (SCO Secretariat, web copy 2006)</span>');
    expect(page.text).toContain('<span lang="ru">Китайский</span>');
  });

  it.each(['en', 'ru', 'zh'])('accepts %s', async (lang) => {
    const res = await post({ _csrf: csrf.token, lang, return: '/' });
    expect(res.status).toBe(303);
    expect(setCookies(res).some((c) => c.startsWith(`lang=${lang};`))).toBe(true);
  });

  it('marks the current language in the switcher and returns to the current page', async () => {
    const res = await request(t.app).get(`/works/${slug}/versions/zh`).set('Cookie', 'lang=zh');
    expect(res.text).toContain('<button type="submit" name="lang" value="zh" lang="zh" aria-current="true" class="current">中文</button>');
    expect(res.text).toContain('<button type="submit" name="lang" value="ru" lang="ru">Русский</button>');
    expect(res.text).toContain(`<input type="hidden" name="return" value="/works/${slug}/versions/zh">`);
  });

  it.each([
    ['a protocol-relative URL', '//evil.example/'],
    ['an absolute URL', 'https://evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a backslash trick', '/\\evil.example'],
    ['a tab that browsers drop', '/\t/evil.example'],
    ['a relative path', 'works/x'],
    ['nothing', ''],
  ])('falls back to / for %s', async (_name, target) => {
    const res = await post({ _csrf: csrf.token, lang: 'zh', return: target });
    expect(res.status).toBe(303);
    const location = res.headers.location as string;
    // Whatever it is, the browser must stay on this site: a path, not starting with // or /\.
    expect(location.startsWith('/')).toBe(true);
    expect(location).not.toMatch(/^\/[\\/]|^\/\s*[\\/]/);
    expect(new URL(location, 'http://127.0.0.1:3000').host).toBe('127.0.0.1:3000');
    if (target !== '/\t/evil.example') expect(location).toBe('/');
  });

  it('refuses a switch without the CSRF token, with a wrong one, or without the cookie (403)', async () => {
    for (const res of [
      await post({ lang: 'ru', return: '/' }),
      await post({ _csrf: 'B'.repeat(csrf.token.length), lang: 'ru', return: '/' }),
      await post({ _csrf: csrf.token, lang: 'ru', return: '/' }, ''),
    ]) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('The form has expired or did not come from this site.');
      expect(setCookies(res).some((c) => c.startsWith('lang='))).toBe(false);
    }
  });

  it('refuses a language the interface does not speak (400)', async () => {
    for (const lang of ['fr', '', 'RU', 'en-US']) {
      const res = await post({ _csrf: csrf.token, lang, return: '/' });
      expect(res.status, lang).toBe(400);
      expect(res.text).toContain('Choose English, Russian or Chinese.');
      expect(setCookies(res).some((c) => c.startsWith('lang='))).toBe(false);
    }
    const missing = await post({ _csrf: csrf.token });
    expect(missing.status).toBe(400);
  });

  it('says an upload error inside another in the interface language (a concept of a CSV glossary)', async () => {
    const csv = 'concept,en\nbad-status,Some term [gold]\n';
    const res = await request(t.app).post('/terms/import').set('Cookie', `${csrf.cookie}; lang=ru`).set('HX-Request', 'true')
      .field('_csrf', csrf.token).attach('file', Buffer.from(csv), 'glossary.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Понятие «bad-status»: «gold» — не статус термина; используйте один из: preferred, admitted, deprecated, superseded, forbidden.');
    const broken = await request(t.app).post('/terms/import').set('Cookie', `${csrf.cookie}; lang=zh`).set('HX-Request', 'true')
      .field('_csrf', csrf.token).attach('file', Buffer.from('concept,en\n"open,x\n'), 'glossary.csv');
    expect(broken.status).toBe(422);
    expect(broken.text).toMatch(/第 \d+ 行：加引号的单元格没有闭合。/);
  });

  it('accepts the token in the X-CSRF-Token header', async () => {
    const res = await request(t.app)
      .post('/interface-language')
      .set('Cookie', csrf.cookie)
      .set('X-CSRF-Token', csrf.token)
      .type('form')
      .send({ lang: 'zh', return: '/' });
    expect(res.status).toBe(303);
  });
});

describe('security basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it.each([
    ['/', 200],
    [`/works/${slug}`, 200],
    [`/works/${slug}/versions/en`, 200],
    [`/works/${slug}/export?format=tsv`, 200],
    ['/static/triptych.css', 200],
    ['/static/htmx.min.js', 200],
    ['/works/nothing-here', 404],
    ['/no/such/page', 404],
  ])('GET %s carries a Content-Security-Policy', async (url, status) => {
    const res = await request(t.app).get(url);
    expect(res.status).toBe(status);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('a refused POST carries the policy too', async () => {
    const res = await request(t.app).post('/import');
    expect(res.status).toBe(403);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('pages use no inline script', async () => {
    for (const url of ['/', `/works/${slug}`, `/works/${slug}/versions/zh`]) {
      const res = await request(t.app).get(url);
      const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs).toMatch(/src="\/static\//);
        expect(body.trim()).toBe('');
      }
      expect(res.text).not.toMatch(/\son(click|load|error|submit)=/i);
    }
  });

  it('sets the CSRF cookie HttpOnly and SameSite=Strict', async () => {
    const res = await request(t.app).get('/');
    const cookie = setCookies(res).find((c) => c.startsWith('triptych_csrf='));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    // A client that already has a token keeps it.
    const token = /^triptych_csrf=([^;]+)/.exec(cookie!)![1];
    const again = await request(t.app).get('/').set('Cookie', `triptych_csrf=${token}`);
    expect(setCookies(again).some((c) => c.startsWith('triptych_csrf='))).toBe(false);
    expect(again.text).toContain(`name="_csrf" value="${token}"`);
  });

  it.each([
    ['/import', 'import'],
    ['/interface-language?lang=ru&return=/', 'interface language'],
  ])('GET %s changes nothing (state changes are POST only)', async (url) => {
    const before = dumpDatabase(t.workspace.db);
    const res = await request(t.app).get(url);
    expect(res.status).toBe(404);
    expect(setCookies(res).some((c) => c.startsWith('lang='))).toBe(false);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });

  it('answers PUT or DELETE on a page with 404 and changes nothing', async () => {
    const before = dumpDatabase(t.workspace.db);
    for (const res of [await request(t.app).delete(`/works/${slug}`), await request(t.app).put('/import')]) {
      expect(res.status).toBe(404);
    }
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });

  it('binds to loopback by default', async () => {
    const { loadConfig } = await import('../../server/config.ts');
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });
});
