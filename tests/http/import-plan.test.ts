// An import aligns outside any write transaction (import-plan.ts): while its pairs are being aligned
// another connection can take the write lock at once (before, the import held it for the whole
// alignment and others' edits waited, then got 503); an edit made meanwhile outdates the plan, which is
// made again against the edited work; a work that keeps changing refuses the import, readably, with
// the database as the edits left it.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPair } from '../../server/align/pair-alignment.ts';
import { listAlignments, readAllBeads } from '../../server/db/alignments.ts';
import { listActiveVersions } from '../../server/db/versions.ts';
import { findWorkBySlug } from '../../server/db/works.ts';
import { applyEditCommand } from '../../server/services/edit-alignment.ts';
import { InputError } from '../../server/services/errors.ts';
import { importVersion, type ImportProgress } from '../../server/services/import-version.ts';
import { importUpload } from '../../server/services/import-aligned.ts';
import { createTestApp, dumpDatabase, type TestApp } from './helpers.ts';

const slug = 'declaration-2005';
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. The Member States shall cooperate in ${2000 + i}.`).join('\n') + '\n';
const request = (name: string) => ({
  workSlug: slug, lang: 'en', name, status: 'working', fileName: `${name}.txt`, bytes: Buffer.from(text), actor: 'importer', maxBytes: 1e7, segmentation: 'lines',
});

/** Another user's edit, through a connection of its own (as the server's request thread would). */
function editElsewhere(file: string, row: number): void {
  const other = new BetterSqlite3(file, { timeout: 0 });
  try {
    applyEditCommand(other, slug, { kind: 'grid' }, { op: 'confirm', row }, { seen: undefined, actor: 'colleague', at: new Date().toISOString() });
  } finally {
    other.close();
  }
}

function pairsValid(db: BetterSqlite3.Database): boolean {
  const work = findWorkBySlug(db, slug)!;
  const versions = new Map(listActiveVersions(db, work.id).map((v) => [v.id, v]));
  for (const a of listAlignments(db, work.id)) checkPair(readAllBeads(db, a.id), versions.get(a.versionA)!.sentenceCount, versions.get(a.versionB)!.sentenceCount);
  return true;
}

describe('an import aligning outside its transaction', () => {
  it('leaves the write lock free while it aligns', async () => {
    t = await createTestApp();
    const file = t.dbFile;
    let aligning = 0;
    const progress: ImportProgress = (phase) => {
      if (phase !== 'align') return;
      aligning++;
      // a writer with no busy timeout at all: it would fail at once if the import held the lock
      const other = new BetterSqlite3(file, { timeout: 0 });
      try {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
      } finally {
        other.close();
      }
    };
    const result = await importVersion(t.workspace.db, t.workspace.alignResources, request('en-draft'), progress);
    expect(aligning).toBeGreaterThan(0);
    expect(result.name).toBe('en-draft');
    expect(pairsValid(t.workspace.db)).toBe(true);
  });

  it('aligns again when another user edited the work meanwhile, and stores the plan made against the edit', async () => {
    t = await createTestApp();
    const file = t.dbFile;
    const aligned: string[] = [];
    let edited = false;
    const result = await importVersion(t.workspace.db, t.workspace.alignResources, request('en-draft'), (phase, step, _steps, detail) => {
      if (phase !== 'align') return;
      aligned.push(`${step}:${detail}`);
      if (!edited) {
        edited = true;
        editElsewhere(file, 3);
      }
    });
    // the first plan was outdated by the edit: the pairs were aligned twice
    const first = aligned.filter((a) => a === aligned[0]).length;
    expect(first).toBe(2);
    expect(result.name).toBe('en-draft');
    const events = t.workspace.db.prepare("SELECT actor, kind FROM events WHERE actor IN ('colleague', 'importer') ORDER BY id").all() as Array<{ actor: string; kind: string }>;
    expect(events[0]).toEqual({ actor: 'colleague', kind: 'confirm' });
    expect(events.slice(1).map((e) => e.kind)).toContain('import-version');
    expect(pairsValid(t.workspace.db)).toBe(true);
  });

  it('refuses, saying why, when the work changes under every attempt; only the edits are stored', async () => {
    t = await createTestApp();
    const file = t.dbFile;
    let row = 0;
    const importing = importVersion(t.workspace.db, t.workspace.alignResources, request('en-draft'), (phase, step) => {
      if (phase === 'align' && step === 1) editElsewhere(file, ++row);
    });
    const error = await importing.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).status).toBe(409);
    expect((error as InputError).message).toBe('The work changed while the import was being aligned, again and again; import it again when the editing has calmed down.');
    const db = t.workspace.db;
    expect(db.prepare("SELECT COUNT(*) FROM versions WHERE name = 'en-draft'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM events WHERE actor = 'importer'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM events WHERE actor = 'colleague'").pluck().get()).toBe(row);
    // and the same import goes through once the editing stops
    const before = dumpDatabase(db);
    const result = await importVersion(db, t.workspace.alignResources, request('en-draft'));
    expect(result.name).toBe('en-draft');
    expect(dumpDatabase(db).versions).toBe(before.versions + 1);
  });

  it('plans an aligned file\'s fresh pairs outside the transaction too', async () => {
    t = await createTestApp();
    const file = t.dbFile;
    // a TMX of en and ru into the declaration replaces those two; zh and en-revised are aligned afresh with them
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="test" creationtoolversion="1" o-tmf="test"/><body>
${Array.from({ length: 12 }, (_, i) => `<tu><tuv xml:lang="en"><seg>Article ${i + 1}. States shall cooperate.</seg></tuv><tuv xml:lang="ru"><seg>Статья ${i + 1}. Государства сотрудничают.</seg></tuv></tu>`).join('\n')}
</body></tmx>`;
    let aligning = 0;
    const upload = await importUpload(
      t.workspace.db,
      t.workspace.alignResources,
      { workSlug: slug, replace: true, actor: 'importer', maxBytes: 1e7, files: [{ fileName: 'decl.tmx', bytes: Buffer.from(tmx) }] },
      (phase) => {
        if (phase !== 'align') return;
        aligning++;
        const other = new BetterSqlite3(file, { timeout: 0 });
        try {
          other.exec('BEGIN IMMEDIATE');
          other.exec('ROLLBACK');
        } finally {
          other.close();
        }
      },
    );
    expect(upload.kind).toBe('aligned');
    expect(aligning).toBeGreaterThan(0);
    if (upload.kind === 'aligned') expect(upload.result.aligned.sort()).toEqual(['en|en-revised', 'en|zh', 'ru|zh']);
    expect(pairsValid(t.workspace.db)).toBe(true);
  });
});
