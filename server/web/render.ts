// Renders Eta templates (escaping on) with what every template needs: the translator, the
// interface language, the CSRF token. A request from htmx gets the partial, others the page.
import { Eta } from 'eta';
import type { Request, Response } from 'express';
import { localLanguageName } from '../text/languages.ts';
import { triptychVersion } from '../version.ts';
import { interfaceLanguages, isInterfaceLanguage } from './i18n.ts';

export interface Renderer {
  /** Renders `pages/<name>` inside the layout. */
  page(req: Request, res: Response, name: string, data: Record<string, unknown>, status?: number): void;
  /** Renders `partials/<name>` alone, for an htmx swap. */
  partial(req: Request, res: Response, name: string, data: Record<string, unknown>, status?: number): void;
}

export function isHtmx(req: Request): boolean {
  return req.get('HX-Request') === 'true';
}

/**
 * The interface language the page is rendered in. The detector may report a regional tag
 * ('zh-CN', 'ru-RU') while i18next resolves it to 'zh' or 'ru'; the page must name what it renders.
 */
export function uiLanguage(req: Request): string {
  const { resolvedLanguage, language } = req as Request & { resolvedLanguage?: string; language?: string };
  for (const candidate of [resolvedLanguage, language, language?.split('-')[0]]) {
    if (isInterfaceLanguage(candidate)) return candidate;
  }
  return 'en';
}

export function createRenderer(viewsDir: string, options: { cache: boolean }): Renderer {
  const eta = new Eta({ views: viewsDir, autoEscape: true, autoTrim: false, cache: options.cache });
  const translatorOf = (req: Request) => (req as Request & { t?: (key: string, opts?: Record<string, unknown>) => string }).t ?? ((k: string) => k);
  // Helpers that speak the interface language: the renderer's, whatever a route passes under their names.
  const localHelpers = (req: Request) => ({ languageName: (code: string) => localLanguageName(translatorOf(req), code) });
  const common = (req: Request, res: Response) => ({
    t: translatorOf(req),
    lang: uiLanguage(req),
    interfaceLanguages,
    csrfToken: res.locals.csrfToken ?? '',
    // who is acting, and what they may do (templates show only the controls a user may use)
    user: res.locals.user ?? null,
    may: res.locals.may ?? (() => false),
    currentPath: req.originalUrl,
    triptychVersion,
  });
  const send = (res: Response, html: string, status: number) => {
    res.status(status).type('html').send(html);
  };
  return {
    page(req, res, name, data, status = 200) {
      send(res, eta.render(`pages/${name}`, { ...common(req, res), ...data, ...localHelpers(req) }), status);
    },
    partial(req, res, name, data, status = 200) {
      send(res, eta.render(`partials/${name}`, { ...common(req, res), ...data, ...localHelpers(req) }), status);
    },
  };
}
