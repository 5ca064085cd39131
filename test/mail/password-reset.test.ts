import request from 'supertest';
import { bearer, expectError, PASSWORD, type Registered } from '../api/harness';
import { until } from '../helpers/wait';
import { recipients } from '../helpers/smtp';
import { useMailSite, type MailSite } from './mail-site';

const site = useMailSite();
const NEW_PASSWORD = 'a brand new password';

/** Gives `who` a confirmed address (straight in the store: the confirmation itself is tested elsewhere). */
async function withAddress(s: MailSite, who: Registered): Promise<string> {
  const email = `${who.user.username}@mail.example`;
  await s.h.store.db
    .collection('users')
    .updateOne({ username: who.user.username }, { $set: { email, emailConfirmed: true } });
  return email;
}

const askReset = (s: MailSite, username: string, app = s.app.app) =>
  request(app).post('/api/auth/password-reset').send({ username });

/** Asks for a reset and answers the token from the link in the mail that arrives. */
async function resetToken(s: MailSite, who: Registered, email: string): Promise<string> {
  const before = s.smtp.received.length;
  expect((await askReset(s, who.user.username)).status).toBe(202);
  const mail = await s.smtp.waitFor(
    (m) => s.smtp.received.indexOf(m) >= before && recipients(m).includes(email) && m.subject === 'Reset your password',
  );
  const link = (mail.text ?? '').match(/https:\/\/talk\.example\/reset-password#token=(\S+)/);
  if (!link) throw new Error(`no reset link in ${mail.text}`);
  return link[1]!;
}

const confirm = (s: MailSite, token: string, app = s.app.app) =>
  request(app).post('/api/auth/password-reset/confirm').send({ token, password: NEW_PASSWORD });

const login = (s: MailSite, username: string, password: string) =>
  request(s.app.app).post('/api/auth/login').send({ username, password });

describe('password reset by mail', () => {
  it('mails a link that sets the password once and ends every session', async () => {
    const s = site();
    const ann = await s.h.register('reset_ann');
    const token = await resetToken(s, ann, await withAddress(s, ann));
    expect((await request(s.app.app).get('/api/auth/me').set(bearer(ann.token))).status).toBe(200);

    expect((await confirm(s, token)).status).toBe(204);
    expectError(await request(s.app.app).get('/api/auth/me').set(bearer(ann.token)), 401, 'unauthenticated');
    expectError(await login(s, 'reset_ann', PASSWORD), 401, 'unauthenticated');
    expect((await login(s, 'reset_ann', NEW_PASSWORD)).status).toBe(200);

    const again = await confirm(s, token);
    expectError(again, 400, 'validation_failed');
    expect(again.body.error.details.fields).toEqual({ token: 'is not valid or was already used' });
    // Only a hash of the token was kept, and the sent mail's text is gone from the queue.
    const unsent = { kind: 'password-reset', status: { $ne: 'sent' } };
    await until(
      'the reset mail marked sent',
      async () => {
        return (await s.h.store.db.collection('mails').countDocuments(unsent)) === 0;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const stored = JSON.stringify(await s.h.store.db.collection('users').findOne({ username: 'reset_ann' }));
    const mails = JSON.stringify(await s.h.store.db.collection('mails').find({ kind: 'password-reset' }).toArray());
    expect(stored + mails).not.toContain(token);
  });

  it('refuses a link after 30 minutes', async () => {
    const s = site();
    const ben = await s.h.register('reset_ben');
    const token = await resetToken(s, ben, await withAddress(s, ben));
    const later = s.mailApp({}, { clock: { now: () => new Date(Date.now() + 31 * 60_000) } });
    const res = await confirm(s, token, later.app);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toEqual({ token: 'has expired' });
    expect((await login(s, 'reset_ben', PASSWORD)).status).toBe(200);
  });

  it('answers 202 for an unknown name or an unconfirmed address, and sends nothing', async () => {
    const s = site();
    await s.h.register('reset_cid');
    await s.h.store.db
      .collection('users')
      .updateOne({ username: 'reset_cid' }, { $set: { email: 'cid@mail.example', emailConfirmed: false } });
    expect((await askReset(s, 'nobody_here')).status).toBe(202);
    expect((await askReset(s, 'reset_cid')).status).toBe(202);
    // A reset asked for after those arrives: had they made mail, it would be in the queue before it.
    const dan = await s.h.register('reset_dan');
    await resetToken(s, dan, await withAddress(s, dan));
    const queued = await s.h.store.db.collection('mails').find({ kind: 'password-reset' }).toArray();
    expect(queued.map((m) => m.to)).not.toContain('cid@mail.example');
    expect(s.smtp.received.flatMap(recipients)).not.toContain('cid@mail.example');
    expectError(await confirm(s, 'made-up-token'), 400, 'validation_failed');
  });

  it('limits requests per account (429), and is 404 without SMTP_URL', async () => {
    const s = site();
    const limited = s.mailApp({ RATE_LIMITS: 'on' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await askReset(s, 'Reset_Eve', limited.app)).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expectError(await askReset(s, 'reset_eve', s.h.http), 404, 'not_found');
    expectError(await request(s.h.http).post('/api/auth/password-reset').send({ name: 'x' }), 400, 'validation_failed');
  });
});
