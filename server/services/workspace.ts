// What every entry point opens first: the database (migrated), the shipped works (imported when
// missing), the aligner's resources (loaded once, on first need, and shared), and the job runner
// (whose worker threads start on the first job).
import type { Database } from 'better-sqlite3';
import { loadAlignResources, type AlignResources } from '../align/index.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import type { WorkRecord } from '../db/works.ts';
import { seedTermbaseOf, seedTerms } from './seed-terms.ts';
import { alignMissingPairsEverywhere, seedWorks } from './seed-works.ts';

export interface Workspace {
  db: Database;
  config: Config;
  alignResources(langs: string[]): Promise<AlignResources>;
  /** long work (imports, re-alignment, big reports and exports) off the request thread */
  jobs: JobRunner;
  close(): void;
}

export function createResourceCache(): (langs: string[]) => Promise<AlignResources> {
  const cache = new Map<string, Promise<AlignResources>>();
  return (langs) => {
    const key = [...new Set(langs)].sort().join(',');
    let loading = cache.get(key);
    if (!loading) {
      loading = loadAlignResources(key.split(','));
      loading.catch(() => cache.delete(key));
      cache.set(key, loading);
    }
    return loading;
  };
}

export async function openWorkspace(config: Config, actor: string): Promise<Workspace> {
  const db = openDatabase(config.databasePath, config.migrationsDir, { busyTimeoutMs: config.busyTimeoutMs });
  const alignResources = createResourceCache();
  try {
    // The upload limit guards against what users send; the shipped texts are not uploads, and a small
    // TRIPTYCH_MAX_UPLOAD_BYTES must not keep the server from starting on an empty database.
    if (config.seed) {
      // each work's termbase comes in with it, before its first alignment, which uses it
      const beforeAlign = (work: WorkRecord, dir: string): void => void seedTermbaseOf(db, dir, work, { actor });
      await seedWorks(db, config.textsDir, { actor, maxBytes: Number.POSITIVE_INFINITY, loadResources: alignResources, beforeAlign });
      seedTerms(db, config.textsDir, { actor });
    }
    await alignMissingPairsEverywhere(db, { actor, loadResources: alignResources });
  } catch (error) {
    db.close();
    throw error;
  }
  const jobs = new JobRunner(config, db, alignResources);
  return {
    db,
    config,
    alignResources,
    jobs,
    close: () => {
      void jobs.close();
      db.close();
    },
  };
}
