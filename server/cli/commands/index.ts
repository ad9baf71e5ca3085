// The list of subcommands; each lives in its own module, loaded only when it runs (`triptych align`
// never loads the database, the web or the termbase code it does not use: the command starts sooner).
import type { CliCommand } from '../io.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'import', summary: 'import a version (text, DOCX, HTML) or an aligned work (TMX, XLIFF, line-aligned files)', load: async () => (await import('./import.ts')).importCommand },
  { name: 'remove', summary: 'remove a version from a work (its pairs go with it; every other pair stays as it is)', load: async () => (await import('./remove.ts')).removeCommand },
  { name: 'batch', summary: 'import and align many works at once from a folder or a manifest (resumable)', load: async () => (await import('./batch.ts')).batchCommand },
  { name: 'export', summary: 'export the aligned text of a work (TMX, XLIFF 1.2/2.1, TSV, plain parallel text, DOCX, beads)', load: async () => (await import('./export.ts')).exportCommand },
  { name: 'align', summary: 'align two texts sentence by sentence and print the beads', load: async () => (await import('./align.ts')).alignCommand },
  { name: 'eval', summary: 'score the aligner on benchmark sets with gold alignments', load: async () => (await import('./eval.ts')).evalCommand },
  {
    name: 'check',
    summary: 'run the cross-version checks of a work (numbers, omissions, empty and untranslated cells, terms)',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  { name: 'terms', summary: 'export or import the termbase (TBX-Basic or CSV glossary)', load: async () => (await import('./terms.ts')).termsCommand },
  { name: 'search', summary: 'find a word or phrase in every work, each hit with its aligned row', load: async () => (await import('./search.ts')).searchCommand },
  { name: 'users', summary: 'add, list, change, set the password of or remove users (accounts and roles); their API tokens', load: async () => (await import('./users.ts')).usersCommand },
];
