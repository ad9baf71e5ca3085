// The check report over HTTP: the page and its htmx partial, the CSV and JSON exports, dismissing
// and restoring a finding (CSRF, reasons, one event each), and the refusals that change nothing.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importVersion } from '../../server/services/import-version.ts';
import { csrfOf, openQaTestApp, snapshot, type QaTestApp } from '../qa/qa-workspace.ts';

let t: QaTestApp;
const base = '/works/declaration-2005/checks';

beforeAll(async () => {
  t = await openQaTestApp();
});
afterAll(() => t?.close());

function fingerprints(html: string, kind: string): string[] {
  return [...html.matchAll(new RegExp(`data-kind="${kind}" data-row="\\d+" data-fingerprint="([0-9a-f]{32})"`, 'g'))].map((m) => m[1]);
}

describe('the report page', () => {
  it('lists the findings with links to their rows, the omission in the English second paragraph among them', async () => {
    const res = await request(t.app).get(base);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Checks</h1>');
    expect(res.text).toMatch(/<tr class="finding kind-omission" data-kind="omission" data-row="(\d+)"/);
    const row = Number(/data-kind="omission" data-row="(\d+)"/.exec(res.text)![1]);
    expect(res.text).toContain(`#row-${row}"`);
    expect(res.text).toContain('probable omission in en');
    // every dismissal form carries the CSRF token
    const forms = res.text.match(/<form method="post" action="[^"]*\/dismiss"/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    expect((res.text.match(/name="_csrf" value="[^"]+"/g) ?? []).length).toBeGreaterThan(forms.length);
  });

  it('answers htmx with the findings partial alone', async () => {
    const res = await request(t.app).get(`${base}?kind=omission`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text.trimStart().startsWith('<section id="check-findings"')).toBe(true);
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('data-kind="empty-cell"');
  });

  it('speaks Russian with Russian plural forms', async () => {
    const res = await request(t.app).get(base).set('Cookie', 'lang=ru');
    expect(res.text).toContain('<h1>Проверки</h1>');
    expect(res.text).toMatch(/\d+ открыт(ая находка|ые находки|ых находок)/);
    expect(res.text).toContain('вероятный пропуск');
  });

  it('answers 404 for a work that does not exist', async () => {
    expect((await request(t.app).get('/works/no-such-work/checks')).status).toBe(404);
  });
});

describe('export', () => {
  it('writes CSV with a header and one line per finding', async () => {
    const res = await request(t.app).get(`${base}/export?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('declaration-2005.checks.csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('kind,row,langs,versions,text,message,fingerprint,dismissed,dismissal_reason');
    expect(lines.some((l) => /^omission,\d+,en ru zh,en ru zh,"A year on, since the last meeting of heads of memoperation[^"]*","en is much shorter/.test(l))).toBe(true);
  });

  it('writes JSON as one array of objects with kind, row, langs and message', async () => {
    const res = await request(t.app).get(`${base}/export?format=json`);
    expect(res.status).toBe(200);
    const findings = JSON.parse(res.text) as Array<Record<string, unknown>>;
    expect(Array.isArray(findings)).toBe(true);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(typeof f.kind).toBe('string');
      expect(Number.isInteger(f.row)).toBe(true);
      expect(Array.isArray(f.langs)).toBe(true);
      expect(typeof f.message).toBe('string');
    }
    expect(findings.some((f) => f.kind === 'omission' && (f.langs as string[])[0] === 'en')).toBe(true);
  });

  it('refuses an unknown format with 400', async () => {
    const res = await request(t.app).get(`${base}/export?format=xlsx`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('is not a report format');
  });
});

describe('dismissing a finding', () => {
  it('refuses without the CSRF token, without a reason, with a malformed or unknown finding, and changes nothing', async () => {
    const page = await request(t.app).get(base);
    const [fingerprint] = fingerprints(page.text, 'omission');
    const csrf = await csrfOf(t.app, base);
    const before = snapshot(t.workspace);
    const post = (fields: Record<string, string>, withToken = true) =>
      request(t.app)
        .post(`${base}/dismiss`)
        .set('Cookie', csrf.cookie)
        .type('form')
        .send(withToken ? { _csrf: csrf.token, ...fields } : fields);
    expect((await post({ fingerprint, reason: 'fine' }, false)).status).toBe(403);
    const noReason = await post({ fingerprint, reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Give a reason');
    expect((await post({ fingerprint: 'not-a-fingerprint', reason: 'x' })).status).toBe(400);
    expect((await post({ fingerprint: '0'.repeat(32), reason: 'x' })).status).toBe(404);
    expect((await post({ fingerprint, reason: 'x'.repeat(501) })).status).toBe(400);
    // htmx gets the report back with the message, so the list stays in place
    const htmx = await post({ fingerprint, reason: '' }).set('HX-Request', 'true');
    expect(htmx.status).toBe(400);
    expect(htmx.text).toContain('<section id="check-findings"');
    expect(htmx.text).toContain('role="alert"');
    expect(snapshot(t.workspace)).toBe(before);
  });

  it('hides a dismissed finding, keeps the reason, logs one event, and can show it again', async () => {
    const page = await request(t.app).get(base);
    const [fingerprint] = fingerprints(page.text, 'omission');
    expect(fingerprint).toBeDefined();
    const csrf = await csrfOf(t.app, base);
    const events = (t.workspace.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const res = await request(t.app)
      .post(`${base}/dismiss`)
      .set('Cookie', csrf.cookie)
      .type('form')
      .send({ _csrf: csrf.token, fingerprint, reason: 'Checked: the signature row <is> right & complete' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(base);
    const last = t.workspace.db.prepare('SELECT kind, summary, after_json AS after FROM events ORDER BY id DESC LIMIT 1').get() as { kind: string; summary: string; after: string };
    expect((t.workspace.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n).toBe(events + 1);
    expect(last.kind).toBe('dismiss-finding');
    expect(JSON.parse(last.after).reason).toBe('Checked: the signature row <is> right & complete');

    const hidden = await request(t.app).get(base);
    expect(fingerprints(hidden.text, 'omission')).not.toContain(fingerprint);
    const shown = await request(t.app).get(`${base}?dismissed=1`);
    expect(shown.text).toContain(`data-fingerprint="${fingerprint}"`);
    expect(shown.text).toContain('Checked: the signature row &lt;is&gt; right &amp; complete');
    const json = JSON.parse((await request(t.app).get(`${base}/export?format=json&dismissed=1`)).text) as Array<{ fingerprint: string; dismissed: boolean }>;
    expect(json.find((f) => f.fingerprint === fingerprint)?.dismissed).toBe(true);

    // a second dismissal is refused
    const again = await request(t.app).post(`${base}/dismiss`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, fingerprint, reason: 'again' });
    expect(again.status).toBe(409);

    // restoring (by htmx) brings it back, with its own event
    const restored = await request(t.app)
      .post(`${base}/restore`)
      .set('Cookie', csrf.cookie)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: csrf.token, fingerprint });
    expect(restored.status).toBe(200);
    expect(restored.text).toContain(`data-fingerprint="${fingerprint}"`);
    const kinds = t.workspace.db.prepare('SELECT kind FROM events ORDER BY id DESC LIMIT 2').all() as { kind: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(['restore-finding', 'dismiss-finding']);
    const restoreAgain = await request(t.app).post(`${base}/restore`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, fingerprint });
    expect(restoreAgain.status).toBe(404);
  });
});

describe('a date that differs between versions', () => {
  it('is reported on its row, in the interface language', async () => {
    const common = { workSlug: 'dates-test', workTitle: 'Dates', status: 'working', actor: 'test', maxBytes: 1 << 20 };
    const bytes = (text: string) => new TextEncoder().encode(text);
    await importVersion(t.workspace.db, t.workspace.alignResources, { ...common, lang: 'en', fileName: 'en.txt', bytes: bytes('The secretaries met in Astana on June 02, 2005.\n') });
    await importVersion(t.workspace.db, t.workspace.alignResources, { ...common, lang: 'ru', fileName: 'ru.txt', bytes: bytes('Секретари встретились в Астане 3 июня 2005 года.\n') });
    const res = await request(t.app).get('/works/dates-test/checks');
    expect(res.text).toMatch(/data-kind="number-mismatch" data-row="1"/);
    expect(res.text).toContain('2005-06-02 (&quot;June 02, 2005&quot;) in en but not in ru');
    const ru = await request(t.app).get('/works/dates-test/checks').set('Cookie', 'lang=ru');
    expect(ru.text).toContain('Числа или даты различаются (+ есть, − нет): 2005-06-02 «June 02, 2005»: +en; −ru');
    expect(ru.text).toContain('расхождение чисел');
  });
});

describe('text in findings', () => {
  it('is escaped: an untranslated cell full of markup is shown as text', async () => {
    const text = 'The <script>alert("x")</script> & <b>bold</b> council met in Astana on 5 July 2005.\n\nIt adopted the declaration of the heads of state.\n';
    const bytes = new TextEncoder().encode(text);
    const common = { workSlug: 'markup-test', workTitle: 'Markup <test>', status: 'working', actor: 'test', maxBytes: 1 << 20 };
    await importVersion(t.workspace.db, t.workspace.alignResources, { ...common, lang: 'en', fileName: 'en.txt', bytes });
    // a "Russian" version that was never translated
    await importVersion(t.workspace.db, t.workspace.alignResources, { ...common, lang: 'ru', fileName: 'ru.txt', bytes });
    const res = await request(t.app).get('/works/markup-test/checks');
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-kind="untranslated"');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toContain('<b>bold</b>');
    const csv = await request(t.app).get('/works/markup-test/checks/export?format=csv');
    expect(csv.text).toContain('untranslated,');
  });
});

describe('the cached report', () => {
  it('follows an editor move and an undo made over HTTP, and the CSV export with it', async () => {
    const csrf = await csrfOf(t.app, '/works/declaration-2005');
    const rowsOf = (html: string) => [...html.matchAll(/data-row="(\d+)" data-fingerprint="([0-9a-f]{32})"/g)].map((m) => `${m[1]}:${m[2]}`);
    const before = await request(t.app).get(base);
    expect(rowsOf((await request(t.app).get(base)).text)).toEqual(rowsOf(before.text));
    const csvBefore = (await request(t.app).get(`${base}/export?format=csv`)).text;
    const moved = await request(t.app)
      .post('/works/declaration-2005/edit')
      .set('Cookie', csrf.cookie)
      .set('HX-Request', 'true')
      .type('form')
      .send({ _csrf: csrf.token, op: 'move-up', row: '12', column: 'en' });
    expect(moved.status).toBe(200);
    const after = await request(t.app).get(base);
    expect(rowsOf(after.text)).not.toEqual(rowsOf(before.text));
    expect((await request(t.app).get(`${base}/export?format=csv`)).text).not.toBe(csvBefore);
    const undone = await request(t.app).post('/works/declaration-2005/undo').set('Cookie', csrf.cookie).set('HX-Request', 'true').type('form').send({ _csrf: csrf.token });
    expect(undone.status).toBe(200);
    expect(rowsOf((await request(t.app).get(base)).text)).toEqual(rowsOf(before.text));
    expect((await request(t.app).get(`${base}/export?format=csv`)).text).toBe(csvBefore);
  });
});
