// Use case: bring the works shipped in texts/ into the database. A version is imported only when
// the work has no version of that name yet, so a restart (or a user's replacement) is never undone.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { findActiveVersion, listRetiredVersions } from '../db/versions.ts';
import { findWorkBySlug, listWorks, type WorkRecord } from '../db/works.ts';
import { alignMissingPairs, languagesOfPairs, loadResourcesForWork, type ResourceLoader } from './align-pairs.ts';
import { readWorkLayout } from './work-layout.ts';
import { findOrCreateWork, prepareVersion, storeVersion, validateSlug } from './import-version.ts';

interface WorkMetadata {
  slug: string;
  title: string;
  pivot?: string;
  versions: Array<{
    file: string;
    lang: string;
    status: string;
    label?: string;
    title?: string;
    provenance?: string;
    revisionOf?: string;
    segmentation?: string;
  }>;
}

/** The version name of a shipped file: its base name without extension ('en-revised.txt' → 'en-revised'). */
function versionNameOf(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

export function readWorkMetadata(dir: string): WorkMetadata {
  const file = path.join(dir, 'metadata.json');
  const metadata = JSON.parse(fs.readFileSync(file, 'utf8')) as WorkMetadata;
  if (!metadata.slug || !metadata.title || !Array.isArray(metadata.versions)) {
    throw new Error(`${file} must name a slug, a title and its versions`);
  }
  return metadata;
}

export function listShippedWorks(textsDir: string): string[] {
  if (!fs.existsSync(textsDir)) return [];
  return fs
    .readdirSync(textsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(textsDir, d.name, 'metadata.json')))
    .map((d) => path.join(textsDir, d.name))
    .sort();
}

/** Imports what is missing of each shipped work; returns the slugs of the works it changed. */
export async function seedWorks(
  db: Database,
  textsDir: string,
  options: {
    actor: string;
    maxBytes: number;
    loadResources: ResourceLoader;
    /** runs in the work's transaction after its versions are stored and before it is aligned */
    beforeAlign?: (work: WorkRecord, dir: string) => void;
  },
): Promise<string[]> {
  const changed: string[] = [];
  for (const dir of listShippedWorks(textsDir)) {
    const metadata = readWorkMetadata(dir);
    const slug = validateSlug(metadata.slug);
    const existing = findWorkBySlug(db, slug);
    const retired = existing ? new Set(listRetiredVersions(db, existing.id).map((v) => v.name)) : new Set<string>();
    const missing = metadata.versions.filter((v) => {
      const name = versionNameOf(v.file);
      return !existing || (!findActiveVersion(db, existing.id, name) && !retired.has(name));
    });
    if (missing.length === 0) continue;
    const prepared = missing.map((v) =>
      prepareVersion(
        {
          lang: v.lang,
          status: v.status,
          name: versionNameOf(v.file),
          label: v.label,
          title: v.title,
          provenance: v.provenance,
          revisionOf: v.revisionOf ? versionNameOf(v.revisionOf) : null,
          fileName: v.file,
          segmentation: v.segmentation,
          bytes: fs.readFileSync(path.join(dir, v.file)),
        },
        options.maxBytes,
      ),
    );
    const resources = await loadResourcesForWork(options.loadResources, metadata.versions);
    const at = new Date().toISOString();
    const stored = db.transaction(() => {
      const work = findOrCreateWork(db, slug, metadata.title, { actor: options.actor, at, pivotLang: metadata.pivot });
      // what was missing is asked again under the write lock: another process (the server and a CLI
      // command starting on one new file) may have seeded the work meanwhile
      const retiredNow = new Set(listRetiredVersions(db, work.id).map((v) => v.name));
      const still = prepared.filter((v) => !findActiveVersion(db, work.id, v.name) && !retiredNow.has(v.name));
      if (still.length === 0) return false;
      for (const version of still) storeVersion(db, work, version, { replace: false, actor: options.actor, at });
      options.beforeAlign?.(work, dir);
      alignMissingPairs(db, work, { actor: options.actor, at, resources });
      return true;
    }).immediate();
    if (stored) changed.push(slug);
  }
  return changed;
}

/**
 * Aligns, work by work, the pairs that have no alignment yet (a database made before pairs were
 * stored has no pair of a version with its revision): each in a transaction of its own.
 */
export async function alignMissingPairsEverywhere(db: Database, options: { actor: string; loadResources: ResourceLoader }): Promise<string[]> {
  const changed: string[] = [];
  for (const work of listWorks(db)) {
    const layout = readWorkLayout(db, work);
    const missing = layout.pairs.filter((p) => !p.alignment);
    if (missing.length === 0) continue;
    const resources = await options.loadResources(languagesOfPairs(missing));
    const at = new Date().toISOString();
    db.transaction(() => alignMissingPairs(db, work, { actor: options.actor, at, resources })).immediate();
    changed.push(work.slug);
  }
  return changed;
}
