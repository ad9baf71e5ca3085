// The app's aligner consults the termbase: on a fresh database the shipped termbase is seeded before the
// declaration is first aligned, and the spotter the alignment gets names the concepts of a sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentDate } from '../../server/db/terms.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { termSpotterOf } from '../../server/services/align-pairs.ts';
import { importVersion } from '../../server/services/import-version.ts';
import { readGridRows, readWork } from '../../server/services/read-work.ts';
import { createConcept } from '../../server/services/terms-termbase.ts';
import { openTermsWorkspace } from '../terms/workspace.ts';

describe('alignment with the termbase', () => {
  let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
  beforeAll(async () => {
    ws = await openTermsWorkspace();
  });
  afterAll(() => ws?.dispose());

  it('seeds the termbase before the first alignment and still records the document date', () => {
    const events = ws.db.prepare('SELECT kind, work_id FROM events ORDER BY id').all() as Array<{ kind: string; work_id: number | null }>;
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'termbase-seed')).toHaveLength(1);
    expect(kinds.indexOf('termbase-seed')).toBeLessThan(kinds.indexOf('align-pair'));
    // one alignment per pair: en|ru, en|zh, ru|zh, en|en-revised
    expect(kinds.filter((k) => k === 'align-pair')).toHaveLength(4);
    const work = findWorkBySlug(ws.db, 'declaration-2005')!;
    // the seeding belongs to the work's history
    expect(events.find((e) => e.kind === 'termbase-seed')!.work_id).toBe(work.id);
    expect(documentDate(ws.db, work.id)).toBe('2005-07-05');
  });

  it('spots the concepts of a sentence in each language, inflected forms included', () => {
    const spot = termSpotterOf(ws.db)!;
    const en = spot('en', 'The Executive Secretary of the Shanghai Cooperation Organisation reported.');
    const ru = spot('ru', 'Исполнительный секретарь Шанхайской организации сотрудничества выступил с докладом.');
    const zh = spot('zh', '上海合作组织秘书长作了报告。'); // Chinese has always said 秘书长
    expect(en.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ru)).toEqual(new Set(en));
    expect(new Set(zh)).toEqual(new Set(en));
  });
});

describe('the app aligns with the termbase it holds', () => {
  const en = 'The Executive Secretary opened the meeting of the delegations in the morning. The Council adopted the agenda without a vote. The meeting rose at noon.\n';
  const ru = 'Совет утвердил повестку дня без голосования. Заседание закрылось в полдень.\n';

  /** Imports the two versions into a fresh unseeded database, with or without a termbase, and returns en sentence 1's row. */
  async function rowOfCouncil(withTerms: boolean): Promise<{ en: number[]; ru: number[] }> {
    const ws = await openTermsWorkspace({ TRIPTYCH_SEED: '0' });
    try {
      if (withTerms) {
        createConcept(ws.db, { key: 'council', terms: [{ lang: 'en', text: 'Council', status: 'preferred' }, { lang: 'ru', text: 'Совет', status: 'preferred' }] }, { actor: 'test' });
        createConcept(ws.db, { key: 'meeting', terms: [{ lang: 'en', text: 'meeting', status: 'preferred' }, { lang: 'ru', text: 'заседание', status: 'preferred' }] }, { actor: 'test' });
      }
      for (const [lang, text] of [['en', en], ['ru', ru]]) {
        await importVersion(ws.db, ws.alignResources, { workSlug: 'council', workTitle: 'Council', lang, status: 'working', fileName: `${lang}.txt`, bytes: Buffer.from(text), actor: 'test', maxBytes: 1 << 20 });
      }
      const view = readWork(ws.db, 'council');
      const k = (lang: string): number => view.columns.findIndex((v) => v.lang === lang);
      const row = readGridRows(ws.db, view, 0, 100).find((r) => r.cells[k('en')].sentences.some((s) => s.text.startsWith('The Council')))!;
      const ordinals = (lang: string): number[] => row.cells[k(lang)].sentences.map((s) => s.ordinal);
      return { en: ordinals('en'), ru: ordinals('ru') };
    } finally {
      ws.dispose();
    }
  }

  it('pairs the council sentences through the termbase, where length alone pairs them wrongly', async () => {
    expect((await rowOfCouncil(false)).ru).not.toContain(0);
    expect((await rowOfCouncil(true)).ru).toEqual([0]);
  });
});
