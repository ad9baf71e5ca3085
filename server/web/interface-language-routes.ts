// Switching the interface language: remembered in a cookie for a year.
import { Router } from 'express';
import { InputError } from '../services/errors.ts';
import { requireCsrfToken } from './csrf.ts';
import { isInterfaceLanguage, languageCookie } from './i18n.ts';

/** Only paths on this site may be returned to. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/';
}

export function interfaceLanguageRoutes(): Router {
  const router = Router();
  router.post('/interface-language', requireCsrfToken, (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (!isInterfaceLanguage(body.lang)) throw new InputError(req.t('errors.unknownInterfaceLanguage'), 400, 'lang');
    res.cookie(languageCookie, body.lang, { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', path: '/', httpOnly: false });
    res.redirect(303, safeReturnPath(body.return));
  });
  return router;
}
