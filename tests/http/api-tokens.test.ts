// Personal API tokens through supertest on a real SQLite file: made and revoked on the account page
// (POST + CSRF, the token shown once and stored only as its SHA-256), used as `Authorization: Bearer`
// on the JSON API with the owner's roles of the moment and no CSRF token, and every way a token can
// be bad (revoked, expired, unknown, malformed, its owner removed) answered 401 JSON with
// WWW-Authenticate, never made good by a session cookie; refused tokens throttled per address; the
// last use written at most once a minute and never waited for.
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeRole, changeWorkRole, removeUser, setPassword } from '../../server/services/accounts.ts';
import { createApiToken } from '../../server/services/api-tokens.ts';
import { dumpDatabase, unescapeHtml, whileAnotherConnectionWrites, type TestApp } from './helpers.ts';
import { cookieValue, createTeamApp, signIn, type Session } from './accounts-helpers.ts';

const slug = 'declaration-2005';
const tokenPattern = /^tpt_[A-Za-z0-9_-]{43}$/;

/** Makes a token on the account page as htmx does; returns the answer and the token it shows. */
async function makeToken(t: TestApp, session: Session, fields: Record<string, string>) {
  const res = await request(t.app).post('/account/tokens').set('Cookie', session.cookie).set('HX-Request', 'true').type('form').send({ _csrf: session.token, ...fields });
  const secret = /id="new-token"[^>]*value="([^"]+)"/.exec(res.text)?.[1];
  return { res, secret };
}

async function tokenFor(t: TestApp, session: Session, name = 'a script'): Promise<string> {
  const { res, secret } = await makeToken(t, session, { name });
  expect(res.status, res.text.slice(0, 300)).toBe(201);
  expect(secret).toMatch(tokenPattern);
  return secret!;
}

const bearer = (token: string) => `Bearer ${token}`;
const tokenRows = (t: TestApp) => t.workspace.db.prepare('SELECT * FROM api_tokens ORDER BY id').all() as Array<Record<string, unknown>>;
const authEvents = (t: TestApp, kind: string) =>
  t.workspace.db.prepare('SELECT user_name AS userName, actor, detail FROM auth_events WHERE kind = ? ORDER BY id').all(kind) as Array<{ userName: string; actor: string; detail: string }>;

/** Every row of every table, as text: where a token's plaintext would show if it were stored anywhere. */
function everything(t: TestApp): string {
  const tables = t.workspace.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => JSON.stringify(t.workspace.db.prepare(`SELECT * FROM "${name}"`).raw().all(), (_k, v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v))).join('\n');
}

function expectRefused(res: request.Response, status = 401) {
  expect(res.status, res.text.slice(0, 200)).toBe(status);
  expect(res.type).toBe('application/json');
  expect(res.body).toEqual({ status, message: expect.any(String) });
  if (status === 401) expect(res.headers['www-authenticate']).toBe('Bearer realm="triptych", error="invalid_token"');
}

let addresses = 0;
/** A client address never used before (through the trusted proxy): refused tokens are throttled per address. */
const from = () => `198.51.100.${++addresses}`;

describe('API tokens', () => {
  let t: TestApp;
  let ada: Session;
  let eve: Session;
  let rita: Session;

  beforeAll(async () => {
    // behind a trusted proxy, so that each case of refused tokens comes from an address of its own (see `from`)
    t = await createTeamApp(
      [
        { name: 'ada', role: 'administrator' },
        { name: 'eve', role: 'editor' },
        { name: 'rita', role: 'reader' },
      ],
      { TRIPTYCH_TRUST_PROXY: 'loopback' },
    );
    [ada, eve, rita] = [await signIn(t.app, 'ada'), await signIn(t.app, 'eve'), await signIn(t.app, 'rita')];
  });
  afterAll(() => t?.close());

  describe('on the account page', () => {
    it('refuses to make a token without the CSRF token, and stores nothing', async () => {
      const before = { db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) };
      const tokenless = await request(t.app).post('/account/tokens').set('Cookie', eve.cookie).type('form').send({ name: 'sneaky' });
      expect(tokenless.status).toBe(403);
      expect(tokenless.text).toContain('The form has expired or did not come from this site');
      const foreign = await request(t.app).post('/account/tokens').set('Cookie', eve.cookie).type('form').send({ name: 'sneaky', _csrf: rita.token });
      expect(foreign.status).toBe(403);
      expect(tokenless.text + foreign.text).not.toMatch(/tpt_/);
      expect({ db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) }).toEqual(before);
    });

    it('shows a new token once, in the answer that made it, and keeps only its SHA-256', async () => {
      const { res, secret } = await makeToken(t, eve, { name: 'nightly <export>', days: '30' });
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      // the htmx answer is the tokens section alone, the name escaped
      expect(res.text.trimStart()).toMatch(/^<section id="account-tokens"/);
      expect(res.text).toContain('nightly &lt;export&gt;');
      expect(res.text).toContain('it will not be shown again');
      expect(secret).toMatch(tokenPattern);
      const [row] = tokenRows(t).filter((r) => r.name === 'nightly <export>');
      expect(row.secret_sha256).toBe(createHash('sha256').update(secret!).digest('hex'));
      expect(row.prefix).toBe(secret!.slice(0, 12));
      expect(Date.parse(String(row.expires_at)) - Date.parse(String(row.created_at))).toBe(30 * 86_400_000);
      expect(everything(t)).not.toContain(secret);
      expect(everything(t)).not.toContain(secret!.slice(12));
      // a later account page lists it by its prefix, never the token
      const page = await request(t.app).get('/account').set('Cookie', eve.cookie);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`${secret!.slice(0, 12)}…`);
      expect(page.text).toContain('nightly &lt;export&gt;');
      expect(page.text).not.toContain(secret);
      expect(page.text).not.toContain('id="new-token"');
      expect(authEvents(t, 'token-created').at(-1)).toMatchObject({ userName: 'eve', actor: 'eve', detail: expect.stringContaining(secret!.slice(0, 12)) });
      expect(authEvents(t, 'token-created').map((e) => e.detail).join('\n')).not.toContain(secret);
    });

    it('without htmx, answers the whole account page with the new token, not a redirect that would lose it', async () => {
      const res = await request(t.app).post('/account/tokens').set('Cookie', rita.cookie).type('form').send({ _csrf: rita.token, name: 'plain form' });
      expect(res.status).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<html');
      expect(/id="new-token"[^>]*value="(tpt_[^"]+)"/.exec(res.text)?.[1]).toMatch(tokenPattern);
    });

    it('refuses a nameless token, a bad expiry, saying why, and stores nothing', async () => {
      const before = tokenRows(t);
      for (const [fields, message] of [
        [{ name: '   ' }, /Give the token a name of 1 to 60 characters/],
        [{ name: 'x'.repeat(61) }, /Give the token a name/],
        [{ name: 'tab\there' }, /Give the token a name/],
        [{ name: 'ok', days: '0' }, /'0' is not a number of days/],
        [{ name: 'ok', days: '3651' }, /'3651' is not a number of days/],
        [{ name: 'ok', days: '1.5' }, /'1.5' is not a number of days/],
        [{ name: 'ok', days: 'soon' }, /'soon' is not a number of days/],
      ] as Array<[Record<string, string>, RegExp]>) {
        const { res, secret } = await makeToken(t, eve, fields);
        expect(res.status, JSON.stringify(fields)).toBe(400);
        expect(unescapeHtml(res.text)).toMatch(message);
        expect(secret).toBeUndefined();
      }
      // in the interface language
      const ru = await request(t.app).post('/account/tokens').set('Cookie', `${eve.cookie}; lang=ru`).set('HX-Request', 'true').type('form').send({ _csrf: eve.token, name: '' });
      expect(ru.status).toBe(400);
      expect(ru.text).toContain('Дайте токену название');
      expect(tokenRows(t)).toEqual(before);
    });

    it("revokes one's own token; another user's is as unknown as a missing one, and stays as it was", async () => {
      const secret = await tokenFor(t, eve, 'to revoke');
      const id = tokenRows(t).find((r) => r.name === 'to revoke')!.id as number;
      const before = { db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) };
      for (const other of [rita, ada]) {
        const res = await request(t.app).post(`/account/tokens/${id}/revoke`).set('Cookie', other.cookie).set('HX-Request', 'true').type('form').send({ _csrf: other.token });
        expect(res.status).toBe(404);
        expect(res.text).toContain(`has no API token ${id}`);
      }
      const csrfless = await request(t.app).post(`/account/tokens/${id}/revoke`).set('Cookie', eve.cookie).type('form').send({});
      expect(csrfless.status).toBe(403);
      expect(await request(t.app).post('/account/tokens/nope/revoke').set('Cookie', eve.cookie).type('form').send({ _csrf: eve.token }).then((r) => r.status)).toBe(404);
      expect({ db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) }).toEqual(before);
      expect((await request(t.app).get('/api/v1').set('Authorization', bearer(secret))).status).toBe(200);

      const revoked = await request(t.app).post(`/account/tokens/${id}/revoke`).set('Cookie', eve.cookie).set('HX-Request', 'true').type('form').send({ _csrf: eve.token });
      expect(revoked.status).toBe(200);
      expect(revoked.text).toContain('Revoked the token “to revoke”');
      expect(revoked.text).toMatch(new RegExp(`data-token="${id}" class="token-revoked"`));
      expect(tokenRows(t).find((r) => r.id === id)!.revoked_at).toEqual(expect.any(String));
      expect(authEvents(t, 'token-revoked').at(-1)).toMatchObject({ userName: 'eve', actor: 'eve' });
      expectRefused(await request(t.app).get('/api/v1').set('Authorization', bearer(secret)));
      // without htmx: back to the account page
      const again = await request(t.app).post(`/account/tokens/${id}/revoke`).set('Cookie', eve.cookie).type('form').send({ _csrf: eve.token });
      expect(again.status).toBe(303);
      expect(again.headers.location).toBe('/account');
    });
  });

  describe('on the API', () => {
    it('reads and changes as the owner, with no CSRF token and no cookie set', async () => {
      const secret = await tokenFor(t, eve, 'changes');
      const works = await request(t.app).get('/api/v1/works').set('Authorization', bearer(secret));
      expect(works.status).toBe(200);
      expect(works.body.works[0].slug).toBe(slug);
      expect(works.headers['set-cookie']).toBeUndefined();
      const started = await request(t.app).post('/api/v1/works/token-work/versions').set('Authorization', bearer(secret))
        .send({ title: 'Made with a token', lang: 'en', status: 'working', text: 'A first sentence.\nA second one.\n', segmentation: 'lines' });
      expect(started.status, started.text).toBe(202);
      expect(started.headers['set-cookie']).toBeUndefined();
      await t.workspace.jobs.get(started.body.id)?.finished;
      const job = await request(t.app).get(`/api/v1/jobs/${started.body.id}`).set('Authorization', bearer(secret));
      expect(job.body).toMatchObject({ state: 'done', result: { work: 'token-work', version: 'en', pairsAligned: [] } });
      const align = await request(t.app).post(`/api/v1/works/${slug}/alignments`).set('Authorization', bearer(secret)).send({ pair: ['en', 'ru'] });
      expect(align.status, align.text).toBe(202);
      await t.workspace.jobs.get(align.body.id)?.finished;
      expect((await request(t.app).get(`/api/v1/jobs/${align.body.id}`).set('Authorization', bearer(secret))).body.state).toBe('done');
      // the events of both name the token's owner
      const actorsOf = (work: string) => t.workspace.db.prepare('SELECT e.kind, e.actor FROM events e JOIN works w ON w.id = e.work_id WHERE w.slug = ? ORDER BY e.id').all(work) as Array<{ kind: string; actor: string }>;
      expect(actorsOf('token-work').map((e) => e.actor)).toEqual(['eve', 'eve']);
      expect(actorsOf(slug).at(-1)).toEqual({ kind: expect.stringMatching(/align/), actor: 'eve' });
      // the owner follows the job started with the token with their session too: it is theirs
      expect((await request(t.app).get(`/api/v1/jobs/${started.body.id}`).set('Cookie', eve.cookie)).status).toBe(200);
    });

    it('still takes only JSON, and refuses a cross-site request, with a token too', async () => {
      const secret = await tokenFor(t, eve, 'json only');
      const before = dumpDatabase(t.workspace.db);
      const form = await request(t.app).post(`/api/v1/works/${slug}/alignments`).set('Authorization', bearer(secret)).type('form').send('pair=en');
      expect(form.status).toBe(415);
      const crossSite = await request(t.app).post(`/api/v1/works/${slug}/alignments`).set('Authorization', bearer(secret)).set('Sec-Fetch-Site', 'cross-site').send({});
      expect(crossSite.status).toBe(403);
      expect(dumpDatabase(t.workspace.db)).toEqual(before);
    });

    it('refuses a revoked, expired, unknown or malformed token with 401 and WWW-Authenticate, a session cookie notwithstanding', async () => {
      const good = await tokenFor(t, eve, 'good');
      const expired = createApiToken(t.workspace.db, 'eve', { name: 'old', days: 1 }, { actor: 'test' }, Date.now() - 2 * 86_400_000).secret;
      const revoked = await tokenFor(t, eve, 'gone');
      const revokedId = tokenRows(t).find((r) => r.name === 'gone')!.id;
      await request(t.app).post(`/account/tokens/${revokedId}/revoke`).set('Cookie', eve.cookie).type('form').send({ _csrf: eve.token });
      const unknown = `tpt_${'A'.repeat(43)}`;
      const headers = [
        bearer(revoked),
        bearer(expired),
        bearer(unknown),
        bearer(good.slice(0, -1)),
        bearer(`${good}x`),
        `Bearer ${good.replace('tpt_', 'tpx_')}`,
        'Bearer',
        'Bearer ',
        'bearer   ',
        `Bearer ${good} ${good}`,
      ];
      const before = { db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) };
      for (const header of headers) {
        const address = from();
        expectRefused(await request(t.app).get(`/api/v1/works/${slug}`).set('X-Forwarded-For', address).set('Authorization', header));
        // with eve's own valid session and its CSRF token the request is still refused: the header decides
        expectRefused(await request(t.app).get('/api/v1/works').set('X-Forwarded-For', address).set('Authorization', header).set('Cookie', eve.cookie));
        expectRefused(
          await request(t.app).post(`/api/v1/works/${slug}/alignments`).set('X-Forwarded-For', address).set('Authorization', header).set('Cookie', eve.cookie).set('X-CSRF-Token', eve.token)
            .send({ pair: ['en', 'ru'] }),
        );
      }
      expect({ db: dumpDatabase(t.workspace.db), tokens: tokenRows(t) }).toEqual(before);
      const messages: string[] = [];
      for (const h of [bearer(expired), bearer(revoked), 'Bearer x']) messages.push((await request(t.app).get('/api/v1').set('X-Forwarded-For', from()).set('Authorization', h)).body.message);
      expect(messages).toEqual([expect.stringMatching(/has expired/), expect.stringMatching(/not valid: it was revoked, or never made here/), expect.stringMatching(/Authorization: Bearer tpt_/)]);
      const zh = await request(t.app).get('/api/v1').set('X-Forwarded-For', from()).set('Authorization', bearer(unknown)).set('Accept-Language', 'zh');
      expect(zh.body.message).toContain('此 API 令牌无效');
      // refusals are logged with the prefix of a token Triptych made, never a token
      const refusals = authEvents(t, 'token-refused');
      expect(refusals.some((e) => e.userName === 'eve' && e.detail.startsWith(`expired: ${expired.slice(0, 12)}…`))).toBe(true);
      expect(refusals.some((e) => e.userName === '' && e.detail === 'malformed')).toBe(true);
      expect(refusals.map((e) => e.detail).join('\n')).not.toMatch(/tpt_[A-Za-z0-9_-]{20}/);
      // the good token was never harmed, and a session without a header is as it was
      expect((await request(t.app).get('/api/v1').set('Authorization', bearer(good))).status).toBe(200);
      expect((await request(t.app).get('/api/v1').set('Cookie', eve.cookie)).status).toBe(200);
      // a header of another scheme (HTTP Basic of a proxy in front), or a token without its scheme, is
      // no token: the session decides, as without the header, and nothing is counted against the address
      const refusedBefore = authEvents(t, 'token-refused').length;
      for (const header of [`Basic ${Buffer.from('eve:correct horse battery').toString('base64')}`, good, 'Token abc']) {
        expect((await request(t.app).get('/api/v1/works').set('Authorization', header).set('Cookie', eve.cookie)).status, header).toBe(200);
        const alone = await request(t.app).get('/api/v1/works').set('Authorization', header);
        expect(alone.status, header).toBe(401);
        expect(alone.headers['www-authenticate']).toBe('Bearer realm="triptych"');
      }
      expect(authEvents(t, 'token-refused').length).toBe(refusedBefore);
      // nobody at all: 401 naming the scheme
      const anonymous = await request(t.app).get('/api/v1');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="triptych"');
    });

    it("acts with the owner's roles of the moment: a reader's token may read, not change, until the role changes", async () => {
      const secret = await tokenFor(t, rita, 'reader script');
      const post = () => request(t.app).post(`/api/v1/works/${slug}/alignments`).set('Authorization', bearer(secret)).send({ pair: ['en', 'ru'] });
      expect((await request(t.app).get(`/api/v1/works/${slug}/rows?limit=1`).set('Authorization', bearer(secret))).status).toBe(200);
      const before = dumpDatabase(t.workspace.db);
      const refused = await post();
      expect(refused.status).toBe(403);
      expect(refused.type).toBe('application/json');
      expect(refused.body.message).toContain('You are signed in as rita (reader); this needs the role editor or higher.');
      expect(dumpDatabase(t.workspace.db)).toEqual(before);
      // a role for this work applies at once, as for a session
      changeWorkRole(t.workspace.db, 'rita', slug, 'editor', { actor: 'ada' });
      const asEditor = await post();
      expect(asEditor.status, asEditor.text).toBe(202);
      await t.workspace.jobs.get(asEditor.body.id)?.finished;
      changeWorkRole(t.workspace.db, 'rita', slug, '', { actor: 'ada' });
      expect((await post()).status).toBe(403);
      changeRole(t.workspace.db, 'rita', 'editor', { actor: 'ada' });
      const promoted = await post();
      expect(promoted.status).toBe(202);
      await t.workspace.jobs.get(promoted.body.id)?.finished;
      changeRole(t.workspace.db, 'rita', 'reader', { actor: 'ada' });
      expect((await post()).status).toBe(403);
    });

    it('opens no page: there the header is ignored and the cookie decides', async () => {
      const secret = await tokenFor(t, ada, 'pages');
      const page = await request(t.app).get('/admin').set('Authorization', bearer(secret));
      expect(page.status).toBe(303);
      expect(page.headers.location).toMatch(/^\/login\?return=/);
      const change = await request(t.app).post('/admin/users').set('Authorization', bearer(secret)).type('form').send({ name: 'mallory', role: 'administrator', password: 'a long password' });
      expect(change.status).toBe(401);
      expect((await request(t.app).get('/admin').set('Authorization', 'Bearer rubbish').set('Cookie', ada.cookie)).status).toBe(200);
    });

    it("ends with its owner: a removed user's tokens go with them", async () => {
      const team = await createTeamApp([{ name: 'ada', role: 'administrator' }, { name: 'leo', role: 'editor' }]);
      try {
        const leo = await signIn(team.app, 'leo');
        const secret = await tokenFor(team, leo, 'leaving');
        expect((await request(team.app).get('/api/v1').set('Authorization', bearer(secret))).status).toBe(200);
        removeUser(team.workspace.db, 'leo', { actor: 'ada' });
        expect(tokenRows(team)).toEqual([]);
        expectRefused(await request(team.app).get('/api/v1').set('Authorization', bearer(secret)));
      } finally {
        team.close();
      }
    });
  });
});

describe('the last use of a token', () => {
  it('is written at most once a minute, and skipped, never waited for, while another connection writes', async () => {
    const t = await createTeamApp([{ name: 'ada', role: 'administrator' }], { TRIPTYCH_BUSY_TIMEOUT_MS: '30000' });
    try {
      const ada = await signIn(t.app, 'ada');
      const secret = await tokenFor(t, ada);
      const lastUsed = () => tokenRows(t)[0].last_used_at;
      expect(lastUsed()).toBeNull();
      // another process holds the write lock: the request is answered at once, and the use is not written
      await whileAnotherConnectionWrites(t.dbFile, async () => {
        const started = Date.now();
        const res = await request(t.app).get('/api/v1/works').set('Authorization', bearer(secret));
        expect(res.status).toBe(200);
        // far below the 30 s busy timeout it would otherwise have waited
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(lastUsed()).toBeNull();
        expect(t.workspace.db.pragma('busy_timeout', { simple: true })).toBe(30000);
      });
      expect((await request(t.app).get('/api/v1').set('Authorization', bearer(secret))).status).toBe(200);
      const first = lastUsed();
      expect(first).toEqual(expect.any(String));
      expect((await request(t.app).get('/api/v1').set('Authorization', bearer(secret))).status).toBe(200);
      expect(lastUsed()).toBe(first);
      // the account page shows it
      expect((await request(t.app).get('/account').set('Cookie', ada.cookie)).text).toContain(`datetime="${first}"`);
    } finally {
      t.close();
    }
  });
});

describe('refused tokens from one address', () => {
  it('are throttled after 20 in the window: 429 with Retry-After before any token is looked at', async () => {
    const t = await createTeamApp([{ name: 'ada', role: 'administrator' }]);
    try {
      const ada = await signIn(t.app, 'ada');
      const secret = await tokenFor(t, ada);
      for (let i = 0; i < 20; i++) expectRefused(await request(t.app).get('/api/v1').set('Authorization', bearer(`tpt_${String(i).padStart(43, 'x')}`)));
      const throttled = await request(t.app).get('/api/v1').set('Authorization', bearer(`tpt_${'y'.repeat(43)}`));
      expectRefused(throttled, 429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.body.message).toMatch(/Too many requests with a wrong API token/);
      // even the right token waits, from this address; the session cookie (no header) does not
      expectRefused(await request(t.app).get('/api/v1').set('Authorization', bearer(secret)), 429);
      expect((await request(t.app).get('/api/v1').set('Cookie', ada.cookie)).status).toBe(200);
      // throttled attempts are not themselves logged (a flood of them writes nothing)
      expect(t.workspace.db.prepare("SELECT COUNT(*) AS n FROM auth_events WHERE kind = 'token-refused'").get()).toEqual({ n: 20 });
    } finally {
      t.close();
    }
  });
});

describe('in local mode', () => {
  it('has no tokens: the account page offers none, making one is refused, a bearer header is refused', async () => {
    const t = await createTeamApp([]);
    try {
      const first = await request(t.app).get('/account');
      expect(first.status).toBe(200);
      expect(first.text).not.toContain('id="account-tokens"');
      const csrf = cookieValue(first.headers['set-cookie'], 'triptych_csrf')!;
      const made = await request(t.app).post('/account/tokens').set('Cookie', `triptych_csrf=${csrf}`).type('form').send({ _csrf: csrf, name: 'local' });
      expect(made.status).toBe(409);
      expect(made.text).toContain('In local mode there are no API tokens');
      expect(tokenRows(t)).toEqual([]);
      expectRefused(await request(t.app).get('/api/v1').set('Authorization', bearer(`tpt_${'z'.repeat(43)}`)));
      expect((await request(t.app).get('/api/v1')).status).toBe(200);
    } finally {
      t.close();
    }
  });
});

describe('a password set by someone else', () => {
  it('revokes the user’s tokens with their sessions; a password the user changes keeps them', async () => {
    const t = await createTeamApp([{ name: 'ada', role: 'administrator' }, { name: 'eve', role: 'editor' }]);
    try {
      const settings = { passwordHashLogN: t.workspace.config.passwordHashLogN, sessionIdleMinutes: t.workspace.config.sessionIdleMinutes };
      const eve = await signIn(t.app, 'eve');
      const first = await tokenFor(t, eve, 'before');
      // eve changes her own password: her tokens go on working
      await setPassword(t.workspace.db, 'eve', 'another long password', { actor: 'eve' }, settings);
      expect((await request(t.app).get('/api/v1').set('Authorization', bearer(first))).status).toBe(200);
      // an administrator resets it (the account was taken over): every token of hers is revoked
      await setPassword(t.workspace.db, 'eve', 'a third long password', { actor: 'ada' }, settings);
      expectRefused(await request(t.app).get('/api/v1').set('Authorization', bearer(first)));
      expect(tokenRows(t).every((r) => r.revoked_at !== null)).toBe(true);
      expect(authEvents(t, 'token-revoked').some((e) => e.userName === 'eve' && /all 1 with the password reset by ada/.test(e.detail))).toBe(true);
    } finally {
      t.close();
    }
  });
});
