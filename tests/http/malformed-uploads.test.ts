// Bodies that are not the upload form they claim to be, sent to both upload endpoints (a version,
// a termbase file): no boundary, cut short, garbage, a CR or LF inside the quoted file name, a part
// header that is not one, a body of another content type. Each answers a readable 4xx (page or htmx
// fragment, in the interface language) and the database stays as it was. A file name that reaches
// the server with control characters is stored without them.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dumpDatabase, getCsrf, unescapeHtml, type Csrf, type TestApp } from './helpers.ts';

const part = (headers: string, body: string) => `--XYZ\r\n${headers}\r\n\r\n${body}\r\n`;
const field = (name: string, value: string) => part(`Content-Disposition: form-data; name="${name}"`, value);

const cases: Array<{ name: string; type: string; body: string; status: number; message: RegExp }> = [
  { name: 'multipart without a boundary', type: 'multipart/form-data', body: field('work', 'x') + '--XYZ--\r\n', status: 400, message: /The upload could not be read: Multipart: Boundary not found/ },
  { name: 'a body cut short', type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nThe text stops he', status: 400, message: /The upload could not be read: Unexpected end of form/ },
  { name: 'garbage', type: 'multipart/form-data; boundary=XYZ', body: '\u0000\u0001\u0002 this is not multipart at all \u00ff', status: 400, message: /The upload could not be read/ },
  { name: 'CRLF inside the file name', type: 'multipart/form-data; boundary=XYZ', body: part('Content-Disposition: form-data; name="file"; filename="a\r\nb.txt"\r\nContent-Type: text/plain', 'Hello.') + '--XYZ--\r\n', status: 400, message: /The upload could not be read: Malformed part header/ },
  // the line break ends the header there: what follows reads as another header, and the part as no file
  { name: 'CRLF inside the file name, then a header', type: 'multipart/form-data; boundary=XYZ', body: part('Content-Disposition: form-data; name="file"; filename="evil\r\nX-Injected: yes.txt"\r\nContent-Type: text/plain', 'Hello.') + '--XYZ--\r\n', status: 400, message: /Choose a (text|TBX or CSV) file to import\./ },
  { name: 'a part header that is not one', type: 'multipart/form-data; boundary=XYZ', body: part('this is no header', 'Hello.') + '--XYZ--\r\n', status: 400, message: /The upload could not be read: Malformed part header/ },
  { name: 'a JSON body', type: 'application/json', body: '{"work":"declaration-2005"}', status: 415, message: /The request is not a form \(Content-Type application\/json\); send the file as multipart\/form-data/ },
  { name: 'a plain-text body', type: 'text/plain', body: 'Just text.', status: 415, message: /The request is not a form \(Content-Type text\/plain\)/ },
];

describe('malformed upload bodies', () => {
  let t: TestApp;
  let csrf: Csrf;
  beforeAll(async () => {
    t = await createTestApp();
    csrf = await getCsrf(t.app);
  });
  afterAll(() => t?.close());

  for (const endpoint of ['/import', '/terms/import']) {
    describe(endpoint, () => {
      it.each(cases.map((c) => [c.name, c] as const))('answers %s with a readable 4xx and changes nothing', async (_name, c) => {
        for (const htmx of [false, true]) {
          const before = dumpDatabase(t.workspace.db);
          let req = request(t.app).post(endpoint).set('Cookie', csrf.cookie).set('X-CSRF-Token', csrf.token).set('Content-Type', c.type);
          if (htmx) req = req.set('HX-Request', 'true');
          const res = await req.send(c.body);
          expect(res.status, res.text.slice(0, 300)).toBe(c.status);
          expect(res.type).toBe('text/html');
          expect(unescapeHtml(res.text)).toMatch(c.message);
          expect(res.text).toContain(`<div class="message error" role="alert" data-status="${c.status}">`);
          if (htmx) expect(res.text).not.toContain('<html');
          expect(dumpDatabase(t.workspace.db)).toEqual(before);
        }
      });
    });
  }

  it('says it in the interface language', async () => {
    const res = await request(t.app).post('/import').set('Cookie', `${csrf.cookie}; lang=ru`).set('X-CSRF-Token', csrf.token).set('Content-Type', 'multipart/form-data').send('x');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Не удалось прочитать загруженные данные');
  });

  it('keeps a file name without the control characters it arrived with', async () => {
    const name = 'charter\u0007.ru\u001b.txt';
    const body =
      field('_csrf', csrf.token) + field('work', 'declaration-2005') + field('lang', 'ru') + field('name', 'ru-ctl') + field('status', 'working') +
      part(`Content-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(name)}\r\nContent-Type: text/plain`, 'Государства-члены заявляют следующее.') + '--XYZ--\r\n';
    const res = await request(t.app).post('/import').set('Cookie', csrf.cookie).set('Content-Type', 'multipart/form-data; boundary=XYZ').send(body);
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    const stored = t.workspace.db.prepare("SELECT file_name FROM versions WHERE name = 'ru-ctl'").pluck().get();
    expect(stored).toBe('charter.ru.txt');
  });
});
