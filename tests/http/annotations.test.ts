import { localUserName } from '../../server/auth/local-user.ts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dumpDatabase, getCsrf, unescapeHtml, type Csrf, type TestApp } from './helpers.ts';
import { termTables } from '../terms/workspace.ts';

let t: TestApp;
let csrf: Csrf;
beforeAll(async () => {
  t = await createTestApp();
  csrf = await getCsrf(t.app, '/works/declaration-2005');
});
afterAll(() => t.close());

const base = '/works/declaration-2005/annotations';
const post = (path: string, fields: Record<string, string>, htmx = false) => {
  const r = request(t.app).post(path).set('Cookie', csrf.cookie).type('form');
  if (htmx) r.set('HX-Request', 'true');
  return r.send({ _csrf: csrf.token, ...fields });
};
const state = () => ({ db: dumpDatabase(t.workspace.db), terms: termTables(t.workspace.db) });

function selection(version: string, words: string) {
  const row = t.workspace.db
    .prepare(`SELECT s.ordinal, s.text FROM sentences s JOIN versions v ON v.id = s.version_id
              WHERE v.name = ? AND v.retired_at IS NULL AND instr(s.text, ?) > 0 ORDER BY s.ordinal`)
    .get(version, words) as { ordinal: number; text: string };
  const start = row.text.indexOf(words);
  return { version, ordinal: String(row.ordinal), start: String(start), end: String(start + words.length), quote: words };
}

describe('annotations over HTTP', () => {
  it('shows the annotation form on the work page with the concepts and categories', async () => {
    const page = await request(t.app).get('/works/declaration-2005');
    expect(page.text).toContain('id="annotation-form"');
    expect(page.text).toContain('data-versions="en,ru,zh"');
    expect(page.text).toMatch(/<option value="\d+">secretary-general · Secretary-General<\/option>/);
    expect(page.text).toContain('<option value="mistranslation">');
  });

  it('flags words as a term of an existing concept and as an issue; lists, filters, resolves, exports', async () => {
    const sg = (t.workspace.db.prepare("SELECT id FROM term_concepts WHERE key = 'secretary-general'").get() as { id: number }).id;
    const term = await post(base, { ...selection('ru', 'Исполнительного секретаря'), kind: 'term', concept: String(sg), author: 'Анна' }, true);
    expect(term.status).toBe(200);
    expect(term.headers['hx-trigger']).toBe('annotations-changed');
    expect(unescapeHtml(term.text)).toContain('Flagged “Исполнительного секретаря” as an occurrence of secretary-general.');
    const issue = await post(base, { ...selection('en', 'memoperation'), kind: 'issue', category: 'omission', comment: 'Lost passage <b>here</b>' });
    expect(issue.status).toBe(303);
    expect(issue.headers.location).toBe(base);

    const grid = await request(t.app).get('/works/declaration-2005');
    // no author given: the annotation is the local user's (local mode: the operating-system user)
    expect(grid.text).toMatch(new RegExp(`<mark class="annotation annotation-issue category-omission" data-annotation="\\d+" title="Issue: omission\\nLost passage &lt;b&gt;here&lt;\\/b&gt;\\n${localUserName()}, [\\d-]+">memoperation<\\/mark>`));
    expect(grid.text).toMatch(/<mark class="annotation annotation-term" data-annotation="\d+" title="Flagged as secretary-general\nАнна, [\d-]+">Исполнительного секретаря<\/mark>/);

    const list = await request(t.app).get(base);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Lost passage &lt;b&gt;here&lt;/b&gt;');
    expect(list.text).toContain('Анна');
    expect(list.text).toMatch(/href="\/works\/declaration-2005\?offset=0#row-\d+"/);
    const issues = await request(t.app).get(base).query({ kind: 'issue' }).set('HX-Request', 'true').set('HX-Target', 'annotation-list');
    expect(issues.text).toContain('memoperation');
    expect(issues.text).not.toContain('Исполнительного секретаря');

    const id = (t.workspace.db.prepare("SELECT id FROM annotations WHERE quote = 'memoperation'").get() as { id: number }).id;
    const resolved = await post(`${base}/${id}/status?status=open`, { status: 'resolved' }, true);
    expect(resolved.status).toBe(200);
    expect(resolved.text).toContain('id="annotation-list"');
    expect(resolved.text).not.toContain('memoperation');
    expect(t.workspace.db.prepare('SELECT status FROM annotations WHERE id = ?').get(id)).toEqual({ status: 'resolved' });
    expect((await request(t.app).get('/works/declaration-2005')).text).not.toContain('>memoperation</mark>');

    const csv = await request(t.app).get(base).query({ format: 'csv', status: 'resolved' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toContain('declaration-2005.annotations.csv');
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv.text).toContain('memoperation');
  });

  it('flags Chinese words as a new concept', async () => {
    const res = await post(base, { ...selection('zh', '俄文名称'), kind: 'term', concept: 'new' }, true);
    expect(res.status).toBe(200);
    const concept = t.workspace.db.prepare("SELECT c.key FROM term_concepts c JOIN term_entries e ON e.concept_id = c.id WHERE e.text = '俄文名称' AND e.lang = 'zh'").get();
    expect(concept).toEqual({ key: 'ewen-mingcheng' });
  });

  it.each([
    ['an empty selection', { quote: '' }, 400, /selection is empty/],
    ['an unknown version', { version: 'fr' }, 400, /no version 'fr'/],
    ['a stale selection', { quote: 'Совет национальных' }, 409, /has changed/],
    ['a bad offset', { start: 'x' }, 400, /not a valid position/],
    ['an unknown kind', { kind: 'praise' }, 400, /not a kind of annotation/],
    ['an unknown category', { kind: 'issue', category: 'grammar' }, 400, /not an issue category/],
    ['an unknown concept', { concept: '424242' }, 400, /no concept/],
  ])('refuses %s with a message and changes nothing', async (_name, change, status, message) => {
    const before = state();
    const res = await post(base, { ...selection('ru', 'Исполнительного секретаря'), kind: 'term', concept: 'secretary-general', ...change } as Record<string, string>, true);
    expect(res.status).toBe(status);
    expect(res.headers['hx-retarget']).toBe('#annotation-message');
    expect(unescapeHtml(res.text)).toMatch(message);
    expect(state()).toEqual(before);
  });

  it('refuses without the CSRF token, on an unknown work or annotation, and bad filters', async () => {
    const before = state();
    const noToken = await request(t.app).post(base).set('Cookie', csrf.cookie).type('form').send({ ...selection('en', 'Secretariat'), kind: 'issue', category: 'style' });
    expect(noToken.status).toBe(403);
    expect((await post('/works/nothing/annotations', { ...selection('en', 'Secretariat'), kind: 'issue', category: 'style' })).status).toBe(404);
    expect((await post(`${base}/999999/status`, { status: 'resolved' })).status).toBe(404);
    expect((await post(`${base}/1/status`, { status: 'maybe' })).status).toBe(400);
    expect((await request(t.app).get(base).query({ status: 'pending' })).status).toBe(400);
    expect(state()).toEqual(before);
  });
});
