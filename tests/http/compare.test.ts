// Comparing two versions of one language over HTTP: the declaration's English and its working
// revision, the htmx partial, HTML-special characters in the texts, and the refusals.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVersion } from '../../server/services/import-version.ts';
import { openQaTestApp, snapshot, type QaTestApp } from '../qa/qa-workspace.ts';

let t: QaTestApp;
beforeAll(async () => {
  t = await openQaTestApp();
  const common = { workTitle: 'Escaping <test>', status: 'working', actor: 'test', maxBytes: 1 << 20 };
  const write = (text: string) => new TextEncoder().encode(text);
  await importVersion(t.workspace.db, t.workspace.alignResources, {
    ...common,
    workSlug: 'escape-test',
    lang: 'en',
    fileName: 'en.txt',
    bytes: write('The council said "<b>yes</b>" & <script>alert(1)</script> to the plan.\n\nThe second sentence is the same in both.\n'),
  });
  await importVersion(t.workspace.db, t.workspace.alignResources, {
    ...common,
    workSlug: 'escape-test',
    lang: 'en',
    name: 'en-revised',
    revisionOf: 'en',
    fileName: 'en-revised.txt',
    bytes: write('The council said \'<i>no</i>\' && <img src=x onerror=alert(2)> to the plan.\n\nThe second sentence is the same in both.\n'),
  });
});
afterAll(() => t?.close());

describe('the declaration: English against its working revision', () => {
  it('shows the two versions aligned with word differences and a summary', async () => {
    const res = await request(t.app).get('/works/declaration-2005/compare');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-left="en" data-right="en-revised"');
    const summary = /(\d+) aligned rows: (\d+) changed, (\d+) added, (\d+) removed, (\d+) unchanged/.exec(res.text);
    expect(summary).not.toBeNull();
    const [rows, changed, added, removed, same] = summary!.slice(1).map(Number);
    expect(changed + added + removed + same).toBe(rows);
    expect(changed).toBeGreaterThan(20);
    // the revision restores the lost passage of the second paragraph: an added row or a changed one
    expect(res.text).toMatch(/<ins>[^<]*Tashkent on 17 June 2004/);
    expect(res.text).toMatch(/<del>[^<]*memoperation/);
    expect(res.text).toMatch(/Declaration of Heads of Member States of <del>SCO<\/del>/);
    expect(res.text).toContain('<ins>the Shanghai Cooperation Organisation</ins>');
    // unchanged rows are folded
    expect(res.text).toMatch(/<details class="compare-same">\s*<summary>\d+ unchanged rows?<\/summary>/);
  });

  it('takes the versions from the query, and answers htmx with the rows partial', async () => {
    const res = await request(t.app).get('/works/declaration-2005/compare?a=en-revised&b=en').set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text.trimStart().startsWith('<section id="compare-rows"')).toBe(true);
    expect(res.text).toContain('data-left="en-revised" data-right="en"');
    expect(res.text).not.toContain('<html');
  });

  it('speaks Chinese', async () => {
    const res = await request(t.app).get('/works/declaration-2005/compare').set('Cookie', 'lang=zh');
    expect(res.text).toContain('<h1>版本比较</h1>');
    expect(res.text).toMatch(/共 \d+ 个对齐行/);
  });
});

describe('texts with HTML-special characters', () => {
  it('are escaped in the diff, never interpreted', async () => {
    const res = await request(t.app).get('/works/escape-test/compare');
    expect(res.status).toBe(200);
    const rows = res.text.slice(res.text.indexOf('<section id="compare-rows"'));
    // no tag of the texts reaches the page as a tag
    expect(rows).not.toMatch(/<(b|i|script|img)[ >]/);
    expect(rows).toMatch(/<del>[^<]*<\/del>/);
    expect(rows).toMatch(/<ins>[^<]*<\/ins>/);
    // each side, read as text without the diff marks, is the sentence exactly as written
    const side = (name: string, mark: string) => {
      const m = new RegExp(`<div class="side ${name}" lang="en">(.*?) <a class="sentence-history"`).exec(rows);
      expect(m, name).not.toBeNull();
      const text = m![1].replace(new RegExp(`</?${mark}>`, 'g'), '');
      expect(text).not.toMatch(/<|>/);
      return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    };
    expect(side('left', 'del')).toBe('The council said "<b>yes</b>" & <script>alert(1)</script> to the plan.');
    expect(side('right', 'ins')).toBe("The council said '<i>no</i>' && <img src=x onerror=alert(2)> to the plan.");
    expect(res.text).toContain('1 unchanged row');
  });
});

describe('refusals', () => {
  it('answer 4xx with a readable message and change nothing', async () => {
    const before = snapshot(t.workspace);
    const cases: Array<[string, number, string]> = [
      ['/works/declaration-2005/compare?a=en&b=ru', 400, 'not in the same language'],
      ['/works/declaration-2005/compare?a=en&b=en', 400, 'two different versions'],
      ['/works/declaration-2005/compare?a=en', 400, 'Choose two versions'],
      ['/works/declaration-2005/compare?a=en&b=fr', 404, "no version 'fr'"],
      ['/works/no-such-work/compare', 404, "no work 'no-such-work'"],
      ['/works/markup-free/compare', 404, "no work 'markup-free'"],
    ];
    for (const [url, status, message] of cases) {
      const res = await request(t.app).get(url);
      expect(res.status, url).toBe(status);
      expect(res.text, url).toContain(message.replace(/'/g, '&#39;'));
    }
    expect(snapshot(t.workspace)).toBe(before);
  });

  it('says so when a work has no two versions in one language', async () => {
    await importVersion(t.workspace.db, t.workspace.alignResources, {
      workSlug: 'single',
      workTitle: 'Single',
      lang: 'en',
      status: 'working',
      actor: 'test',
      maxBytes: 1 << 20,
      fileName: 'en.txt',
      bytes: new TextEncoder().encode('One sentence only.\n'),
    });
    const res = await request(t.app).get('/works/single/compare');
    expect(res.status).toBe(404);
    expect(res.text).toContain('no two versions in the same language');
  });
});
