// What the moderation suites share: an author, two reporters, a moderator, the admin and an article.
import request from 'supertest';
import { bearer, useApiHarness, type Registered } from './harness';

export interface QueueItem {
  comment: { id: string; body: string; status: string };
  reports: { by: { id: string; username: string; displayName: string }; reason: string; at: string }[];
  status: 'open' | 'closed';
}

export interface ModerationFixtures {
  author: Registered;
  reporterA: Registered;
  reporterB: Registered;
  moderator: Registered;
  /** The admin's token. */
  admin: string;
  articleId: string;
}

export function useModeration() {
  const h = useApiHarness();
  let fixtures: ModerationFixtures | undefined;
  beforeAll(async () => {
    const author = await h().register('md_author');
    const reporterA = await h().register('md_rep_a');
    const reporterB = await h().register('md_rep_b');
    const moderator = await h().register('md_moderator');
    await h().promote(moderator.user.id, 'moderator');
    const admin = await h().adminToken();
    const articleId = (await h().newArticle()).id;
    fixtures = { author, reporterA, reporterB, moderator, admin, articleId };
  });

  async function queue(
    status: 'open' | 'closed',
    token = fixtures!.moderator.token,
    limit = 100,
  ): Promise<QueueItem[]> {
    const res = await request(h().http)
      .get(`/api/moderation/reports?status=${status}&limit=${limit}`)
      .set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.items as QueueItem[];
  }

  const report = (token: string, commentId: string, reason: string) =>
    request(h().http).post(`/api/comments/${commentId}/report`).set(bearer(token)).send({ reason });

  return { h, fixtures: () => fixtures!, queue, report };
}
