/**
 * Bad input (issue 8): bodies that are not a JSON object or not UTF-8, prototype pollution and mass
 * assignment. Every refusal is the contract's envelope with its 4xx code, never a 500, and writes nothing.
 * (The basic cases on register alone are in test/api/auth.test.ts and test/app/http.test.ts.)
 */
import request from 'supertest';
import { bearer, expectError, type Registered } from '../api/harness';
import { useBadInput } from './bad-input-kit';

const { h, fixtures, expectRefusedWithoutWrite, writeRoutes, sendRaw } = useBadInput();
let member: Registered, moderatorToken: string, articleId: string;
beforeAll(() => ({ member, moderatorToken, articleId } = fixtures()));

const UTF7_REGISTRATION = '{"username":"utf7_user","password":"correct horse battery","displayName":"+ADw-b+AD4-"}';

describe('bodies that are not a JSON object, or not in UTF-8', () => {
  const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const cases: [string, string, string, number, string][] = [
    ['not JSON', 'application/json', 'username=x&password=y', 400, 'bad_request'],
    ['truncated JSON', 'application/json', '{"body": "half a comm', 400, 'bad_request'],
    ['an array', 'application/json', '[{"body":"in an array"}]', 400, 'bad_request'],
    ['a number', 'application/json', '42', 400, 'bad_request'],
    ['null', 'application/json', 'null', 400, 'bad_request'],
    ['an array nested 20,000 deep', 'application/json', deepArray, 400, 'bad_request'],
    ['an object nested 10,000 deep', 'application/json', deepObject, 400, 'validation_failed'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'body=hello', 400, 'bad_request'],
    ['text/plain holding JSON', 'text/plain', '{"body":"sneaky"}', 400, 'bad_request'],
    [
      'multipart',
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi\r\n--x--',
      400,
      'bad_request',
    ],
    ['JSON over 64 KiB', 'application/json', JSON.stringify({ body: 'x'.repeat(66 * 1024) }), 413, 'payload_too_large'],
    // A valid registration in UTF-7 (where +ADw- is '<'): once decoded and stored, now refused unread.
    ['JSON declared UTF-7', 'application/json; charset=utf-7', UTF7_REGISTRATION, 400, 'bad_request'],
    ['JSON declared UTF-16', 'application/json; charset=UTF-16', UTF7_REGISTRATION, 400, 'bad_request'],
    ['JSON declared Latin-1', 'application/json; charset="iso-8859-1"', UTF7_REGISTRATION, 400, 'bad_request'],
    [
      'JSON declaring utf-8, then utf-7',
      'application/json; charset=utf-8; charset=utf-7',
      UTF7_REGISTRATION,
      400,
      'bad_request',
    ],
  ];
  it.each(cases)(
    '%s: the envelope, never 500, nothing written, on every write route',
    async (_what, contentType, raw, status, code) => {
      for (const route of writeRoutes()) {
        await expectRefusedWithoutWrite(() => sendRaw(route, contentType, raw), status, code);
      }
    },
  );

  it('a body nested 20,000 deep inside a known field is a validation error, not a crash', async () => {
    const raw = `{"body":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const res = await expectRefusedWithoutWrite(
      () => sendRaw(writeRoutes()[2]!, 'application/json', raw),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toEqual(['body']);
  });
});

describe('prototype pollution and mass assignment', () => {
  afterEach(() => {
    // Nothing in the process may have grown a property on Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it.each([
    [
      '__proto__',
      '{"username":"proto_user","password":"correct horse battery","__proto__":{"polluted":true,"role":"admin"}}',
      '__proto__',
    ],
    [
      'constructor.prototype',
      '{"username":"ctor_user","password":"correct horse battery","constructor":{"prototype":{"polluted":true,"role":"admin"}}}',
      'constructor',
    ],
    [
      'a role field',
      '{"username":"role_user","password":"correct horse battery","role":"admin","banned":false}',
      'role',
    ],
    [
      'an id field',
      '{"username":"id_user","password":"correct horse battery","_id":"0123456789abcdef01234567"}',
      '_id',
    ],
  ])('register with %s is refused naming the field, and creates nobody', async (_what, raw, field) => {
    const res = await expectRefusedWithoutWrite(
      () => sendRaw(writeRoutes()[0]!, 'application/json', raw),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it.each([
    ['an author', { body: 'mine', authorId: '0123456789abcdef01234567' }, 'authorId'],
    ['a status', { body: 'hidden', status: 'removed' }, 'status'],
    ['a seq', { body: 'first', seq: 1 }, 'seq'],
    ['a __proto__ key', JSON.parse('{"body":"x","__proto__":{"polluted":true}}') as object, '__proto__'],
  ])('a comment with %s of its own choosing is refused', async (_what, body, field) => {
    const res = await expectRefusedWithoutWrite(
      () => request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(member.token)).send(body),
      400,
      'validation_failed',
    );
    expect(Object.keys(res.body.error.details.fields)).toContain(field);
  });

  it('an article patch cannot set its counters or author', async () => {
    const res = await request(h().http)
      .patch(`/api/articles/${articleId}`)
      .set(bearer(moderatorToken))
      .send({ title: 'Renamed', commentCount: 1000, lastSeq: 99, authorId: member.user.id });
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['authorId', 'commentCount', 'lastSeq']);
    const article = await request(h().http).get(`/api/articles/${articleId}`);
    expect(article.body.article.title).toBe('Bad input');
  });
});
