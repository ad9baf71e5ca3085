// Read models of the event log: a work's history (filterable by kind, each entry linked to its row
// when the event names one) and the history of one sentence (its edits with a word diff). The log
// is the only record of changes; this module only reads it.
import type { Database } from 'better-sqlite3';
import { listWorkEventActors, listWorkEvents, type EventRecord } from '../db/events.ts';
import { listActiveVersions, listSentenceRange, type StoredSentence, type VersionRecord } from '../db/versions.ts';
import type { WorkRecord } from '../db/works.ts';
import { diffTexts, type DiffPart } from '../qa/word-diff.ts';
import { rowHolding } from '../align/grid-view-edits.ts';
import { alignmentState, type AlignmentState } from './alignment-state.ts';
import { InputError, NotFoundError } from './errors.ts';
import { requireWork } from './read-work.ts';

/** Events of the log read at most (the newest first). */
export const historyLimit = 5000;

export interface HistoryEntry {
  event: EventRecord;
  /** 1-based grid row the event concerns, when it names one */
  row: number | null;
  sentence: { version: string; ordinal: number } | null;
  /** the word diff of a text edit (before → after), when the event carries both texts */
  diff: DiffPart[] | null;
}

export interface WorkHistory {
  work: WorkRecord;
  kinds: string[];
  kind: string | null;
  /** who made the events read (users, the CLI's users), and the one the list is filtered by */
  actors: string[];
  actor: string | null;
  entries: HistoryEntry[];
  /** the log holds more events than were read (historyLimit) */
  truncated: boolean;
  limit: number;
}

type Json = Record<string, unknown>;

function parse(json: string | null): Json | null {
  if (!json) return null;
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What an event says about its target, in whichever of the usual shapes its JSON has. */
export function eventTarget(before: Json | null, after: Json | null) {
  const pick = <T>(read: (o: Json) => T | null): T | null => (after ? read(after) : null) ?? (before ? read(before) : null);
  const sentenceOf = (o: Json): Json => (o.sentence && typeof o.sentence === 'object' ? (o.sentence as Json) : o);
  return {
    row: pick((o) => int(o.row) ?? int(o.rowNumber) ?? (int(o.position) === null ? null : int(o.position)! + 1)),
    version: pick((o) => str(sentenceOf(o).version) ?? str(sentenceOf(o).versionName) ?? str(sentenceOf(o).name)),
    versionId: pick((o) => int(sentenceOf(o).versionId)),
    ordinal: pick((o) => int(sentenceOf(o).ordinal)),
    beforeText: before ? str(sentenceOf(before).text) : null,
    afterText: after ? str(sentenceOf(after).text) : null,
  };
}

/** The three-column view's columns and rows (read once on first need). */
interface GridReader {
  columns: VersionRecord[];
  state: () => AlignmentState;
}

function gridReader(db: Database, work: WorkRecord): GridReader {
  let state: AlignmentState | null = null;
  const read = () => (state ??= alignmentState(db, work));
  return {
    get columns() {
      return read().layout.columns;
    },
    state: read,
  };
}

/** Finds the row of the three-column view holding a sentence (1-based), or null. */
function rowOfSentence(grid: GridReader, versionId: number, ordinal: number): number | null {
  const k = grid.columns.findIndex((v) => v.id === versionId);
  if (k < 0) return null;
  const r = rowHolding(grid.state().rows(), k, ordinal);
  return r < 0 ? null : r + 1;
}

function toEntry(versions: VersionRecord[], grid: GridReader, event: EventRecord): HistoryEntry {
  const target = eventTarget(parse(event.beforeJson), parse(event.afterJson));
  const version = target.version
    ? versions.find((v) => v.name === target.version)
    : target.versionId !== null
      ? versions.find((v) => v.id === target.versionId)
      : undefined;
  const sentence = version && target.ordinal !== null ? { version: version.name, ordinal: target.ordinal } : null;
  let row = target.row;
  if (row === null && version && target.ordinal !== null) row = rowOfSentence(grid, version.id, target.ordinal);
  const diff =
    target.beforeText !== null && target.afterText !== null
      ? diffTexts(target.beforeText, target.afterText, version?.lang ?? 'en')
      : null;
  return { event, row, sentence, diff };
}

const kindPattern = /^[a-z][a-z0-9-]{0,40}$/;

export function readWorkHistory(db: Database, slug: string, kind?: string, actor?: string): WorkHistory {
  const work = requireWork(db, slug);
  const chosen = kind?.trim() || null;
  const who = actor?.trim().slice(0, 100) || null;
  if (chosen !== null && !kindPattern.test(chosen)) throw new InputError(`'${chosen}' is not a kind of event.`, 400, 'kind', { key: 'errors.history.badKind', params: { kind: chosen } });
  const events = listWorkEvents(db, work.id, historyLimit, who ?? undefined);
  const versions = listActiveVersions(db, work.id);
  const grid = gridReader(db, work);
  const kinds = [...new Set(events.map((e) => e.kind))].sort();
  const actors = listWorkEventActors(db, work.id);
  const entries = events.filter((e) => chosen === null || e.kind === chosen).map((e) => toEntry(versions, grid, e));
  return { work, kinds, kind: chosen, actors, actor: who, entries, truncated: events.length >= historyLimit, limit: historyLimit };
}

export interface SentenceHistory {
  work: WorkRecord;
  version: VersionRecord;
  sentence: StoredSentence;
  row: number | null;
  /** the edits of this sentence, newest first */
  entries: HistoryEntry[];
}

export function readSentenceHistory(db: Database, slug: string, versionName: string, ordinalText: string): SentenceHistory {
  const work = requireWork(db, slug);
  const versions = listActiveVersions(db, work.id);
  const version = versions.find((v) => v.name === versionName);
  if (!version) throw new NotFoundError(`The work '${slug}' has no version '${versionName}'.`, { key: 'errors.notFoundVersion', params: { work: slug, name: versionName } });
  if (!/^\d{1,9}$/.test(ordinalText)) throw new InputError(`'${ordinalText}' is not a sentence number.`, 400, 'ordinal', { key: 'errors.history.badOrdinal', params: { ordinal: ordinalText } });
  const ordinal = Number(ordinalText);
  const [sentence] = listSentenceRange(db, version.id, ordinal, ordinal + 1);
  if (!sentence) throw new NotFoundError(`The version '${versionName}' has no sentence ${ordinal}.`, { key: 'errors.noSentence', params: { version: versionName, ordinal } });
  const grid = gridReader(db, work);
  const entries = listWorkEvents(db, work.id, historyLimit)
    .map((e) => toEntry(versions, grid, e))
    .filter((entry) => entry.sentence?.version === version.name && entry.sentence.ordinal === ordinal);
  return { work, version, sentence, row: rowOfSentence(grid, version.id, ordinal), entries };
}
