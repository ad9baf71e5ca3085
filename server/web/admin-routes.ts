// The administrator's pages: users with their server roles and work roles (add, change, set a
// password, remove), and the auth log (sign-ins, failed and throttled sign-ins, sign-outs, account
// and role changes), filterable by kind and user. What each needs is declared in auth/permissions.ts.
import { Router, type Request, type Response } from 'express';
import { roles } from '../auth/permissions.ts';
import { minPasswordLength } from '../auth/password-hash.ts';
import { listWorks } from '../db/works.ts';
import { addUser, changeRole, changeWorkRole, listAccounts, readAuthLog, removeUser, setPassword } from '../services/accounts.ts';
import { InputError } from '../services/errors.ts';
import type { Workspace } from '../services/workspace.ts';
import { accountSettings } from './access.ts';
import { requireCsrfToken } from './csrf.ts';
import { describeError } from './errors.ts';
import { isHtmx, type Renderer } from './render.ts';

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function adminRoutes(workspace: Workspace, renderer: Renderer): Router {
  const router = Router();
  const db = workspace.db;
  const settings = accountSettings(workspace);
  const acting = (req: Request, res: Response) => ({ actor: res.locals.user!.name, address: (req.ip ?? '').slice(0, 64) });

  const usersPage = (req: Request, res: Response, data: Record<string, unknown> = {}, status = 200) => {
    const view = { accounts: listAccounts(db), roles, works: listWorks(db), minPasswordLength, ...data };
    if (isHtmx(req)) renderer.partial(req, res, 'admin-users', view, status);
    else renderer.page(req, res, 'admin', view, status);
  };

  /** Runs an account change; a refusal is shown above the list, which stays as it is. */
  const change = (action: (req: Request, res: Response) => Promise<unknown> | unknown, done: string) => async (req: Request, res: Response) => {
    try {
      await action(req, res);
    } catch (error) {
      if (error instanceof InputError) return usersPage(req, res, { error: describeError(req, error, workspace.config.maxUploadBytes).message }, error.status);
      throw error;
    }
    if (!isHtmx(req)) return res.redirect(303, '/admin');
    usersPage(req, res, { message: req.t(done, { name: String(req.params.name ?? field(req, 'name')) }) });
  };

  router.get('/admin', (req, res) => usersPage(req, res));

  router.post('/admin/users', requireCsrfToken, change((req, res) => addUser(db, { name: field(req, 'name'), role: field(req, 'role'), password: field(req, 'password') }, acting(req, res), settings), 'accounts:admin.added'));

  router.post('/admin/users/:name/role', requireCsrfToken, change((req, res) => changeRole(db, String(req.params.name), field(req, 'role'), acting(req, res)), 'accounts:admin.roleChanged'));

  router.post('/admin/users/:name/work-role', requireCsrfToken, change((req, res) => changeWorkRole(db, String(req.params.name), field(req, 'work'), field(req, 'role'), acting(req, res)), 'accounts:admin.workRoleChanged'));

  router.post('/admin/users/:name/password', requireCsrfToken, change((req, res) => setPassword(db, String(req.params.name), field(req, 'password'), acting(req, res), settings), 'accounts:admin.passwordSet'));

  router.post('/admin/users/:name/remove', requireCsrfToken, change((req, res) => removeUser(db, String(req.params.name), acting(req, res)), 'accounts:admin.removed'));

  router.get('/admin/auth-log', (req, res) => {
    const log = readAuthLog(db, { kind: typeof req.query.kind === 'string' ? req.query.kind : undefined, user: typeof req.query.user === 'string' ? req.query.user : undefined });
    if (isHtmx(req)) renderer.partial(req, res, 'auth-log-events', { log });
    else renderer.page(req, res, 'auth-log', { log });
  });

  return router;
}
