// A generated work for the benchmarks: three versions (en, ru, zh) of `rowCount` one-sentence
// paragraphs each, its three pairs aligned 1-1 and written straight through the db modules (no
// aligner), so that view, editor and check figures measure those parts alone.
import { insertAlignment, replaceAllBeads } from '../server/db/alignments.ts';
import { ensureColumnPosition, insertBlocks, insertSentences, insertVersion } from '../server/db/versions.ts';
import { insertWork } from '../server/db/works.ts';
import type { Workspace } from '../server/services/workspace.ts';

export function sentenceText(lang: string, i: number): string {
  if (lang === 'zh') return `第${i}条：成员国将在${2000 + (i % 20)}年前加强合作。`;
  if (lang === 'ru') return `Статья ${i}. Государства-члены укрепят сотрудничество до ${2000 + (i % 20)} года.`;
  return `Article ${i}. The member states will strengthen cooperation by ${2000 + (i % 20)}.`;
}

export function generateWork(workspace: Workspace, rowCount: number, slug = 'generated-10k'): void {
  const { db } = workspace;
  const at = new Date().toISOString();
  db.transaction(() => {
    const work = insertWork(db, { slug, title: `Generated work of ${rowCount} rows`, pivotLang: 'en', at });
    const versionIds = ['en', 'ru', 'zh'].map((lang) => {
      const lines = Array.from({ length: rowCount }, (_, i) => sentenceText(lang, i));
      const text = lines.join('\n\n') + '\n';
      const id = insertVersion(db, {
        workId: work.id, name: lang, lang, status: 'working', label: lang, title: '', provenance: 'generated for the benchmark',
        revisionOf: null, fileName: '', encoding: 'utf-8', rawBytes: Buffer.from(text), contentSha256: '', text, importedAt: at,
      });
      let offset = 0;
      const blocks = lines.map((line, i) => {
        const block = { kind: 'paragraph' as const, start: offset, end: offset + line.length, part: Math.floor(i / 1000), paragraph: i };
        offset += line.length + 2;
        return block;
      });
      insertBlocks(db, id, blocks);
      insertSentences(db, id, blocks.map((b, i) => ({ start: b.start, end: b.end, text: lines[i], block: i })));
      ensureColumnPosition(db, work.id, lang);
      return id;
    });
    for (const [x, y] of [[0, 1], [0, 2], [1, 2]]) {
      const alignment = insertAlignment(db, { workId: work.id, versionA: versionIds[x], versionB: versionIds[y], at });
      replaceAllBeads(db, alignment, Array.from({ length: rowCount }, (_, i) => ({
        cells: [{ first: i, count: 1 }, { first: i, count: 1 }], confidence: 0.9, origin: 'auto' as const, confirmed: false,
      })));
    }
  })();
}
