// The event log of a work over HTTP (filter by kind, links to rows) and the history of a sentence
// with the word diff of each edit.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '../../server/db/events.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { findActiveVersion } from '../../server/db/versions.ts';
import { openQaTestApp, snapshot, type QaTestApp } from '../qa/qa-workspace.ts';

let t: QaTestApp;
const base = '/works/declaration-2005/history';

beforeAll(async () => {
  t = await openQaTestApp();
});
afterAll(() => t?.close());

describe('the history of a work', () => {
  it('lists the events newest first, with the kinds to filter by', async () => {
    const res = await request(t.app).get(base);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>History</h1>');
    expect(res.text).toContain('data-kind="import-version"');
    expect(res.text).toContain('data-kind="align-pair"');
    expect(res.text).toContain('<option value="import-version">version imported (import-version)</option>');
    const ids = [...res.text.matchAll(/data-event="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(2);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('filters by kind, and answers htmx with the events partial', async () => {
    const res = await request(t.app).get(`${base}?kind=align-pair`).set('HX-Request', 'true');
    expect(res.status).toBe(200);
    expect(res.text.trimStart().startsWith('<section id="history-events"')).toBe(true);
    const kinds = [...res.text.matchAll(/data-kind="([^"]+)"/g)].map((m) => m[1]);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['align-pair']));
    const none = await request(t.app).get(`${base}?kind=no-such-kind`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('No events to show.');
  });

  it('refuses a malformed kind and an unknown work', async () => {
    const bad = await request(t.app).get(`${base}?kind=%3Cscript%3E`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('&lt;script&gt;');
    expect(bad.text).not.toContain('<script>');
    expect((await request(t.app).get('/works/nope/history')).status).toBe(404);
  });
});

describe('the history of a sentence', () => {
  it('shows each edit with its author, time and word diff, escaped, and links the row', async () => {
    const db = t.workspace.db;
    const work = findWorkBySlug(db, 'declaration-2005')!;
    const en = findActiveVersion(db, work.id, 'en')!;
    const before = db.prepare("SELECT ordinal, text FROM sentences WHERE version_id = ? AND text LIKE '%memoperation%'").get(en.id) as { ordinal: number; text: string };
    const n = before.ordinal;
    // an edit as the editor logs it: the row, and the sentence with its text before and after
    const edited = before.text.replace('memoperation', 'member <states> & "co-operation"');
    appendEvent(db, {
      workId: work.id,
      actor: 'reviewer',
      at: '2026-01-02T03:04:05.000Z',
      kind: 'edit-sentence',
      summary: `edited sentence ${n} of en`,
      before: { row: 5, sentence: { version: 'en', versionId: en.id, ordinal: n, text: before.text } },
      after: { row: 5, sentence: { version: 'en', versionId: en.id, ordinal: n, text: edited } },
    });
    const page = await request(t.app).get(`/works/declaration-2005/versions/en/sentences/${n}/history`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 edit');
    expect(page.text).toContain('reviewer');
    expect(page.text).toContain('2026-01-02 03:04:05');
    expect(page.text).toContain('<del>memoperation</del>');
    expect(page.text).toContain('<ins>member &lt;states&gt; &amp; &quot;co-operation&quot;</ins>');
    expect(page.text).toMatch(/href="\/works\/declaration-2005\?offset=\d+#row-\d+"/);

    // the work's history shows the same edit, linked to its row and its sentence
    const log = await request(t.app).get(`${base}?kind=edit-sentence`);
    expect(log.text).toContain('href="/works/declaration-2005?offset=2#row-5"');
    expect(log.text).toContain(`href="/works/declaration-2005/versions/en/sentences/${n}/history"`);
    expect(log.text).toContain('<del>memoperation</del>');

    // another sentence has no edits
    const other = await request(t.app).get(`/works/declaration-2005/versions/en/sentences/${n + 1}/history`);
    expect(other.text).toContain('This sentence has not been edited.');
  });

  it('refuses an unknown version, a malformed or missing sentence, and changes nothing', async () => {
    const before = snapshot(t.workspace);
    expect((await request(t.app).get('/works/declaration-2005/versions/fr/sentences/1/history')).status).toBe(404);
    expect((await request(t.app).get('/works/declaration-2005/versions/en/sentences/abc/history')).status).toBe(400);
    expect((await request(t.app).get('/works/declaration-2005/versions/en/sentences/99999/history')).status).toBe(404);
    expect(snapshot(t.workspace)).toBe(before);
  });
});
