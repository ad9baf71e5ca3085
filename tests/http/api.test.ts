// The JSON API through supertest on the seeded declaration: works and versions, rows, a pair's beads,
// search in three languages, an import and an alignment as jobs of the server's job runner whose
// progress the jobs endpoint gives, export, statistics; errors as {status, message}; state changes
// only as JSON with the CSRF token; with accounts, the session's user and the role the route
// declares (server/auth/permissions.ts routeNeeds), every API route walked.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleGrants, roles, routeNeeds, type Role } from '../../server/auth/permissions.ts';
import { createTestApp, dumpDatabase, type TestApp } from './helpers.ts';
import { cookieValue, createTeamApp, signIn } from './accounts-helpers.ts';

let t: TestApp;
/** Local mode's double-submit token: its cookie, sent back with the X-CSRF-Token header. */
let csrf: { cookie: string; token: string };

beforeAll(async () => {
  t = await createTestApp();
  const first = await request(t.app).get('/api/v1');
  const token = cookieValue(first.headers['set-cookie'], 'triptych_csrf')!;
  csrf = { cookie: `triptych_csrf=${token}`, token };
});

afterAll(async () => {
  t?.close();
});

const post = (url: string) => request(t.app).post(url).set('Cookie', csrf.cookie).set('X-CSRF-Token', csrf.token);

async function finished(id: string): Promise<Record<string, unknown>> {
  await t.workspace.jobs.get(id)?.finished;
  const res = await request(t.app).get(`/api/v1/jobs/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('reading', () => {
  it('lists works with their versions, and a work with its pairs', async () => {
    const list = await request(t.app).get('/api/v1/works');
    expect(list.status).toBe(200);
    expect(list.type).toBe('application/json');
    expect(list.body.total).toBe(1);
    const work = list.body.works[0];
    expect(work.slug).toBe('declaration-2005');
    expect(work.versions.map((v: { name: string }) => v.name)).toEqual(['en', 'ru', 'zh', 'en-revised']);
    const one = await request(t.app).get(work.links.self);
    expect(one.status).toBe(200);
    expect(one.body.columns).toEqual(['en', 'ru', 'zh']);
    expect(one.body.pairs.map((p: { label: string }) => p.label)).toEqual(['en|ru', 'en|zh', 'ru|zh', 'en|en-revised']);
    expect(one.body.rows).toBeGreaterThan(40);
    const versions = await request(t.app).get('/api/v1/works/declaration-2005/versions');
    expect(versions.body.versions[1]).toMatchObject({ name: 'ru', lang: 'ru', status: 'working' });
  });

  it('gives a page of rows with every column, and a page of a pair\'s beads', async () => {
    const rows = await request(t.app).get('/api/v1/works/declaration-2005/rows?offset=2&limit=3');
    expect(rows.status).toBe(200);
    expect(rows.body).toMatchObject({ view: 'grid', offset: 2, limit: 3 });
    expect(rows.body.rows.map((r: { number: number }) => r.number)).toEqual([3, 4, 5]);
    expect(Object.keys(rows.body.rows[0].cells)).toEqual(['en', 'ru', 'zh']);
    expect(rows.body.rows.some((r: { cells: Record<string, { text: string }> }) => /[\u4e00-\u9fff]/.test(r.cells.zh.text))).toBe(true);
    const beads = await request(t.app).get('/api/v1/works/declaration-2005/pairs/en/ru/beads?limit=2');
    expect(beads.status).toBe(200);
    expect(beads.body.pair).toBe('en|ru');
    expect(beads.body.beads).toHaveLength(2);
    expect(beads.body.beads[0].cells.en.first).toBe(0);
  });

  it('searches in all three languages: a Russian inflected form, a Chinese substring, English by stem', async () => {
    const ru = await request(t.app).get('/api/v1/search').query({ q: 'структура', lang: 'ru' });
    expect(ru.status).toBe(200);
    expect(ru.body.total).toBeGreaterThan(0);
    const found = ru.body.hits.flatMap((h: { texts: Record<string, { sentences: Array<{ text: string; marks: number[][] }> }> }) =>
      h.texts.ru.sentences.flatMap((s) => s.marks.map(([a, b]) => s.text.slice(a, b).toLowerCase())),
    );
    expect(found).toContain('структуры');
    const zh = await request(t.app).get('/api/v1/search').query({ q: '恐怖', 'row-numbers': 'true' });
    expect(zh.body.hits.length).toBeGreaterThan(0);
    const first = zh.body.hits[0];
    expect(first.row.number).toBeGreaterThan(0);
    const marked = first.texts.zh.sentences.find((s: { marks: number[][] }) => s.marks.length);
    expect(marked.text).toContain('反恐怖机构');
    expect(marked.text.slice(marked.marks[0][0], marked.marks[0][1])).toBe('恐怖');
    expect(first.texts.en.sentences.length + first.texts.ru.sentences.length).toBeGreaterThan(0);
    const en = await request(t.app).get('/api/v1/search').query({ q: 'cooperates', lang: 'en', limit: 2 });
    expect(en.body.hits).toHaveLength(2);
    expect(en.body.links.next).toMatch(/^\/api\/v1\/search\?.*after=\d+/);
    const next = await request(t.app).get(en.body.links.next);
    expect(next.body.hits[0].hit.id).toBeGreaterThan(en.body.hits[1].hit.id);
  });

  it('exports a pair and gives statistics', async () => {
    const tsv = await request(t.app).get('/api/v1/works/declaration-2005/export?format=tsv&langs=en,ru');
    expect(tsv.status).toBe(200);
    expect(tsv.type).toBe('text/tab-separated-values');
    expect(tsv.text.split('\n')[0]).toBe('en\tru');
    const docx = await request(t.app).get('/api/v1/works/declaration-2005/export?format=docx').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(docx.status).toBe(200);
    // a DOCX is a zip: the bytes as written, not their JSON
    expect([...(docx.body as Buffer).subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]);
    const stats = await request(t.app).get('/api/v1/works/declaration-2005/statistics');
    expect(stats.status).toBe(200);
    expect(stats.body.versions.find((v: { name: string }) => v.name === 'zh').sentences).toBeGreaterThan(40);
    expect(stats.body.pairs[0].shapes[0]).toMatchObject({ shape: '1-1' });
    const corpus = await request(t.app).get('/api/v1/statistics');
    expect(corpus.body.works).toBe(1);
  });
});

describe('changing', () => {
  it('imports a version as a job, aligned in a worker thread, and aligns a pair again as another', async () => {
    const texts = {
      en: 'The member states will strengthen cooperation.\nThe next meeting will be held in Shanghai.\n',
      ru: 'Государства-члены будут укреплять сотрудничество.\nСледующая встреча состоится в Шанхае.\n',
    };
    const created = await post('/api/v1/works/api-work/versions')
      .send({ title: 'A work made through the API', lang: 'en', status: 'official', text: texts.en, segmentation: 'lines' });
    expect(created.status).toBe(202);
    expect(created.headers.location).toBe(`/api/v1/jobs/${created.body.id}`);
    expect(['queued', 'running']).toContain(created.body.state);
    // the first version of a work has no pair to align yet
    expect(await finished(created.body.id)).toMatchObject({ state: 'done', result: { work: 'api-work', version: 'en', pairsAligned: [] } });
    const ru = await post('/api/v1/works/api-work/versions')
      .send({ lang: 'ru', status: 'official', contentBase64: Buffer.from(texts.ru).toString('base64'), segmentation: 'lines' });
    expect(ru.status).toBe(202);
    const done = await finished(ru.body.id);
    expect(done).toMatchObject({ state: 'done', kind: 'import-upload', work: 'api-work' });
    expect((done.progress as { step: number; steps: number }).step).toBe((done.progress as { steps: number }).steps);
    expect(done.result).toMatchObject({ work: 'api-work', version: 'ru', sentences: 2, rows: 2, pairsAligned: ['en|ru'] });
    const beads = await request(t.app).get('/api/v1/works/api-work/pairs/en/ru/beads');
    expect(beads.body.beads.map((b: { cells: Record<string, { first: number; count: number }> }) => [b.cells.en.count, b.cells.ru.count])).toEqual([[1, 1], [1, 1]]);

    const align = await post('/api/v1/works/api-work/alignments').send({ pair: ['en', 'ru'] });
    expect(align.status).toBe(202);
    const aligned = await finished(align.body.id);
    expect(aligned).toMatchObject({ state: 'done', kind: 'align-work', result: { realigned: { view: 'en|ru', fromRow: 1 } } });
    const jobs = await request(t.app).get('/api/v1/jobs');
    expect(jobs.body.jobs[0].id).toBe(align.body.id);
  });

  it('ends a job with the error a user can act on, and changes nothing', async () => {
    const before = dumpDatabase(t.workspace.db);
    const res = await post('/api/v1/works/declaration-2005/versions').send({ lang: 'ru', status: 'official', text: 'Текст.' });
    expect(res.status).toBe(202);
    const job = await finished(res.body.id);
    expect(job.state).toBe('failed');
    expect(job.error).toEqual({ status: 409, message: expect.stringMatching(/already has a version 'ru'/) });
    const bad = await post('/api/v1/works/declaration-2005/versions').send({ lang: 'ru', name: 'ru-api', status: 'official', text: 'ok\u0000' });
    const failed = await finished(bad.body.id);
    expect(failed.state).toBe('failed');
    expect((failed.error as { status: number }).status).toBe(422);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });
});

describe('errors', () => {
  it('are JSON with a status and a message', async () => {
    const cases: Array<[() => request.Test, number, RegExp]> = [
      [() => request(t.app).get('/api/v1/works/nowhere'), 404, /no work 'nowhere'/],
      [() => request(t.app).get('/api/v1/works/declaration-2005/pairs/ru/xx/beads'), 404, /keeps no alignment/],
      [() => request(t.app).get('/api/v1/search'), 400, /Type a word or phrase/],
      [() => request(t.app).get('/api/v1/search?q=x&lang=xx'), 400, /not a language code/],
      [() => request(t.app).get('/api/v1/jobs/999999'), 404, /no job 999999/],
      [() => request(t.app).get('/api/v1/nothing-here'), 404, /no API endpoint/],
      [() => request(t.app).get('/api/v1/works/declaration-2005/export?format=docx7'), 400, /not an export format/],
      [() => post('/api/v1/works/declaration-2005/versions').set('Content-Type', 'application/json').send('{"lang": '), 400, /not valid JSON/],
      [() => post('/api/v1/works/declaration-2005/versions').send({ status: 'official', text: 'x' }), 400, /field 'lang'/],
      [() => post('/api/v1/works/Bad_Slug/versions').send({ lang: 'en', status: 'official', text: 'x' }), 400, /not a valid work slug/],
      [() => post('/api/v1/works/declaration-2005/alignments').send({ pair: 'en' }), 400, /pair of versions/],
    ];
    for (const [make, status, message] of cases) {
      const res = await make();
      expect(res.status, res.text).toBe(status);
      expect(res.type).toBe('application/json');
      expect(res.body).toEqual({ status, message: expect.stringMatching(message) });
    }
  });

  it('refuses state changes that are not JSON, lack the CSRF token or come from another site', async () => {
    const before = dumpDatabase(t.workspace.db);
    const form = await post('/api/v1/works/declaration-2005/alignments').type('form').send('pair=en');
    expect(form.status).toBe(415);
    expect(form.body.message).toMatch(/Content-Type: application\/json/);
    const plain = await post('/api/v1/works/declaration-2005/alignments').set('Content-Type', 'text/plain').send('{}');
    expect(plain.status).toBe(415);
    const tokenless = await request(t.app).post('/api/v1/works/declaration-2005/alignments').set('Cookie', csrf.cookie).send({});
    expect(tokenless.status).toBe(403);
    expect(tokenless.type).toBe('application/json');
    const crossSite = await post('/api/v1/works/declaration-2005/alignments').set('Sec-Fetch-Site', 'cross-site').send({});
    expect(crossSite.status).toBe(403);
    const otherOrigin = await post('/api/v1/works/declaration-2005/alignments').set('Origin', 'http://evil.example').send({});
    expect(otherOrigin.status).toBe(403);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    // errors answer in the interface language asked for
    const ru = await request(t.app).get('/api/v1/works/nowhere').set('Accept-Language', 'ru');
    expect(ru.status).toBe(404);
    expect(ru.body.message).toMatch(/nowhere/);
  });
});

describe('with accounts', () => {
  it('asks every API route for what routeNeeds declares, of the session\'s user', async () => {
    const team = await createTeamApp(roles.map((role) => ({ name: role, role })));
    try {
      const sample: Record<string, string> = { slug: 'declaration-2005', a: 'en', b: 'ru', id: 'none' };
      const apiRoutes = Object.entries(routeNeeds).filter(([key]) => key.split(' ')[1].startsWith('/api/v1'));
      expect(apiRoutes.length).toBeGreaterThan(10);
      const sessions = new Map<string, Awaited<ReturnType<typeof signIn>>>();
      for (const role of roles) sessions.set(role, await signIn(team.app, role));
      for (const [key, declaration] of apiRoutes) {
        const [method, pattern] = key.split(' ');
        const url = `${pattern.replace(/:(\w+)/g, (_, name: string) => sample[name])}${pattern.endsWith('/search') ? '?q=member' : ''}`;
        const anonymous = method === 'GET' ? await request(team.app).get(url) : await request(team.app).post(url).send({});
        expect(anonymous.status, key).toBe(401);
        expect(anonymous.type, key).toBe('application/json');
        for (const role of roles) {
          const session = sessions.get(role)!;
          const before = dumpDatabase(team.workspace.db);
          const res =
            method === 'GET'
              ? await request(team.app).get(url).set('Cookie', session.cookie)
              : await request(team.app).post(url).set('Cookie', session.cookie).set('X-CSRF-Token', session.token).send({ pair: ['en', 'xx'] });
          const allowed = declaration.need === 'anyone' || declaration.need === 'signed-in' || roleGrants(role as Role, declaration.need);
          if (allowed) {
            expect(res.status, `${key} as ${role}: ${res.text.slice(0, 200)}`).not.toBe(403);
            expect(res.status, `${key} as ${role}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          } else {
            expect(res.status, `${key} as ${role}`).toBe(403);
            expect(res.body.message, key).toContain(`You are signed in as ${role} (${role})`);
            expect(dumpDatabase(team.workspace.db), `${key} as ${role} changed the database`).toEqual(before);
          }
        }
      }
      // a job is followed by its owner and the administrators only
      const editor = await signIn(team.app, 'editor');
      const started = await request(team.app).post('/api/v1/works/declaration-2005/versions').set('Cookie', editor.cookie).set('X-CSRF-Token', editor.token)
        .send({ lang: 'en', name: 'en-api', status: 'working', text: 'A sentence sent through the API.' });
      expect(started.status).toBe(202);
      await team.workspace.jobs.get(started.body.id)?.finished;
      const reviewer = await signIn(team.app, 'reviewer');
      expect((await request(team.app).get(`/api/v1/jobs/${started.body.id}`).set('Cookie', reviewer.cookie)).status).toBe(404);
      const admin = await signIn(team.app, 'administrator');
      expect((await request(team.app).get(`/api/v1/jobs/${started.body.id}`).set('Cookie', admin.cookie)).body.state).toBe('done');
      expect((await request(team.app).get('/api/v1/jobs').set('Cookie', editor.cookie)).body.jobs.map((j: { id: string }) => j.id)).toEqual([started.body.id]);
    } finally {
      team.close();
    }
  });
});
