/**
 * The mail tests' scene: the API harness (an app without mail) and, on the same store, an app with
 * SMTP_URL pointing at a real SMTP server in this process, its worker polling fast. Everything is
 * stopped after the file.
 */
import type { App, AppDeps } from '../../server/app';
import { useApiHarness, type Harness } from '../api/harness';
import request from 'supertest';
import { bearer, type Registered } from '../api/harness';
import { linkIn, recipients, startSmtp, type TestSmtp } from '../helpers/smtp';

export const PUBLIC_URL = 'https://talk.example';
/** Fast polling and retries, so that a retry after an outage comes within the test's time. */
export const FAST_MAIL = { pollMs: 20, retryBaseMs: 50 };

export interface MailSite {
  h: Harness;
  smtp: TestSmtp;
  /** The app with mail, its worker started. */
  app: App;
  /** Another app with mail on the same store and SMTP server (its worker not started). */
  mailApp(env?: Record<string, string>, deps?: Partial<AppDeps>): App;
}

export function mailEnv(smtpUrl: string): Record<string, string> {
  return { SMTP_URL: smtpUrl, MAIL_FROM: 'Talk <talk@example.com>', PUBLIC_URL };
}

export function useMailSite(): () => MailSite {
  const h = useApiHarness();
  let site: MailSite | undefined;
  const started: App[] = [];
  beforeAll(async () => {
    const smtp = await startSmtp();
    const mailApp = (env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) => {
      const app = h().secondApp({ ...mailEnv(smtp.url), ...env }, { mailTiming: FAST_MAIL, ...deps });
      started.push(app);
      return app;
    };
    const app = mailApp();
    app.mailWorker!.start();
    site = { h: h(), smtp, app, mailApp };
  });
  afterAll(async () => {
    await Promise.all(started.map((app) => app.mailWorker?.stop()));
    await site?.smtp.close();
  });
  return () => {
    if (!site) throw new Error('the mail site did not start');
    return site;
  };
}

/** The path and query of a link in a mail (the app under test stands for PUBLIC_URL). */
export const pathOf = (link: string) => link.slice(PUBLIC_URL.length);

export const patchMe = (s: MailSite, who: Registered, body: Record<string, unknown>) =>
  request(s.app.app).patch('/api/auth/me').set(bearer(who.token)).send(body);

/** Gives `who` a confirmed address through the confirmation mail and link; answers the address. */
export async function confirmedAddress(s: MailSite, who: Registered, notifications: 'off' | 'replies' = 'replies') {
  const email = `${who.user.username}@mail.example`;
  expect((await patchMe(s, who, { email, emailNotifications: notifications })).status).toBe(200);
  const mail = await s.smtp.waitFor((m) => recipients(m).includes(email) && m.subject === 'Confirm your email address');
  const confirm = await request(s.app.app).get(pathOf(linkIn(mail, '/api/auth/email/confirm')));
  expect(confirm.status).toBe(303);
  expect(confirm.headers.location).toBe('/account?email=confirmed');
  return email;
}
