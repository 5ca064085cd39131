// "Forgot password?": asks for a reset link by mail. The answer is the same whatever the name, so the
// form cannot be used to find out who has an account.
import { useState } from 'preact/hooks';
import { api } from '../lib/api';
import { useAction } from '../account/use-action';
import { FormOutcome } from './form-outcome';

export function ForgotPassword({ idPrefix }: { idPrefix: string }) {
  const [username, setUsername] = useState('');
  const { busy, error, notice, submit } = useAction(async () => {
    await api('POST', '/api/auth/password-reset', { username: username.trim() });
    return 'If that account has a confirmed email address, a link to reset its password is on its way.';
  });
  return (
    <form onSubmit={submit} class="auth-form">
      <label for={`${idPrefix}-forgot-username`}>Username</label>
      <input
        id={`${idPrefix}-forgot-username`}
        autoComplete="username"
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
        required
        maxLength={64}
      />
      <button type="submit" disabled={busy}>
        Mail me a reset link
      </button>
      <FormOutcome error={error} notice={notice} />
    </form>
  );
}
