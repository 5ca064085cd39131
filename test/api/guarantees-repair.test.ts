/**
 * The crash window between a comment and its event, part two: refused posts leave nothing behind, the
 * repair checks an unfinished creation again, and a server really killed mid-stream leaves a thread the
 * repair makes whole.
 */
import { Types } from 'mongoose';
import request from 'supertest';
import { repairPendingChanges } from '../../server/repair/repair-pending';
import { bearer, type Registered } from './harness';
import { spawnServer } from '../../scripts/lib/server-process';
import { sleep } from '../helpers/wait';
import { postComment, range, useGuarantees } from './guarantees-kit';

const { h, fixtures, storeUri, allEvents, pendingComment, allComments } = useGuarantees();
let posters: Registered[];
beforeAll(() => ({ posters } = fixtures()));

/** An admin locks the article's thread. */
async function lockThread(articleId: string): Promise<void> {
  const res = await request(h().http)
    .patch(`/api/articles/${articleId}`)
    .set(bearer(await h().adminToken()))
    .send({ locked: true });
  expect(res.status).toBe(200);
}

describe('the crash window between a comment and its event', () => {
  it('leaves nothing behind when a check refuses a post (the comment goes in beside the checks)', async () => {
    const { id } = await h().newArticle();
    const { Comment, Event } = h().app.ctx.models;
    const post = (body: object) =>
      request(h().http).post(`/api/articles/${id}/comments`).set(bearer(posters[0]!.token)).send(body);
    const other = await h().newArticle();
    const elsewhere = await h().comment(posters[1]!.token, other.id, 'in another thread');
    expect((await post({ body: 'reply', parentId: elsewhere })).status).toBe(400);
    expect((await post({ body: 'quote', quoteId: new Types.ObjectId().toHexString() })).status).toBe(400);
    await lockThread(id);
    expect((await post({ body: 'too late', clientId: 'late-1' })).status).toBe(403);
    expect(
      (
        await request(h().http)
          .post(`/api/articles/${new Types.ObjectId().toHexString()}/comments`)
          .set(bearer(posters[0]!.token))
          .send({ body: 'nowhere' })
      ).status,
    ).toBe(404);
    expect(
      await Comment.countDocuments({
        authorId: new Types.ObjectId(posters[0]!.user.id),
        body: { $in: ['reply', 'quote', 'too late', 'nowhere'] },
      }),
    ).toBe(0);
    expect(await Event.countDocuments({ articleId: new Types.ObjectId(id), type: 'comment.created' })).toBe(0);
  });

  it('the repair checks a creation left without its event again: a refused one is dropped, a good one finished', async () => {
    const locked = await h().newArticle();
    const open = await h().newArticle();
    const { Comment } = h().app.ctx.models;
    const leave = async (articleId: string, body: string) =>
      (await pendingComment(articleId, posters[1]!, body, { ageMs: 60_000 })).id;
    // A writer that died after the insert, its checks (run beside it) unanswered: one thread is locked.
    const refused = await leave(locked.id, 'into a locked thread');
    const good = await leave(open.id, 'into an open thread');
    await lockThread(locked.id);
    await repairPendingChanges(h().app.ctx, 0);
    expect(await Comment.findById(refused)).toBeNull();
    expect((await request(h().http).get(`/api/comments/${good}`)).body.comment).toEqual(
      expect.objectContaining({ seq: 1, body: 'into an open thread' }),
    );
    expect((await allEvents(locked.id)).items.map((e) => e.type)).toEqual(['article.locked']);
  });

  it('a retry meeting its first attempt still pending checks it again and finishes it, or takes it out when refused', async () => {
    const { id } = await h().newArticle();
    const poster = posters[2]!;
    const retry = (clientId: string) =>
      request(h().http)
        .post(`/api/articles/${id}/comments`)
        .set(bearer(poster.token))
        .send({ body: clientId, clientId });

    // The first attempt's writer lost the store after the insert (its client got 503): the retry finishes it.
    const first = await pendingComment(id, poster, 'first-try', { clientId: 'first-try' });
    const res = await retry('first-try');
    expect(res.status).toBe(200);
    expect(res.body.comment).toEqual(expect.objectContaining({ id: first.id, seq: 1, body: 'first-try' }));

    // The thread was locked since: the retry is refused like the post, and the pending comment taken out.
    const second = await pendingComment(id, poster, 'second-try', { clientId: 'second-try' });
    await lockThread(id);
    expect((await retry('second-try')).status).toBe(403);
    expect(await h().app.ctx.models.Comment.findById(second.id)).toBeNull();
    expect((await allComments(id)).map((c) => c.id)).toEqual([first.id]);
  });

  it('recovers from a server killed while it takes a stream of posts', async () => {
    const { id } = await h().newArticle();
    const victim = await spawnServer(storeUri());
    let answered = 0;
    const accepted: string[] = [];
    const streams = range(6).map(async (n) => {
      for (let i = 0; ; i++) {
        try {
          const res = await postComment(victim.url, posters[n % posters.length]!, id, `stream ${n}.${i}`);
          if (res.status !== 201) return;
          accepted.push(res.body.comment.id);
          answered++;
        } catch {
          return; // the connection died with the process
        }
      }
    });
    let streaming = true;
    const allStopped = Promise.all(streams).then(() => (streaming = false));
    while (answered < 40 && streaming) await sleep(5);
    expect(answered).toBeGreaterThanOrEqual(40);
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    await allStopped;

    const fresh = h().secondApp();
    const repaired = await repairPendingChanges(fresh.ctx, 0);
    console.log(`killed after ${answered} answered posts; the repair finished ${repaired} interrupted change(s)`);
    const { Comment, Event, Article } = fresh.ctx.models;
    const articleId = new Types.ObjectId(id);
    const stored = await Comment.find({ articleId }).lean();
    const events = await Event.find({ articleId }).sort({ seq: 1 }).lean();
    expect(stored.length).toBeGreaterThanOrEqual(40);
    expect(stored.filter((c) => c.pendingOp || c.seq === null)).toEqual([]);
    expect(events.map((e) => e.seq)).toEqual(range(events.length));
    for (const c of stored)
      expect(events.filter((e) => e.type === 'comment.created' && String(e.commentId) === String(c._id))).toHaveLength(
        1,
      );
    expect(events).toHaveLength(stored.length);
    // Every comment whose post was answered is there; the thread shows them all.
    const listed = (await allComments(id)).map((c) => c.id);
    for (const cid of accepted) expect(listed).toContain(cid);
    expect(listed).toHaveLength(stored.length);
    const article = await Article.findById(articleId).lean();
    expect(article).toEqual(
      expect.objectContaining({
        lastSeq: events.length,
        commentCount: stored.filter((c) => c.status === 'visible').length,
      }),
    );
    expect(events[events.length - 1]!.commentCount).toBe(article!.commentCount);
  }, 60_000);
});
