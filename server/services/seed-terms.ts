// Use case: bring the termbases shipped in texts/<work>/termbase.json into the database, once each
// (a concept the user deleted later is not brought back), and record each shipped work's document
// date from its metadata.json ("date"), which the checks need for superseded terms.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { appendEvent } from '../db/events.ts';
import { documentDate, findConceptByKey, isTermbaseSeeded, markTermbaseSeeded, setDocumentDate } from '../db/terms.ts';
import { findWorkBySlug, type WorkRecord } from '../db/works.ts';
import { readTermbaseJson } from '../terms/termbase-json.ts';
import { cleanTermDate } from '../terms/termbase.ts';
import { isContentLanguage } from '../text/languages.ts';
import { listShippedWorks } from './seed-works.ts';
import { storeConcepts } from './terms-termbase.ts';

/**
 * Seeds the shipped termbases not yet in the database and records the shipped works' dates. The works'
 * own first seeding (seedWorks) brings in each work's termbase before aligning it; this catches the
 * rest (a database seeded before the termbase was shipped).
 */
export function seedTerms(db: Database, textsDir: string, options: { actor: string }): string[] {
  const seeded: string[] = [];
  for (const dir of listShippedWorks(textsDir)) {
    const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as { slug?: string; date?: string };
    const work = metadata.slug ? findWorkBySlug(db, metadata.slug) : undefined;
    if (work && metadata.date && documentDate(db, work.id) === null) {
      setDocumentDate(db, work.id, cleanTermDate(metadata.date, 'date'));
    }
    if (seedTermbaseOf(db, dir, work, options)) seeded.push(path.basename(dir));
  }
  return seeded;
}

/**
 * Brings the termbase shipped in a work's folder into the database, once (a concept the user deleted
 * later is not brought back). Runs in its own transaction, or inside the caller's. Returns whether it did.
 */
export function seedTermbaseOf(db: Database, dir: string, work: WorkRecord | undefined, options: { actor: string }): boolean {
  const file = path.join(dir, 'termbase.json');
  if (!fs.existsSync(file)) return false;
  const name = path.basename(dir);
  if (isTermbaseSeeded(db, name)) return false;
  const concepts = readTermbaseJson(fs.readFileSync(file, 'utf8'), isContentLanguage);
  const at = new Date().toISOString();
  let seeded = false;
  db.transaction(() => {
    // another process (the server and a CLI command starting together) may have seeded it meanwhile
    if (isTermbaseSeeded(db, name)) return;
    seeded = true;
    const fresh = concepts.filter((c) => !findConceptByKey(db, c.key));
    const summary = storeConcepts(db, fresh, at);
    markTermbaseSeeded(db, name, at);
    appendEvent(db, {
      workId: work?.id ?? null,
      actor: options.actor,
      at,
      kind: 'termbase-seed',
      summary: `seeded the termbase of ${name}: ${summary.added} concepts, ${summary.terms} terms`,
      after: { keys: fresh.map((c) => c.key) },
    });
  }).immediate();
  return seeded;
}
