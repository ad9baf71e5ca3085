// The app's aligner consults the termbase: on a fresh database the shipped termbase is seeded before the
// declaration is first aligned, and the spotter the alignment gets names the concepts of a sentence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentDate } from '../../server/db/terms.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { termSpotterOf } from '../../server/services/align-work.ts';
import { openTermsWorkspace } from '../terms/workspace.ts';

describe('alignment with the termbase', () => {
  let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
  beforeAll(async () => {
    ws = await openTermsWorkspace();
  });
  afterAll(() => ws?.dispose());

  it('seeds the termbase before the first alignment and still records the document date', () => {
    const kinds = (ws.db.prepare('SELECT kind FROM events ORDER BY id').all() as Array<{ kind: string }>).map((e) => e.kind);
    expect(kinds).toContain('termbase-seed');
    expect(kinds.indexOf('termbase-seed')).toBeLessThan(kinds.indexOf('align'));
    expect(kinds.filter((k) => k === 'align')).toHaveLength(1);
    const work = findWorkBySlug(ws.db, 'declaration-2005')!;
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
