/**
 * What the bad-input suites share (issue 8, "Bad input and abuse"): a member, a moderator, an article with one
 * comment, the write routes that take a body, and the check that a refusal is the contract's envelope and
 * writes nothing.
 */
import request from 'supertest';
import { bearer, expectError, useApiHarness, type Registered } from '../api/harness';

export interface BadInputFixtures {
  member: Registered;
  moderatorToken: string;
  articleId: string;
  commentId: string;
}

export function useBadInput() {
  const h = useApiHarness();
  let member: Registered;
  let moderatorToken: string;
  let articleId: string;
  let commentId: string;

  beforeAll(async () => {
    member = await h().register('input_member');
    const mod = await h().register('input_mod');
    await h().promote(mod.user.id, 'moderator');
    moderatorToken = mod.token;
    articleId = (await h().newArticle('Bad input')).id;
    commentId = await h().comment(member.token, articleId, 'The first comment.');
  });

  /** Everything a refused request could have written. */
  async function documentCounts() {
    const { User, Comment, Event, Article, Report, ModerationLog, Session } = h().app.ctx.models;
    const [users, comments, events, articles, reports, log, sessions] = await Promise.all(
      [User, Comment, Event, Article, Report, ModerationLog, Session].map((m) => (m as typeof User).countDocuments()),
    );
    return { users, comments, events, articles, reports, log, sessions };
  }

  /** The thread as a reader sees it, and the first comment's current text. */
  async function threadState() {
    const list = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100`);
    const first = await request(h().http).get(`/api/comments/${commentId}`);
    return {
      bodies: (list.body.items as { body: string }[]).map((c) => c.body),
      first: first.body.comment.body as string,
    };
  }

  /** A write that must be refused with `status`/`code`, leaving every collection and the thread as they were. */
  async function expectRefusedWithoutWrite(send: () => Promise<request.Response>, status: number, code: string) {
    const before = { counts: await documentCounts(), thread: await threadState() };
    const res = await send();
    expectError(res, status, code);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect({ counts: await documentCounts(), thread: await threadState() }).toEqual(before);
    return res;
  }

  /** The write routes that take a body, each with a token allowed to use it. */
  const writeRoutes = () => [
    { name: 'register', method: 'post' as const, path: '/api/auth/register', token: undefined },
    { name: 'login', method: 'post' as const, path: '/api/auth/login', token: undefined },
    {
      name: 'post a comment',
      method: 'post' as const,
      path: `/api/articles/${articleId}/comments`,
      token: member.token,
    },
    { name: 'edit a comment', method: 'patch' as const, path: `/api/comments/${commentId}`, token: member.token },
    {
      name: 'report a comment',
      method: 'post' as const,
      path: `/api/comments/${commentId}/report`,
      token: member.token,
    },
    { name: 'create an article', method: 'post' as const, path: '/api/articles', token: moderatorToken },
    { name: 'ban a user', method: 'post' as const, path: `/api/users/${member.user.id}/ban`, token: moderatorToken },
  ];

  const sendRaw = (route: ReturnType<typeof writeRoutes>[number], contentType: string, raw: string) => {
    const req = request(h().http)[route.method](route.path).set('Content-Type', contentType);
    return (route.token ? req.set(bearer(route.token)) : req).send(raw);
  };

  return {
    h,
    fixtures: (): BadInputFixtures => ({ member, moderatorToken, articleId, commentId }),
    expectRefusedWithoutWrite,
    writeRoutes,
    sendRaw,
  };
}
