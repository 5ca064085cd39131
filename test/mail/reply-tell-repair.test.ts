/**
 * A reply whose writer stopped after publishing it, before telling anyone (a crash at
 * `post:before-tell`; here the fault hook throws instead of killing the test's process): the repair job
 * makes the parent author's notification and reply mail, and a second repair makes neither again.
 */
import request from 'supertest';
import { bearer } from '../api/harness';
import { recipients } from '../helpers/smtp';
import { until } from '../helpers/wait';
import { repairPendingChanges } from '../../server/repair/repair-pending';
import { confirmedAddress, useMailSite } from './mail-site';

const site = useMailSite();

test('a reply cut off before its notifications is told by the repair, once', async () => {
  const s = site();
  const crashing = s.mailApp(
    {},
    {
      faults: (point) => {
        if (point === 'post:before-tell') throw new Error('the process died here');
      },
    },
  );
  const [hal, ida] = [await s.h.register('tell_hal', 'Hal'), await s.h.register('tell_ida', 'Ida')];
  const email = await confirmedAddress(s, hal);
  const article = await s.h.newArticle('Told after a crash');
  const parent = await s.h.comment(hal.token, article.id, 'Anyone?');
  const reply = await request(crashing.app)
    .post(`/api/articles/${article.id}/comments`)
    .set(bearer(ida.token))
    .send({ body: 'Me, and @tell_hal again.', parentId: parent });
  expect(reply.status).toBe(500); // stands for the answer a dead process never gives

  const notifications = async () =>
    (await request(s.app.app).get('/api/notifications').set(bearer(hal.token))).body.items as { type: string }[];
  expect(await notifications()).toEqual([]);

  await repairPendingChanges(s.app.ctx, 0);
  expect((await notifications()).map((n) => n.type)).toEqual(['reply']);
  const mail = await s.smtp.waitFor((m) => recipients(m).includes(email) && /replied/.test(m.subject ?? ''));
  expect(mail.subject).toBe('Ida replied to your comment on "Told after a crash"');

  await repairPendingChanges(s.app.ctx, 0);
  expect(await notifications()).toHaveLength(1);
  await until(
    'the mail worker to have sent what it had',
    async () =>
      (await s.h.store.db.collection('mails').countDocuments({ status: { $in: ['pending', 'sending'] } })) === 0,
  );
  expect(await s.h.store.db.collection('mails').countDocuments({ to: email, kind: 'reply' })).toBe(1);
});
