// The cache of the check findings (server/services/checks.ts): a second report is served from it
// (counted, not timed), and it never serves stale findings — an editor move, a dismissal, a termbase
// edit (here and from another connection) and a new version each change the report, which is then
// the same as one computed from scratch. It keeps only the most recent few works.
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWork } from '../../bench/generated-work.ts';
import {
  cachedWorksPerDatabase,
  checkCacheStats,
  checkWork,
  dismissFinding,
  findingRecord,
  forgetCheckFindings,
  restoreFinding,
  type CheckReport,
} from '../../server/services/checks.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { termFindingsForWork } from '../../server/services/terms-recognition.ts';
import { createConcept } from '../../server/services/terms-termbase.ts';
import { openQaTestApp, type QaTestApp } from './qa-workspace.ts';

let t: QaTestApp;
const slug = 'cache-test';

beforeAll(async () => {
  t = await openQaTestApp();
  // three versions of 40 one-sentence rows that agree (no findings), as the benchmarks build them
  generateWork(t.workspace, 40, slug);
});
afterAll(() => t?.close());

/** What a report says, in a comparable form. */
const records = (report: CheckReport) => report.findings.map(findingRecord);

/** The report as served (from the cache when it can be), checked against one computed from scratch. */
function servedAndFresh(): { served: CheckReport; computed: boolean } {
  const before = checkCacheStats(t.workspace.db);
  const served = checkWork(t.workspace.db, slug);
  const computed = checkCacheStats(t.workspace.db).computed > before.computed;
  forgetCheckFindings(t.workspace.db);
  const fresh = checkWork(t.workspace.db, slug);
  expect(records(served)).toEqual(records(fresh));
  expect(served.grid).toEqual(fresh.grid);
  return { served, computed };
}

describe('the check report cache', () => {
  it('serves the second request for a work from the cache, the page, the exports and the CLI function alike', async () => {
    forgetCheckFindings(t.workspace.db);
    const start = checkCacheStats(t.workspace.db);
    const page = await request(t.app).get('/works/declaration-2005/checks');
    expect(page.status).toBe(200);
    expect(checkCacheStats(t.workspace.db)).toEqual({ computed: start.computed + 1, cached: start.cached });
    const again = await request(t.app).get('/works/declaration-2005/checks');
    const csv = await request(t.app).get('/works/declaration-2005/checks/export?format=csv');
    const json = await request(t.app).get('/works/declaration-2005/checks/export?format=json');
    expect([again.status, csv.status, json.status]).toEqual([200, 200, 200]);
    // the interface language is no part of the key: the messages are translated when rendered
    const ru = await request(t.app).get('/works/declaration-2005/checks').set('Cookie', 'lang=ru');
    expect(ru.text).toContain('вероятный пропуск');
    const report = checkWork(t.workspace.db, 'declaration-2005');
    expect(checkCacheStats(t.workspace.db)).toEqual({ computed: start.computed + 1, cached: start.cached + 5 });
    const fingerprints = (html: string) => [...html.matchAll(/data-fingerprint="([0-9a-f]{32})"/g)].map((m) => m[1]);
    expect(fingerprints(again.text)).toEqual(fingerprints(page.text));
    expect(JSON.parse(json.text)).toEqual(records(report));
  });

  it('reports the term findings of the termbase as termFindingsForWork does (read from the grid already read)', () => {
    const report = checkWork(t.workspace.db, 'declaration-2005');
    const fromReport = report.findings.filter((f) => f.kind.startsWith('term-')).map((f) => [f.kind, f.row, f.langs, f.message, f.text]);
    const direct = termFindingsForWork(t.workspace.db, 'declaration-2005').map((f) => [f.kind, f.row, f.langs, f.message, f.text]);
    expect(direct.length).toBeGreaterThan(0);
    expect(fromReport.sort()).toEqual(direct.sort());
  });

  it('computes again after an editor move, and the findings follow the grid', () => {
    const first = servedAndFresh();
    expect(first.served.findings).toEqual([]);
    checkWork(t.workspace.db, slug); // cached now
    // row 6's English sentence joins row 5: its numbers now differ from the other versions'
    applyEditCommand(t.workspace.db, slug, { kind: 'grid' }, { op: 'move-up', row: 5, column: 0 }, { seen: undefined, actor: 'test', at: new Date().toISOString() });
    const moved = servedAndFresh();
    expect(moved.computed).toBe(true);
    expect(moved.served.findings.some((f) => f.row === 5 && f.kind === 'number-mismatch')).toBe(true);
    expect(records(moved.served)).not.toEqual(records(first.served));
  });

  it('marks a finding dismissed as soon as it is dismissed, and open again when restored', () => {
    checkWork(t.workspace.db, slug);
    const finding = checkWork(t.workspace.db, slug).findings.find((f) => f.row === 5 && f.kind === 'number-mismatch')!;
    dismissFinding(t.workspace.db, { slug, fingerprint: finding.fingerprint, reason: 'checked by hand', actor: 'test' });
    const dismissed = servedAndFresh().served;
    expect(dismissed.findings.find((f) => f.fingerprint === finding.fingerprint)?.dismissal?.reason).toBe('checked by hand');
    expect(dismissed.dismissed).toBe(1);
    checkWork(t.workspace.db, slug);
    restoreFinding(t.workspace.db, { slug, fingerprint: finding.fingerprint, actor: 'test' });
    const restored = servedAndFresh().served;
    expect(restored.findings.find((f) => f.fingerprint === finding.fingerprint)?.dismissal).toBeNull();
    expect(restored.dismissed).toBe(0);
  });

  it('computes again after a termbase edit', () => {
    const before = checkWork(t.workspace.db, slug);
    expect(before.findings.filter((f) => f.kind.startsWith('term-'))).toEqual([]);
    // a concept whose Russian term the Russian version never uses: a missing equivalent on every row
    createConcept(
      t.workspace.db,
      {
        definition: 'Working together',
        terms: [
          { lang: 'en', text: 'cooperation', status: 'preferred' },
          { lang: 'ru', text: 'взаимодействие', status: 'preferred' },
        ],
      },
      { actor: 'test' },
    );
    const after = servedAndFresh();
    expect(after.computed).toBe(true);
    expect(after.served.findings.filter((f) => f.kind.startsWith('term-')).length).toBeGreaterThan(0);
  });

  it('computes again after a termbase edit made by another connection (another process), with no event', () => {
    const before = checkWork(t.workspace.db, slug);
    const termFindings = before.findings.filter((f) => f.kind.startsWith('term-')).length;
    expect(termFindings).toBeGreaterThan(0);
    checkWork(t.workspace.db, slug);
    const other = new BetterSqlite3(t.dbFile);
    try {
      other.prepare("UPDATE term_entries SET text = 'сотрудничество' WHERE lang = 'ru' AND text = 'взаимодействие'").run();
    } finally {
      other.close();
    }
    const after = servedAndFresh();
    expect(after.computed).toBe(true);
    expect(after.served.findings.filter((f) => f.kind.startsWith('term-')).length).toBeLessThan(termFindings);
  });

  it('computes again after a new version is imported', async () => {
    const before = checkWork(t.workspace.db, slug);
    expect(before.grid.columns.map((c) => c.name)).toEqual(['en', 'ru', 'zh']);
    const lines = Array.from({ length: 40 }, (_, i) => `Article ${i}. Les États membres renforceront la coopération d'ici ${2000 + (i % 20)}.`);
    lines[20] = "Article 20. Les États membres renforceront la coopération d'ici 2077.";
    await importVersion(t.workspace.db, t.workspace.alignResources, {
      workSlug: slug, lang: 'fr', fileName: 'fr.txt', bytes: new TextEncoder().encode(lines.join('\n\n') + '\n'), status: 'working', actor: 'test', maxBytes: 1 << 20,
    });
    const after = servedAndFresh();
    expect(after.computed).toBe(true);
    expect(after.served.grid.columns.map((c) => c.name)).toContain('fr');
    expect(after.served.findings.some((f) => f.kind === 'number-mismatch' && f.versions.includes('fr') && f.text?.includes('2077'))).toBe(true);
  });

  it(`keeps the findings of the ${cachedWorksPerDatabase} works asked for last`, () => {
    forgetCheckFindings(t.workspace.db);
    const slugs = Array.from({ length: cachedWorksPerDatabase + 1 }, (_, i) => `cache-lru-${i}`);
    for (const s of slugs) generateWork(t.workspace, 5, s);
    const computed = () => checkCacheStats(t.workspace.db).computed;
    const start = computed();
    for (const s of slugs.slice(0, cachedWorksPerDatabase)) checkWork(t.workspace.db, s);
    checkWork(t.workspace.db, slugs[0]); // the first one is now the most recent
    expect(computed()).toBe(start + cachedWorksPerDatabase);
    checkWork(t.workspace.db, slugs[cachedWorksPerDatabase]); // pushes out slugs[1], the least recent
    expect(computed()).toBe(start + cachedWorksPerDatabase + 1);
    checkWork(t.workspace.db, slugs[0]);
    expect(computed()).toBe(start + cachedWorksPerDatabase + 1);
    checkWork(t.workspace.db, slugs[1]);
    expect(computed()).toBe(start + cachedWorksPerDatabase + 2);
  });
});
