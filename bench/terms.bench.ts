// Benchmark of term recognition: the shipped termbase (27 concepts, en/ru/zh) compiled once, then
// every sentence of a generated 10,000-row work matched, per version; and the terminology checks of
// all 10,000 rows. Pure code (no database or HTTP), jieba for Chinese word boundaries.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/config.ts';
import { termSegmenter } from '../server/services/terms-recognition.ts';
import { findTermFindings } from '../server/terms/checks.ts';
import { compileTermbase } from '../server/terms/match.ts';
import { readTermbaseJson } from '../server/terms/termbase-json.ts';
import { isContentLanguage } from '../server/text/languages.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const templates: Record<string, Array<(i: number) => string>> = {
  en: [
    (i) => `In ${2000 + (i % 20)} the Secretary-General of the Shanghai Cooperation Organisation met the Council of RATS in Tashkent to discuss item ${i} of the agenda.`,
    (i) => `The heads of the member states noted that the SCO's observer status at the UN General Assembly, obtained in December ${1990 + (i % 30)}, strengthens the Organisation.`,
    (i) => `Paragraph ${i}: the Council of National Coordinators will report to the Council of Ministers of Foreign Affairs on the SCO Development Fund and the SCO Business Council.`,
    (i) => `Measures number ${i} will be taken to improve the effectiveness of the Regional Antiterrorist Structure in accordance with the Shanghai Convention on Combating Terrorism, Separatism and Extremism.`,
  ],
  ru: [
    (i) => `В ${2000 + (i % 20)} году Генеральный секретарь Шанхайской организации сотрудничества встретился в Ташкенте с Советом РАТС для обсуждения пункта ${i} повестки дня.`,
    (i) => `Главы государств-членов отметили, что статус наблюдателя ШОС при Генеральной Ассамблее ООН, полученный в декабре ${1990 + (i % 30)} года, укрепляет Организацию.`,
    (i) => `Пункт ${i}: Совет национальных координаторов доложит Совету министров иностранных дел о Фонде развития ШОС и Деловом совете ШОС.`,
    (i) => `Будут приняты меры № ${i} по повышению эффективности Региональной антитеррористической структуры в соответствии с Шанхайской конвенцией о борьбе с терроризмом, сепаратизмом и экстремизмом.`,
  ],
  zh: [
    (i) => `${2000 + (i % 20)}年，上海合作组织秘书长在塔什干会见地区反恐怖机构理事会，讨论议程第${i}项。`,
    (i) => `成员国元首指出，上海合作组织于${1990 + (i % 30)}年12月获得联合国大会观察员地位，这加强了本组织。`,
    (i) => `第${i}段：国家协调员理事会将就上海合作组织开发基金和上海合作组织实业家委员会向外交部长理事会报告。`,
    (i) => `将采取第${i}号措施，根据《打击恐怖主义、分裂主义和极端主义上海公约》提高地区反恐怖机构的效率。`,
  ],
};

export async function runTermsBench(log: (line: string) => void, rowCount = 10_000): Promise<Record<string, number>> {
  const concepts = readTermbaseJson(fs.readFileSync(path.join(projectRoot, 'texts', 'declaration-2005', 'termbase.json'), 'utf8'), isContentLanguage);
  const segmentChinese = termSegmenter();
  let started = performance.now();
  const matcher = compileTermbase(concepts, { segmentChinese });
  const compileMs = performance.now() - started;
  const langs = ['en', 'ru', 'zh'];
  const sentences = Object.fromEntries(langs.map((lang) => [lang, Array.from({ length: rowCount }, (_, i) => templates[lang][i % 4](i))]));
  const figures: Record<string, number> = { terms_compile_ms: round(compileMs) };
  for (const lang of langs) {
    const times: number[] = [];
    let found = 0;
    for (let run = 0; run < 5; run++) {
      found = 0;
      started = performance.now();
      for (const s of sentences[lang]) found += matcher.find(lang, s).length;
      times.push(performance.now() - started);
    }
    log(`recognition over a generated ${rowCount}-row work, ${lang}: median ${round(median(times))} ms of 5 runs (first run ${round(times[0])} ms), ${found} occurrences`);
    figures[`terms_recognition_10k_${lang}_ms`] = round(median(times));
  }
  const rows = Array.from({ length: rowCount }, (_, i) => ({ row: i + 1, cells: langs.map((lang) => ({ lang, text: sentences[lang][i] })) }));
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    findings = findTermFindings({ rows, concepts, matcher, documentDate: '2005-07-05' }).length;
    times.push(performance.now() - started);
  }
  log(`terminology checks of all ${rowCount} rows (3 versions): median ${round(median(times))} ms of 3 runs, ${findings} findings; termbase compiled in ${round(compileMs)} ms`);
  figures.terms_checks_10k_ms = round(median(times));
  return figures;
}
