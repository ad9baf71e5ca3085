// The interface speaks English, Russian and Chinese everywhere: every key of every locale namespace
// exists in all three (plural forms aside: each language has its own), with no placeholder a
// translation does not get; and every error a user can cause carries a message key that the three
// locales have, so it is said in the interface language, not in the English of the code.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { tbxMessages } from '../../server/formats/tbx.ts';
import { interfaceLanguages, localeNamespaces } from '../../server/web/i18n.ts';

const viewsDir = path.join(projectRoot, 'views');
const serverDir = path.join(projectRoot, 'server');
const pluralSuffix = /_(?:zero|one|two|few|many|other)$/;

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

const locales = new Map(
  interfaceLanguages.map((lang) => [
    lang,
    new Map(localeNamespaces(viewsDir).map((ns) => [ns, flatten(JSON.parse(fs.readFileSync(path.join(viewsDir, 'locales', lang, `${ns}.json`), 'utf8')))])),
  ]),
);

/** A key's base (without a plural suffix) → every placeholder its forms use. */
function bases(lang: string, ns: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, text] of locales.get(lang as never)!.get(ns)!) {
    const base = key.replace(pluralSuffix, '');
    const params = out.get(base) ?? new Set<string>();
    for (const m of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) params.add(m[1]);
    out.set(base, params);
  }
  return out;
}

function hasKey(lang: string, qualified: string): boolean {
  const [ns, key] = qualified.includes(':') ? qualified.split(':', 2) : ['translation', qualified];
  const table = locales.get(lang as never)?.get(ns);
  if (!table) return false;
  return table.has(key) || [...table.keys()].some((k) => k.replace(pluralSuffix, '') === key && k !== key);
}

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? serverFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The text of every `new Error(...)` call of the given classes, brackets matched. */
function constructions(source: string, classes: string[]): string[] {
  const calls: string[] = [];
  const start = new RegExp(`new (?:${classes.join('|')})\\(`, 'g');
  for (let m = start.exec(source); m; m = start.exec(source)) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < source.length; i++) {
      const c = source[i];
      if (c === '(' || c === '{' || c === '[') depth++;
      else if (c === ')' || c === '}' || c === ']') depth--;
      if (depth === 0) break;
    }
    calls.push(source.slice(m.index, i + 1));
  }
  return calls;
}

describe('the locale files', () => {
  it('have every key of every namespace in English, Russian and Chinese, each with the placeholders of the English', () => {
    const problems: string[] = [];
    for (const ns of localeNamespaces(viewsDir)) {
      const en = bases('en', ns);
      for (const lang of ['ru', 'zh']) {
        const other = bases(lang, ns);
        for (const key of en.keys()) if (!other.has(key)) problems.push(`${lang}/${ns}.json lacks ${key}`);
        for (const key of other.keys()) if (!en.has(key)) problems.push(`${lang}/${ns}.json has ${key}, which en lacks`);
        for (const [key, params] of other) {
          for (const p of params) if (en.has(key) && !en.get(key)!.has(p) && p !== 'count') problems.push(`${lang}/${ns}.json ${key} uses {{${p}}}, which en does not give`);
        }
      }
      for (const lang of interfaceLanguages) for (const [key, text] of locales.get(lang)!.get(ns)!) if (!text.trim()) problems.push(`${lang}/${ns}.json ${key} is empty`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the errors a user can cause', () => {
  const sources = serverFiles(serverDir).map((file) => ({ file: path.relative(projectRoot, file), text: fs.readFileSync(file, 'utf8') }));
  // Keys made from a code: the codes they can take.
  const expansions: Record<string, string[]> = {
    'terms:errors.tbx.${error.code}': Object.keys(tbxMessages).map((c) => `terms:errors.tbx.${c}`),
    'errors.file.${error.code}': ['empty', 'binary', 'undecodable', 'too-large'].map((c) => `errors.file.${c}`),
    // the editor's refusals, said by the API's alignment job as the editor says them: every code an EditRefusal is made with
    'editor:refusals.${error.code}': [...new Set(sources.flatMap(({ text }) => [...text.matchAll(/new EditRefusal\('([\w-]+)'/g)].map((m) => `editor:refusals.${m[1]}`)))],
  };

  it('all carry a message key (InputError, NotFoundError, TermbaseInputError, CsvError)', () => {
    const bare: string[] = [];
    for (const { file, text } of sources) {
      if (file === path.join('server', 'terms', 'termbase-json.ts')) continue; // reads the shipped termbase.json files, not uploads
      for (const call of constructions(text, ['InputError', 'NotFoundError', 'TermbaseInputError', 'CsvError'])) {
        // A translation object, one passed on from a lower layer, or a message already in the interface language.
        if (/\bkey:|\btranslation\b|\breq\.t\(|translator\(req\)\(/.test(call)) continue;
        bare.push(`${file}: ${call.slice(0, 120)}`);
      }
    }
    expect(bare).toEqual([]);
  });

  it('use keys that the three locales have', () => {
    const keys = new Set<string>();
    for (const { text: source } of sources) {
      // The keys given where an error is made (and the messages the routes translate themselves).
      const text = constructions(source, ['InputError', 'NotFoundError', 'TermbaseInputError', 'CsvError']).join('\n') + '\n' +
        [...source.matchAll(/const tooLongKeys[\s\S]*?\n\};/g)].map((m) => m[0]).join('\n');
      for (const m of text.matchAll(/\bkey: '([^']+)'/g)) keys.add(m[1]);
      for (const m of text.matchAll(/\bkey: `([^`]+)`/g)) {
        const expanded = expansions[m[1]];
        expect(expanded, `no expansion for the key template ${m[1]}`).toBeDefined();
        for (const k of expanded) keys.add(k);
      }
      for (const m of text.matchAll(/(?:\breq\.t|translator\(req\))\('([^']+)'/g)) keys.add(m[1]);
      for (const m of text.matchAll(/'(terms:errors\.termbase\.tooLong\.\w+)'/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(70);
    const missing = [...keys].flatMap((k) => interfaceLanguages.filter((lang) => !hasKey(lang, k)).map((lang) => `${lang}: ${k}`));
    expect(missing).toEqual([]);
  });
});
