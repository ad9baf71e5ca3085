// Versions coming, going and being replaced, and what that does to the pairs (only the pairs with the
// version change), to the column order (one stored fact, read by every view) and to the resources an
// alignment is made with (decided by the aligning service from the pair's languages).
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { createTestApp, dumpDatabase, getCsrf, pairBeadsOf, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';
let t: TestApp | undefined;
afterEach(() => t?.close());

const columnsOfPage = (html: string) => [...html.slice(html.indexOf('<thead>'), html.indexOf('</thead>')).matchAll(/<th scope="col" lang="([a-z]+)">/g)].map((m) => m[1]);
const columnsOfRows = (html: string) => [...(/<tr id="row-\d+"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '').matchAll(/<td lang="([a-z]+)" class="cell/g)].map((m) => m[1]);

describe('versions and pairs', () => {
  it('replacing the Russian with the same file keeps the columns, and every pair and row as it was', async () => {
    t = await createTestApp();
    const db = t.workspace.db;
    const before = pairBeadsOf(db, slug);
    const rows = alignmentState(db, findWorkBySlug(db, slug)!).rows().length;
    const bytes = fs.readFileSync(path.join(t.workspace.config.textsDir, slug, 'ru.txt'));
    await importVersion(db, t.workspace.alignResources, { workSlug: slug, lang: 'ru', status: 'working', fileName: 'ru.txt', bytes, actor: 'test', maxBytes: 1 << 22, replace: true });
    // the aligner gets the same resources whoever imports: the pairs come back bead for bead
    expect(pairBeadsOf(db, slug)).toEqual(before);
    expect(alignmentState(db, findWorkBySlug(db, slug)!).rows().length).toBe(rows);
    // the column order is the stored one, for the page and for rows redrawn after an edit
    const page = await request(t.app).get(`/works/${slug}`);
    expect(columnsOfPage(page.text)).toEqual(['en', 'ru', 'zh']);
    const csrf = await getCsrf(t.app, `/works/${slug}`);
    const edited = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', csrf.cookie).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token, op: 'confirm', row: '3' });
    expect(edited.status).toBe(200);
    expect(columnsOfRows(edited.text)).toEqual(['en', 'ru', 'zh']);
  });

  it('removes a version: its pairs go, the others stay bead for bead, the view loses the column', async () => {
    t = await createTestApp();
    const db = t.workspace.db;
    const before = pairBeadsOf(db, slug);
    const csrf = await getCsrf(t.app, `/works/${slug}/versions/zh`);
    const forged = await request(t.app).post(`/works/${slug}/versions/zh/remove`).type('form').send({});
    expect(forged.status).toBe(403);
    const res = await request(t.app).post(`/works/${slug}/versions/zh/remove`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token });
    expect(res.status).toBe(303);
    const after = pairBeadsOf(db, slug);
    expect(Object.keys(after).sort()).toEqual(['en|en-revised', 'en|ru']);
    expect(after['en|ru']).toEqual(before['en|ru']);
    expect(after['en|en-revised']).toEqual(before['en|en-revised']);
    const page = await request(t.app).get(`/works/${slug}`);
    expect(columnsOfPage(page.text)).toEqual(['en', 'ru']);
    const events = db.prepare("SELECT kind, summary FROM events WHERE kind = 'remove-version'").all() as Array<{ summary: string }>;
    expect(events[0].summary).toContain('en|zh, ru|zh');
    // imported again, Chinese takes its old column and is aligned afresh with English and Russian only
    const bytes = fs.readFileSync(path.join(t.workspace.config.textsDir, slug, 'zh.txt'));
    await importVersion(db, t.workspace.alignResources, { workSlug: slug, lang: 'zh', status: 'working', fileName: 'zh.txt', bytes, actor: 'test', maxBytes: 1 << 22 });
    expect(columnsOfPage((await request(t.app).get(`/works/${slug}`)).text)).toEqual(['en', 'ru', 'zh']);
    expect(pairBeadsOf(db, slug)['en|ru']).toEqual(before['en|ru']);
  });

  it('refuses to remove a version that has revisions, or one that is not there, and changes nothing', async () => {
    t = await createTestApp();
    const csrf = await getCsrf(t.app, `/works/${slug}/versions/en`);
    const before = dumpDatabase(t.workspace.db);
    const withRevision = await request(t.app).post(`/works/${slug}/versions/en/remove`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token });
    expect(withRevision.status).toBe(409);
    expect(withRevision.text).toContain('en-revised');
    const missing = await request(t.app).post(`/works/${slug}/versions/fr/remove`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token });
    expect(missing.status).toBe(404);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });

  it('imports a file of one sentence per line as its lines, from the upload form', async () => {
    t = await createTestApp();
    const csrf = await getCsrf(t.app);
    const text = 'Article 1\nThe parties agree. They sign.\nno full stop here\n\nA second paragraph\n';
    const res = await request(t.app)
      .post('/import')
      .set('Cookie', csrf.cookie)
      .field('_csrf', csrf.token)
      .field('work', 'lines-test')
      .field('title', 'Lines')
      .field('lang', 'en')
      .field('status', 'working')
      .field('segmentation', 'lines')
      .attach('file', Buffer.from(text), 'en.txt');
    expect(res.status).toBe(303);
    const work = findWorkBySlug(t.workspace.db, 'lines-test')!;
    const sentences = t.workspace.db.prepare('SELECT s.text FROM sentences s JOIN versions v ON v.id = s.version_id WHERE v.work_id = ? ORDER BY s.ordinal').pluck().all(work.id);
    expect(sentences).toEqual(['Article 1', 'The parties agree. They sign.', 'no full stop here', 'A second paragraph']);
  });
});
