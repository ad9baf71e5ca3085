// How an import aligns without holding the database: the pairs its new versions will be in are
// aligned before its transaction, against the work as read then (outside any transaction: WAL readers
// never wait, and nobody waits for them), with the new versions laid out under negative ids where
// they will be. The import's short write transaction then stores the versions and, once it has
// checked that the work is still as the plan read it (the same versions, every stored pair at the
// revision read), the planned pairs; else the plan is outdated and the import plans again.
import type { Database } from 'better-sqlite3';
import type { GridRow } from '../align/grid.ts';
import type { AlignSide } from '../align/index.ts';
import { checkPair } from '../align/pair-alignment.ts';
import { listAlignments, readAllBeads, type AlignmentRecord } from '../db/alignments.ts';
import { listActiveVersions, listColumnPositions, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import type { SegmentedText } from '../text/segment.ts';
import { languagesOfPairs, planMissingPairs, storePairAlignment, storedSides, termSpotterOf, type PlannedPairAlignment, type ResourceLoader } from './align-pairs.ts';
import { InputError } from './errors.ts';
import { layWork, readWorkLayout, type WorkLayout } from './work-layout.ts';

/** A version an import is about to store, as the plan lays it out (its id negative) and aligns it. */
export interface NewVersion {
  record: VersionRecord;
  side: AlignSide;
}

/** The sides the aligner reads of a segmented text. */
export function sideOfSegmented(lang: string, segmented: SegmentedText): AlignSide {
  return {
    lang,
    sentences: segmented.sentences.map((s) => s.text),
    paragraphs: segmented.sentences.map((s) => segmented.blocks[s.block].paragraph),
    parts: segmented.sentences.map((s) => segmented.blocks[s.block].part),
  };
}

/** What a prepared version says of itself, as its record keeps it. */
export interface DescribedVersion {
  name: string;
  lang: string;
  status: VersionRecord['status'];
  label: string;
  title: string;
  provenance: string;
  revisionOf: string | null;
  fileName: string;
  encoding: string;
}

/** The fields a version's record takes as they are from the prepared version: one mapping for the plan and the store. */
export function describedFields(version: DescribedVersion): DescribedVersion {
  const { name, lang, status, label, title, provenance, revisionOf, fileName, encoding } = version;
  return { name, lang, status, label, title, provenance, revisionOf, fileName, encoding };
}

/** A new version's record for the plan: id `id` (negative), nothing stored yet. */
export function plannedRecord(id: number, version: DescribedVersion & { segmented: SegmentedText }, at: string): VersionRecord {
  return {
    id,
    workId: 0,
    ...describedFields(version),
    contentSha256: '',
    importedAt: at,
    retiredAt: null,
    sentenceCount: version.segmented.sentences.length,
  };
}

export interface ImportPlan {
  /** the work as read (undefined: it did not exist yet) */
  work: WorkRecord | undefined;
  /** what the alignments were computed from: the versions kept and every stored pair's revision */
  basis: string;
  /** the pairs to align afresh, the new versions under their negative ids */
  pairs: PlannedPairAlignment[];
}

/** The work changed between the plan and its transaction (a version came or went, a pair was edited). */
export class PlanOutdated extends Error {}

/** What a plan depends on in a layout: the versions and stored pairs that are not the import's own. */
function basisOf(layout: WorkLayout, own: (versionId: number) => boolean): string {
  const versions = layout.versions.filter((v) => !own(v.id)).map((v) => v.id).sort((x, y) => x - y);
  const pairs = layout.pairs.flatMap((p) => (p.alignment && !own(p.a.id) && !own(p.b.id) ? [`${p.alignment.id}:${p.alignment.revision}`] : [])).sort();
  return `${versions.join(',')}|${pairs.join(',')}`;
}

/** The work as it will be once the new versions are stored (those they replace, by name, gone). */
function plannedLayout(db: Database, work: WorkRecord | undefined, blank: WorkRecord, fresh: NewVersion[], given: Array<{ a: number; b: number }>): WorkLayout {
  const names = new Set(fresh.map((f) => f.record.name));
  const kept = work ? listActiveVersions(db, work.id).filter((v) => !names.has(v.name)) : [];
  const positions = work ? listColumnPositions(db, work.id) : new Map<string, number>();
  for (const f of fresh) if (!positions.has(f.record.name)) positions.set(f.record.name, Math.max(-1, ...positions.values()) + 1);
  const keptIds = new Set(kept.map((v) => v.id));
  const stored = work ? listAlignments(db, work.id).filter((a) => keptIds.has(a.versionA) && keptIds.has(a.versionB)) : [];
  const brought: AlignmentRecord[] = given.map((g, i) => ({ id: -1 - i, workId: 0, versionA: g.a, versionB: g.b, revision: 0, createdAt: '', parallelism: null }));
  return layWork(work ?? blank, [...kept, ...fresh.map((f) => f.record)], positions, [...stored, ...brought]);
}

/**
 * Aligns every pair the work will lack once the new versions are stored, writing nothing; the
 * resources are loaded for the languages of those pairs only. `given` holds the beads of pairs among
 * new versions that the import brings itself (an aligned file's units): they are not aligned but
 * bridge and reconcile as stored pairs do. `blank` is the work to lay out when there is none yet.
 */
export async function planImport(
  db: Database,
  work: WorkRecord | undefined,
  blank: WorkRecord,
  fresh: NewVersion[],
  given: Array<{ a: number; b: number; beads: GridRow[] }>,
  loadResources: ResourceLoader,
  onPair: (index: number, of: number, label: string) => void = () => {},
): Promise<ImportPlan> {
  const layout = plannedLayout(db, work, blank, fresh, given);
  const basis = basisOf(layout, (id) => id < 0);
  const missing = layout.pairs.filter((p) => !p.alignment);
  if (missing.length === 0) return { work, basis, pairs: [] };
  const resources = await loadResources(languagesOfPairs(missing));
  const sides = new Map(fresh.map((f) => [f.record.id, f.side]));
  const fromDb = storedSides(db);
  const pairs = planMissingPairs(
    layout,
    (v) => sides.get(v.id) ?? fromDb(v),
    (alignment) => (alignment.id < 0 ? given[-1 - alignment.id].beads : readAllBeads(db, alignment.id)),
    { resources, terms: termSpotterOf(db), onPair: (i, pair) => onPair(i, missing.length, pair.label) },
  );
  return { work, basis, pairs };
}

/**
 * Inside the import's transaction, once its versions are stored (and the pairs it brings): checks
 * that the work is as the plan read it (else PlanOutdated, and the transaction rolls back) and stores
 * every pair still missing from the plan. `real` maps a plan's negative id to the stored version's.
 * Returns the labels of the pairs aligned.
 */
export function storePlannedPairs(db: Database, work: WorkRecord, plan: ImportPlan, real: Map<number, number>, options: { actor: string; at: string }): string[] {
  if (plan.work && plan.work.id !== work.id) throw new PlanOutdated();
  const own = new Set(real.values());
  const layout = readWorkLayout(db, work);
  if (basisOf(layout, (id) => own.has(id)) !== plan.basis) throw new PlanOutdated();
  const idOf = (id: number) => real.get(id) ?? id;
  const labels: string[] = [];
  for (const pair of layout.pairs.filter((p) => !p.alignment)) {
    const planned = plan.pairs.find((p) => idOf(p.pair.a.id) === pair.a.id && idOf(p.pair.b.id) === pair.b.id);
    if (!planned) throw new PlanOutdated();
    checkPair(planned.beads, pair.a.sentenceCount, pair.b.sentenceCount);
    storePairAlignment(db, work, { ...planned, pair }, options);
    labels.push(pair.label);
  }
  return labels;
}

/** How often an import plans again when the work changed under it, before it gives up. */
const planAttempts = 3;

/**
 * Plans, then commits in the import's transaction; a plan the work outgrew meanwhile is made again,
 * and after the last attempt the import is refused, saying why (the database as it was).
 */
export async function commitWithPlan<T>(plan: () => Promise<ImportPlan>, commit: (plan: ImportPlan) => T): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const planned = await plan();
    try {
      return commit(planned);
    } catch (error) {
      if (!(error instanceof PlanOutdated)) throw error;
      if (attempt >= planAttempts) {
        throw new InputError('The work changed while the import was being aligned, again and again; import it again when the editing has calmed down.', 409, undefined, {
          key: 'jobs:errors.workChangedDuringImport',
        });
      }
    }
  }
}
