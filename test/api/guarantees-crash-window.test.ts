/**
 * The crash window between a comment and its event, simulated: a comment whose writer died before its
 * event stays hidden until the repair finishes it, once, and is found at once when its writer is only slow.
 */
import { Types } from 'mongoose';
import request from 'supertest';
import type { App } from '../../server/app';
import { repairPendingChanges } from '../../server/repair/repair-pending';
import { bearer, type Registered } from './harness';
import { useGuarantees, type Json } from './guarantees-kit';

const { h, fixtures, allEvents, pendingComment, allComments } = useGuarantees();
let posters: Registered[], second: App;
beforeAll(() => ({ posters, second } = fixtures()));

describe('the crash window between a comment and its event', () => {
  it('hides a comment without its event until the repair stores it, once, even run twice at once', async () => {
    const { id } = await h().newArticle();
    const first = await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    // Exactly what a process killed after writing the comment leaves: the comment with its pending op, no event.
    const { op, id: orphanId } = await pendingComment(id, posters[2]!, 'orphaned', { ageMs: 60_000 });
    expect((await request(h().http).get(`/api/comments/${orphanId}`)).status).toBe(404);
    expect((await allComments(id)).map((c) => c.id)).toEqual([first]);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 1, commentCount: 1 }),
    );

    const [a, b] = await Promise.all([repairPendingChanges(h().app.ctx, 0), repairPendingChanges(second.ctx, 0)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const shown = await request(h().http).get(`/api/comments/${orphanId}`);
    expect(shown.status).toBe(200);
    expect(shown.body.comment).toEqual(expect.objectContaining({ seq: 2, body: 'orphaned', status: 'visible' }));
    expect((await allComments(id)).map((c) => c.id)).toEqual([first, orphanId]);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 2, commentCount: 2 }),
    );

    expect(await repairPendingChanges(h().app.ctx, 0)).toBe(0);
    expect(await Event.countDocuments({ opId: op.id })).toBe(1);
    const { items } = await allEvents(id);
    expect(items.map((e) => [e.seq, e.type, e.comment?.id])).toEqual([
      [1, 'comment.created', first],
      [2, 'comment.created', orphanId],
    ]);
  });

  it('brings the article up to date when the writer died after storing the event', async () => {
    const { id } = await h().newArticle();
    await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    const articleId = new Types.ObjectId(id);
    const { comment: orphan, op } = await pendingComment(id, posters[2]!, 'late', { ageMs: 60_000 });
    // Killed after the event was stored, before the article's counters and the comment's seq were written.
    await Event.create({
      articleId,
      seq: 2,
      type: 'comment.created',
      at: op.at,
      commentId: orphan._id,
      commentCount: 2,
      opId: op.id,
    });
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 1, commentCount: 1 }),
    );

    expect(await repairPendingChanges(second.ctx, 0)).toBe(1);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 2, commentCount: 2 }),
    );
    expect((await request(h().http).get(`/api/comments/${String(orphan._id)}`)).body.comment.seq).toBe(2);
    expect(await Event.countDocuments({ articleId })).toBe(2);
  });

  it('finds at once a comment answered while its writer still writes its seq: by id, in lists, as parent, quote and link', async () => {
    const { id } = await h().newArticle();
    const first = await h().comment(posters[0]!.token, id, 'first');
    const { Event } = h().app.ctx.models;
    const articleId = new Types.ObjectId(id);
    // What a writer leaves between answering (the event is stored) and its follow-up writes: a fresh op.
    const { comment: fresh, op } = await pendingComment(id, posters[1]!, 'just answered');
    await Event.create({
      articleId,
      seq: 2,
      type: 'comment.created',
      at: op.at,
      commentId: fresh._id,
      commentCount: 2,
      opId: op.id,
    });
    const freshId = String(fresh._id);

    const listed = await request(h().http).get(`/api/articles/${id}/comments`);
    expect(listed.body.items.map((c: Json) => [c.id, c.seq])).toEqual([
      [first, 1],
      [freshId, 2],
    ]);
    expect(listed.body.lastSeq).toBe(2);
    expect((await request(h().http).get(`/api/comments/${freshId}`)).body.comment).toEqual(
      expect.objectContaining({ seq: 2, body: 'just answered' }),
    );
    const around = await request(h().http).get(`/api/articles/${id}/comments`).query({ around: freshId });
    expect(around.status).toBe(200);
    const reply = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[2]!.token))
      .send({ body: 'a reply quoting it', parentId: freshId, quoteId: freshId });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toEqual(
      expect.objectContaining({ seq: 3, parentId: freshId, quote: expect.objectContaining({ commentId: freshId }) }),
    );
    // Finished once: the article counts it, its one event stands, nothing is left for the repair.
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article).toEqual(
      expect.objectContaining({ lastSeq: 3, commentCount: 3 }),
    );
    expect(await Event.countDocuments({ opId: op.id })).toBe(1);
    expect(await repairPendingChanges(h().app.ctx, 0)).toBe(0);
  });

  it('still hides a comment whose event is not stored yet (no one was told of it)', async () => {
    const { id } = await h().newArticle();
    const { Comment } = h().app.ctx.models;
    const { comment: pending } = await pendingComment(id, posters[1]!, 'not yet');
    expect((await request(h().http).get(`/api/comments/${String(pending._id)}`)).status).toBe(404);
    expect((await request(h().http).get(`/api/articles/${id}/comments`)).body.items).toEqual([]);
    const reply = await request(h().http)
      .post(`/api/articles/${id}/comments`)
      .set(bearer(posters[2]!.token))
      .send({ body: 'reply', parentId: String(pending._id) });
    expect(reply.status).toBe(400);
    await Comment.deleteOne({ _id: pending._id });
  });
});
