// Use case: import and align many works at once, from a folder laid out as SLUG/LANG.txt (a
// metadata.json per work as in texts/, optional) or from a CSV or JSON manifest (one version per
// line: slug, title, lang, status, path, segmentation, name). Each work is read, planned and stored on
// the main thread, one transaction each; its files are decoded, segmented and aligned in a pool of
// worker threads (alignment-workers.ts), so works align on every core while earlier ones are
// stored. Resumable: a work whose every file has the content hash of the version stored under its
// name (versions.content_sha256), and whose pairs are all aligned, is skipped; a new file is
// imported and aligned into the pairs it makes; a changed one is refused unless `replace`. A work
// that fails (a file unreadable, undecodable, a version refused) is reported and left out, whole;
// the others go in.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { parse as parseCsv } from 'csv-parse/sync';
import { listActiveVersions } from '../db/versions.ts';
import { findWorkBySlug } from '../db/works.ts';
import { cleanTermDate } from '../terms/termbase.ts';
import type { AlignmentWorkers } from './alignment-workers.ts';
import { InputError } from './errors.ts';
import { validateSlug, type SentenceLimits, type VersionInput } from './import-version.ts';
import { readWorkMetadata } from './seed-works.ts';
import { readWorkLayout } from './work-layout.ts';
import { planWorkAlignment, storeWorkAlignment } from './work-alignment.ts';

export interface BatchVersion {
  name: string;
  lang: string;
  status: string;
  /** the file, as an absolute path */
  file: string;
  segmentation?: string;
  label?: string;
  title?: string;
  provenance?: string;
  revisionOf?: string;
}

export interface BatchWork {
  slug: string;
  title: string;
  pivot?: string;
  date?: string;
  versions: BatchVersion[];
  /** where the work was read from (a folder, manifest lines) */
  source: string;
}

export interface BatchSource {
  works: BatchWork[];
  /** works that could not even be read from the source (a bad metadata.json, a manifest line without slug) */
  problems: Array<{ slug: string; message: string }>;
}

export interface BatchDefaults {
  /** the segmentation of every file whose metadata or manifest line names none */
  segmentation?: string;
  /** the status of every file whose metadata or manifest line names none */
  status?: string;
}

export type BatchState = 'imported' | 'updated' | 'skipped' | 'failed';

export interface BatchOutcome {
  slug: string;
  state: BatchState;
  /** versions stored now */
  versions: number;
  /** sentences of the versions stored now */
  sentences: number;
  /** pairs aligned now */
  pairs: number;
  /** seconds of its own: reading and planning, or preparing and aligning (in a worker) and storing */
  seconds: number;
  message?: string;
}

export interface BatchProgress {
  done: number;
  total: number;
  sentences: number;
  elapsedMs: number;
  last?: BatchOutcome;
}

const versionNameOf = (file: string): string => path.basename(file).replace(/\.[^.]+$/, '');

/** Reads a folder of works or a manifest into the works to import. */
export function readBatchSource(source: string, defaults: BatchDefaults = {}): BatchSource {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch {
    throw new InputError(`There is no folder or manifest at ${source}.`, 404, 'source', { key: 'corpus:errors.batch.noSource', params: { source } });
  }
  if (stat.isDirectory()) return readFolder(source, defaults);
  const ext = path.extname(source).toLowerCase();
  if (ext === '.csv' || ext === '.json') return readManifest(source, ext, defaults);
  throw new InputError(`${source} is neither a folder of works nor a manifest (.csv or .json).`, 400, 'source', { key: 'corpus:errors.batch.notSource', params: { source } });
}

function readFolder(root: string, defaults: BatchDefaults): BatchSource {
  const works: BatchWork[] = [];
  const problems: BatchSource['problems'] = [];
  const dirs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  for (const name of dirs) {
    const dir = path.join(root, name);
    try {
      if (fs.existsSync(path.join(dir, 'metadata.json'))) {
        const metadata = readWorkMetadata(dir);
        works.push({
          slug: metadata.slug,
          title: metadata.title,
          pivot: metadata.pivot,
          date: (metadata as { date?: string }).date,
          source: dir,
          versions: metadata.versions.map((v) => ({
            name: versionNameOf(v.file),
            lang: v.lang,
            status: v.status ?? defaults.status,
            file: path.join(dir, v.file),
            segmentation: v.segmentation ?? defaults.segmentation,
            label: v.label,
            title: v.title,
            provenance: v.provenance,
            revisionOf: v.revisionOf ? versionNameOf(v.revisionOf) : undefined,
          })),
        });
        continue;
      }
      const files = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((f) => f.isFile() && f.name.toLowerCase().endsWith('.txt') && !f.name.startsWith('.'))
        .map((f) => f.name)
        .sort();
      if (files.length === 0) throw new Error('holds no LANG.txt file');
      works.push({
        slug: name,
        title: name,
        source: dir,
        versions: files.map((file) => {
          const version = versionNameOf(file);
          return { name: version, lang: version.split('-')[0], status: defaults.status ?? 'unofficial', file: path.join(dir, file), segmentation: defaults.segmentation };
        }),
      });
    } catch (error) {
      problems.push({ slug: name, message: `${dir}: ${(error as Error).message}` });
    }
  }
  if (works.length === 0 && problems.length === 0) throw new InputError(`${root} holds no work: lay it out as SLUG/LANG.txt (en.txt, ru.txt, zh.txt in a folder per work).`, 400, 'source', {
      key: 'corpus:errors.batch.noWorks',
      params: { source: root },
    });
  return { works, problems };
}

interface ManifestLine {
  slug?: string;
  title?: string;
  lang?: string;
  status?: string;
  path?: string;
  segmentation?: string;
  name?: string;
  pivot?: string;
  date?: string;
}

function readManifest(file: string, ext: string, defaults: BatchDefaults): BatchSource {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let lines: ManifestLine[];
  try {
    if (ext === '.json') {
      const parsed = JSON.parse(text) as unknown;
      const list = Array.isArray(parsed) ? parsed : (parsed as { versions?: unknown }).versions;
      if (!Array.isArray(list)) throw new Error('a JSON manifest is an array of objects with slug, title, lang, status, path');
      lines = list as ManifestLine[];
    } else {
      lines = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as ManifestLine[];
    }
  } catch (error) {
    throw new InputError(`${file} is not a readable manifest: ${(error as Error).message}`, 400, 'source', {
      key: 'corpus:errors.batch.badManifest',
      params: { source: file, reason: (error as Error).message },
    });
  }
  const base = path.dirname(file);
  const bySlug = new Map<string, BatchWork>();
  const problems: BatchSource['problems'] = [];
  lines.forEach((line, i) => {
    const where = `${path.basename(file)}, entry ${i + 1}`;
    const slug = String(line.slug ?? '').trim();
    if (!slug || !line.path || !line.lang) {
      problems.push({ slug: slug || `(${where})`, message: `${where}: give at least slug, lang and path` });
      return;
    }
    let work = bySlug.get(slug);
    if (!work) bySlug.set(slug, (work = { slug, title: String(line.title ?? '').trim() || slug, source: where, versions: [] }));
    if (line.pivot) work.pivot = String(line.pivot).trim();
    if (line.date) work.date = String(line.date).trim();
    const lang = String(line.lang).trim().toLowerCase();
    const name = String(line.name ?? '').trim() || lang;
    work.versions.push({
      name,
      lang,
      status: String(line.status ?? '').trim() || defaults.status || 'unofficial',
      file: path.resolve(base, String(line.path)),
      segmentation: String(line.segmentation ?? '').trim() || defaults.segmentation,
    });
  });
  return { works: [...bySlug.values()], problems };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface ReadyWork {
  work: BatchWork;
  inputs: VersionInput[];
  replacing: string[];
  isNew: boolean;
}

/**
 * What a work needs: null when it is imported unchanged (skip it), else the versions to import and
 * those they replace. Throws what makes the work fail.
 */
function readyWork(db: Database, work: BatchWork, options: { replace: boolean }): ReadyWork | null {
  validateSlug(work.slug);
  const names = new Set<string>();
  const files = work.versions.map((v) => {
    if (names.has(v.name)) throw new InputError(`two files give the version '${v.name}'`, 400, 'name', { key: 'corpus:errors.batch.twoFiles', params: { name: v.name } });
    names.add(v.name);
    try {
      return fs.readFileSync(v.file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      throw new InputError(`${path.basename(v.file)}: cannot read it (${reason})`, 400, 'file', { key: 'corpus:errors.batch.cannotRead', params: { file: path.basename(v.file), reason } });
    }
  });
  const stored = findWorkBySlug(db, work.slug);
  const active = stored ? new Map(listActiveVersions(db, stored.id).map((v) => [v.name, v])) : new Map();
  const inputs: VersionInput[] = [];
  const replacing: string[] = [];
  work.versions.forEach((v, i) => {
    const existing = active.get(v.name);
    if (existing && existing.contentSha256 === sha256(files[i])) return;
    if (existing) {
      if (!options.replace) {
        throw new InputError(`${path.basename(v.file)} differs from the version '${v.name}' stored (give --replace to replace it; the old one stays in the history)`, 409, 'name', {
          key: 'corpus:errors.batch.changed',
          params: { file: path.basename(v.file), name: v.name },
        });
      }
      replacing.push(v.name);
    }
    inputs.push({
      lang: v.lang,
      status: v.status,
      name: v.name,
      label: v.label,
      title: v.title,
      provenance: v.provenance,
      revisionOf: v.revisionOf ?? null,
      fileName: path.basename(v.file),
      bytes: files[i],
      segmentation: v.segmentation,
    });
  });
  if (inputs.length === 0 && (!stored || readWorkLayout(db, stored).pairs.every((p) => p.alignment))) return null;
  return { work, inputs, replacing, isNew: !stored };
}

/**
 * Imports the works, `workers` aligning them, and reports each. Never throws for one work: a work
 * that fails is an outcome with its message.
 */
export async function runBatch(
  db: Database,
  source: BatchSource,
  options: { workers: AlignmentWorkers; replace: boolean; actor: string; maxBytes: number; limits?: SentenceLimits; onProgress?: (progress: BatchProgress) => void },
): Promise<BatchOutcome[]> {
  const started = performance.now();
  const outcomes: BatchOutcome[] = source.problems.map((p) => ({ slug: p.slug, state: 'failed' as const, versions: 0, sentences: 0, pairs: 0, seconds: 0, message: p.message }));
  const total = source.works.length + source.problems.length;
  let sentences = 0;
  const report = (outcome: BatchOutcome) => {
    outcomes.push(outcome);
    sentences += outcome.sentences;
    options.onProgress?.({ done: outcomes.length, total, sentences, elapsedMs: performance.now() - started, last: outcome });
  };
  options.onProgress?.({ done: outcomes.length, total, sentences, elapsedMs: 0 });
  const inFlight: Array<Promise<void>> = [];
  for (const work of source.works) {
    const t0 = performance.now();
    const seconds = () => Math.round((performance.now() - t0) / 10) / 100;
    const fail = (error: unknown) => report({ slug: work.slug, state: 'failed', versions: 0, sentences: 0, pairs: 0, seconds: seconds(), message: (error as Error).message });
    let ready: ReadyWork | null;
    let plan: ReturnType<typeof planWorkAlignment>;
    let documentDate: string | undefined;
    try {
      documentDate = work.date ? (cleanTermDate(work.date, 'date') ?? undefined) : undefined;
      ready = readyWork(db, work, options);
      if (!ready) {
        report({ slug: work.slug, state: 'skipped', versions: 0, sentences: 0, pairs: 0, seconds: seconds(), message: 'imported unchanged before' });
        continue;
      }
      plan = planWorkAlignment(db, { slug: work.slug, pivotLang: work.pivot, versions: ready.inputs, replacing: ready.replacing, maxBytes: options.maxBytes, limits: options.limits });
    } catch (error) {
      fail(error);
      continue;
    }
    const r = ready;
    inFlight.push(
      options.workers.run(plan.task).then(
        (result) => {
          try {
            const storing = performance.now();
            storeWorkAlignment(db, { slug: work.slug, title: work.title, pivotLang: work.pivot, documentDate, replacing: plan.replacing, actor: options.actor }, result);
            // its own time: preparing and aligning in the worker, then storing (not its wait in the queue)
            const own = Math.round((result.ms + performance.now() - storing) / 10) / 100;
            report({ slug: work.slug, state: r.isNew ? 'imported' : 'updated', versions: result.prepared.length, sentences: result.sentences, pairs: result.computed.length, seconds: own });
          } catch (error) {
            fail(error);
          }
        },
        (error) => fail(error),
      ),
    );
    // keep the pool fed without reading every file of a large corpus into memory at once
    while (inFlight.length >= Math.max(2, options.workers.size * 2)) await Promise.race(inFlight.map((p, i) => p.then(() => i))).then((i) => inFlight.splice(i, 1));
  }
  await Promise.all(inFlight);
  // in the order of the source, the works it could not read first
  const order = new Map(source.works.map((w, i) => [w.slug, i]));
  return outcomes.sort((x, y) => (order.get(x.slug) ?? -1) - (order.get(y.slug) ?? -1));
}
