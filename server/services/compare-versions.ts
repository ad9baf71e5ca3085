// Use case: compare two versions of a work in the same language (the published English and a
// revision): align them with the pairwise aligner, then take the word diff of every aligned row.
// Read-only.
import type { Database } from 'better-sqlite3';
import { alignPair, type AlignResources } from '../align/index.ts';
import { listActiveVersions, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { compareAligned, type CompareRow, type CompareSummary } from '../qa/word-diff.ts';
import { alignSideOf, asAlignerBeads } from './align-pairs.ts';
import { alignmentState } from './alignment-state.ts';
import { InputError, NotFoundError } from './errors.ts';
import { requireWork } from './read-work.ts';

export interface ComparePair {
  left: VersionRecord;
  right: VersionRecord;
}

export interface CompareView {
  work: WorkRecord;
  /** every pair of active versions that share a language */
  pairs: ComparePair[];
  left: VersionRecord;
  right: VersionRecord;
  rows: CompareRow[];
  summary: CompareSummary;
}

export function sameLanguagePairs(versions: VersionRecord[]): ComparePair[] {
  const pairs: ComparePair[] = [];
  versions.forEach((a, i) => {
    for (const b of versions.slice(i + 1)) {
      if (a.lang !== b.lang) continue;
      // the original on the left, its revision on the right
      pairs.push(b.revisionOf === a.name || !a.revisionOf ? { left: a, right: b } : { left: b, right: a });
    }
  });
  // revisions of a version first: they are what a reviewer comes to see
  return pairs.sort((x, y) => Number(y.right.revisionOf === x.left.name) - Number(x.right.revisionOf === y.left.name));
}

/** Chooses the two versions: both named, or the first same-language pair of the work. */
export function choosePair(work: WorkRecord, versions: VersionRecord[], leftName?: string, rightName?: string): ComparePair {
  const byName = (name: string) => {
    const v = versions.find((x) => x.name === name);
    if (!v) throw new NotFoundError(`The work '${work.slug}' has no version '${name}'.`, { key: 'errors.notFoundVersion', params: { work: work.slug, name } });
    return v;
  };
  if (leftName || rightName) {
    if (!leftName || !rightName) throw new InputError('Choose two versions to compare.', 400, 'b', { key: 'errors.compare.chooseTwo' });
    const left = byName(leftName);
    const right = byName(rightName);
    if (left.id === right.id) throw new InputError('Choose two different versions to compare.', 400, 'b', { key: 'errors.compare.chooseDifferent' });
    if (left.lang !== right.lang) {
      throw new InputError(`'${left.name}' (${left.lang}) and '${right.name}' (${right.lang}) are not in the same language; compare two versions of one language.`, 400, 'b', {
        key: 'errors.compare.notSameLanguage',
        params: { a: left.name, aLang: left.lang, b: right.name, bLang: right.lang },
      });
    }
    return { left, right };
  }
  const pairs = sameLanguagePairs(versions);
  if (pairs.length === 0) throw new NotFoundError(`The work '${work.slug}' has no two versions in the same language to compare.`, { key: 'errors.compare.noPair', params: { work: work.slug } });
  return pairs[0];
}

export interface CompareRequest {
  slug: string;
  left?: string;
  right?: string;
}

/** The language a comparison will be in (to load the aligner's resources before comparing). */
export function compareLanguage(db: Database, request: CompareRequest): string {
  const work = requireWork(db, request.slug);
  return choosePair(work, listActiveVersions(db, work.id), request.left?.trim() || undefined, request.right?.trim() || undefined).left.lang;
}

export function compareVersions(db: Database, request: CompareRequest, resources?: AlignResources): CompareView {
  const work = requireWork(db, request.slug);
  const versions = listActiveVersions(db, work.id);
  const { left, right } = choosePair(work, versions, request.left?.trim() || undefined, request.right?.trim() || undefined);
  const leftSide = alignSideOf(db, left);
  const rightSide = alignSideOf(db, right);
  // the stored alignment of the two, as the pair view shows and corrects it; aligned afresh only if none is kept
  const state = alignmentState(db, work);
  const stored = state.layout.pairs.findIndex((p) => p.alignment && p.a.id === left.id && p.b.id === right.id);
  const reversed = state.layout.pairs.findIndex((p) => p.alignment && p.a.id === right.id && p.b.id === left.id);
  const beads =
    stored >= 0
      ? asAlignerBeads(state.beads[stored])
      : reversed >= 0
        ? asAlignerBeads(state.beads[reversed]).map((b) => ({ src: b.tgt, tgt: b.src, confidence: b.confidence }))
        : alignPair(leftSide, rightSide, { resources });
  const { rows, summary } = compareAligned(beads, leftSide.sentences, rightSide.sentences, left.lang, resources?.segmentChinese);
  return { work, pairs: sameLanguagePairs(versions), left, right, rows, summary };
}
