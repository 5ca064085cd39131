// What the comments suites share: three members (one a moderator) and the ways they post and read.
import request from 'supertest';
import { bearer, useApiHarness, type Registered } from './harness';

/** A JSON answer body, read loosely as a client would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface CommentsFixtures {
  alice: Registered;
  bob: Registered;
  mod: Registered;
}

export function expectFieldError(res: request.Response, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(res.body.error.details.fields).toHaveProperty(field);
}

export function useComments() {
  const h = useApiHarness();
  let fixtures: CommentsFixtures | undefined;
  beforeAll(async () => {
    const [alice, bob, mod] = [await h().register('c_alice'), await h().register('c_bob'), await h().register('c_mod')];
    await h().promote(mod.user.id, 'moderator');
    fixtures = { alice, bob, mod };
  });

  const postAs = (who: Registered, articleId: string, body: Record<string, unknown>, app = h().http) =>
    request(app).post(`/api/articles/${articleId}/comments`).set(bearer(who.token)).send(body);

  async function posted(
    who: Registered,
    articleId: string,
    body: string,
    extra: Record<string, unknown> = {},
  ): Promise<Json> {
    const res = await postAs(who, articleId, { body, ...extra });
    expect(res.status).toBe(201);
    return res.body.comment;
  }

  const events = async (articleId: string) =>
    (await request(h().http).get(`/api/articles/${articleId}/events`).query({ after: 0 })).body;

  return { h, fixtures: () => fixtures!, postAs, posted, events };
}
