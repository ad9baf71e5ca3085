// Documents that name their language, for the tests of taking a version's language from the file:
// DOCX built part by part (styles.xml with its docDefaults and styles, document.xml with runs
// marked with w:lang), and HTML pages with lang where a page may put it.
import { strToU8, zipSync } from 'fflate';

const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** <w:lang …/> from its attributes: { val: 'ru-RU', eastAsia: 'zh-CN' }. */
export function wLang(attrs: Record<string, string>): string {
  return `<w:lang ${Object.entries(attrs).map(([k, v]) => `w:${k}="${v}"`).join(' ')}/>`;
}

/** A run of text, marked with a language when one is given. */
export function run(text: string, lang?: Record<string, string>): string {
  return `<w:r>${lang ? `<w:rPr>${wLang(lang)}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
}

/** A paragraph of runs, in a style when one is given. */
export function paragraph(runs: string, style?: string): string {
  return `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}${runs}</w:p>`;
}

/** A DOCX of these paragraphs; styles.xml with docDefaults of `defaults` (none when undefined) and the given <w:style> elements. */
export function docxDocument(paragraphs: string, options: { defaults?: Record<string, string>; styles?: string } = {}): Uint8Array {
  const defaults = options.defaults ? `<w:docDefaults><w:rPrDefault><w:rPr>${wLang(options.defaults)}</w:rPr></w:rPrDefault></w:docDefaults>` : '';
  return zipSync({
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<w:document ${w}><w:body>${paragraphs}</w:body></w:document>`),
    'word/styles.xml': strToU8(`<w:styles ${w}>${defaults}${options.styles ?? ''}</w:styles>`),
  });
}

/** An HTML page of a heading and a paragraph in Russian, `html` and `body` the attributes of those elements. */
export function htmlPage(html = '', body = '', inner = '<h1>Декларация</h1><p>Первый абзац. Второе предложение.</p>'): string {
  return `<!DOCTYPE html><html${html ? ` ${html}` : ''}><head><title>Декларация</title></head><body${body ? ` ${body}` : ''}>${inner}</body></html>`;
}
