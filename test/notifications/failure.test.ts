/**
 * A notification that cannot be stored never fails the post that made it: the store refuses it for real
 * (a unique index the test adds), the post is answered 201 and stands, and the failure is logged.
 */
import pino from 'pino';
import request from 'supertest';
import { createEventBus, noPublisher } from '../../server/events/publisher';
import { bearer, useApiHarness } from '../api/harness';
import { until } from '../helpers/wait';

const warnings: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
// What a live layer would hear: the notifications that were stored.
const publisher = createEventBus();
const published: string[] = [];
publisher.attach({ ...noPublisher, notification: (news) => void published.push(news.userId) });
const h = useApiHarness({}, { logger, publisher });

const reply = (token: string, articleId: string, parentId: string, body: string) =>
  request(h().http).post(`/api/articles/${articleId}/comments`).set(bearer(token)).send({ body, parentId });

test('a post stands and is answered when its notification cannot be stored', async () => {
  // At most one notification per user: the store refuses a second one to the same user.
  await h().app.ctx.models.Notification.collection.createIndex({ userId: 1 }, { unique: true, name: 'one_each' });
  const ann = await h().register('f_ann');
  const ben = await h().register('f_ben');
  const { id: articleId } = await h().newArticle();
  const parent = await h().comment(ann.token, articleId, 'Parent.');
  expect((await reply(ben.token, articleId, parent, 'First.')).status).toBe(201);
  await until('the first notification', () => published.length === 1);

  const second = await reply(ben.token, articleId, parent, 'Second.');
  expect(second.status).toBe(201);
  await until('the warning', () => warnings.some((line) => line.includes('could not notify about a new comment')));
  const thread = await request(h().http).get(`/api/articles/${articleId}/comments`);
  expect(thread.body.items.map((c: { body: string }) => c.body)).toEqual(['Parent.', 'First.', 'Second.']);
  const inbox = await request(h().http).get('/api/notifications').set(bearer(ann.token));
  expect(inbox.body.unread).toBe(1);
  expect(published).toEqual([ann.user.id]);
});
