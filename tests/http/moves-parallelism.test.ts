// A passage reordered in one version is reported by the checks as one move (which sentences, from
// which rows to which), not as omissions and additions; the work page shows each pair's parallelism
// and flags a pair of unrelated texts. The texts are a UN document of the benchmark sets, with six
// Russian sentences put in reverse order, and the Russian of another document as a wrong partner.
import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWork, loadCheckResources } from '../../server/services/checks.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { openQaTestApp, type QaTestApp } from '../qa/qa-workspace.ts';
import { sharedPath } from '../shared-data.ts';

let t: QaTestApp;
const linesOf = (lang: string, doc: string) => fs.readFileSync(sharedPath('bench', 'un-dev-enru', lang, doc), 'utf8').split('\n').filter((l) => l.trim() !== '');
const en = linesOf('en', '001');
const ru = linesOf('ru', '001');
const middle = Math.floor(ru.length / 2) - 3;
const reversed = [...ru.slice(0, middle), ...ru.slice(middle, middle + 6).reverse(), ...ru.slice(middle + 6)];

async function importWork(slug: string, versions: Record<string, string[]>): Promise<void> {
  for (const [lang, lines] of Object.entries(versions)) {
    const bytes = new TextEncoder().encode(lines.join('\n\n') + '\n');
    await importVersion(t.workspace.db, t.workspace.alignResources, { workSlug: slug, workTitle: slug, status: 'working', lang, fileName: `${lang}.txt`, bytes, actor: 'test', maxBytes: 1 << 22 });
  }
}

beforeAll(async () => {
  t = await openQaTestApp();
  await importWork('in-order', { en, ru });
  await importWork('reordered', { en, ru: reversed });
  await importWork('unrelated', { en, ru: linesOf('ru', '002') });
}, 120_000);
afterAll(() => t?.close());

const report = async (slug: string) => checkWork(t.workspace.db, slug, await loadCheckResources(t.workspace.db, slug, t.workspace.alignResources));

describe('a reordered passage', () => {
  it('is one move in the report, from the rows of the passage to the rows where it stands', async () => {
    const { findings } = await report('reordered');
    const moves = findings.filter((f) => f.kind === 'moved-passage');
    expect(moves).toHaveLength(1);
    const [move] = moves;
    expect(move.versions).toEqual(['en', 'ru']);
    expect(move.detail?.key).toBe('finding.passageReversed');
    const p = move.detail!.params as Record<string, number>;
    // the reversed Russian sentences are paragraphs middle .. middle+5 of ru, so rows near them
    expect(p.targetFromRow).toBeGreaterThan(middle - 10);
    expect(p.targetToRow).toBeLessThan(middle + 16);
    // nothing in the rows of the move is reported as omitted or added in en or ru
    const explained = findings.filter(
      (f) => ['omission', 'addition', 'empty-cell'].includes(f.kind) && ['en', 'ru'].includes(f.versions[0]) &&
        ((f.row >= p.fromRow && f.row <= p.toRow) || (f.row >= p.targetFromRow && f.row <= p.targetToRow)),
    );
    expect(explained).toEqual([]);
    const page = await request(t.app).get('/works/reordered/checks');
    expect(page.text).toContain('data-kind="moved-passage"');
    expect(page.text).toContain('in reverse order');
    const ruPage = await request(t.app).get('/works/reordered/checks').set('Cookie', 'lang=ru');
    expect(ruPage.text).toContain('в обратном порядке');
  });

  it('is not reported where the translation keeps the order', async () => {
    const { findings } = await report('in-order');
    expect(findings.filter((f) => f.kind === 'moved-passage')).toEqual([]);
  });

  it('is reported by triptych check too', async () => {
    const json = await request(t.app).get('/works/reordered/checks/export?format=json');
    const records = JSON.parse(json.text) as Array<{ kind: string; message: string }>;
    expect(records.filter((r) => r.kind === 'moved-passage').map((r) => r.message)).toEqual([expect.stringMatching(/^Sentences \d+–\d+ of en \(rows \d+–\d+\) stand in ru in reverse order/)]);
  });
});

describe('the parallelism of a pair on the work page', () => {
  it('is shown for a translation, without a warning', async () => {
    const page = await request(t.app).get('/works/in-order');
    const score = /en \| ru: parallelism (\d\.\d\d)/.exec(page.text);
    expect(score).not.toBeNull();
    expect(Number(score![1])).toBeGreaterThanOrEqual(0.5);
    expect(page.text).not.toContain('unrelated-pair');
  });

  it('flags a pair of unrelated texts', async () => {
    const page = await request(t.app).get('/works/unrelated');
    const score = /en \| ru: parallelism (\d\.\d\d)/.exec(page.text);
    expect(Number(score![1])).toBeLessThan(0.5);
    expect(page.text).toMatch(/class="unrelated-pair" role="alert"[^>]*>[^<]*<strong>en and ru do not read as translations of each other/);
    const zh = await request(t.app).get('/works/unrelated').set('Cookie', 'lang=zh');
    expect(zh.text).toContain('看起来不是彼此的译文');
  });
});
