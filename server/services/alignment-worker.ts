// A worker thread of alignment-workers.ts: prepares and aligns one work at a time (work-alignment.ts
// prepareAndAlign), with the aligner's resources loaded once per set of languages and the termbase
// compiled once, from the concepts the pool was started with. No database here.
import { parentPort, workerData } from 'node:worker_threads';
import { loadAlignResources, type AlignResources } from '../align/index.ts';
import type { StoredConcept } from '../db/terms.ts';
import { compileTermbase, conceptSpotter } from '../terms/match.ts';
import { InputError } from './errors.ts';
import { termSegmenter } from './terms-recognition.ts';
import { prepareAndAlign, type WorkAlignmentTask } from './work-alignment.ts';

const { concepts } = workerData as { concepts: StoredConcept[] };
const terms = concepts.length ? conceptSpotter(compileTermbase(concepts, { segmentChinese: termSegmenter() })) : undefined;
const resources = new Map<string, Promise<AlignResources>>();
const loadResources = (langs: string[]) => {
  const key = [...new Set(langs)].sort().join(',');
  let loading = resources.get(key);
  if (!loading) resources.set(key, (loading = loadAlignResources(key.split(','))));
  return loading;
};

parentPort!.on('message', async ({ id, task }: { id: number; task: WorkAlignmentTask }) => {
  try {
    const result = await prepareAndAlign(task, { loadResources, terms });
    parentPort!.postMessage({ id, ok: true, result });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({
      id,
      ok: false,
      error: { name: e?.name ?? 'Error', message: e?.message ?? String(error), ...(error instanceof InputError ? { status: error.status, field: error.field, translation: error.translation } : {}) },
    });
  }
});
