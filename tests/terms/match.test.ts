import { describe, expect, it } from 'vitest';
import { compileTermbase } from '../../server/terms/match.ts';
import { finishesWithin } from '../deadline.ts';
import type { ConceptData, TermData } from '../../server/terms/termbase.ts';
import { declarationConcepts, segmentChinese } from './seed.ts';

const matcher = compileTermbase(declarationConcepts, { segmentChinese });
const found = (lang: string, text: string) => matcher.find(lang, text).map((o) => `${o.concept.key}:${o.text}`);

function term(lang: string, text: string, status: TermData['status'] = 'preferred'): TermData {
  return { lang, text, status, validFrom: null, validUntil: null, usageNote: '', context: '' };
}
function concept(key: string, ...terms: TermData[]): ConceptData {
  return { key, definition: '', subject: '', note: '', source: '', terms };
}

describe('English', () => {
  it.each([
    ['the Secretary-General of the SCO', ['secretary-general:Secretary-General', 'sco:SCO']],
    ['the Secretary General', ['secretary-general:Secretary General']],
    ['the secretary-general', ['secretary-general:secretary-general']],
    ['two Secretaries-General', ['secretary-general:Secretaries-General']],
    ["the Secretariat's role", ["secretariat:Secretariat's"]],
    ['the Organisation’s opportunities in the SCO’s growing authority', ['sco:SCO’s']],
    ['the Shanghai Cooperation Organization and the Shanghai Cooperation Organisation', ['sco:Shanghai Cooperation Organization', 'sco:Shanghai Cooperation Organisation']],
    ['the Council of RATS and RATS', ['rats-council:Council of RATS', 'rats:RATS']],
    ['rats and Secretaryship and Secretarial work', []],
    ['the Regional Anti-terrorist Structure', ['rats:Regional Anti-terrorist Structure']],
    ['the Council of heads of government (prime ministers), which', ['council-of-heads-of-government:Council of heads of government (prime ministers)']],
    // A term that ends in punctuation is found whole, and without it only as far as the text has it.
    ['the Council of heads of government (prime ministers met)', ['council-of-heads-of-government:Council of heads of government']],
    ['contacts with the UN Secretariat, its commissions', ['un-secretariat:UN Secretariat']],
    ['at the UN General Assembly in December', ['un-general-assembly:UN General Assembly']],
    ['memoranda of understanding between the SCO and CIS', ['memorandum-of-understanding:memoranda of understanding', 'sco:SCO', 'cis:CIS']],
    ['an unrelated Unsecretariat and Beijingese', []],
  ])('%s', (text, expected) => {
    expect(found('en', text)).toEqual(expected);
  });
});

describe('Russian', () => {
  it.each([
    ['Генеральный секретарь ШОС', ['secretary-general:Генеральный секретарь', 'sco:ШОС']],
    ['назначение Генерального секретаря', ['secretary-general:Генерального секретаря']],
    ['встреча с Генеральным секретарём', ['secretary-general:Генеральным секретарём']],
    ['встреча с Генеральным секретарем', ['secretary-general:Генеральным секретарем']],
    ['о переименовании должности Исполнительного секретаря ШОС в Генерального секретаря ШОС', [
      'secretary-general:Исполнительного секретаря', 'sco:ШОС', 'secretary-general:Генерального секретаря', 'sco:ШОС',
    ]],
    ['роли Секретариата и Совета РАТС', ['secretariat:Секретариата', 'rats-council:Совета РАТС']],
    ['заседание Совета глав государств-членов ШОС', ['council-of-heads-of-state:Совета глав государств-членов', 'sco:ШОС']],
    ['получение статуса наблюдателя при Генеральной Ассамблее ООН', ['observer-status:статуса наблюдателя', 'un-general-assembly:Генеральной Ассамблее ООН']],
    ['Шанхайской конвенции о борьбе с терроризмом, сепаратизмом и экстремизмом', ['shanghai-convention:Шанхайской конвенции о борьбе с терроризмом, сепаратизмом и экстремизмом']],
    ['в Астане, в Пекине и в Москве', ['astana:Астане', 'beijing:Пекине', 'moscow:Москве']],
    ['Организации Объединённых Наций', ['un:Организации Объединённых Наций']],
    ['заседание Совета глав правительств (премьер-министров) ШОС', ['council-of-heads-of-government:Совета глав правительств (премьер-министров)', 'sco:ШОС']],
  ])('%s', (text, expected) => {
    expect(found('ru', text)).toEqual(expected);
  });

  it('does not match unrelated words that share a prefix with a term', () => {
    const m = compileTermbase([concept('council', term('ru', 'Совет')), concept('general', term('ru', 'генерал')), concept('secretary', term('ru', 'секретарь'))]);
    const words = (text: string) => m.find('ru', text).map((o) => o.text);
    expect(words('советник и советский советовать')).toEqual([]);
    expect(words('генеральный генералиссимус')).toEqual([]);
    expect(words('секретариат секретарша')).toEqual([]);
    expect(words('Советы генералов секретарям')).toEqual(['Советы', 'генералов', 'секретарям']);
  });

  it('keeps acronyms in capitals and the word order of multiword terms', () => {
    expect(found('ru', 'шос и ратс')).toEqual([]);
    expect(found('ru', 'наблюдателя статус')).toEqual([]);
  });
});

describe('Chinese', () => {
  it.each([
    ['将秘书处负责人职务的俄文名称改为“秘书长”的建议', ['secretariat:秘书处', 'secretary-general:秘书长']],
    ['地区反恐怖机构理事会作为该机构的领导机关', ['rats-council:地区反恐怖机构理事会']],
    ['上海合作组织成员国元首理事会会议', ['sco:上海合作组织', 'council-of-heads-of-state:元首理事会']],
    ['获得联合国大会观察员地位', ['un-general-assembly:联合国大会', 'observer-status:观察员地位']],
    ['上海合作组织与独联体、上合组织与东盟签署谅解备忘录', ['sco:上海合作组织', 'cis:独联体', 'sco:上合组织', 'asean:东盟', 'memorandum-of-understanding:谅解备忘录']],
    ['上海合作组织成员国政府首脑（总理）理事会会议', ['sco:上海合作组织', 'council-of-heads-of-government:政府首脑（总理）理事会']],
    ['成员国政府首脑(总理)理事会会议', ['council-of-heads-of-government:政府首脑(总理)理事会']],
  ])('%s', (text, expected) => {
    expect(found('zh', text)).toEqual(expected);
  });

  it('prefers the longest term and respects jieba word boundaries for nested terms', () => {
    const m = compileTermbase([concept('secretary', term('zh', '秘书')), concept('sg', term('zh', '秘书长')), concept('secretariat', term('zh', '秘书处'))], { segmentChinese });
    const words = (text: string) => m.find('zh', text).map((o) => `${o.concept.key}:${o.text}`);
    expect(words('秘书长的职务')).toEqual(['sg:秘书长']);
    expect(words('设在北京的秘书处')).toEqual(['secretariat:秘书处']);
    const onlySecretary = compileTermbase([concept('secretary', term('zh', '秘书'))], { segmentChinese });
    expect(onlySecretary.find('zh', '秘书长和秘书处').map((o) => o.text)).toEqual([]);
    expect(onlySecretary.find('zh', '他是一名秘书。').map((o) => o.text)).toEqual(['秘书']);
  });

  it('gives offsets into the sentence', () => {
    const text = '改为“秘书长”的建议';
    const [occ] = matcher.find('zh', text);
    expect(text.slice(occ.start, occ.end)).toBe('秘书长');
    expect(occ.term.status).toBe('preferred');
  });
});

describe('what a text names, for the consistency checks', () => {
  const names = (lang: string, text: string, key: string) => matcher.names(lang, text)(declarationConcepts.find((c) => c.key === key)!);

  it('counts a term nested in another as a complement, not as its head', () => {
    expect(names('zh', '地区反恐怖机构理事会作为该机构的领导机关', 'rats')).toBe(true);
    expect(names('en', 'contacts with the UN Secretariat', 'un')).toBe(true);
    expect(names('ru', 'контакты с Секретариатом ООН', 'un')).toBe(true);
    expect(names('en', 'in interaction with the Council of RATS', 'rats')).toBe(true);
    // The head names another thing of its kind: the UN's secretariat is not the SCO's.
    expect(names('en', 'contacts with the UN Secretariat', 'secretariat')).toBe(false);
    expect(names('ru', 'контакты с Секретариатом ООН', 'secretariat')).toBe(false);
    expect(names('zh', '发展同联合国秘书处的联系', 'secretariat')).toBe(false);
  });

  it('counts the content words of a term in another order or with words between them, within a clause', () => {
    expect(names('en', 'a meeting of the Council of heads of SCO member states in Astana', 'council-of-heads-of-state')).toBe(true);
    expect(names('en', 'the heads of the member states of the Council', 'council-of-heads-of-state')).toBe(true);
    expect(names('en', 'The RATS executive body -- Council -- has', 'rats-council')).toBe(false);
    expect(names('en', 'the Council met; heads of state and the press', 'council-of-heads-of-state')).toBe(false);
  });

  it('counts an abbreviation that begins a longer one', () => {
    expect(names('ru', 'финансовое положение ООНХабитат', 'un')).toBe(true);
    expect(names('en', 'offers from UNODC', 'un')).toBe(true);
    expect(names('ru', 'организаций ооновской системы', 'un')).toBe(false);
  });

  it('finds Russian reflexive participles inflected', () => {
    const m = compileTermbase([concept('developing', term('ru', 'развивающаяся страна'))]);
    expect(m.find('ru', 'представителей развивающихся стран').map((o) => o.text)).toEqual(['развивающихся стран']);
    expect(m.find('ru', 'развивающимся странам необходимо').map((o) => o.text)).toEqual(['развивающимся странам']);
  });
});

describe('long texts full of terms (linear time: overlaps resolved by marking characters)', () => {
  it.each([
    ['en', 'SCO '],
    ['en', 'Council of RATS '],
    ['ru', 'ШОС '],
    ['zh', '上海合作组织'],
  ])('finds each of 100,000 occurrences in %s of %s', (lang, unit) => {
    // Each candidate was checked against every occurrence chosen before it: 5·10^9 checks here.
    const text = unit.repeat(100_000);
    const occurrences = finishesWithin(20_000, () => matcher.find(lang, text));
    expect(occurrences).toHaveLength(100_000);
    expect(occurrences[99_999].start).toBe(99_999 * unit.length);
  });

  it('still keeps the longest of overlapping candidates, the earlier among equals', () => {
    // "RATS Council" overlaps the longer "Council of RATS" and is dropped; so is the RATS inside it
    expect(found('en', 'the Council of RATS Council and RATS')).toEqual(['rats-council:Council of RATS', 'rats:RATS']);
    expect(found('en', 'RATS Council of RATS')).toEqual(['rats:RATS', 'rats-council:Council of RATS']);
  });
});
