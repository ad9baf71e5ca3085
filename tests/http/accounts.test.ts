// Accounts over HTTP: local mode, signing in and out, the session cookie (attributes, a new one at
// every sign-in, expiry after inactivity), throttling of failed sign-ins per account and per address,
// CSRF tokens that belong to their session, changing one's password, the set-up page, the
// administrator's pages and auth log, and the history filtered by who made the events.
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { listAuthEvents } from '../../server/db/auth-events.ts';
import { localUserName } from '../../server/auth/local-user.ts';
import { createTestApp, dumpDatabase, getCsrf, unescapeHtml, whileAnotherConnectionWrites, type TestApp } from './helpers.ts';
import { cookieValue, createTeamApp, password, postLogin, signIn } from './accounts-helpers.ts';

const slug = 'declaration-2005';
let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const team = () =>
  createTeamApp([
    { name: 'ada', role: 'administrator' },
    { name: 'eve', role: 'editor' },
    { name: 'rita', role: 'reader' },
  ]);

describe('local mode (no accounts)', () => {
  it('needs no sign-in on loopback, shows the local user and records their name', async () => {
    t = await createTestApp();
    const page = await request(t.app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${localUserName()} · local user`);
    const csrf = await getCsrf(t.app, `/works/${slug}`);
    const edit = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, op: 'confirm', row: '1' });
    expect(edit.status).toBe(303);
    const actor = t.workspace.db.prepare("SELECT actor FROM events WHERE kind = 'confirm' ORDER BY id DESC LIMIT 1").pluck().get();
    expect(actor).toBe(localUserName());
  });

  it('is not granted to a request a proxy passed on', async () => {
    t = await createTestApp();
    const res = await request(t.app).get('/').set('X-Forwarded-For', '203.0.113.9');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?return=%2F');
  });

  it('offers the set-up page on loopback, which creates the first administrator and signs them in', async () => {
    t = await createTestApp({ env: { TRIPTYCH_PASSWORD_HASH_LOG_N: '10' } });
    const form = await request(t.app).get('/setup');
    expect(form.status).toBe(200);
    const csrf = await getCsrf(t.app, '/setup');
    const differ = await request(t.app).post('/setup').set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, name: 'ada', password, repeat: 'something else' });
    expect(differ.status).toBe(400);
    expect(differ.text).toContain('The new password and its repetition differ.');
    const made = await request(t.app).post('/setup').set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, name: 'ada', password, repeat: password });
    expect(made.status).toBe(303);
    expect(made.headers.location).toBe('/admin');
    const session = cookieValue(made.headers['set-cookie'], 'triptych_session');
    expect(session).toBeTruthy();
    const admin = await request(t.app).get('/admin').set('Cookie', `triptych_session=${session}`);
    expect(admin.status).toBe(200);
    expect(admin.text).toContain('data-user="ada"');
    // now there are accounts: the page is gone, and nobody is the local user any more
    expect((await request(t.app).get('/setup')).status).toBe(404);
    expect((await request(t.app).get('/')).status).toBe(303);
  });

  it('keeps the set-up page from requests a proxy passed on', async () => {
    t = await createTestApp();
    expect((await request(t.app).get('/setup').set('X-Forwarded-For', '203.0.113.9')).status).toBe(404);
  });
});

describe('signing in and out', () => {
  it('sends the anonymous to the sign-in page, and refuses their changes and htmx requests', async () => {
    t = await team();
    const page = await request(t.app).get(`/works/${slug}?offset=5`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?return=${encodeURIComponent(`/works/${slug}?offset=5`)}`);
    const htmx = await request(t.app).get(`/works/${slug}/rows`).set('HX-Request', 'true');
    expect(htmx.status).toBe(401);
    expect(htmx.headers['hx-redirect']).toMatch(/^\/login\?return=/);
    const before = dumpDatabase(t.workspace.db);
    const post = await request(t.app).post(`/works/${slug}/edit`).type('form').send({ op: 'confirm', row: '1' });
    expect(post.status).toBe(401);
    expect(post.text).toContain('Sign in first.');
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    expect((await request(t.app).get('/login')).status).toBe(200);
    expect((await request(t.app).get('/static/triptych.css')).status).toBe(200);
  });

  it('signs in with the right password: an HttpOnly, SameSite=Lax session cookie, back to where the user was', async () => {
    t = await team();
    const wrong = await postLogin(t.app, 'eve', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The name or the password is not right.');
    expect(cookieValue(wrong.headers['set-cookie'], 'triptych_session')).toBeUndefined();
    const unknown = await postLogin(t.app, 'nobody', password);
    expect(unknown.status).toBe(401);

    const ok = await postLogin(t.app, 'EVE', password);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    const cookie = ([] as string[]).concat(ok.headers['set-cookie']).find((c) => c.startsWith('triptych_session='))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
    const home = await request(t.app).get('/').set('Cookie', cookie.split(';')[0]);
    expect(home.status).toBe(200);
    expect(home.text).toContain('<a class="user-name" href="/account">eve</a>');
    const kinds = listAuthEvents(t.workspace.db, { limit: 10 }).filter((e) => e.kind.startsWith('sign-in')).map((e) => `${e.kind}:${e.userName}`);
    expect(kinds).toEqual(['sign-in:eve', 'sign-in-failed:nobody', 'sign-in-failed:eve']);
  });

  it('marks the cookie Secure when served over HTTPS (behind a trusted proxy)', async () => {
    t = await createTeamApp([{ name: 'ada', role: 'administrator' }], { TRIPTYCH_TRUST_PROXY: 'loopback' });
    const csrf = await getCsrf(t.app, '/login');
    const res = await request(t.app).post('/login').set('X-Forwarded-Proto', 'https').set('Cookie', csrf.cookie).type('form').send({ _csrf: csrf.token, name: 'ada', password });
    expect(res.status).toBe(303);
    expect(([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('triptych_session='))).toMatch(/; Secure/i);
  });

  it('makes a new session at every sign-in: an identifier known before it never becomes a signed-in session', async () => {
    t = await team();
    const first = await signIn(t.app, 'rita');
    // the reader's browser carries rita's session (or one an attacker planted) when eve signs in on it
    const again = await postLogin(t.app, 'eve', password, first.cookie);
    const second = cookieValue(again.headers['set-cookie'], 'triptych_session')!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first.sessionId);
    // the identifier from before the sign-in is ended, not promoted
    expect((await request(t.app).get('/').set('Cookie', first.cookie)).status).toBe(303);
    const planted = await postLogin(t.app, 'eve', password, 'triptych_session=' + 'A'.repeat(43));
    expect(cookieValue(planted.headers['set-cookie'], 'triptych_session')).not.toBe('A'.repeat(43));
  });

  it('signs out: the cookie is cleared and the session no longer opens anything', async () => {
    t = await team();
    const s = await signIn(t.app, 'eve');
    const out = await request(t.app).post('/logout').set('Cookie', s.cookie).type('form').send({ _csrf: s.token });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(([] as string[]).concat(out.headers['set-cookie']).some((c) => /^triptych_session=;/.test(c))).toBe(true);
    expect((await request(t.app).get('/').set('Cookie', s.cookie)).status).toBe(303);
    expect(listAuthEvents(t.workspace.db, { kind: 'sign-out', limit: 5 }).map((e) => e.userName)).toEqual(['eve']);
  });

  it('ends a session after the configured inactivity', async () => {
    t = await createTeamApp([{ name: 'ada', role: 'administrator' }], { TRIPTYCH_SESSION_IDLE_MINUTES: '30' });
    const s = await signIn(t.app, 'ada');
    expect((await request(t.app).get('/').set('Cookie', s.cookie)).status).toBe(200);
    // 29 minutes without a request: still open (and the request counts as activity)
    t.workspace.db.prepare('UPDATE sessions SET last_seen_at = ?').run(new Date(Date.now() - 29 * 60_000).toISOString());
    expect((await request(t.app).get('/').set('Cookie', s.cookie)).status).toBe(200);
    const seen = Date.parse(t.workspace.db.prepare('SELECT last_seen_at FROM sessions').pluck().get() as string);
    expect(Date.now() - seen).toBeLessThan(60_000);
    // 31 minutes: over
    t.workspace.db.prepare('UPDATE sessions SET last_seen_at = ?').run(new Date(Date.now() - 31 * 60_000).toISOString());
    const expired = await request(t.app).get('/').set('Cookie', s.cookie);
    expect(expired.status).toBe(303);
    expect(expired.headers.location).toMatch(/^\/login/);
    expect(t.workspace.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
  });
});

describe('throttling failed sign-ins', () => {
  it('after 5 failures of one account, refuses it (429, Retry-After) even with the right password, without hashing', async () => {
    t = await team();
    for (let i = 0; i < 5; i++) expect((await postLogin(t.app, 'eve', `wrong ${i}`)).status).toBe(401);
    const started = performance.now();
    const refused = await postLogin(t.app, 'eve', password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(refused.text).toMatch(/Too many failed sign-ins: wait \d+ seconds/);
    expect(cookieValue(refused.headers['set-cookie'], 'triptych_session')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5_000);
    // another account from the same address is not held up by eve's failures
    expect((await postLogin(t.app, 'rita', password)).status).toBe(303);
    // once the delay has passed (the failures are 31 s old), the right password works and ends the run
    t.workspace.db.prepare("UPDATE auth_events SET at = ? WHERE kind = 'sign-in-failed'").run(new Date(Date.now() - 31_000).toISOString());
    expect((await postLogin(t.app, 'eve', password)).status).toBe(303);
    expect((await postLogin(t.app, 'eve', 'wrong again')).status).toBe(401);
    expect(listAuthEvents(t.workspace.db, { kind: 'sign-in-throttled', limit: 5 }).map((e) => e.userName)).toEqual(['eve']);
  });

  it('doubles the delay with every further failure', async () => {
    t = await team();
    const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
    const insert = t.workspace.db.prepare("INSERT INTO auth_events (at, kind, user_name, address) VALUES (?, 'sign-in-failed', 'eve', 'elsewhere')");
    for (let i = 0; i < 7; i++) insert.run(at(50));
    // 7 failures: 30 s × 2² = 120 s after the latest
    const refused = await postLogin(t.app, 'eve', password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(70);
  });

  it('after 20 failures from one address, refuses every account from it', async () => {
    t = await team();
    for (let i = 0; i < 20; i++) expect((await postLogin(t.app, `guess${i}`, 'wrong')).status).toBe(401);
    expect((await postLogin(t.app, 'ada', password)).status).toBe(429);
  });
});

describe('CSRF tokens belong to their session', () => {
  it("refuses a state change made with another session's token, and accepts the session's own", async () => {
    t = await team();
    const eve = await signIn(t.app, 'eve');
    const ada = await signIn(t.app, 'ada');
    expect(eve.token).not.toBe(ada.token);
    const before = dumpDatabase(t.workspace.db);
    const foreign = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', eve.cookie).type('form').send({ _csrf: ada.token, op: 'confirm', row: '1' });
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('The form has expired or did not come from this site');
    // the pre-session double-submit cookie is no key either once there is a session
    const csrf = await getCsrf(t.app, '/login');
    const cookieOnly = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', `${eve.cookie}; ${csrf.cookie}`).type('form').send({ _csrf: csrf.token, op: 'confirm', row: '1' });
    expect(cookieOnly.status).toBe(403);
    expect(dumpDatabase(t.workspace.db)).toEqual(before);
    const own = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', eve.cookie).type('form').send({ _csrf: eve.token, op: 'confirm', row: '1' });
    expect(own.status).toBe(303);
    expect(t.workspace.db.prepare("SELECT actor FROM events WHERE kind = 'confirm'").pluck().get()).toBe('eve');
  });
});

describe('one\'s own password', () => {
  it('changes with the current one; the other sessions end, this one stays', async () => {
    t = await team();
    const here = await signIn(t.app, 'eve');
    const elsewhere = await signIn(t.app, 'eve');
    const change = (body: Record<string, string>) => request(t!.app).post('/account/password').set('Cookie', here.cookie).type('form').send({ _csrf: here.token, ...body });
    const wrong = await change({ current: 'not it', password: 'a new password here', repeat: 'a new password here' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('The current password is not right.');
    expect((await change({ current: password, password: 'short', repeat: 'short' })).status).toBe(400);
    const ok = await change({ current: password, password: 'a new password here', repeat: 'a new password here' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Your password has been changed');
    expect((await request(t.app).get('/').set('Cookie', here.cookie)).status).toBe(200);
    expect((await request(t.app).get('/').set('Cookie', elsewhere.cookie)).status).toBe(303);
    expect((await postLogin(t.app, 'eve', password)).status).toBe(401);
    expect((await postLogin(t.app, 'eve', 'a new password here')).status).toBe(303);
  });
});

describe('the administrator', () => {
  it('adds users, changes roles (never the last administrator\'s) and sees it all in the auth log', async () => {
    t = await team();
    const ada = await signIn(t.app, 'ada');
    const post = (path: string, body: Record<string, string>) => request(t!.app).post(path).set('Cookie', ada.cookie).set('HX-Request', 'true').type('form').send({ _csrf: ada.token, ...body });
    expect((await post('/admin/users', { name: 'tom', role: 'terminologist', password })).status).toBe(200);
    expect((await post('/admin/users/tom/role', { role: 'reviewer' })).status).toBe(200);
    expect((await post('/admin/users/rita/work-role', { work: slug, role: 'editor' })).status).toBe(200);
    const last = await post('/admin/users/ada/role', { role: 'editor' });
    expect(last.status).toBe(409);
    expect(unescapeHtml(last.text)).toContain("'ada' is the last administrator");
    await postLogin(t.app, 'tom', 'wrong password');
    const log = await request(t.app).get('/admin/auth-log').set('Cookie', ada.cookie);
    expect(log.status).toBe(200);
    for (const text of ['user added', 'role changed', 'terminologist → reviewer', 'work role changed', `${slug}: (reader) → editor`, 'failed sign-in', 'signed in']) {
      expect(log.text).toContain(text);
    }
    const onlyTom = await request(t.app).get('/admin/auth-log?user=tom&kind=role-changed').set('Cookie', ada.cookie);
    expect(onlyTom.text).toContain('terminologist → reviewer');
    expect(onlyTom.text).not.toContain('class="auth-user-added"');
    // rita edits this work now, but not others
    const rita = await signIn(t.app, 'rita');
    const page = await request(t.app).get(`/works/${slug}`).set('Cookie', rita.cookie);
    expect(page.text).toContain('id="editor-toolbar"');
  });

  it('is the only one to open the users page and the auth log', async () => {
    t = await team();
    const eve = await signIn(t.app, 'eve');
    for (const path of ['/admin', '/admin/auth-log']) {
      const res = await request(t.app).get(path).set('Cookie', eve.cookie);
      expect(res.status).toBe(403);
      expect(res.text).toContain('You are signed in as eve (editor); this needs the role administrator or higher.');
    }
  });
});

describe('the history', () => {
  it('records who made each change and filters by them', async () => {
    t = await team();
    const eve = await signIn(t.app, 'eve');
    const ada = await signIn(t.app, 'ada');
    for (const [s, row] of [[eve, '1'], [ada, '2'], [eve, '3']] as const) {
      const res = await request(t.app).post(`/works/${slug}/edit`).set('Cookie', s.cookie).type('form').send({ _csrf: s.token, op: 'confirm', row });
      expect(res.status).toBe(303);
    }
    const all = await request(t.app).get(`/works/${slug}/history?kind=confirm`).set('Cookie', eve.cookie);
    expect(all.text).toContain('<option value="eve">eve</option>');
    expect(all.text).toContain('<option value="ada">ada</option>');
    const onlyEve = await request(t.app).get(`/works/${slug}/history?actor=eve`).set('Cookie', eve.cookie).set('HX-Request', 'true');
    expect(onlyEve.status).toBe(200);
    expect(onlyEve.text).toContain('confirmed row 1');
    expect(onlyEve.text).toContain('confirmed row 3');
    expect(onlyEve.text).not.toContain('confirmed row 2');
  });
});

describe('the last-seen time of a session', () => {
  it('is skipped, never waited for, while another connection writes, and written by a later request', async () => {
    const t = await createTeamApp([{ name: 'ada', role: 'administrator' }], { TRIPTYCH_BUSY_TIMEOUT_MS: '30000' });
    try {
      const ada = await signIn(t.app, 'ada');
      const twoMinutesAgo = new Date(Date.now() - 120_000).toISOString();
      t.workspace.db.prepare('UPDATE sessions SET last_seen_at = ?').run(twoMinutesAgo);
      const lastSeen = () => t.workspace.db.prepare('SELECT last_seen_at FROM sessions').pluck().get();
      await whileAnotherConnectionWrites(t.dbFile, async () => {
        const started = Date.now();
        const res = await request(t.app).get('/account').set('Cookie', ada.cookie);
        expect(res.status).toBe(200);
        // far below the 30 s busy timeout it would otherwise have waited
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(lastSeen()).toBe(twoMinutesAgo);
      });
      expect((await request(t.app).get('/account').set('Cookie', ada.cookie)).status).toBe(200);
      expect(lastSeen()).not.toBe(twoMinutesAgo);
    } finally {
      t.close();
    }
  });
});

describe('a route in another case, or asked with HEAD', () => {
  it('needs what its declaration says, as Express routes it to the same handler', async () => {
    const t = await createTeamApp([{ name: 'ada', role: 'administrator' }, { name: 'rita', role: 'reader' }]);
    try {
      const rita = await signIn(t.app, 'rita');
      for (const path of ['/admin', '/ADMIN', '/Admin/auth-log', '/admin/']) {
        const res = await request(t.app).get(path).set('Cookie', rita.cookie);
        expect(res.status, path).toBe(403);
        expect(res.text, path).not.toContain('auth-log-table');
      }
      expect((await request(t.app).head('/admin').set('Cookie', rita.cookie)).status).toBe(403);
      expect((await request(t.app).head('/ADMIN/auth-log').set('Cookie', rita.cookie)).status).toBe(403);
      const ada = await signIn(t.app, 'ada');
      expect((await request(t.app).get('/ADMIN').set('Cookie', ada.cookie)).status).toBe(200);
      expect((await request(t.app).head('/admin').set('Cookie', ada.cookie)).status).toBe(200);
    } finally {
      t.close();
    }
  });
});
