// FreeDict dictionaries as the aligner reads them: dictd files (an index of base64 offsets into a
// gzipped text) reduced to stem -> stems, read both ways round, cached, and linking the words of a
// German–French pair in the relation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRelation, tokenizeSide } from '../../server/align/evidence.ts';
import { dictdNumber, entryTranslations, installedFreedictLanguages, loadFreedict } from '../../server/resources/freedict.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = (n: number): string => {
  let out = '';
  do {
    out = B64[n % 64] + out;
    n = Math.floor(n / 64);
  } while (n > 0);
  return out;
};

/** Writes `name`.index and `name`.dict.dz into `dir` holding these entries (headword line first). */
function writeDictd(dir: string, name: string, entries: string[]): void {
  let text = '00-database-info\nA test dictionary\n';
  const index = [`00databaseinfo\t${b64(0)}\t${b64(Buffer.byteLength(text))}`];
  for (const entry of entries) {
    const start = Buffer.byteLength(text);
    text += `${entry}\n`;
    index.push(`${entry.split(' ')[0].toLowerCase()}\t${b64(start)}\t${b64(Buffer.byteLength(entry) + 1)}`);
  }
  fs.writeFileSync(path.join(dir, `${name}.index`), `${index.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, `${name}.dict.dz`), zlib.gzipSync(Buffer.from(text)));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triptych-freedict-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const dictDir = path.join(tmp, 'dictd');
fs.mkdirSync(dictDir);
writeDictd(dictDir, 'freedict-deu-fra', [
  'Gipfel /ˈɡɪp͡fl̩/ <n, masc>\n1. sommet 2.\nhöchste Stelle eines Berges\n 3.\npolitisches Gipfeltreffen\n2. sommet, comble\nHöhepunkt einer Leistung',
  'Gletscher /ˈɡlɛt͡ʃɐ/ <n, masc>\nglacier\ngroße Eismasse im Gebirge',
  'Seil /zaɪ̯l/ <n, neut>\ncorde, câble\nein langes, dünnes Gebilde',
  'heute morgen <adv>\nce matin',
]);
writeDictd(dictDir, 'freedict-fra-deu', ['hutte /yt/ <n, fem>\nHütte\npetite maison']);

describe('dictd files', () => {
  it('reads index numbers as base64 digits, most significant first', () => {
    expect(dictdNumber('A')).toBe(0);
    expect(dictdNumber('B')).toBe(1);
    expect(dictdNumber('BA')).toBe(64);
    expect(dictdNumber('C1')).toBe(2 * 64 + 53);
    expect(() => dictdNumber('*')).toThrow();
  });

  it('takes the translations of an entry, not the definitions in the headword’s language', () => {
    expect(entryTranslations('Seil /zaɪ̯l/ <n, neut>\ncorde, câble\nein langes, dünnes Gebilde')).toEqual({ headword: 'Seil', translations: ['corde', 'câble'] });
    expect(entryTranslations('Gipfel /x/ <n>\n1. sommet 2.\nhöchste Stelle\n 3.\nTreffen\n2. sommet, comble\nHöhepunkt')).toEqual({
      headword: 'Gipfel',
      translations: ['sommet', 'sommet', 'comble'],
    });
    // the main senses only: a third is a rarer meaning
    expect(entryTranslations('Berg /x/ <n>\n1. montagne, mont\nErhebung\n2. mine\nUntertage\n3. tas\nHaufen').translations).toEqual(['montagne', 'mont', 'mine']);
  });
});

describe('loadFreedict', () => {
  const cacheDir = path.join(tmp, 'cache');

  it('links stems of one-word headwords to stems of one-word translations, from both files', () => {
    const d = loadFreedict('fr', 'de', { dir: dictDir, cacheDir })!;
    // keyed from the language first in alphabetical order, whichever order it was asked for in
    expect(d.from).toBe('de');
    expect(d.to).toBe('fr');
    expect(d.links.get('gipfel')).toEqual(['sommet', 'combl']);
    expect(d.links.get('gletsch')).toEqual(['glaci']);
    expect(d.links.get('seil')).toEqual(['cord', 'câbl']);
    // from the French-German file, reversed (the German stemmer drops the umlaut)
    expect(d.links.get('hutt')).toEqual(['hutt']);
    // a headword of two words links nothing
    expect(d.links.has('heut')).toBe(false);
    expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('freedict-de-fr-'))).toHaveLength(1);
  });

  it('reads the cache when it holds the same files, and has nothing for a pair not installed', () => {
    const file = fs.readdirSync(cacheDir).find((f) => f.startsWith('freedict-de-fr-'))!;
    fs.writeFileSync(path.join(cacheDir, file), 'gipfel\tpic');
    // another cache folder is another load; the edited cache is what it reads
    const again = loadFreedict('de', 'fr', { dir: dictDir, cacheDir: path.join(cacheDir, '.') + path.sep })!;
    expect(again.links.get('gipfel')).toEqual(['pic']);
    expect(loadFreedict('de', 'it', { dir: dictDir, cacheDir })).toBeNull();
    expect(loadFreedict('de', 'xx', { dir: dictDir, cacheDir })).toBeNull();
    expect(installedFreedictLanguages(dictDir)).toEqual(['de', 'fr']);
    expect(installedFreedictLanguages(path.join(tmp, 'none'))).toEqual([]);
  });

  it('gives the relation of a German–French pair the words it translates, either way round', () => {
    const d = loadFreedict('de', 'fr', { dir: dictDir, cacheDir: null })!;
    const de = tokenizeSide({ lang: 'de', sentences: ['Der Gipfel über dem Gletscher.'] }, {});
    const fr = tokenizeSide({ lang: 'fr', sentences: ['Le sommet au-dessus du glacier.'] }, {});
    const pairs = (a: typeof de, b: typeof fr, withDictionary: boolean): string[] => {
      const rel = buildRelation(a, b, withDictionary ? { bilingual: [d] } : {}).build();
      return a.vocab.flatMap((w, s) => Array.from(rel.targets[s], (t) => `${w}=${b.vocab[t]}`)).filter((p) => !p.startsWith('¶'));
    };
    expect(pairs(de, fr, true)).toEqual(expect.arrayContaining(['gipfel=sommet', 'gletsch=glaci']));
    expect(pairs(fr, de, true)).toEqual(expect.arrayContaining(['sommet=gipfel', 'glaci=gletsch']));
    expect(pairs(de, fr, false)).not.toContain('gipfel=sommet');
  });
});
