// /reset-password#token=…: the link of a password-reset mail. The token is in the fragment, which
// never reaches a server log or a Referer; it is taken out of the address bar at once.
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../account/use-action';
import { FormOutcome } from '../ui/form-outcome';
import { api } from '../lib/api';
import { setTitle } from '../lib/site';
import { AuthPanel } from '../ui/auth-panel';
import { NewPasswordInput } from '../ui/new-password-input';

export function ResetPasswordPage() {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  useEffect(() => {
    setTitle('Choose a new password');
    history.replaceState(null, '', '/reset-password');
  }, []);
  const { busy, error, notice, submit } = useAction(async () => {
    await api('POST', '/api/auth/password-reset/confirm', { token, password });
    setDone(true);
    return 'Your password is set, and every session of the account is signed out. Sign in with it now.';
  });
  return (
    <section class="account-page" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {!token ? (
        <p>
          This page needs the link from the mail (or the one an admin gave you). Ask for a new one from “Forgot
          password?” when signing in.
        </p>
      ) : done ? (
        <>
          <FormOutcome error={error} notice={notice} />
          <AuthPanel idPrefix="reset-auth" />
        </>
      ) : (
        <form class="auth-form" onSubmit={submit}>
          <label for="reset-password">New password</label>
          <NewPasswordInput id="reset-password" value={password} onInput={setPassword} />
          <button type="submit" disabled={busy}>
            Set password
          </button>
          <FormOutcome error={error} notice={notice} />
        </form>
      )}
    </section>
  );
}
