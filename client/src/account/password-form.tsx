// A new password (POST /api/auth/password): the server ends the account's other sessions.
import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { NewPasswordInput } from '../ui/new-password-input';
import { useAction } from './use-action';
import { FormOutcome } from '../ui/form-outcome';

export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, error, notice, submit } = useAction(async () => {
    await api('POST', '/api/auth/password', { current, next });
    setCurrent('');
    setNext('');
    return 'Password changed. Your other sessions are signed out.';
  });
  return (
    <form class="auth-form" onSubmit={submit} aria-labelledby="account-password">
      <h2 id="account-password">Password</h2>
      <label for="account-current">Current password</label>
      <input
        id="account-current"
        type="password"
        autoComplete="current-password"
        value={current}
        onInput={(e) => setCurrent(e.currentTarget.value)}
        required
      />
      <label for="account-next">New password</label>
      <NewPasswordInput id="account-next" value={next} onInput={setNext} />
      <button type="submit" disabled={busy}>
        Change password
      </button>
      <FormOutcome error={error} notice={notice} />
    </form>
  );
}
