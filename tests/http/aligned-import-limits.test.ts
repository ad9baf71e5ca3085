// The sentence limits (TRIPTYCH_MAX_SENTENCE_CHARS, TRIPTYCH_LONG_SENTENCES, TRIPTYCH_MAX_SENTENCES)
// hold for every way a version comes in, not only a document: a TMX unit whose sentence is longer
// than the limit is cut into pieces that stay in its unit (every pair's bead holds them all), or,
// when long sentences are refused, the file is refused naming the unit, the database unchanged; a
// file of more sentences than a version may have is refused; and `triptych batch` applies the limits
// the server is configured with.
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { readAllBeads } from '../../server/db/alignments.ts';
import { listActiveVersions, listSentences } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { startAlignmentWorkers } from '../../server/services/alignment-workers.ts';
import { readBatchSource, runBatch } from '../../server/services/batch-import.ts';
import { importUpload } from '../../server/services/import-aligned.ts';
import { InputError } from '../../server/services/errors.ts';
import { readWorkLayout as readLayout } from '../../server/services/work-layout.ts';
import { createTestApp, dumpDatabase, getCsrf, type TestApp } from './helpers.ts';

let t: TestApp | undefined;
afterEach(() => t?.close());

const longEnglish = Array.from({ length: 40 }, (_, i) => `clause ${i + 1} of the long article, on cooperation in security`).join(', ') + '.';
function tmx(units: Array<[string, string]>): Uint8Array {
  const tu = units.map(([en, ru]) => `<tu><tuv xml:lang="en"><seg>${en}</seg></tuv><tuv xml:lang="ru"><seg>${ru}</seg></tuv></tu>`).join('\n');
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" o-tmf="test"/><body>\n${tu}\n</body></tmx>\n`);
}
const units: Array<[string, string]> = [
  ['The first article.', 'Первая статья.'],
  [longEnglish, 'Длинная статья о сотрудничестве в области безопасности.'],
  ['The last article.', 'Последняя статья.'],
];

describe('an aligned file within the sentence limits', () => {
  it('has a sentence longer than the limit cut, the pieces kept in their unit', async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0', TRIPTYCH_MAX_SENTENCE_CHARS: '200' } });
    const db = t.workspace.db;
    const csrf = await getCsrf(t.app);
    const res = await request(t.app).post('/import').set('Cookie', csrf.cookie).set('HX-Request', 'true').field('_csrf', csrf.token).field('work', 'long-tmx').field('title', 'Long').attach('file', Buffer.from(tmx(units)), 'long.tmx');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/1 en sentence was longer than the limit of 200 characters and cut/);
    const work = findWorkBySlug(db, 'long-tmx')!;
    const [en, ru] = ['en', 'ru'].map((name) => listActiveVersions(db, work.id).find((v) => v.name === name)!);
    const enSentences = listSentences(db, en.id);
    expect(Math.max(...enSentences.map((s) => s.text.length))).toBeLessThanOrEqual(200);
    const pieces = Math.ceil(longEnglish.length / 200);
    expect(enSentences.length).toBeGreaterThanOrEqual(2 + pieces);
    // the pieces together are the unit's text, and one bead of en|ru holds them all with the Russian
    const middle = enSentences.slice(1, -1);
    expect(middle.map((s) => s.text).join(' ').replace(/\s+/g, ' ')).toBe(longEnglish);
    const pair = readLayout(db, work).pairs.find((p) => p.a.id === en.id && p.b.id === ru.id)!;
    const beads = readAllBeads(db, pair.alignment!.id).map((b) => b.cells.map((c) => [c.first, c.count]));
    expect(beads).toEqual([
      [[0, 1], [0, 1]],
      [[1, middle.length], [1, 1]],
      [[1 + middle.length, 1], [2, 1]],
    ]);
    expect(listSentences(db, ru.id).length).toBe(3);
  });

  it('is refused, naming the unit, when long sentences are refused; nothing is stored', async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0', TRIPTYCH_MAX_SENTENCE_CHARS: '200', TRIPTYCH_LONG_SENTENCES: 'refuse' } });
    const before = dumpDatabase(t.workspace.db);
    const csrf = await getCsrf(t.app);
    const res = await request(t.app).post('/import').set('Cookie', csrf.cookie).set('HX-Request', 'true').field('_csrf', csrf.token).field('work', 'long-tmx').field('title', 'Long').attach('file', Buffer.from(tmx(units)), 'long.tmx');
    expect(res.status).toBe(422);
    expect(res.text).toContain(`Unit 2 of the TMX file holds a en sentence of ${longEnglish.length} characters, longer than the limit of 200`);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    // the same refusal in Russian
    const ru = await request(t.app).post('/import').set('Cookie', `${csrf.cookie}; lang=ru`).set('HX-Request', 'true').field('_csrf', csrf.token).field('work', 'long-tmx').field('title', 'Long').attach('file', Buffer.from(tmx(units)), 'long.tmx');
    expect(ru.status).toBe(422);
    expect(ru.text).toContain('В единице 2 файла TMX');
  });

  it('is refused when it holds more sentences than a version may have', async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
    const before = dumpDatabase(t.workspace.db);
    const many = Array.from({ length: 12 }, (_, i): [string, string] => [`Sentence ${i + 1}.`, `Предложение ${i + 1}.`]);
    const attempt = importUpload(t.workspace.db, t.workspace.alignResources, {
      workSlug: 'many', workTitle: 'Many', actor: 'test', maxBytes: 1 << 20, files: [{ fileName: 'many.tmx', bytes: tmx(many) }],
      limits: { maxSentences: 10, maxSentenceChars: 5000, longSentences: 'split' },
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow('The file has 12 sentences, more than the limit of 10 per version.');
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
  });
});

describe('triptych batch within the sentence limits', () => {
  it('fails the work whose file has more sentences than the limit, and imports the others', async () => {
    t = await createTestApp({ env: { TRIPTYCH_SEED: '0' } });
    const folder = path.join(t.dir, 'corpus');
    const write = (slug: string, lang: string, lines: number) => {
      fs.mkdirSync(path.join(folder, slug), { recursive: true });
      fs.writeFileSync(path.join(folder, slug, `${lang}.txt`), Array.from({ length: lines }, (_, i) => `${lang} line ${i + 1} ${'word '.repeat(i % 7)}.`).join('\n') + '\n');
    };
    write('small', 'en', 4);
    write('small', 'fr', 4);
    write('big', 'en', 8);
    write('big', 'fr', 8);
    const workers = startAlignmentWorkers(0, { concepts: [] });
    try {
      const outcomes = await runBatch(t.workspace.db, readBatchSource(folder, { segmentation: 'lines' }), {
        workers, replace: false, actor: 'test', maxBytes: 1 << 20, limits: { maxSentences: 5, maxSentenceChars: 5000, longSentences: 'split' },
      });
      const bySlug = Object.fromEntries(outcomes.map((o) => [o.slug, o]));
      expect(bySlug.small.state).toBe('imported');
      expect(bySlug.big.state).toBe('failed');
      expect(bySlug.big.message).toMatch(/en\.txt: The file has 8 sentences, more than the limit of 5 per version\./);
      expect(findWorkBySlug(t.workspace.db, 'big')).toBeUndefined();
    } finally {
      await workers.close();
    }
  });
});
