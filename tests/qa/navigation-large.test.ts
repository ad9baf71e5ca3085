// "Next suspect" and the flagged filter on a work of more than 2,000 rows use the findings of the
// checks too (they used to be left out above 2,000 rows): a generated 2,500-row work whose rows all
// agree and are of good confidence, with one English sentence edited to a year the other versions
// do not have — the row is suspect only through that check finding. The first call computes the
// findings once; the next ones are served from the checks' cache.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWork, sentenceText } from '../../bench/generated-work.ts';
import { checkCacheStats, checkWork, dismissFinding, forgetCheckFindings } from '../../server/services/checks.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { alignmentState } from '../../server/services/alignment-state.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { openQaTestApp, type QaTestApp } from './qa-workspace.ts';

let t: QaTestApp;
const slug = 'large-2500';
const rows = 2500;
const flaggedRow = 2201; // 1-based, as the grid shows it

beforeAll(async () => {
  t = await openQaTestApp();
  generateWork(t.workspace, rows, slug);
}, 60_000);
afterAll(() => t?.close());

describe('next suspect on a large work', () => {
  it('finds nothing before the edit: every row agrees and is of good confidence', async () => {
    const none = await request(t.app).get(`/works/${slug}/next-suspect?after=1`);
    expect(none.status).toBe(404);
  }, 60_000);

  it('lands on a row flagged only by a check finding, computing the findings once', async () => {
    const position = flaggedRow - 1;
    const old = sentenceText('en', position);
    applyEditCommand(
      t.workspace.db,
      slug,
      { kind: 'grid' },
      { op: 'edit-sentence', row: position, column: 0, ordinal: position, text: old.replace(/by \d{4}\./, 'by 2099.'), expected: old },
      { seen: undefined, actor: 'test', at: new Date().toISOString() },
    );
    forgetCheckFindings(t.workspace.db);
    const start = checkCacheStats(t.workspace.db);
    const next = await request(t.app).get(`/works/${slug}/next-suspect?after=100`);
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe(`/works/${slug}?offset=2200#row-${flaggedRow}`);
    expect(checkCacheStats(t.workspace.db).computed).toBe(start.computed + 1);
    // the finding is a check finding alone: the row is unconfirmed, 1-1 and of good confidence
    const row = alignmentState(t.workspace.db, findWorkBySlug(t.workspace.db, slug)!).rows()[position];
    expect(row.confirmed).toBe(false);
    expect(row.confidence).toBeGreaterThanOrEqual(0.5);
    const findings = checkWork(t.workspace.db, slug).findings;
    expect(findings.map((f) => [f.row, f.kind])).toEqual([[flaggedRow, 'number-mismatch']]);

    // served from the cache: the same answer, and the same rows under the flagged filter
    const again = await request(t.app).get(`/works/${slug}/next-suspect?after=100`);
    expect(again.headers.location).toBe(next.headers.location);
    const flagged = await request(t.app).get(`/works/${slug}/filter?only=flagged`);
    expect(flagged.status).toBe(200);
    expect(flagged.text).toContain(`id="row-${flaggedRow}"`);
    expect(flagged.text).not.toContain(`id="row-${flaggedRow - 1}"`);
    const after = checkCacheStats(t.workspace.db);
    expect(after.computed).toBe(start.computed + 1);
    expect(after.cached).toBeGreaterThanOrEqual(start.cached + 3);
    // past the flagged row there is nothing
    expect((await request(t.app).get(`/works/${slug}/next-suspect?after=${flaggedRow}`)).status).toBe(404);
  }, 60_000);

  it('no longer stops on the row once its finding is dismissed', async () => {
    const finding = checkWork(t.workspace.db, slug).findings.find((f) => f.row === flaggedRow)!;
    dismissFinding(t.workspace.db, { slug, fingerprint: finding.fingerprint, reason: 'the year is right', actor: 'test' });
    expect((await request(t.app).get(`/works/${slug}/next-suspect?after=100`)).status).toBe(404);
  }, 60_000);
});
