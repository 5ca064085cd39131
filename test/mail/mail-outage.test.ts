import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import request from 'supertest';
import { freePort } from '../../scripts/lib/free-port';
import type { App } from '../../server/app';
import { until } from '../helpers/wait';
import { createMailQueue } from '../../server/mail/mail-queue';
import { quietLogger } from '../app/support';
import { bearer, useApiHarness } from '../api/harness';
import { recipients, startSmtp, type TestSmtp } from '../helpers/smtp';
import { FAST_MAIL, mailEnv } from './mail-site';

const h = useApiHarness();
const apps: App[] = [];
let smtp: TestSmtp | undefined;
afterAll(async () => {
  await Promise.all(apps.map((app) => app.mailWorker?.stop()));
  await smtp?.close();
});

/** An app with mail to `smtpUrl`, its worker started. */
function mailApp(smtpUrl: string): App {
  const app = h().secondApp(mailEnv(smtpUrl), { mailTiming: FAST_MAIL });
  app.mailWorker!.start();
  apps.push(app);
  return app;
}

/** A member whose replies mail is on, to a confirmed address (set in the store). */
async function subscriber(username: string) {
  const who = await h().register(username);
  const email = `${username}@mail.example`;
  await h()
    .store.db.collection('users')
    .updateOne({ username }, { $set: { email, emailConfirmed: true, emailNotifications: 'replies' } });
  return { ...who, email };
}

describe('the mail queue', () => {
  // First in the file: no other worker runs yet to take the mail from the stalled one.
  it('a mail server that accepts and then stalls delays no post', async () => {
    // Takes the connection and never greets: the worker waits on it, the posts do not.
    const held: Socket[] = [];
    const stalled = createServer((socket) => void held.push(socket)).listen(0, '127.0.0.1');
    await once(stalled, 'listening');
    const app = mailApp(`smtp://127.0.0.1:${(stalled.address() as AddressInfo).port}`);
    const [cal, dee] = [await subscriber('stall_cal'), await h().register('stall_dee')];
    const article = await h().newArticle();
    const parent = await h().comment(cal.token, article.id, 'First');
    const reply = (body: string) =>
      request(app.app)
        .post(`/api/articles/${article.id}/comments`)
        .set(bearer(dee.token))
        .send({ body, parentId: parent });
    expect((await reply('The first reply')).status).toBe(201);
    await until('the worker waiting on the stalled server', async () => held.length > 0, {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
    expect((await reply('A reply while mail stalls')).status).toBe(201);
    const stuck = await h().store.db.collection('mails').findOne({ to: cal.email, status: 'sending' });
    expect(stuck?.text).toContain('The first reply');
    for (const socket of held) socket.destroy();
    await app.mailWorker!.stop();
    stalled.close();
  });

  it('a mail server that is down fails no post; the mail goes out once it is back', async () => {
    const port = await freePort();
    const app = mailApp(`smtp://127.0.0.1:${port}`);
    const [ann, ben] = [await subscriber('outage_ann'), await h().register('outage_ben')];
    const article = await h().newArticle();
    const parent = await h().comment(ann.token, article.id, 'First');

    const reply = await request(app.app)
      .post(`/api/articles/${article.id}/comments`)
      .set(bearer(ben.token))
      .send({ body: 'A reply while mail is down', parentId: parent });
    expect(reply.status).toBe(201);
    const mails = h().store.db.collection('mails');
    await until('a failed attempt', async () => !!(await mails.findOne({ to: ann.email, lastError: { $ne: null } })), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });

    smtp = await startSmtp(port);
    const mail = await smtp.waitFor((m) => recipients(m).includes(ann.email));
    expect(mail.text).toContain('A reply while mail is down');
  });

  it('two instances share the queue and send each mail once', async () => {
    smtp ??= await startSmtp();
    const [one, two] = [mailApp(smtp.url), mailApp(smtp.url)];
    const author = await subscriber('queue_author');
    const article = await h().newArticle();
    const parents = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => h().comment(author.token, article.id, `P${n}`)));
    const replier = await h().register('queue_replier');
    await Promise.all(
      parents.map((parentId, i) =>
        request((i % 2 ? one : two).app)
          .post(`/api/articles/${article.id}/comments`)
          .set(bearer(replier.token))
          .send({ body: `Reply ${i}`, parentId }),
      ),
    );
    const mails = h().store.db.collection('mails');
    const sentAll = async () => (await mails.countDocuments({ to: author.email, status: 'sent' })) === parents.length;
    await until('every reply mail sent', sentAll, { timeoutMs: 20_000, intervalMs: 200 });
    const got = smtp.received
      .filter((m) => recipients(m).includes(author.email))
      .map((m) => m.text?.match(/Reply \d/)?.[0]);
    expect(got.sort()).toEqual(parents.map((_, i) => `Reply ${i}`));
  });

  it('is bounded: past the cap a new mail is dropped, not stored', async () => {
    const { Mail } = h().app.ctx.models;
    const waiting = await Mail.countDocuments({ status: { $in: ['pending', 'sending'] } });
    const queue = createMailQueue({ Mail, logger: quietLogger, now: () => new Date(), maxPending: waiting + 1 });
    const mail = { kind: 'reply' as const, to: 'cap@mail.example', subject: 's', text: 't', html: '', headers: {} };
    // Due in a year, so no worker takes it while the test counts.
    await Mail.create({ ...mail, nextAttemptAt: new Date(Date.now() + 365 * 86400_000), createdAt: new Date() });
    expect(await queue.add(mail)).toBe(false);
    expect(await Mail.countDocuments({ to: 'cap@mail.example' })).toBe(1);
  });
});
