// `npm run bench`: runs every benchmark, prints a line per figure as it goes, and ends with one
// line of JSON holding every figure by name. Pass names (the keys of `benches` below) to run only some.
import { runAlignBench } from './align.bench.ts';
import { runAppBench } from './app.bench.ts';
import { runCalibrationBench } from './calibration.bench.ts';
import { runChecksBench } from './checks.bench.ts';
import { runCorpusBench } from './corpus.bench.ts';
import { runEditorBench } from './editor.bench.ts';
import { runFormatsBench } from './formats.bench.ts';
import { runHostileBench } from './hostile.bench.ts';
import { runOmissionsBench } from './omissions.bench.ts';
import { runPairsBench } from './pairs.bench.ts';
import { runServerBench } from './server.bench.ts';
import { runTermsBench } from './terms.bench.ts';

type Bench = (log: (line: string) => void) => Promise<Record<string, number>>;

const benches: Record<string, Bench> = {
  app: runAppBench,
  align: runAlignBench,
  calibration: runCalibrationBench,
  pairs: runPairsBench,
  editor: (log) => runEditorBench(log),
  checks: runChecksBench,
  terms: (log) => runTermsBench(log),
  formats: runFormatsBench,
  hostile: runHostileBench,
  server: runServerBench,
  omissions: runOmissionsBench,
  corpus: runCorpusBench,
};
const wanted = process.argv.slice(2);
const figures: Record<string, number> = {};
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`# ${name}`);
  Object.assign(figures, await bench((line) => console.log(`  ${line}`)));
}
console.log(JSON.stringify(figures));
