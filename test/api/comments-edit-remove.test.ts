/**
 * Changing comments over REST: edits within the author's window and by moderators, deletion, removal and
 * restoration; reading one comment.
 */
import { createApp, type App } from '../../server/app';
import { quietLogger, testConfig } from '../app/support';
import { harnessEnv } from './harness';
import request from 'supertest';
import { bearer, type Registered } from './harness';
import { useComments } from './comments-kit';

const { h, fixtures, postAs, posted, events } = useComments();
let alice: Registered, bob: Registered, mod: Registered;
beforeAll(() => ({ alice, bob, mod } = fixtures()));

/** A clock the tests move forward, in an app of its own on the same store. */
let offsetMs = 0;
let clocked: App;
beforeAll(() => {
  clocked = createApp({
    config: testConfig(harnessEnv()),
    logger: quietLogger,
    db: h().store.db,
    clock: { now: () => new Date(Date.now() + offsetMs) },
  });
});

describe('PATCH and DELETE /api/comments/:id', () => {
  it('lets the author edit within 15 minutes, not another member, not after', async () => {
    const { id } = await h().newArticle();
    offsetMs = 0;
    const res = await postAs(alice, id, { body: 'original' }, clocked.app);
    expect(res.status).toBe(201);
    const cid = res.body.comment.id as string;
    const edit = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(alice.token))
      .send({ body: 'edited' });
    expect(edit.status).toBe(200);
    expect(edit.body.comment).toEqual(
      expect.objectContaining({ body: 'edited', editedAt: expect.any(String), editedBy: null }),
    );
    const byBob = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(bob.token))
      .send({ body: 'hijack' });
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.code).toBe('forbidden');

    offsetMs = 16 * 60 * 1000;
    const late = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(alice.token))
      .send({ body: 'too late' });
    expect(late.status).toBe(403);
    const byMod = await request(clocked.app)
      .patch(`/api/comments/${cid}`)
      .set(bearer(mod.token))
      .send({ body: 'moderated' });
    expect(byMod.status).toBe(200);
    expect(byMod.body.comment.body).toBe('moderated');
    expect(byMod.body.comment.editedBy).toEqual({ id: mod.user.id, username: 'c_mod', displayName: 'c_mod' });
    offsetMs = 0;
    const types = (await events(id)).items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['comment.created', 'comment.edited', 'comment.edited']);
  });

  it('lets only the author delete; the text is then empty for everyone but moderators', async () => {
    const { id } = await h().newArticle();
    const c = await posted(alice, id, 'to be deleted');
    const byBob = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(bob.token));
    expect(byBob.status).toBe(403);
    const byMod = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(mod.token));
    expect(byMod.status).toBe(403);
    const del = await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(alice.token));
    expect(del.status).toBe(200);
    expect(del.body.comment.status).toBe('deleted');
    const anon = await request(h().http).get(`/api/comments/${c.id}`);
    expect(anon.body.comment).toEqual(expect.objectContaining({ status: 'deleted', body: '', html: '' }));
    const asBob = await request(h().http).get(`/api/comments/${c.id}`).set(bearer(bob.token));
    expect(asBob.body.comment.body).toBe('');
    const asMod = await request(h().http).get(`/api/comments/${c.id}`).set(bearer(mod.token));
    expect(asMod.body.comment.body).toBe('to be deleted');
    const modList = await request(h().http).get(`/api/articles/${id}/comments`).set(bearer(mod.token));
    expect(modList.body.items[0].body).toBe('to be deleted');
    // Restoring what the author deleted is not moderation's to undo.
    const restore = await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(mod.token));
    expect(restore.status).toBe(403);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(0);
  });

  it('lets moderators remove and restore, not members', async () => {
    const { id } = await h().newArticle();
    const c = await posted(alice, id, 'questionable');
    expect((await request(h().http).post(`/api/comments/${c.id}/remove`).set(bearer(bob.token)).send({})).status).toBe(
      403,
    );
    const removed = await request(h().http)
      .post(`/api/comments/${c.id}/remove`)
      .set(bearer(mod.token))
      .send({ reason: 'spam' });
    expect(removed.status).toBe(200);
    expect(removed.body.comment).toEqual(expect.objectContaining({ status: 'removed', body: 'questionable' }));
    expect((await request(h().http).get(`/api/comments/${c.id}`)).body.comment).toEqual(
      expect.objectContaining({ status: 'removed', body: '', html: '' }),
    );
    expect(
      (await request(h().http).patch(`/api/comments/${c.id}`).set(bearer(alice.token)).send({ body: 'sneaky' })).status,
    ).toBe(403);
    expect((await request(h().http).delete(`/api/comments/${c.id}`).set(bearer(alice.token))).status).toBe(403);
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(0);
    expect((await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(bob.token))).status).toBe(403);
    const restored = await request(h().http).post(`/api/comments/${c.id}/restore`).set(bearer(mod.token));
    expect(restored.status).toBe(200);
    expect(restored.body.comment.status).toBe('visible');
    expect((await request(h().http).get(`/api/comments/${c.id}`)).body.comment.body).toBe('questionable');
    expect((await request(h().http).get(`/api/articles/${id}`)).body.article.commentCount).toBe(1);
  });
});

describe('GET /api/comments/:id', () => {
  it.each(['not-an-id', '0123456789abcdef01234567'])('answers 404 for %s', async (cid) => {
    const res = await request(h().http).get(`/api/comments/${cid}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
