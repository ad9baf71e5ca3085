// `npm run bench`: runs every benchmark, prints a line per figure as it goes, and ends with one
// line of JSON holding every figure by name. Pass names (app, align) to run only some.
import { runAppBench } from './app.bench.ts';
import { runChecksBench } from './checks.bench.ts';
import { runEditorBench } from './editor.bench.ts';
import { runTermsBench } from './terms.bench.ts';

type Bench = (log: (line: string) => void) => Promise<Record<string, number>>;

async function loadBenches(): Promise<Record<string, Bench>> {
  const benches: Record<string, Bench> = { app: runAppBench, editor: (log) => runEditorBench(log), checks: runChecksBench, terms: (log) => runTermsBench(log) };
  try {
    // Optional until the aligner's benchmark lands; a variable specifier keeps tsc from requiring it.
    const alignBench = './align.bench.ts';
    const align = (await import(alignBench)) as { runAlignBench: Bench };
    benches.align = align.runAlignBench;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  return benches;
}

const benches = await loadBenches();
const wanted = process.argv.slice(2);
const figures: Record<string, number> = {};
for (const [name, bench] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`# ${name}`);
  Object.assign(figures, await bench((line) => console.log(`  ${line}`)));
}
console.log(JSON.stringify(figures));
