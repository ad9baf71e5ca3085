// The role matrix: every state-changing route the app's router holds is found by walking the router
// (so a route added without a declaration in server/auth/permissions.ts fails here), and is posted by
// every role, by nobody, and with another session's CSRF token. A role the declaration does not allow
// gets 403 and changes nothing; one it allows is let through (whatever the route then says of the
// empty form); nobody gets 401; a foreign token gets 403. The README's table is the declarations'.
import fs from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStateChanging, permissionTable, roleGrants, roles, routeNeeds, type Role } from '../../server/auth/permissions.ts';
import { projectRoot } from '../../server/config.ts';
import { dumpDatabase, type TestApp } from './helpers.ts';
import { createTeamApp, signIn, type Session } from './accounts-helpers.ts';

const slug = 'declaration-2005';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route of the app as "METHOD /path", from the router's stack (routers nested in routers too). */
export function registeredRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const method of Object.keys(layer.route.methods)) for (const p of paths) out.push(`${method.toUpperCase()} ${p}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(out)];
}

/** A concrete path for a route: its parameters filled with things that exist. */
function concrete(route: string): string {
  const [, p] = route.split(' ');
  return p.replace(':slug', slug).replace(':a', 'en').replace(':b', 'ru').replace(':termId', '1').replace(':id', '1').replace(':name', 'target');
}

const denied = (res: request.Response) => (res.status === 403 && res.text.includes('You are signed in as')) || (res.status === 401 && res.text.includes('Sign in first.'));

describe('the role matrix', () => {
  let t: TestApp;
  const sessions = new Map<Role, Session>();
  let routes: string[];
  beforeAll(async () => {
    t = await createTeamApp([
      ...roles.map((role) => ({ name: role, role })),
      { name: 'target', role: 'reader' as Role },
    ]);
    for (const role of roles) sessions.set(role, await signIn(t.app, role));
    // signing out ends the session the rest of the walk uses: it goes last
    routes = registeredRoutes(t.app).filter((r) => isStateChanging(r.split(' ')[0])).sort((a, b) => Number(a === 'POST /logout') - Number(b === 'POST /logout'));
  });
  afterAll(() => t?.close());

  it('finds every state-changing route declared, and every declaration routed', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !routeNeeds[r])).toEqual([]);
    const all = registeredRoutes(t.app);
    expect(Object.keys(routeNeeds).filter((r) => !all.includes(r))).toEqual([]);
  });

  it('refuses nobody-signed-in on everything but signing in, setting up and the interface language', async () => {
    for (const route of routes) {
      const res = await request(t.app).post(concrete(route)).type('form').send({});
      const need = routeNeeds[route].need;
      if (need === 'anyone') expect(denied(res), `${route}: ${res.status}`).toBe(false);
      else expect(res.status, route).toBe(401);
    }
  });

  it('lets every role do exactly what the declarations allow', async () => {
    const outcomes: string[] = [];
    for (const route of routes) {
      for (const role of roles) {
        const session = sessions.get(role)!;
        const before = dumpDatabase(t.workspace.db);
        const res = await request(t.app).post(concrete(route)).set('Cookie', session.cookie).type('form').send({ _csrf: session.token });
        const need = routeNeeds[route].need;
        const allowed = need === 'anyone' || need === 'signed-in' || roleGrants(role, need);
        expect(res.status, `${route} as ${role}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
        if (allowed) expect(denied(res), `${route} as ${role} was refused`).toBe(false);
        else {
          expect(res.status, `${route} as ${role}`).toBe(403);
          expect(res.text).toContain(`You are signed in as ${role} (${role})`);
          expect(dumpDatabase(t.workspace.db), `${route} as ${role} changed the database`).toEqual(before);
        }
        outcomes.push(`${route} ${role} ${allowed ? 'allowed' : 'refused'}`);
      }
    }
    expect(outcomes.length).toBe(routes.length * roles.length);
  });

  it("refuses every state change made with another session's CSRF token", async () => {
    const admin = await signIn(t.app, 'administrator');
    const other = await signIn(t.app, 'reader');
    for (const route of routes) {
      const res = await request(t.app).post(concrete(route)).set('Cookie', admin.cookie).type('form').send({ _csrf: other.token });
      expect(res.status, route).toBe(403);
      expect(res.text, route).toContain('The form has expired or did not come from this site');
    }
  });

  it('hides what a role may not use: a reader sees no editor toolbar, import form, dismiss or termbase forms', async () => {
    // the walk above signed every role out last: sign in again
    const reader = await signIn(t.app, 'reader');
    const get = (p: string) => request(t.app).get(p).set('Cookie', reader.cookie);
    const work = await get(`/works/${slug}`);
    expect(work.status).toBe(200);
    expect(work.text).not.toContain('id="editor-toolbar"');
    expect(work.text).not.toContain('id="annotation-form"');
    expect(work.text).toContain('<nav class="editor-nav"');
    expect((await get('/')).text).not.toContain('action="/import"');
    expect((await get(`/works/${slug}/checks`)).text).not.toContain('/checks/dismiss');
    expect((await get('/terms')).text).not.toContain('action="/terms/import"');
    // the pair view is the same editor: no toolbar for a reader there either
    const pair = await get(`/works/${slug}/pairs/en/ru`);
    expect(pair.status).toBe(200);
    expect(pair.text).not.toContain('id="editor-toolbar"');
    expect(pair.text).toContain('<nav class="editor-nav"');
    const removeForm = `action="/works/${slug}/versions/ru/remove"`;
    expect((await get(`/works/${slug}/versions/ru`)).text).not.toContain(removeForm);
    const editor = await signIn(t.app, 'editor');
    const asEditor = (p: string) => request(t.app).get(p).set('Cookie', editor.cookie);
    expect((await asEditor(`/works/${slug}`)).text).toContain('id="editor-toolbar"');
    expect((await asEditor(`/works/${slug}/pairs/en/ru`)).text).toContain('id="editor-toolbar"');
    expect((await asEditor('/')).text).toContain('action="/import"');
    // removing a version is an administrator's
    expect((await asEditor(`/works/${slug}/versions/ru`)).text).not.toContain(removeForm);
    const admin = await signIn(t.app, 'administrator');
    expect((await request(t.app).get(`/works/${slug}/versions/ru`).set('Cookie', admin.cookie)).text).toContain(removeForm);
  });
});

describe('a role for one work', () => {
  it('overrides the server role there and nowhere else', async () => {
    const t = await createTeamApp([
      { name: 'ada', role: 'administrator' },
      { name: 'rob', role: 'reader', workRoles: { [slug]: 'editor' } },
      { name: 'ed', role: 'editor', workRoles: { [slug]: 'reader' } },
    ]);
    try {
      const rob = await signIn(t.app, 'rob');
      const ed = await signIn(t.app, 'ed');
      const confirm = (s: Session) => request(t.app).post(`/works/${slug}/edit`).set('Cookie', s.cookie).type('form').send({ _csrf: s.token, op: 'confirm', row: '1' });
      expect((await confirm(rob)).status).toBe(303);
      const refused = await confirm(ed);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('You are signed in as ed (reader)');
      // importing into the work named in the form follows that work's role
      const importInto = (s: Session, work: string) =>
        request(t.app).post('/import').set('Cookie', s.cookie).field('_csrf', s.token).field('work', work).field('title', 'New').field('lang', 'en').field('status', 'working').field('name', 'en-x')
          .attach('file', Buffer.from('A sentence to import.\n'), 'x.txt');
      expect((await importInto(rob, 'other-work')).status).toBe(403);
      expect((await importInto(ed, slug)).status).toBe(403);
      expect((await importInto(rob, slug)).status).toBe(303);
    } finally {
      t.close();
    }
  });
});

describe('the README', () => {
  it('holds the table of the declarations', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme, `README.md should contain:\n${permissionTable()}`).toContain(permissionTable());
  });
});
