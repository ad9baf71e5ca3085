// TBX v2 (ISO 30042:2008, <martif>) reading: a hand-written file into the termbase's model, and the
// malformed variants refused with a message in the interface language, the database left as it was.
import fs from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { readTbx, readTbxWithWarnings, TbxError, tbxMessages, type TbxErrorCode } from '../../server/formats/tbx.ts';
import { InputError } from '../../server/services/errors.ts';
import { exportTermbase, importTermbase } from '../../server/services/terms-termbase.ts';
import { cleanConcept } from '../../server/terms/termbase.ts';
import { isContentLanguage } from '../../server/text/languages.ts';
import { describeError } from '../../server/web/errors.ts';
import { createI18n, interfaceLanguages } from '../../server/web/i18n.ts';
import { openTermsWorkspace, termTables } from '../terms/workspace.ts';

const v2 = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Exported by a terminology tool -->
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader>
    <fileDesc><sourceDesc><p>Hand-written TBX v2 test file</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="v2-sco">
        <descrip type="subjectField">organisations</descrip>
        <descripGrp><descrip type="definition">The organisation founded in Shanghai on 15 June 2001 &amp; its members.</descrip></descripGrp>
        <admin type="source">Charter of the SCO</admin>
        <note>Checked against the 2005 declaration.</note>
        <transacGrp><transac type="transactionType">origination</transac><date>2008-01-01</date></transacGrp>
        <langSet xml:lang="en">
          <tig>
            <term>Shanghai Cooperation Organisation</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <termNote type="termType">fullForm</termNote>
            <descrip type="context">The Shanghai Cooperation Organisation met in Astana.</descrip>
            <note>British spelling.</note>
          </tig>
          <tig>
            <term>SCO</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
            <termNote type="termType">abbreviation</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="ru">
          <ntig>
            <termGrp>
              <term>Шанхайская организация сотрудничества</term>
              <termNote type="normativeAuthorization">preferredTerm</termNote>
            </termGrp>
            <descripGrp><descrip type="context">Главы государств — членов Шанхайской организации сотрудничества</descrip></descripGrp>
          </ntig>
          <ntig>
            <termGrp>
              <term>ШОС</term>
              <termNoteGrp><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termNoteGrp>
              <termNote type="termType">abbreviation</termNote>
            </termGrp>
            <note>Сокращение, «ШОС».</note>
          </ntig>
        </langSet>
        <langSet xml:lang="zh">
          <tig><term>上海合作组织</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
          <tig><term>上合组织</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><termNote type="termType">shortForm</termNote><termNote type="usageNote">简称。</termNote></tig>
        </langSet>
      </termEntry>
      <termEntry id="v2-secretary-general">
        <langSet xml:lang="ru">
          <descrip type="definition">Глава Секретариата ШОС.</descrip>
          <tig>
            <term>Исполнительный секретарь</term>
            <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
            <termNote type="x-validUntil">2006</termNote>
          </tig>
        </langSet>
        <langSet xml:lang="en">
          <descrip type="definition">The head of the SCO Secretariat.</descrip>
          <tig><term>Executive Secretary</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
          <tig><term>Secretary-General</term></tig>
        </langSet>
      </termEntry>
    </body>
  </text>
</martif>
`;

const term = (lang: string, text: string, status: string, more: Record<string, unknown> = {}) => ({
  lang, text, status, validFrom: null, validUntil: null, usageNote: '', context: '', ...more,
});

describe('reading TBX v2', () => {
  it('reads a hand-written <martif> file into the same model as TBX v3', () => {
    const concepts = readTbx(v2).map((c) => cleanConcept(c, isContentLanguage));
    expect(concepts).toEqual([
      {
        key: 'v2-sco',
        subject: 'organisations',
        definition: 'The organisation founded in Shanghai on 15 June 2001 & its members.',
        source: 'Charter of the SCO',
        note: 'Checked against the 2005 declaration.',
        terms: [
          term('en', 'Shanghai Cooperation Organisation', 'preferred', { termType: 'fullForm', usageNote: 'British spelling.', context: 'The Shanghai Cooperation Organisation met in Astana.' }),
          term('en', 'SCO', 'admitted', { termType: 'abbreviation' }),
          term('ru', 'Шанхайская организация сотрудничества', 'preferred', { context: 'Главы государств — членов Шанхайской организации сотрудничества' }),
          term('ru', 'ШОС', 'admitted', { termType: 'abbreviation', usageNote: 'Сокращение, «ШОС».' }),
          term('zh', '上海合作组织', 'preferred'),
          term('zh', '上合组织', 'admitted', { termType: 'shortForm', usageNote: '简称。' }),
        ],
      },
      {
        key: 'v2-secretary-general',
        subject: '',
        // The entry has no definition of its own; each langSet's is kept as that language's.
        definition: '',
        source: '',
        note: '',
        languages: [
          { lang: 'ru', definition: 'Глава Секретариата ШОС.', source: '', note: '' },
          { lang: 'en', definition: 'The head of the SCO Secretariat.', source: '', note: '' },
        ],
        terms: [
          term('ru', 'Исполнительный секретарь', 'superseded', { validUntil: '2006' }),
          term('en', 'Executive Secretary', 'deprecated'),
          // No status: admitted, as in TBX v3.
          term('en', 'Secretary-General', 'admitted'),
        ],
      },
    ]);
  });

  it('reads a file without the DOCTYPE line, and with a PUBLIC one', () => {
    const without = v2.replace('<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n', '');
    expect(readTbx(without)).toEqual(readTbx(v2));
    const pub = v2.replace('<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">', '<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">');
    expect(readTbx(pub)).toEqual(readTbx(v2));
  });

  it('names what it does not keep: transaction records, unknown elements and data categories', () => {
    expect(readTbxWithWarnings(v2).warnings).toEqual(['Not kept, as the termbase has no place for them: <transacGrp> transaction records (1×).']);
    const odd = entry('<langSet xml:lang="en"><tig><term>x</term><gloss>y</gloss><termNote type="geographicalUsage">UK</termNote></tig><xref type="xGraphic" target="a.png"/></langSet>');
    expect(readTbxWithWarnings(odd).warnings).toEqual([
      'Not kept, as the termbase has no place for them: <xref type="xGraphic"> cross-references (1×), <gloss> (1×), <termNote type="geographicalUsage"> (1×).',
    ]);
  });

  it('gives a key to a termEntry without id', () => {
    const xml = '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>Astana</term></tig></langSet></termEntry></body></text></martif>';
    expect(readTbx(xml).map((c) => [c.key, c.terms.map((t) => t.text)])).toEqual([['tbx-1', ['Astana']]]);
  });
});

const entry = (inner: string) => `<martif type="TBX" xml:lang="en"><text><body><termEntry id="a">${inner}</termEntry></body></text></martif>`;

const malformed: Array<[string, string, TbxErrorCode, RegExp]> = [
  ['a DOCTYPE with an internal subset', '<?xml version="1.0"?><!DOCTYPE martif SYSTEM "x.dtd" [<!ENTITY e "x">]>' + entry('<langSet xml:lang="en"><tig><term>&e;</term></tig></langSet>'), 'doctype', /document type/],
  ['an entity declared after the DOCTYPE line', '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd"><!ENTITY e "x">' + entry(''), 'entity', /declares entities/],
  ['a DOCTYPE of another root', '<!DOCTYPE tbx SYSTEM "TBXcoreStructV02.dtd">' + entry(''), 'doctype', /document type/],
  ['a DOCTYPE after the root element', entry('<langSet xml:lang="en"><tig><term>x</term></tig></langSet>').replace('<text>', '<!DOCTYPE martif SYSTEM "x.dtd"><text>'), 'doctype', /document type/],
  ['an entity of the DTD', entry('<langSet xml:lang="en"><tig><term>A&nbsp;B</term></tig></langSet>'), 'strayEntity', /&nbsp;/],
  ['malformed XML', entry('<langSet xml:lang="en"><tig><term>x</term></langSet>'), 'notWellFormed', /not well-formed/],
  ['no <text><body>', '<martif type="TBX"><martifHeader/></martif>', 'noBody', /no <text><body> inside <martif>/],
  ['a langSet without xml:lang', entry('<langSet><tig><term>x</term></tig></langSet>'), 'noLang', /langSet of concept 'a' has no xml:lang/],
  ['a tig without a term', entry('<langSet xml:lang="en"><tig><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>'), 'noTerm', /tig of concept 'a' \(en\) has no <term>/],
  ['an ntig without a termGrp', entry('<langSet xml:lang="en"><ntig><note>x</note></ntig></langSet>'), 'noTerm', /ntig of concept 'a' \(en\) has no <term>/],
  ['a tig with two terms', entry('<langSet xml:lang="en"><tig><term>x</term><term>y</term></tig></langSet>'), 'twoTerms', /more than one <term>/],
  ['a term directly in the langSet', entry('<langSet xml:lang="en"><term>x</term></langSet>'), 'unexpectedElement', /<langSet> has an element <term>/],
  ['a termEntry without terms', entry('<descrip type="definition">Nothing named.</descrip>'), 'noTerms', /concept 'a' has no term/],
  ['an unknown status', entry('<langSet xml:lang="en"><tig><term>x</term><termNote type="administrativeStatus">goldenTerm-admn-sts</termNote></tig></langSet>'), 'unknownStatus', /administrative status 'goldenTerm-admn-sts'/],
  ['an unknown normative authorization', entry('<langSet xml:lang="en"><tig><term>x</term><termNote type="normativeAuthorization">goldenTerm</termNote></tig></langSet>'), 'unknownStatus', /administrative status 'goldenTerm'/],
  ['TBX v3 elements in a v2 file', entry('<langSec xml:lang="en"><termSec><term>x</term></termSec></langSec>'), 'mixedVersions', /mixes TBX versions/],
  ['a v3 body in a martif', '<martif><text><body><conceptEntry id="a"/></body></text></martif>', 'mixedVersions', /<conceptEntry> elements of TBX v3/],
  ['v2 entries in a tbx root', '<tbx><text><body><termEntry id="a"/></body></text></tbx>', 'mixedVersions', /<termEntry> elements of TBX v2/],
  ['another root', '<glossary><entry/></glossary>', 'notTbx', /not TBX: its root element is <glossary>/],
];

describe('TBX v2 reading refuses malformed files', () => {
  it.each(malformed)('%s', (_name, xml, code, message) => {
    let error: unknown;
    try {
      readTbx(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TbxError);
    expect((error as TbxError).code).toBe(code);
    expect((error as TbxError).message).toMatch(message);
  });

  it('is not slowed down by a long run of whitespace before a DOCTYPE-like start', () => {
    const start = performance.now();
    expect(() => readTbx(' '.repeat(200_000) + '<!DOCTYPE martif SYSTEM "x" [')).toThrow(TbxError);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('importing TBX v2 into the termbase', () => {
  let ws: Awaited<ReturnType<typeof openTermsWorkspace>>;
  beforeAll(async () => {
    ws = await openTermsWorkspace();
  });
  afterAll(() => ws.dispose());
  const options = { actor: 'test', maxBytes: 100_000 };

  it('stores the concepts of a v2 file, and exports them as TBX v3', () => {
    expect(importTermbase(ws.db, { fileName: 'glossary.tbx', bytes: Buffer.from(v2) }, options)).toEqual({
      added: 2, replaced: 0, terms: 9, warnings: ['Not kept, as the termbase has no place for them: <transacGrp> transaction records (1×).'],
    });
    const tbx = exportTermbase(ws.db, 'tbx').body;
    expect(tbx).toContain('<conceptEntry id="v2-sco">');
    expect(tbx).toContain('<note>Сокращение, «ШОС».</note>');
  });

  it.each<[string, string]>([
    ...malformed.map(([name, xml]): [string, string] => [name, xml]),
    // Valid XML but a term the termbase refuses, after a good entry: nothing of the file is stored.
    ['a good entry then an empty term', entry('<langSet xml:lang="en"><tig><term>Good</term></tig></langSet>').replace('</body>', '<termEntry id="b"><langSet xml:lang="en"><tig><term> </term></tig></langSet></termEntry></body>')],
    ['a good entry then a malformed language tag', v2.replace('xml:lang="zh"', 'xml:lang="zh--CN"')],
    ['a v2 file over the size limit', v2.replace('</body>', `<termEntry id="big"><note>${'x'.repeat(100_000)}</note></termEntry></body>`)],
  ])('refuses %s and changes nothing', (_name, xml) => {
    const before = termTables(ws.db);
    expect(() => importTermbase(ws.db, { fileName: 'glossary.tbx', bytes: Buffer.from(xml) }, options)).toThrow(InputError);
    expect(termTables(ws.db)).toEqual(before);
  });
});

describe('the refusals in the interface languages', () => {
  const locales = Object.fromEntries(
    interfaceLanguages.map((lng) => [lng, JSON.parse(fs.readFileSync(path.join(projectRoot, 'views', 'locales', lng, 'terms.json'), 'utf8')) as { errors: { tbx: Record<string, string> } }]),
  );
  const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it('has every message in English, Russian and Chinese, with the same values', () => {
    for (const code of Object.keys(tbxMessages)) {
      const en = locales.en.errors.tbx[code];
      expect(en, code).toBeTruthy();
      // The English of the locale file is the reader's own message.
      const sample = Object.fromEntries(placeholders(en).map((p) => [p, `<${p}>`]));
      expect(en.replace(/\{\{(\w+)\}\}/g, (_m, p: string) => sample[p]), code).toBe(tbxMessages[code as TbxErrorCode](sample));
      for (const lng of ['ru', 'zh']) {
        const text = locales[lng].errors.tbx[code];
        expect(text, `${lng} ${code}`).toBeTruthy();
        expect(placeholders(text), `${lng} ${code}`).toEqual(placeholders(en));
        expect(text).not.toBe(en);
      }
    }
  });

  it('says an import refusal in the interface language', async () => {
    const { i18n } = await createI18n(path.join(projectRoot, 'views'));
    const refusal = (() => {
      try {
        importTermbase({} as never, { fileName: 'g.tbx', bytes: Buffer.from(entry('<langSet xml:lang="en"><term>x</term></langSet>')) }, { actor: 't', maxBytes: 1e6 });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(InputError);
    const say = (lng: string) => describeError({ t: i18n.getFixedT(lng) } as unknown as Request, refusal, 1e6);
    expect(say('en')).toEqual({ status: 422, message: "In the concept 'a', <langSet> has an element <term>, which TBX v2 does not have there." });
    expect(say('ru').message).toBe('В понятии «a» элемент <langSet> содержит элемент <term>, которого в этом месте в TBX v2 не бывает.');
    expect(say('zh').message).toBe('在概念“a”中，<langSet> 含有元素 <term>，而 TBX v2 在此处没有该元素。');
  });
});
