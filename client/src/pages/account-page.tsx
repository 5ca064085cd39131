// /account: the signed-in reader's own settings. The links in mail (confirmation, unsubscribe) land
// here with a word in the query, shown as a notice whether or not the reader is signed in.
import { useEffect, useState } from 'preact/hooks';
import type { OwnUser } from '../../../shared/types';
import { DataSection } from '../account/delete-form';
import { PasswordForm } from '../account/password-form';
import { ProfileForm } from '../account/profile-form';
import { api, describeError } from '../lib/api';
import { location } from '../lib/router';
import { session } from '../lib/session';
import { setTitle, useMailEnabled } from '../lib/site';
import { useStore } from '../lib/store';
import { AuthPanel } from '../ui/auth-panel';

const NOTICES: Record<string, string> = {
  'email=confirmed': 'Your email address is confirmed.',
  'email=invalid-link': 'That confirmation link is not valid any more; save your address again for a new one.',
  'mail=unsubscribed': 'You will get no more reply mails. You can turn them on again here.',
  'mail=invalid-link': 'That unsubscribe link is not valid.',
};

export function AccountPage() {
  const { user, ready } = useStore(session);
  const { search } = useStore(location);
  const mail = useMailEnabled();
  const [me, setMe] = useState<OwnUser | null>(null);
  const [error, setError] = useState('');
  const notice = [...search.entries()].map(([k, v]) => NOTICES[`${k}=${v}`]).find(Boolean);
  useEffect(() => setTitle('Your account'), []);
  useEffect(() => {
    setMe(null);
    if (!user) return;
    api<{ user: OwnUser }>('GET', '/api/auth/me').then(
      (res) => setMe(res.user),
      (err: unknown) => setError(describeError(err)),
    );
  }, [user?.id]);

  return (
    <section class="account-page" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!ready ? null : !user ? (
        <AuthPanel idPrefix="account-auth" intro="Sign in to see your account." />
      ) : me ? (
        <>
          <ProfileForm key={me.id} me={me} mail={mail} onSaved={setMe} />
          <PasswordForm />
          <DataSection />
        </>
      ) : null}
    </section>
  );
}
