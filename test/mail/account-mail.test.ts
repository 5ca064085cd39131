import request from 'supertest';
import { ObjectId } from 'mongodb';
import { bearer, expectError, PASSWORD, type Registered } from '../api/harness';
import { linkIn, rawHeader, recipients } from '../helpers/smtp';
import { confirmedAddress, pathOf, patchMe, PUBLIC_URL, useMailSite } from './mail-site';

const site = useMailSite();

describe('PATCH /api/auth/me and the confirmation of an address', () => {
  it('changes the name and mail settings; a new address is unconfirmed until its link is opened', async () => {
    const s = site();
    const ann = await s.h.register('mail_ann');
    const res = await patchMe(s, ann, { displayName: 'Ann M', email: 'ann@mail.example' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      id: ann.user.id,
      displayName: 'Ann M',
      email: 'ann@mail.example',
      emailConfirmed: false,
      emailNotifications: 'off',
    });

    const mail = await s.smtp.waitFor((m) => recipients(m).includes('ann@mail.example'));
    expect(mail.from?.value).toEqual([{ name: 'Talk', address: 'talk@example.com' }]);
    const link = linkIn(mail, '/api/auth/email/confirm');
    expect(link.startsWith(`${PUBLIC_URL}/api/auth/email/confirm?token=`)).toBe(true);
    const forged = await request(s.app.app).get(`${pathOf(link)}x`);
    expect(forged.headers.location).toBe('/account?email=invalid-link');

    expect((await request(s.app.app).get(pathOf(link))).headers.location).toBe('/account?email=confirmed');
    const me = await request(s.app.app).get('/api/auth/me').set(bearer(ann.token));
    expect(me.body.user).toMatchObject({ email: 'ann@mail.example', emailConfirmed: true });
  });

  it('keeps the address out of what others see', async () => {
    const s = site();
    const ben = await s.h.register('mail_ben');
    await confirmedAddress(s, ben);
    const profile = await request(s.app.app).get('/api/users/by-name/mail_ben');
    expect(profile.status).toBe(200);
    expect(JSON.stringify(profile.body)).not.toContain('mail.example');
    expect(profile.body.user).not.toHaveProperty('emailNotifications');
  });

  it('a link for an address since replaced confirms nothing', async () => {
    const s = site();
    const cid = await s.h.register('mail_cid');
    await patchMe(s, cid, { email: 'old-cid@mail.example' });
    const old = await s.smtp.waitFor((m) => recipients(m).includes('old-cid@mail.example'));
    await patchMe(s, cid, { email: 'new-cid@mail.example' });
    const res = await request(s.app.app).get(pathOf(linkIn(old, '/api/auth/email/confirm')));
    expect(res.headers.location).toBe('/account?email=invalid-link');
    const me = await request(s.app.app).get('/api/auth/me').set(bearer(cid.token));
    expect(me.body.user).toMatchObject({ email: 'new-cid@mail.example', emailConfirmed: false });
  });

  it('refuses bad fields with validation_failed naming them', async () => {
    const s = site();
    const dan = await s.h.register('mail_dan');
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not an address' }, 'email'],
      [{ emailNotifications: 'all' }, 'emailNotifications'],
      [{ displayName: '' }, 'displayName'],
      [{ role: 'admin' }, 'role'],
    ];
    for (const [body, field] of cases) {
      const res = await patchMe(s, dan, body);
      expectError(res, 400, 'validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
    expectError(await request(s.app.app).patch('/api/auth/me').send({ displayName: 'x' }), 401, 'unauthenticated');
  });

  it('limits the confirmation mails an account can cause (429), not saving the same address', async () => {
    const s = site();
    const hank = await s.h.register('mail_hank');
    const limited = s.mailApp({ RATE_LIMITS: 'on' });
    const change = (email: string) =>
      request(limited.app).patch('/api/auth/me').set(bearer(hank.token)).send({ email });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await change(`hank${i}@mail.example`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await change('hank4@mail.example')).status).toBe(200);
  });

  it('the export holds the address; deleting the account forgets it', async () => {
    const s = site();
    const gil = await s.h.register('mail_gil');
    const email = await confirmedAddress(s, gil);
    const exported = await request(s.app.app).get('/api/auth/me/export').set(bearer(gil.token));
    expect(exported.body.user).toMatchObject({ email, emailConfirmed: true, emailNotifications: 'replies' });
    const gone = await request(s.app.app).delete('/api/auth/me').set(bearer(gil.token)).send({ password: PASSWORD });
    expect(gone.status).toBe(204);
    const stored = await s.h.store.db.collection('users').findOne({ _id: new ObjectId(gil.user.id) });
    expect(stored).toMatchObject({ email: null, emailConfirmed: false, emailNotifications: 'off' });
  });

  it('without SMTP_URL: the name still changes, mail fields are refused', async () => {
    const s = site();
    const eve = await s.h.register('mail_eve');
    const named = await request(s.h.http).patch('/api/auth/me').set(bearer(eve.token)).send({ displayName: 'Eve' });
    expect(named.body.user).toMatchObject({ displayName: 'Eve', email: null, emailNotifications: 'off' });
    const res = await request(s.h.http).patch('/api/auth/me').set(bearer(eve.token)).send({ email: 'e@mail.example' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.fields).toEqual({ email: 'mail is not set up on this server' });
    expect((await request(s.h.http).get('/api/site')).body.mail).toBe(false);
    expect((await request(s.app.app).get('/api/site')).body.mail).toBe(true);
  });
});

describe('reply mails and the one-click unsubscribe', () => {
  it('mails a reply to the parent’s author, with a link to the reply, and one-click unsubscribe works', async () => {
    const s = site();
    const [fay, gus] = [await s.h.register('mail_fay', 'Fay'), await s.h.register('mail_gus', 'Gus')];
    const email = await confirmedAddress(s, fay);
    const article = await s.h.newArticle('Reply mail article');
    const parent = await s.h.comment(fay.token, article.id, 'What do you think?');
    const post = (who: Registered, body: string) =>
      request(s.app.app)
        .post(`/api/articles/${article.id}/comments`)
        .set(bearer(who.token))
        .send({ body, parentId: parent });
    expect((await post(fay, 'Answering myself')).status).toBe(201);
    const reply = await post(gus, 'I think **so**.');
    expect(reply.status).toBe(201);

    const mail = await s.smtp.waitFor((m) => recipients(m).includes(email) && /replied/.test(m.subject ?? ''));
    expect(mail.subject).toBe('Gus replied to your comment on "Reply mail article"');
    expect(mail.text).toContain('I think so.');
    expect(linkIn(mail, '/articles/')).toBe(`${PUBLIC_URL}/articles/${article.slug}?around=${reply.body.comment.id}`);
    expect(await s.h.store.db.collection('mails').countDocuments({ to: email, kind: 'reply' })).toBe(1);

    // RFC 8058: the header's URL takes a POST of `List-Unsubscribe=One-Click`, with no session.
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const header = rawHeader(mail, 'List-Unsubscribe');
    expect(header).toBe(`<${linkIn(mail, '/api/mail/unsubscribe')}>`);
    const oneClick = await request(s.app.app)
      .post(pathOf(header!.slice(1, -1)))
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    const me = await request(s.app.app).get('/api/auth/me').set(bearer(fay.token));
    expect(me.body.user.emailNotifications).toBe('off');
  });

  it('mails no reply to an unconfirmed address, nor to one with reply mails off', async () => {
    const s = site();
    const names = ['mail_ivy', 'mail_jon', 'mail_kit', 'mail_lou'];
    const [ivy, jon, kit, lou] = await Promise.all(names.map((n) => s.h.register(n)));
    await patchMe(s, ivy!, { email: 'ivy@mail.example', emailNotifications: 'replies' });
    await confirmedAddress(s, jon!, 'off');
    const kitEmail = await confirmedAddress(s, kit!);
    const article = await s.h.newArticle();
    for (const parentAuthor of [ivy!, jon!, kit!]) {
      const parentId = await s.h.comment(parentAuthor.token, article.id, 'A thought');
      const reply = { body: `A reply to ${parentAuthor.user.username}`, parentId };
      await request(s.app.app).post(`/api/articles/${article.id}/comments`).set(bearer(lou!.token)).send(reply);
    }
    // Kit's mail was queued last: had the others been mailed, theirs would be in the queue by now.
    await s.smtp.waitFor((m) => recipients(m).includes(kitEmail) && /replied/.test(m.subject ?? ''));
    const replies = await s.h.store.db.collection('mails').find({ kind: 'reply' }).toArray();
    expect(replies.map((m) => m.to)).not.toContain('ivy@mail.example');
    expect(replies.map((m) => m.to)).not.toContain('mail_jon@mail.example');
  });

  it('the link in the body unsubscribes with one click too; a forged token does nothing', async () => {
    const s = site();
    const [hal, ida] = [await s.h.register('mail_hal'), await s.h.register('mail_ida')];
    const email = await confirmedAddress(s, hal);
    const confirmation = s.smtp.received.find((m) => recipients(m).includes(email))!;
    const link = pathOf(linkIn(confirmation, '/api/mail/unsubscribe'));
    expectError(await request(s.app.app).post(`${link}0`), 404, 'not_found');
    const forged = link.replace(/token=[^.]+/, `token=${Buffer.from(ida.user.id).toString('base64url')}`);
    expectError(await request(s.app.app).post(forged), 404, 'not_found');

    const res = await request(s.app.app).get(link);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account?mail=unsubscribed');
    const me = await request(s.app.app).get('/api/auth/me').set(bearer(hal.token));
    expect(me.body.user.emailNotifications).toBe('off');
  });
});
