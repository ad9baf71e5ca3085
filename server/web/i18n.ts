// The interface languages (independent of the content languages): English, Russian, Chinese.
// The choice comes from the `lang` cookie, else from Accept-Language, else English.
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import FsBackend from 'i18next-fs-backend';
import { LanguageDetector, handle } from 'i18next-http-middleware';
import type { RequestHandler } from 'express';

export const interfaceLanguages = ['en', 'ru', 'zh'] as const;
export type InterfaceLanguage = (typeof interfaceLanguages)[number];
export const languageCookie = 'lang';

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (interfaceLanguages as readonly string[]).includes(value);
}

/**
 * Every area of the interface keeps its strings in its own namespace file
 * (views/locales/<lng>/<area>.json); 'translation' holds the shared ones.
 */
export function localeNamespaces(viewsDir: string): string[] {
  const dir = path.join(viewsDir, 'locales', 'en');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export async function createI18n(viewsDir: string): Promise<{ i18n: i18n; middleware: RequestHandler }> {
  const instance = i18next.createInstance();
  instance.use(FsBackend).use(LanguageDetector);
  await instance.init({
    initAsync: false,
    fallbackLng: 'en',
    supportedLngs: [...interfaceLanguages],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    preload: [...interfaceLanguages],
    ns: localeNamespaces(viewsDir),
    defaultNS: 'translation',
    backend: { loadPath: path.join(viewsDir, 'locales', '{{lng}}', '{{ns}}.json') },
    detection: {
      order: ['cookie', 'header'],
      lookupCookie: languageCookie,
      caches: false,
    },
    // Templates escape what they print; escaping here too would double-escape.
    interpolation: { escapeValue: false },
  });
  return { i18n: instance, middleware: handle(instance) as unknown as RequestHandler };
}
