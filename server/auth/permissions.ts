// Who may do what, in one place: the roles, what each role may do, and what every state-changing
// route and every CLI command needs. The web's authorisation middleware, the CLI, the templates (which
// buttons to show), the README's table and the role-matrix test all read these tables; a route or a
// command that is not declared here is refused (and fails the test that walks the router).
// Pure data and lookups: no Express, no database.

export const roles = ['administrator', 'terminologist', 'editor', 'reviewer', 'reader'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/**
 * What a user may do. `read` covers every page and export. A permission marked per work is granted
 * by the user's role for that work (the server role unless a work role overrides it); the others by
 * the server role alone.
 */
export const permissions = {
  read: { roles: ['administrator', 'terminologist', 'editor', 'reviewer', 'reader'], perWork: true },
  annotate: { roles: ['administrator', 'terminologist', 'editor', 'reviewer'], perWork: true },
  review: { roles: ['administrator', 'editor', 'reviewer'], perWork: true },
  edit: { roles: ['administrator', 'editor'], perWork: true },
  import: { roles: ['administrator', 'editor'], perWork: true },
  /** removing what was imported: a version of a work (its pairs go with it) */
  delete: { roles: ['administrator'], perWork: true },
  termbase: { roles: ['administrator', 'terminologist'], perWork: false },
  administer: { roles: ['administrator'], perWork: false },
} as const satisfies Record<string, { roles: readonly Role[]; perWork: boolean }>;
export type Permission = keyof typeof permissions;

/** What a request or command needs: a permission, any signed-in user, or nobody in particular. */
export type Need = Permission | 'signed-in' | 'anyone';

export function roleGrants(role: Role, permission: Permission): boolean {
  return (permissions[permission].roles as readonly Role[]).includes(role);
}

/** The weakest role that has a permission, for messages ("this needs the editor role"). */
export function weakestRoleFor(permission: Permission): Role {
  const allowed = permissions[permission].roles as readonly Role[];
  return [...roles].reverse().find((r) => allowed.includes(r)) ?? 'administrator';
}

export interface RouteDeclaration {
  need: Need;
  /** Where the work the permission applies to is named: the path's :slug, or a form field (checked by the route). */
  work?: 'path' | 'field';
  /** For the README: what the route does. */
  what: string;
}

/**
 * Every state-changing route (method and path exactly as the router registers it), and the pages
 * that need more than `read`. Other GETs need `read` (any signed-in user; in local mode, the local
 * user); the sign-in and set-up pages need nothing.
 */
export const routeNeeds: Record<string, RouteDeclaration> = {
  'POST /login': { need: 'anyone', what: 'sign in' },
  'POST /setup': { need: 'anyone', what: 'create the first administrator (loopback, no users yet)' },
  'POST /logout': { need: 'signed-in', what: 'sign out' },
  'POST /account/password': { need: 'signed-in', what: 'change one\'s own password' },
  'POST /account/tokens': { need: 'signed-in', what: 'make a personal API token of one\'s own' },
  'POST /account/tokens/:id/revoke': { need: 'signed-in', what: 'revoke a personal API token of one\'s own' },
  'POST /interface-language': { need: 'anyone', what: 'choose the interface language' },

  'POST /import': { need: 'import', work: 'field', what: 'import a version' },
  'POST /works/:slug/versions/:name/remove': { need: 'delete', work: 'path', what: 'remove a version (its pairs go with it)' },
  'POST /works/:slug/edit': { need: 'edit', work: 'path', what: 'edit the alignment (three-column view)' },
  'POST /works/:slug/undo': { need: 'edit', work: 'path', what: 'undo an edit' },
  'POST /works/:slug/redo': { need: 'edit', work: 'path', what: 'redo an edit' },
  'POST /works/:slug/realign': { need: 'edit', work: 'path', what: 're-align rows' },
  'POST /works/:slug/pairs/:a/:b/edit': { need: 'edit', work: 'path', what: 'edit a pair\'s alignment' },
  'POST /works/:slug/pairs/:a/:b/undo': { need: 'edit', work: 'path', what: 'undo an edit of a pair' },
  'POST /works/:slug/pairs/:a/:b/redo': { need: 'edit', work: 'path', what: 'redo an edit of a pair' },
  'POST /works/:slug/pairs/:a/:b/realign': { need: 'edit', work: 'path', what: 're-align a pair\'s rows' },
  'POST /works/:slug/annotations': { need: 'annotate', work: 'path', what: 'flag words (annotation)' },
  'POST /works/:slug/annotations/:id/status': { need: 'annotate', work: 'path', what: 'resolve or reopen an annotation' },
  'POST /works/:slug/checks/dismiss': { need: 'review', work: 'path', what: 'dismiss a finding' },
  'POST /works/:slug/checks/restore': { need: 'review', work: 'path', what: 'restore a dismissed finding' },

  'POST /terms': { need: 'termbase', what: 'add a concept' },
  'POST /terms/import': { need: 'termbase', what: 'import a termbase file' },
  'POST /terms/:id': { need: 'termbase', what: 'edit a concept' },
  'POST /terms/:id/delete': { need: 'termbase', what: 'delete a concept' },
  'POST /terms/:id/terms': { need: 'termbase', what: 'add a term' },
  'POST /terms/:id/terms/:termId': { need: 'termbase', what: 'edit a term' },
  'POST /terms/:id/terms/:termId/delete': { need: 'termbase', what: 'delete a term' },

  'POST /statistics/findings': { need: 'read', what: 'count the open findings of every work (a job)' },

  // the JSON API (server/web/api-routes.ts): an API token's owner or the session's user, as for the pages
  'GET /api/v1': { need: 'read', what: 'API: its version and links' },
  'GET /api/v1/works': { need: 'read', what: 'API: list works with their versions' },
  'GET /api/v1/works/:slug': { need: 'read', work: 'path', what: 'API: a work, its columns and pairs' },
  'GET /api/v1/works/:slug/versions': { need: 'read', work: 'path', what: 'API: a work\'s versions' },
  'GET /api/v1/works/:slug/rows': { need: 'read', work: 'path', what: 'API: a page of the three-column view' },
  'GET /api/v1/works/:slug/pairs/:a/:b/beads': { need: 'read', work: 'path', what: 'API: a page of a pair\'s beads' },
  'POST /api/v1/works/:slug/versions': { need: 'import', work: 'path', what: 'API: import a version (a job)' },
  'POST /api/v1/works/:slug/alignments': { need: 'edit', work: 'path', what: 'API: align a work or a pair (a job)' },
  'GET /api/v1/jobs': { need: 'read', what: 'API: one\'s jobs (an administrator\'s: all)' },
  'GET /api/v1/jobs/:id': { need: 'read', what: 'API: a job\'s progress and result (its owner or an administrator)' },
  'GET /api/v1/search': { need: 'read', what: 'API: the parallel concordance' },
  'GET /api/v1/works/:slug/export': { need: 'read', work: 'path', what: 'API: export a work' },
  'GET /api/v1/statistics': { need: 'read', what: 'API: statistics of the corpus' },
  'GET /api/v1/works/:slug/statistics': { need: 'read', work: 'path', what: 'API: statistics of a work' },

  'GET /admin': { need: 'administer', what: 'the users and their roles' },
  'GET /admin/auth-log': { need: 'administer', what: 'sign-ins, failures and account changes' },
  'POST /admin/users': { need: 'administer', what: 'add a user' },
  'POST /admin/users/:name/role': { need: 'administer', what: 'change a user\'s server role' },
  'POST /admin/users/:name/work-role': { need: 'administer', what: 'set or clear a user\'s role for one work' },
  'POST /admin/users/:name/password': { need: 'administer', what: 'set a user\'s password' },
  'POST /admin/users/:name/remove': { need: 'administer', what: 'remove a user' },
};

/** Every CLI command (with its action, for those that have one) and what it needs of the CLI's user. */
export const commandNeeds: Record<string, { need: Need; what: string }> = {
  import: { need: 'import', what: 'import a version (into the --work named)' },
  remove: { need: 'delete', what: 'remove a version from a work (the --work named)' },
  export: { need: 'read', what: 'export a work' },
  'export --all': { need: 'read', what: 'export every work (--all given first)' },
  batch: { need: 'import', what: 'import and align many works from a folder or manifest' },
  search: { need: 'read', what: 'search every work (the parallel concordance)' },
  check: { need: 'read', what: 'print the check report' },
  align: { need: 'anyone', what: 'align two files (no database)' },
  eval: { need: 'anyone', what: 'score the aligner on benchmark sets (no database)' },
  'terms export': { need: 'read', what: 'export the termbase' },
  'terms import': { need: 'termbase', what: 'import a termbase file' },
  'users list': { need: 'administer', what: 'list the users' },
  'users add': { need: 'administer', what: 'add a user (anyone, for the first administrator)' },
  'users role': { need: 'administer', what: 'change a user\'s role (server-wide or --work)' },
  'users passwd': { need: 'administer', what: 'set a user\'s password (anyone signed in as that user, for their own)' },
  'users remove': { need: 'administer', what: 'remove a user' },
  'users token': { need: 'administer', what: 'make a personal API token for a user (anyone acting as that user, for their own)' },
  'users tokens': { need: 'administer', what: 'list the API tokens of a user or of everyone (anyone acting as that user, their own)' },
  'users revoke-token': { need: 'administer', what: 'revoke a user\'s API token (anyone acting as that user, their own)' },
};

export const stateChangingMethods = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export function isStateChanging(method: string): boolean {
  return (stateChangingMethods as readonly string[]).includes(method.toUpperCase());
}

interface CompiledRoute {
  key: string;
  method: string;
  pattern: RegExp;
  params: string[];
  declaration: RouteDeclaration;
}

function compile(key: string, declaration: RouteDeclaration): CompiledRoute {
  const [method, path] = key.split(' ');
  const params: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  // Express matches paths without regard to case (and a trailing slash or none): so does this, or
  // /ADMIN would reach the handler of /admin without its declaration being checked
  return { key, method, pattern: new RegExp(`^${source}/?$`, 'i'), params, declaration };
}

const compiled = Object.entries(routeNeeds).map(([key, declaration]) => compile(key, declaration));

export interface MatchedRoute {
  key: string;
  declaration: RouteDeclaration;
  params: Record<string, string>;
}

/**
 * The declaration of a request's route (method and path as it arrives, HEAD as GET, case ignored as
 * Express ignores it), with the path's parameters; undefined when no declared route matches. A literal segment wins over a parameter (/terms/import
 * is not /terms/:id).
 */
export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  // Express answers HEAD with the GET handler: it needs what GET needs
  const asked = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const candidates = compiled.filter((c) => c.method === asked && c.pattern.test(path));
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a.params.length - b.params.length);
  const best = candidates[0];
  const match = best.pattern.exec(path)!;
  const params: Record<string, string> = {};
  best.params.forEach((name, i) => {
    try {
      params[name] = decodeURIComponent(match[i + 1]);
    } catch {
      params[name] = match[i + 1];
    }
  });
  return { key: best.key, declaration: best.declaration, params };
}

const mark = (allowed: boolean) => (allowed ? '✓' : '–');

function needLabel(need: Need, work?: 'path' | 'field'): string {
  if (need === 'anyone') return 'anyone';
  if (need === 'signed-in') return 'any user';
  return `\`${need}\`${permissions[need].perWork && work ? ' (work role)' : ''}`;
}

function rolesCells(need: Need): string {
  return roles.map((r) => mark(need === 'anyone' || need === 'signed-in' || roleGrants(r, need))).join(' | ');
}

/**
 * The README's table of who may do what, made from the declarations above (a test checks that the
 * README holds exactly this).
 */
export function permissionTable(): string {
  const head = `| route or command | what | needs | ${roles.join(' | ')} |\n|---|---|---|${roles.map(() => '---|').join('')}`;
  const routeRows = Object.entries(routeNeeds).map(([key, d]) => `| \`${key}\` | ${d.what} | ${needLabel(d.need, d.work)} | ${rolesCells(d.need)} |`);
  const commandRows = Object.entries(commandNeeds).map(([key, d]) => `| \`triptych ${key}\` | ${d.what} | ${needLabel(d.need)} | ${rolesCells(d.need)} |`);
  const pages = `| every other \`GET\` (pages, exports, jobs) | read | \`read\` (work role) | ${rolesCells('read')} |`;
  return [head, ...routeRows, pages, ...commandRows].join('\n');
}
