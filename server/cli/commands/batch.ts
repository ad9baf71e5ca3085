// `triptych batch`: import and align many works at once from a folder (SLUG/LANG.txt, metadata.json
// optional) or a manifest, on every core; resumable; a progress bar on a terminal, a summary table at
// the end, exit 1 naming each work that failed (the others are in).
import { listConcepts } from '../../db/terms.ts';
import { defaultWorkerCount, startAlignmentWorkers } from '../../services/alignment-workers.ts';
import { readBatchSource, runBatch, type BatchOutcome, type BatchProgress } from '../../services/batch-import.ts';
import { segmentations, sentenceLimitsOf, versionStatuses } from '../../services/import-version.ts';
import { CliError, parseFlags, stringFlag, type CliCommand, type CliIo } from '../io.ts';
import { cliActor, withCliWorkspace } from '../workspace.ts';

const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** One line: a bar, works done, sentences per second, time left. */
export function progressLine(p: BatchProgress, width = 24): string {
  const share = p.total ? p.done / p.total : 1;
  const filled = Math.round(share * width);
  const rate = p.elapsedMs > 0 ? p.sentences / (p.elapsedMs / 1000) : 0;
  const left = p.done > 0 ? ((p.elapsedMs / 1000) * (p.total - p.done)) / p.done : NaN;
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${p.done}/${p.total} works · ${Math.round(rate)} sentences/s · ${Number.isFinite(left) ? `${clock(left)} left` : 'starting'}`;
}

export function summaryTable(outcomes: BatchOutcome[]): string {
  const header = ['work', 'state', 'versions', 'sentences', 'pairs', 'seconds', 'note'];
  const rows = outcomes.map((o) => [o.slug, o.state, String(o.versions), String(o.sentences), String(o.pairs), o.seconds.toFixed(2), o.message ?? '']);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function drawProgress(io: CliIo): ((p: BatchProgress) => void) | undefined {
  if (!io.errIsTerminal) return undefined;
  return (p) => io.err(`\r\x1b[K${progressLine(p)}${p.done === p.total ? '\n' : ''}`);
}

export const batchCommand: CliCommand = {
  name: 'batch',
  usage: `usage: triptych batch [--segmentation sentences|lines] [--status STATUS] [--workers N] [--replace] [--json] FOLDER|MANIFEST

  FOLDER           a folder per work, named by its slug, holding LANG.txt files (en.txt, ru.txt,
                   zh.txt, en-revised.txt: the version name; its language before the first '-'),
                   or a metadata.json as in texts/ (slug, title, date, pivot, versions)
  MANIFEST         a .csv (header: slug,title,lang,status,path,segmentation[,name]) or a .json array
                   of objects with those fields; one version per entry, paths relative to the manifest
  --segmentation   sentences or lines, for every file whose metadata or entry names none
  --status STATUS  for every file whose metadata or entry names none (default: unofficial)
  --workers N      alignment threads (default: one per core; 0 aligns on the main thread)
  --replace        replace a stored version whose file changed (else that work fails)
  --json           print the summary as JSON instead of a table

A work whose files are all stored unchanged (same SHA-256) and whose pairs are all aligned is
skipped, so a second run goes on where the first stopped. A work with a bad file fails whole and is
named on standard error; the others are imported. Exit 0 when no work failed, 1 otherwise.`,
  async run(args, io) {
    const { flags, positional } = parseFlags(args, { values: ['segmentation', 'status', 'workers'], switches: ['replace', 'json'] });
    if (positional.length !== 1) throw new CliError('give one FOLDER or MANIFEST');
    const segmentation = stringFlag(flags, 'segmentation');
    if (segmentation && !(segmentations as readonly string[]).includes(segmentation)) throw new CliError(`--segmentation must be one of ${segmentations.join(', ')}`);
    const status = stringFlag(flags, 'status');
    if (status && !(versionStatuses as readonly string[]).includes(status)) throw new CliError(`--status must be one of ${versionStatuses.join(', ')}`);
    const workersFlag = stringFlag(flags, 'workers');
    if (workersFlag !== undefined && !/^\d{1,3}$/.test(workersFlag)) throw new CliError('--workers takes a number of threads (0 for none)');
    const workerCount = workersFlag === undefined ? defaultWorkerCount() : Number(workersFlag);
    return withCliWorkspace(async (workspace) => {
      const source = readBatchSource(positional[0], { segmentation, status });
      const workers = startAlignmentWorkers(workerCount, { concepts: listConcepts(workspace.db) });
      const started = performance.now();
      let outcomes: BatchOutcome[];
      try {
        outcomes = await runBatch(workspace.db, source, {
          workers,
          replace: flags.replace === true,
          actor: cliActor(),
          maxBytes: workspace.config.maxUploadBytes,
          limits: sentenceLimitsOf(workspace.config),
          onProgress: drawProgress(io),
        });
      } finally {
        await workers.close();
      }
      const seconds = (performance.now() - started) / 1000;
      const count = (state: string) => outcomes.filter((o) => o.state === state).length;
      const sentences = outcomes.reduce((n, o) => n + o.sentences, 0);
      const failed = outcomes.filter((o) => o.state === 'failed');
      if (flags.json) {
        io.out(JSON.stringify({ seconds: Math.round(seconds * 100) / 100, workers: workerCount, sentences, works: outcomes }, null, 2) + '\n');
      } else {
        io.out(summaryTable(outcomes));
        io.out(
          `${outcomes.length} works: ${count('imported')} imported, ${count('updated')} updated, ${count('skipped')} skipped, ${failed.length} failed · ` +
            `${sentences} sentences in ${seconds.toFixed(1)} s (${Math.round(sentences / Math.max(seconds, 0.001))} sentences/s), ${workerCount || 'no'} worker${workerCount === 1 ? '' : 's'}\n`,
        );
      }
      if (failed.length) {
        io.err(`triptych batch: ${failed.length} of ${outcomes.length} works failed:\n${failed.map((o) => `  ${o.slug}: ${o.message}`).join('\n')}\n`);
        return 1;
      }
      return 0;
    });
  },
};
