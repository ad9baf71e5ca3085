// Long work as jobs in a worker thread (TRIPTYCH_JOB_WORKERS=1, no wait: every request that starts a
// job answers with its progress at once): an import followed over htmx to its end while the server
// keeps answering, the job's page, one queue per work, a re-alignment, a big work's report and export,
// who may follow a job, and failing jobs — refused by the worker, or failing inside their transaction —
// that leave the database exactly as it was.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { importVersion } from '../../server/services/import-version.ts';
import { createTestApp, dumpDatabase, getCsrf, type Csrf, type TestApp } from './helpers.ts';
import { createTeamApp, signIn } from './accounts-helpers.ts';

const work = 'big-work';
const jobEnv = { TRIPTYCH_JOB_WORKERS: '1', TRIPTYCH_JOB_WAIT_MS: '0', TRIPTYCH_SEED: '0' };

function lines(lang: 'en' | 'ru', count: number): string {
  const one = (i: number) =>
    lang === 'en'
      ? `Article ${i}. The member states will strengthen cooperation in the region by ${2000 + (i % 20)}.`
      : `Статья ${i}. Государства-члены укрепят сотрудничество в регионе до ${2000 + (i % 20)} года.`;
  return Array.from({ length: count }, (_, i) => one(i + 1)).join('\n') + '\n';
}

/** A work with an English version of `count` lines, imported directly (no pair to align yet). */
async function withEnglish(t: TestApp, count: number): Promise<void> {
  await importVersion(t.workspace.db, t.workspace.alignResources, {
    workSlug: work, workTitle: 'A big work', lang: 'en', status: 'working', fileName: 'en.txt', bytes: Buffer.from(lines('en', count)), actor: 'test', maxBytes: 1e8, segmentation: 'lines',
  });
}

function postRussian(t: TestApp, csrf: Csrf, count: number, htmx: boolean, cookie = csrf.cookie, token = csrf.token) {
  let req = request(t.app).post('/import').set('Cookie', cookie);
  if (htmx) req = req.set('HX-Request', 'true');
  return req.field('_csrf', token).field('work', work).field('lang', 'ru').field('status', 'working').field('segmentation', 'lines').attach('file', Buffer.from(lines('ru', count)), 'ru.txt');
}

const jobIdOf = (html: string) => /hx-get="\/jobs\/([A-Za-z0-9_-]+)"/.exec(html)?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a job's partial as its hx-trigger does, until it stops polling; returns every answer. */
async function follow(t: TestApp, id: string, cookie: string, limitMs = 120_000) {
  const answers: request.Response[] = [];
  const deadline = Date.now() + limitMs;
  for (;;) {
    const res = await request(t.app).get(`/jobs/${id}`).set('Cookie', cookie).set('HX-Request', 'true');
    answers.push(res);
    if (!res.text.includes('hx-trigger="every')) return answers;
    if (Date.now() > deadline) throw new Error(`job ${id} did not end within ${limitMs} ms`);
    await sleep(150);
  }
}

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

describe('a job in a worker thread', () => {
  it('imports a version off the request thread: the page follows its progress to the result', async () => {
    t = await createTestApp({ env: jobEnv });
    await withEnglish(t, 3000);
    const csrf = await getCsrf(t.app);
    const started = await postRussian(t, csrf, 3000, true);
    expect(started.status).toBe(202);
    expect(started.text).toContain('<progress max="100"');
    const id = jobIdOf(started.text)!;
    expect(id).toBeTruthy();
    // the server answers other requests while the worker aligns
    const page = await request(t.app).get(`/works/${work}`);
    expect(page.status).toBe(200);
    expect(t.workspace.jobs.get(id)!.state).not.toBe('done');

    const answers = await follow(t, id, csrf.cookie);
    const percents = answers.map((a) => Number(/<progress max="100" value="(\d+)"/.exec(a.text)?.[1] ?? 100));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const last = answers[answers.length - 1];
    expect(last.status).toBe(200);
    expect(last.headers['hx-trigger']).toBe('library-changed');
    expect(last.text).toContain(`Imported ${work}/ru, decoded as utf-8:`);
    expect(last.text).toContain('3000 sentences');
    const beads = t.workspace.db.prepare('SELECT SUM(b.a_count) AS a, SUM(b.b_count) AS b FROM beads b JOIN alignments al ON al.id = b.alignment_id').get();
    expect(beads).toEqual({ a: 3000, b: 3000 });
    // the job's own page says the same, with a link to the version
    const jobPage = await request(t.app).get(`/jobs/${id}`);
    expect(jobPage.status).toBe(200);
    expect(jobPage.text).toContain(`/works/${work}/versions/ru`);
  });

  it('imports an aligned file as a job too: its page links to the work', async () => {
    t = await createTestApp({ env: jobEnv });
    const csrf = await getCsrf(t.app);
    const en = Buffer.from(lines('en', 300));
    const ru = Buffer.from(lines('ru', 300));
    const res = await request(t.app).post('/import').set('Cookie', csrf.cookie).field('_csrf', csrf.token).field('work', 'pair-work').field('title', 'A pair')
      .attach('file', en, 'pair-work.en.txt').attach('file', ru, 'pair-work.ru.txt');
    expect(res.status).toBe(303);
    const jobPath = res.headers.location;
    expect(jobPath).toMatch(/^\/jobs\/[A-Za-z0-9_-]+$/);
    await t.workspace.jobs.get(jobPath.slice('/jobs/'.length))!.finished;
    const page = await request(t.app).get(jobPath).set('Cookie', csrf.cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/works/pair-work"');
    expect(page.text).toContain('Open the document pair-work');
    const beads = t.workspace.db.prepare("SELECT COUNT(*) FROM beads b JOIN alignments a ON a.id = b.alignment_id JOIN works w ON w.id = a.work_id WHERE w.slug = 'pair-work'").pluck().get();
    expect(beads).toBe(300);
  });

  it('runs one job of a work at a time, in the order asked', async () => {
    t = await createTestApp({ env: jobEnv });
    await withEnglish(t, 1500);
    const first = t.workspace.jobs.submit('import-upload', {
      workSlug: work, lang: 'ru', status: 'working', files: [{ fileName: 'ru.txt', bytes: Buffer.from(lines('ru', 1500)) }], actor: 'a', maxBytes: 1e8, segmentation: 'lines',
    }, { work, owner: 'a' });
    const second = t.workspace.jobs.submit('import-upload', {
      workSlug: work, lang: 'ru', name: 'ru-2', status: 'working', files: [{ fileName: 'ru2.txt', bytes: Buffer.from(lines('ru', 1500)) }], actor: 'b', maxBytes: 1e8, segmentation: 'lines',
    }, { work, owner: 'b' });
    expect(second.state).toBe('queued');
    await first.finished;
    expect(first.state, String(first.error)).toBe('done');
    await second.finished;
    expect(second.state, String(second.error)).toBe('done');
    expect(second.startedAt!).toBeGreaterThanOrEqual(first.finishedAt!);
    const actors = t.workspace.db.prepare("SELECT actor FROM events WHERE kind = 'import-version' ORDER BY id").pluck().all();
    expect(actors).toEqual(['test', 'a', 'b']);
  });

  it('re-aligns in the worker; the editor gets the rows when the job ends', async () => {
    t = await createTestApp({ env: jobEnv });
    await withEnglish(t, 400);
    await importVersion(t.workspace.db, t.workspace.alignResources, {
      workSlug: work, lang: 'ru', status: 'working', fileName: 'ru.txt', bytes: Buffer.from(lines('ru', 400)), actor: 'test', maxBytes: 1e8, segmentation: 'lines',
    });
    const csrf = await getCsrf(t.app, `/works/${work}`);
    const started = await request(t.app).post(`/works/${work}/realign`).set('Cookie', csrf.cookie).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token, stretch: 'after-last-confirmed' });
    expect(started.status).toBe(202);
    const answers = await follow(t, jobIdOf(started.text)!, csrf.cookie);
    const last = answers[answers.length - 1];
    expect(last.text).toContain('class="editor-result');
    expect(last.text).toContain(' tail');
    expect(t.workspace.db.prepare("SELECT COUNT(*) FROM events WHERE kind = 'realign'").pluck().get()).toBe(1);
  });

  it("makes a big work's check report and export by a job, and serves their results", async () => {
    t = await createTestApp({ env: { ...jobEnv, TRIPTYCH_BIG_WORK_SENTENCES: '1' } });
    await withEnglish(t, 200);
    const checks = await request(t.app).get(`/works/${work}/checks`);
    expect(checks.status).toBe(303);
    const id = /^\/jobs\/([A-Za-z0-9_-]+)$/.exec(checks.headers.location)![1];
    const answers = await follow(t, id, '');
    const end = answers[answers.length - 1];
    expect(end.status).toBe(204);
    expect(end.headers['hx-redirect']).toBe(`/works/${work}/checks?job=${id}`);
    const report = await request(t.app).get(`/works/${work}/checks?job=${id}`);
    expect(report.status).toBe(200);
    expect(report.text).toContain('id="check-findings"');

    const exported = await request(t.app).get(`/works/${work}/export?format=tsv`);
    expect(exported.status).toBe(303);
    const exportId = /^\/jobs\/([A-Za-z0-9_-]+)$/.exec(exported.headers.location)![1];
    const done = await follow(t, exportId, '');
    expect(done[done.length - 1].text).toContain(`/jobs/${exportId}/download`);
    const file = await request(t.app).get(`/jobs/${exportId}/download`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('.tsv');
    expect(file.text).toContain('Article 200.');
  });

  it('is followed only by who started it and by administrators', async () => {
    t = await createTeamApp([{ name: 'ada', role: 'administrator' }, { name: 'eve', role: 'editor' }, { name: 'ed', role: 'editor' }], jobEnv);
    await withEnglish(t, 300);
    const eve = await signIn(t.app, 'eve');
    const started = await postRussian(t, { cookie: eve.cookie, token: eve.token }, 300, true);
    const id = jobIdOf(started.text)!;
    const ed = await signIn(t.app, 'ed');
    expect((await request(t.app).get(`/jobs/${id}`).set('Cookie', ed.cookie)).status).toBe(404);
    const ada = await signIn(t.app, 'ada');
    expect((await request(t.app).get(`/jobs/${id}`).set('Cookie', ada.cookie)).status).toBe(200);
    await follow(t, id, eve.cookie);
    expect(t.workspace.db.prepare("SELECT actor FROM events WHERE kind = 'import-version' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('eve');
  });
});

describe('a failing job', () => {
  it('refused by the worker: the page says why, and the database is as it was', async () => {
    t = await createTestApp({ env: { ...jobEnv, TRIPTYCH_LONG_SENTENCES: 'refuse', TRIPTYCH_MAX_SENTENCE_CHARS: '200' } });
    await withEnglish(t, 50);
    const csrf = await getCsrf(t.app);
    const before = dumpDatabase(t.workspace.db);
    const long = 'Слово '.repeat(100) + 'конец.\n';
    const started = await request(t.app).post('/import').set('Cookie', csrf.cookie).field('_csrf', csrf.token).field('work', work).field('lang', 'ru').field('status', 'working')
      .attach('file', Buffer.from(`Первая строка.\n${long}`), 'ru.txt');
    expect(started.status).toBe(303);
    const id = started.headers.location.slice('/jobs/'.length);
    await t.workspace.jobs.get(id)!.finished;
    const page = await request(t.app).get(`/jobs/${id}`);
    expect(page.status).toBe(422);
    expect(page.text).toMatch(/Line 2 holds a sentence of 60\d characters, longer than the limit of 200/);
    const partial = await request(t.app).get(`/jobs/${id}`).set('HX-Request', 'true');
    expect(partial.status).toBe(422);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });

  it('failing inside its transaction in the worker: everything it wrote is rolled back', async () => {
    t = await createTestApp({ env: jobEnv });
    await withEnglish(t, 500);
    // the disk fills up (say) when the pair's beads are written, after the version and its sentences
    t.workspace.db.exec("CREATE TRIGGER fail_beads BEFORE INSERT ON beads BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");
    const before = dumpDatabase(t.workspace.db);
    const csrf = await getCsrf(t.app);
    const started = await postRussian(t, csrf, 500, true);
    const answers = await follow(t, jobIdOf(started.text)!, csrf.cookie);
    const last = answers[answers.length - 1];
    expect(last.status).toBe(500);
    expect(last.text).toContain('Something went wrong on the server. Nothing was changed.');
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    expect(t.workspace.db.prepare("SELECT COUNT(*) FROM versions WHERE name = 'ru'").pluck().get()).toBe(0);
  });
});
